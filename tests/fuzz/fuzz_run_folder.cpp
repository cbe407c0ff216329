// Fuzz target: the readers of a run folder's files (io/run_reader.h), which
// the GUI's run history and its "Import run folder" use on outside input.
// The first byte picks the file kind; every input must either parse or be
// refused with RunFolderError (ConfigError for JSON syntax), and what
// parses must be consistent (epochs and steps strictly increasing).

#include "io/config_json.h"
#include "io/run_reader.h"
#include "train/trainer.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void parse(char kind, std::string_view text)
{
    switch (kind % 5) {
    case 0: {
        int layers = -1;
        const auto h = hs::readHistoryCsv(text, "history.csv", &layers);
        check(layers >= 0);
        for (std::size_t i = 0; i < h.size(); ++i) {
            check(h[i].layers.size() == static_cast<std::size_t>(layers));
            check(i == 0 || h[i].epoch > h[i - 1].epoch);
        }
        break;
    }
    case 1: {
        const auto s = hs::readStepsCsv(text, "steps.csv");
        for (std::size_t i = 1; i < s.size(); ++i)
            check(s[i].step > s[i - 1].step);
        break;
    }
    case 2:
    case 3: {
        const auto curves = kind % 5 == 2 ? hs::readCurveCsv(text, "roc.csv", "fpr", "tpr")
                                          : hs::readCurveCsv(text, "pr.csv", "recall", "precision");
        for (const auto& c : curves)
            check(c.x.size() == c.y.size() && !c.x.empty());
        break;
    }
    default:
        hs::summaryFromMetrics(hs::parseJson(text, "metrics.json"), "metrics.json");
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        parse(static_cast<char>(data[0]), text);
    } catch (const hs::RunFolderError& e) {
        check(e.what()[0] != '\0');
    } catch (const hs::ConfigError& e) {
        check(!e.problems().empty());
    }
    return 0;
}
