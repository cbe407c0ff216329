#pragma once
// Loads a data set from a CSV file: a header row, numeric feature columns and
// one label column (class names or a numeric regression target).

#include "core/types.h"
#include "data/dataset.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hs {

struct CsvOptions {
    std::string path;          ///< file to read (loadCsv only)
    /// The label column: its header name, or its 0-based index written as
    /// digits (a header name that matches wins), or empty for the last column.
    std::string labelColumn;
    Task task = Task::Classification;
    /// ',', ';' or '\t'; 0 = detect from the header line (most frequent of the three).
    char separator = 0;
    /// Drop rows with a missing value (an empty cell, NA, N/A, ?, NaN, or
    /// fewer fields than the header) and count them, instead of failing.
    bool skipIncompleteRows = false;
    /// Optional class names in index order (e.g. {"benign", "malignant"} makes
    /// malignant class 1); a label not listed is an error. Empty: classes in
    /// order of first appearance, or sorted by value when all names are numbers.
    std::vector<std::string> classOrder;
};

struct CsvLoad {
    Dataset data;
    std::size_t skippedRows = 0;   ///< rows dropped by skipIncompleteRows
};

/// Largest number of distinct class labels a CSV may have.
inline constexpr int kMaxCsvClasses = 1000;

/// Reads and parses options.path (the whole file in one go); see parseCsv().
/// Throws DataError if the file cannot be read or is malformed, and
/// std::invalid_argument for bad options (empty path, bad separator).
CsvLoad loadCsv(const CsvOptions& options);

/// Parses CSV `text` (UTF-8 with or without BOM; LF or CRLF; RFC 4180 quotes
/// with "" escapes; blank lines ignored). The header row names the columns
/// (non-empty, unique). Every other column must hold finite numbers (parsed
/// as 32-bit floats; with ';' as separator a decimal comma is accepted).
/// Classification labels are any text (trimmed), at least 2 and at most
/// kMaxCsvClasses distinct; regression targets are numbers (1 output).
/// Throws DataError naming `sourceName`, the line and the column (1-based)
/// and what was expected, for: an empty file, a header only, a missing label
/// column, empty or duplicate column names, a row with the wrong number of
/// fields, a non-numeric, empty, NaN or infinite cell, an unknown class (with
/// classOrder), or a single class. Never drops a row unless skipIncompleteRows.
CsvLoad parseCsv(std::string_view text, const CsvOptions& options, std::string_view sourceName);

} // namespace hs
