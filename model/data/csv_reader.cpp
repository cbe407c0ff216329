#include "data/csv_reader.h"

#include "data/csv_scanner.h"
#include "data/data_error.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

namespace hs {
namespace {

enum class Cell { Ok, Empty, Missing, NaN, Infinite, NotANumber, OutOfRange };

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);
           });
}

Cell parseFloatExact(std::string_view s, float& out)
{
    const char* first = s.data();
    const char* last = first + s.size();
    if (first != last && *first == '+') {
        ++first;
        if (first != last && (*first == '-' || *first == '+'))   // "+-1" is not a number
            return Cell::NotANumber;
    }
    auto [ptr, ec] = std::from_chars(first, last, out);
    if (ec == std::errc::result_out_of_range) {
        // from_chars reports underflow too; a tiny value is simply 0.
        double wide = 0;
        const auto r = std::from_chars(first, last, wide);
        if (r.ec == std::errc() && r.ptr == last && std::abs(wide) < 1.0) {
            out = static_cast<float>(wide);
            return Cell::Ok;
        }
        return Cell::OutOfRange;
    }
    if (ec != std::errc() || ptr != last)
        return Cell::NotANumber;
    if (std::isnan(out))
        return Cell::NaN;
    if (std::isinf(out))
        return Cell::Infinite;
    return Cell::Ok;
}

Cell parseNumber(std::string_view s, char separator, float& out)
{
    if (s.empty())
        return Cell::Empty;
    if (equalsIgnoreCase(s, "NA") || equalsIgnoreCase(s, "N/A") || s == "?")
        return Cell::Missing;
    Cell cell = parseFloatExact(s, out);
    // Semicolon-separated files usually come from locales with a decimal comma.
    if (cell == Cell::NotANumber && separator == ';' && s.size() < 64
        && std::count(s.begin(), s.end(), ',') == 1 && s.find('.') == std::string_view::npos) {
        char buf[64];
        std::memcpy(buf, s.data(), s.size());
        *std::find(buf, buf + s.size(), ',') = '.';
        cell = parseFloatExact({buf, s.size()}, out);
    }
    return cell;
}

// A cell or name as it appears in a message: cut short, and with control
// bytes (NUL, line breaks, binary garbage) written as \xNN so that the
// message stays one printable line.
std::string quoteText(std::string_view s, std::size_t limit = 40)
{
    std::string q = "\"";
    for (const char c : s.substr(0, limit)) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
            q += escaped;
        } else {
            q += c;
        }
    }
    if (s.size() > limit)
        q += "...";
    return q + "\"";
}

class Parser {
public:
    Parser(std::string_view text, const CsvOptions& options, std::string_view source)
        : opt_(options), source_(source), text_(CsvScanner::stripBom(text)),
          sep_(options.separator ? options.separator : CsvScanner::detectSeparator(text_)),
          scanner_(text_, sep_)
    {
    }

    CsvLoad run();

private:
    [[noreturn]] void fail(std::size_t line, std::size_t column, const std::string& what) const
    {
        std::string where = dataLocation(source_, line, column);
        if (column > 0 && column <= header_.size())
            where += " (" + quoteText(header_[column - 1]) + ")";
        throw DataError(where + ": " + what, line, column);
    }
    void readHeader();
    std::size_t findLabelColumn() const;
    bool readRow();   // false when the row was skipped as incomplete
    [[noreturn]] void failCell(Cell cell, std::size_t column, std::string_view text) const;
    int classIndex(std::string_view name, std::size_t column);
    void orderClasses(Dataset& d);

    const CsvOptions& opt_;
    std::string_view source_;
    std::string_view text_;
    char sep_;
    CsvScanner scanner_;
    std::vector<CsvField> fields_;
    std::vector<std::string> header_;
    std::size_t labelColumn_ = 0;
    std::vector<float> values_;   // samples' features back to back = column-major x
    std::vector<float> targets_;
    std::vector<int> labels_;
    std::deque<std::string> classNames_;   // deque: the map's views stay valid
    std::unordered_map<std::string_view, int> classIds_;
};

void Parser::readHeader()
{
    if (text_.find_first_not_of(" \t\r\n") == std::string_view::npos)
        throw DataError(std::string(source_) + ": the file is empty: expected a header row with column names");
    scanner_.next(fields_, source_);
    const std::size_t line = scanner_.recordLine();
    std::unordered_map<std::string_view, std::size_t> seen;
    for (const CsvField& f : fields_)
        header_.emplace_back(f.text);
    for (std::size_t c = 0; c < header_.size(); ++c) {
        if (header_[c].empty())
            fail(line, c + 1, "empty column name: every column in the header row needs a name");
        const auto [it, inserted] = seen.emplace(header_[c], c + 1);
        if (!inserted)
            fail(line, c + 1, "duplicate column name " + quoteText(header_[c]) + " (also column "
                                  + std::to_string(it->second) + "): column names must be unique");
    }
    if (header_.size() < 2)
        fail(line, 0, "the header has 1 column: expected at least 2 (features and a label), separated by "
                          + std::string(sep_ == '\t' ? "tabs" : std::string("'") + sep_ + "'"));
    labelColumn_ = findLabelColumn();
}

std::size_t Parser::findLabelColumn() const
{
    const std::string& want = opt_.labelColumn;
    if (want.empty())
        return header_.size() - 1;
    if (const auto it = std::find(header_.begin(), header_.end(), want); it != header_.end())
        return static_cast<std::size_t>(it - header_.begin());
    std::string names;
    for (std::size_t c = 0; c < header_.size() && c < 12; ++c)
        names += (c ? ", " : "") + quoteText(header_[c]);
    if (header_.size() > 12)
        names += ", ...";
    std::size_t index = 0;
    const auto [ptr, ec] = std::from_chars(want.data(), want.data() + want.size(), index);
    if (ec == std::errc() && ptr == want.data() + want.size()) {
        if (index < header_.size())
            return index;
        fail(scanner_.recordLine(), 0, "missing label column: index " + want + " is out of range: expected 0 to "
                                           + std::to_string(header_.size() - 1));
    }
    fail(scanner_.recordLine(), 0, "missing label column " + quoteText(want) + ": expected one of " + names);
}

void Parser::failCell(Cell cell, std::size_t column, std::string_view text) const
{
    const std::size_t line = scanner_.recordLine();
    const char* hint = " (or let incomplete rows be skipped)";
    switch (cell) {
    case Cell::Empty: fail(line, column, std::string("empty cell: expected a number") + hint);
    case Cell::Missing:
    case Cell::NaN: fail(line, column, "missing value " + quoteText(text) + ": expected a finite number" + hint);
    case Cell::Infinite: fail(line, column, "infinite value " + quoteText(text) + ": expected a finite number");
    case Cell::OutOfRange:
        fail(line, column, quoteText(text) + " is out of range: expected a number of magnitude below 3.4e38 (32-bit float)");
    default: fail(line, column, "expected a number, found " + quoteText(text));
    }
}

int Parser::classIndex(std::string_view name, std::size_t column)
{
    if (const auto it = classIds_.find(name); it != classIds_.end())
        return it->second;
    if (!opt_.classOrder.empty())
        fail(scanner_.recordLine(), column, "unknown class " + quoteText(name) + ": expected one of the "
                                                + std::to_string(opt_.classOrder.size()) + " given class names");
    if (static_cast<int>(classNames_.size()) == kMaxCsvClasses)
        fail(scanner_.recordLine(), column, "more than " + std::to_string(kMaxCsvClasses)
                                                + " distinct labels: expected class names (is this a regression target?)");
    const int id = static_cast<int>(classNames_.size());
    classNames_.emplace_back(name);
    classIds_.emplace(classNames_.back(), id);
    return id;
}

bool Parser::readRow()
{
    const std::size_t columns = header_.size();
    if (fields_.size() != columns) {
        if (fields_.size() < columns && opt_.skipIncompleteRows)
            return false;
        // Column: the first missing field, or the first one too many.
        fail(scanner_.recordLine(), std::min(fields_.size(), columns) + 1,
             "expected " + std::to_string(columns) + " fields as in the header, found " + std::to_string(fields_.size()));
    }
    const std::size_t base = values_.size();
    values_.resize(base + columns - 1);
    float* out = values_.data() + base;
    for (std::size_t c = 0; c < columns; ++c) {
        if (c == labelColumn_)
            continue;
        const Cell cell = parseNumber(fields_[c].text, sep_, *out++);
        if (cell == Cell::Ok)
            continue;
        if (opt_.skipIncompleteRows && (cell == Cell::Empty || cell == Cell::Missing || cell == Cell::NaN)) {
            values_.resize(base);
            return false;
        }
        failCell(cell, c + 1, fields_[c].text);
    }
    const std::string_view label = fields_[labelColumn_].text;
    if (opt_.task == Task::Regression) {
        float y = 0;
        const Cell cell = parseNumber(label, sep_, y);
        if (cell != Cell::Ok) {
            if (opt_.skipIncompleteRows && (cell == Cell::Empty || cell == Cell::Missing || cell == Cell::NaN)) {
                values_.resize(base);
                return false;
            }
            failCell(cell, labelColumn_ + 1, label);
        }
        targets_.push_back(y);
    } else {
        if (label.empty()) {
            if (opt_.skipIncompleteRows) {
                values_.resize(base);
                return false;
            }
            fail(scanner_.recordLine(), labelColumn_ + 1, "empty label: expected a class name");
        }
        labels_.push_back(classIndex(label, labelColumn_ + 1));
    }
    return true;
}

void Parser::orderClasses(Dataset& d)
{
    const std::size_t k = classNames_.size();
    std::vector<int> order(k);   // order[new] = old
    std::iota(order.begin(), order.end(), 0);
    std::vector<double> numeric(k);
    const bool allNumeric = opt_.classOrder.empty() && std::all_of(order.begin(), order.end(), [&](int i) {
        float v = 0;
        const bool ok = parseFloatExact(classNames_[static_cast<std::size_t>(i)], v) == Cell::Ok;
        numeric[static_cast<std::size_t>(i)] = v;
        return ok;
    });
    if (allNumeric)
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            return numeric[static_cast<std::size_t>(a)] < numeric[static_cast<std::size_t>(b)];
        });
    std::vector<int> remap(k);
    for (std::size_t i = 0; i < k; ++i) {
        remap[static_cast<std::size_t>(order[i])] = static_cast<int>(i);
        d.classNames.push_back(classNames_[static_cast<std::size_t>(order[i])]);
    }
    d.classes = static_cast<int>(k);
    d.labels.resize(static_cast<Eigen::Index>(labels_.size()));
    for (std::size_t j = 0; j < labels_.size(); ++j)
        d.labels[static_cast<Eigen::Index>(j)] = remap[static_cast<std::size_t>(labels_[j])];
}

CsvLoad Parser::run()
{
    if (sep_ == '"' || sep_ == '\n' || sep_ == '\r' || sep_ == ' ')
        throw std::invalid_argument(std::string("data.separator = '") + sep_
                                    + "' is out of range: must be ',', ';' or a tab");
    readHeader();
    for (std::size_t i = 0; i < opt_.classOrder.size(); ++i) {
        classNames_.push_back(opt_.classOrder[i]);
        if (!classIds_.emplace(classNames_.back(), static_cast<int>(i)).second)
            throw std::invalid_argument("data.class_order: class " + quoteText(opt_.classOrder[i])
                                        + " is listed twice: names must be unique");
    }
    const std::size_t features = header_.size() - 1;
    const std::size_t lineEstimate = static_cast<std::size_t>(std::count(text_.begin(), text_.end(), '\n')) + 1;
    // Every value takes at least two bytes (a digit and a separator), which
    // bounds the estimate: a wide header over many short lines must not
    // reserve lines × columns.
    const std::size_t bound = text_.size() / 2 + 1;
    values_.reserve(lineEstimate > bound / features ? bound : lineEstimate * features);

    CsvLoad load;
    while (scanner_.next(fields_, source_))
        if (!readRow())
            ++load.skippedRows;

    const std::size_t rows = opt_.task == Task::Regression ? targets_.size() : labels_.size();
    if (rows == 0) {
        if (load.skippedRows > 0)
            throw DataError(std::string(source_) + ": all " + std::to_string(load.skippedRows)
                            + " data rows are incomplete: expected at least one complete row");
        throw DataError(std::string(source_) + ": the file has a header row only: expected data rows after it");
    }

    Dataset& d = load.data;
    d.task = opt_.task;
    const auto n = static_cast<Eigen::Index>(rows);
    d.x = Eigen::Map<const Matrix>(values_.data(), static_cast<Eigen::Index>(features), n);
    for (std::size_t c = 0; c < header_.size(); ++c)
        if (c != labelColumn_)
            d.featureNames.push_back(header_[c]);
    if (opt_.task == Task::Regression) {
        d.targets = Eigen::Map<const Matrix>(targets_.data(), 1, n);
        return load;
    }
    std::vector<bool> present(classNames_.size(), false);
    for (const int id : labels_)
        present[static_cast<std::size_t>(id)] = true;
    if (std::count(present.begin(), present.end(), true) < 2) {
        const std::string& only = classNames_[static_cast<std::size_t>(labels_[0])];
        // A number as the only "class" (1e400 and nan included) is most
        // likely a regression target read with the classification task.
        float ignored = 0;
        const bool numeric = parseFloatExact(only, ignored) != Cell::NotANumber;
        throw DataError(std::string(source_) + ": the label column " + quoteText(header_[labelColumn_])
                        + " has a single class " + quoteText(only) + ": classification needs at least 2 classes"
                        + (numeric ? "; if the column is a number to predict, set model.task = \"regression\"" : ""));
    }
    orderClasses(d);
    return load;
}

} // namespace

CsvLoad parseCsv(std::string_view text, const CsvOptions& options, std::string_view sourceName)
{
    return Parser(text, options, sourceName).run();
}

CsvLoad loadCsv(const CsvOptions& options)
{
    if (options.path.empty())
        throw std::invalid_argument("data.path is empty: must name a CSV file");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(options.path, ec))
        throw DataError(options.path + ": cannot read the file: "
                        + (std::filesystem::exists(options.path, ec) ? "not a regular file" : "no such file"));
    std::ifstream in(options.path, std::ios::binary);
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    std::string text(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
    if (!in || !in.read(text.data(), static_cast<std::streamsize>(text.size())))
        throw DataError(options.path + ": cannot read the file: " + std::strerror(errno));
    return parseCsv(text, options, options.path);
}

} // namespace hs
