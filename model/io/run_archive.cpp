#include "io/run_archive.h"

#include "core/range_check.h"
#include "io/atomic_file.h"
#include "io/run_writer.h"

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
    const fs::path target = freeName(root, name);
    const fs::path partial = root / (std::string(kPartialPrefix) + target.filename().string());
    fs::remove_all(partial, ec);
    try {
        writeRunFolder(partial, trainer);
        writeFileAtomically(partial / "steps.csv", stepsCsv(trainer.stepHistory().points()));
        if (!initialWeightsJson.empty())
            writeFileAtomically(partial / "initial_weights.json", initialWeightsJson);
        fs::rename(partial, target, ec);
        if (ec)
            throw FileError("cannot rename " + partial.string() + " to " + target.string() + ": " + ec.message());
    } catch (...) {
        fs::remove_all(partial, ec);
        throw;
    }
    return target;
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
