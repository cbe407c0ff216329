// Fuzz target: the scores CSV of `hyperscope-cli evaluate` (hs::readScores),
// then everything evaluate writes from it (metrics.json, roc.csv, pr.csv), so
// the metrics and curves see arbitrary labels and scores too. Malformed
// input must end in std::invalid_argument.

#include "io/run_writer.h"
#include "io/scores_file.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    hs::Evaluation e;
    try {
        e = hs::readScores(text, "fuzz.csv", 0.5);
    } catch (const std::invalid_argument& error) {
        check(error.what()[0] != '\0');
        return 0;
    }
    check(e.labels.size() > 0);
    check(e.probabilities.cols() == e.labels.size());
    check(e.probabilities.rows() >= 2);
    const std::string metrics = hs::metricsJson(e, {}, nullptr).dump();
    check(!metrics.empty());
    check(hs::rocCsv(e, {}).starts_with("class,threshold,fpr,tpr\n"));
    check(hs::prCsv(e, {}).starts_with("class,threshold,precision,recall\n"));
    return 0;
}
