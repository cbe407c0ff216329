#include "train/run_control.h"

namespace hs {

void RunControl::requestStop()
{
    {
        std::lock_guard lock(mutex_);
        stop_.store(true, std::memory_order_release);
    }
    wake_.notify_all();
}

void RunControl::setPaused(bool paused)
{
    {
        std::lock_guard lock(mutex_);
        paused_.store(paused, std::memory_order_release);
    }
    wake_.notify_all();
}

void RunControl::waitWhilePaused()
{
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return !paused_.load(std::memory_order_acquire) || stop_.load(std::memory_order_acquire); });
}

void RunControl::reset()
{
    std::lock_guard lock(mutex_);
    stop_.store(false, std::memory_order_release);
    paused_.store(false, std::memory_order_release);
}

} // namespace hs
