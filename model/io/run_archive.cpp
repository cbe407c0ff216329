#include "io/run_archive.h"

#include "core/range_check.h"
#include "io/atomic_file.h"
#include "io/run_writer.h"

#include <atomic>
#include <functional>
#include <thread>

namespace hs {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPartialPrefix = ".partial-";

fs::path freeName(const fs::path& root, const std::string& name)
{
    std::error_code ec;
    fs::path target = root / name;
    for (int i = 2; fs::exists(target, ec); ++i)
        target = root / (name + "-" + std::to_string(i));
    return target;
}

} // namespace

std::string stepsCsv(const std::vector<StepHistory::Point>& points)
{
    std::string out = "step,loss,lr\n";
    out.reserve(points.size() * 32);
    for (const auto& p : points)
        out += std::to_string(p.step) + "," + formatNumber(p.loss) + "," + formatNumber(p.lr) + "\n";
    return out;
}

fs::path archiveRun(const fs::path& root, const std::string& name, const Trainer& trainer,
                    std::string_view initialWeightsJson)
{
    std::error_code ec;
    fs::create_directories(root, ec);
    if (ec)
        throw FileError("cannot create folder " + root.string() + ": " + ec.message());
    // Several trainers may archive into one root at once (lockstep runs,
    // two windows): each writes its own partial folder, and the rename
    // below takes the next free name if another run got there first.
    static std::atomic<unsigned> counter{0};
    const std::string unique = std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()) % 1'000'000)
                               + "-" + std::to_string(counter.fetch_add(1));
    const fs::path partial = root / (std::string(kPartialPrefix) + name + "-" + unique);
    fs::remove_all(partial, ec);
    try {
        writeRunFolder(partial, trainer);
        writeFileAtomically(partial / "steps.csv", stepsCsv(trainer.stepHistory().points()));
        if (!initialWeightsJson.empty())
            writeFileAtomically(partial / "initial_weights.json", initialWeightsJson);
        for (int attempt = 0;; ++attempt) {
            const fs::path target = freeName(root, name);
            fs::rename(partial, target, ec);
            if (!ec)
                return target;
            // Taken between the check and the rename: try the next name.
            if (!fs::exists(target) || attempt >= 100)
                throw FileError("cannot rename " + partial.string() + " to " + target.string() + ": " + ec.message());
        }
    } catch (...) {
        fs::remove_all(partial, ec);
        throw;
    }
}

void removePartialFolders(const fs::path& root)
{
    std::error_code ec;
    for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string().rfind(kPartialPrefix, 0) == 0) {
            std::error_code ignored;
            fs::remove_all(it->path(), ignored);
        }
}

} // namespace hs
