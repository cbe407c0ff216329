// Fuzz target: CSV import (hs::parseCsv), the data files people load.
// The last byte of the input picks the options (so every seed is a plain CSV
// file: a trailing newline selects the defaults); the rest is the file.
// Malformed input must end in hs::DataError (or std::invalid_argument for bad
// options); anything else escaping, a crash or a sanitizer report is a bug.

#include "data/csv_reader.h"
#include "data/data_error.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    // '\n' (0x0A) maps to 0: the default options.
    const unsigned flags = data[size - 1] ^ 0x0Au;
    const std::string_view text(reinterpret_cast<const char*>(data), size - 1);

    hs::CsvOptions options;
    options.task = (flags & 1u) ? hs::Task::Regression : hs::Task::Classification;
    options.skipIncompleteRows = (flags & 2u) != 0;
    static constexpr char separators[] = {0, ',', ';', '\t'};
    options.separator = separators[(flags >> 2) & 3u];
    static const char* const labels[] = {"", "0", "label", "1"};
    options.labelColumn = labels[(flags >> 4) & 3u];
    if (flags & 64u)
        options.classOrder = {"x", "y"};

    try {
        const hs::CsvLoad load = hs::parseCsv(text, options, "fuzz.csv");
        const hs::Dataset& d = load.data;
        // What parseCsv promises about a successful load.
        check(d.x.allFinite());
        check(d.x.cols() > 0);
        check(static_cast<std::size_t>(d.x.rows()) == d.featureNames.size());
        if (options.task == hs::Task::Regression) {
            check(d.targets.rows() == 1 && d.targets.cols() == d.x.cols());
            check(d.targets.allFinite());
        } else {
            check(d.labels.size() == d.x.cols());
            check(d.classes >= 2 && d.classes <= hs::kMaxCsvClasses);
            check(static_cast<int>(d.classNames.size()) == d.classes);
            check(d.labels.minCoeff() >= 0 && d.labels.maxCoeff() < d.classes);
        }
    } catch (const hs::DataError& e) {
        check(e.what()[0] != '\0');
    } catch (const std::invalid_argument& e) {
        check(e.what()[0] != '\0');
    }
    return 0;
}
