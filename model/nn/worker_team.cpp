#include "nn/worker_team.h"

#include "nn/network.h"

#include <Eigen/Core>

namespace hs::detail {

WorkerTeamHandle::WorkerTeamHandle() = default;
WorkerTeamHandle::~WorkerTeamHandle() = default;
WorkerTeamHandle::WorkerTeamHandle(const WorkerTeamHandle&) {}
WorkerTeamHandle::WorkerTeamHandle(WorkerTeamHandle&&) noexcept = default;
WorkerTeamHandle& WorkerTeamHandle::operator=(const WorkerTeamHandle&) { return *this; }
WorkerTeamHandle& WorkerTeamHandle::operator=(WorkerTeamHandle&&) noexcept { return *this; }

WorkerTeam* WorkerTeamHandle::get(int threads)
{
    if (threads <= 1)
        return nullptr;
    if (!team_ || team_->size() != threads)
        team_ = std::make_unique<WorkerTeam>(threads);
    return team_.get();
}

} // namespace hs::detail
