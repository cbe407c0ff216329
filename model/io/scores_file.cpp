#include "io/scores_file.h"

#include "io/atomic_file.h"
#include "io/csv_fields.h"

#include <charconv>
#include <cmath>
#include <map>

namespace hs {
namespace {

// Splits one CSV line on commas, honouring double quotes; trims blanks.
std::vector<std::string> fields(std::string_view line)
{
    std::vector<std::string> out = splitCsvFields(line);
    for (auto& f : out) {
        const auto first = f.find_first_not_of(" \t");
        const auto last = f.find_last_not_of(" \t");
        f = first == std::string::npos ? std::string() : f.substr(first, last - first + 1);
    }
    return out;
}

double number(const std::string& cell, const std::string& where)
{
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
    if (cell.empty() || ec != std::errc() || ptr != cell.data() + cell.size())
        throw std::invalid_argument(where + ": expected a number, found \"" + cell + "\"");
    if (!std::isfinite(v))
        throw std::invalid_argument(where + ": the value " + cell + " is not finite");
    return v;
}

} // namespace

Evaluation readScores(std::string_view text, std::string_view source, double threshold)
{
    const std::string src(source);
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    while (!lines.empty() && lines.back().empty())
        lines.pop_back();
    if (lines.empty())
        throw std::invalid_argument(src + ": the file is empty; expected a header with label and score columns");

    const auto header = fields(lines[0]);
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < header.size(); ++i)
        column[header[i]] = i;
    if (!column.count("label"))
        throw std::invalid_argument(src + ":1: no \"label\" column in the header");
    std::vector<std::size_t> scoreColumns;
    if (column.count("score")) {
        scoreColumns.push_back(column["score"]);
    } else {
        for (int k = 0; column.count("score_" + std::to_string(k)); ++k)
            scoreColumns.push_back(column["score_" + std::to_string(k)]);
        if (scoreColumns.size() < 2)
            throw std::invalid_argument(src + ":1: expected a \"score\" column, or \"score_0\" … \"score_{K-1}\" with K ≥ 2");
    }
    const bool binary = scoreColumns.size() == 1;
    const int classes = binary ? 2 : static_cast<int>(scoreColumns.size());
    const std::size_t rows = lines.size() - 1;
    if (rows == 0)
        throw std::invalid_argument(src + ": the file has a header but no rows");

    const auto checkFieldCount = [&](std::size_t r, const std::vector<std::string>& row) {
        if (row.size() != header.size())
            throw std::invalid_argument(src + ":" + std::to_string(r + 2) + ": " + std::to_string(row.size())
                                        + " fields, but the header has " + std::to_string(header.size()));
    };
    // Every row holds at least header.size() - 1 commas. A text too short for
    // that is ragged somewhere: say where before allocating classes × rows
    // (a wide header over many short lines would otherwise ask for gigabytes).
    if ((header.size() - 1) * rows > text.size())
        for (std::size_t r = 0; r < rows; ++r)
            checkFieldCount(r, fields(lines[r + 1]));

    Evaluation e;
    e.task = Task::Classification;
    e.labels.resize(static_cast<Eigen::Index>(rows));
    e.probabilities.resize(classes, static_cast<Eigen::Index>(rows));
    for (std::size_t r = 0; r < rows; ++r) {
        const auto row = fields(lines[r + 1]);
        const std::string at = src + ":" + std::to_string(r + 2);
        checkFieldCount(r, row);
        const std::size_t lc = column["label"];
        const double label = number(row[lc], at + ":" + std::to_string(lc + 1));
        if (label != std::floor(label) || label < 0 || label >= classes)
            throw std::invalid_argument(at + ":" + std::to_string(lc + 1) + ": label " + row[lc]
                                        + " is not a class index in 0 … " + std::to_string(classes - 1));
        e.labels(static_cast<Eigen::Index>(r)) = static_cast<int>(label);
        for (std::size_t k = 0; k < scoreColumns.size(); ++k) {
            const std::size_t c = scoreColumns[k];
            const double s = number(row[c], at + ":" + std::to_string(c + 1));
            if (binary) {
                e.probabilities(1, static_cast<Eigen::Index>(r)) = s;
                e.probabilities(0, static_cast<Eigen::Index>(r)) = 1.0 - s;
            } else {
                e.probabilities(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(r)) = s;
            }
        }
    }
    e.classification = evaluateClassification(e.labels, e.probabilities, threshold);
    return e;
}

Evaluation readScoresFile(const std::filesystem::path& path, double threshold)
{
    // A pipe may be given (<(python predict.py)); /dev/zero must not be read forever.
    return readScores(readFile(path, 1'000'000'000, "a scores file"), path.string(), threshold);
}

} // namespace hs
