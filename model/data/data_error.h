#pragma once
// The error thrown for malformed input data (CSV files and the like): unlike
// std::invalid_argument for bad settings, it points into a file.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hs {

/// Malformed data. what() is one readable line naming the source (file),
/// line and column where they apply, and what was expected there, e.g.
/// `iris.csv, line 12, column 3 ("petal length"): expected a number, found "abc"`.
/// line() and column() are 1-based, 0 when the error is not tied to one.
class DataError : public std::runtime_error {
public:
    explicit DataError(const std::string& message, std::size_t line = 0, std::size_t column = 0)
        : std::runtime_error(message), line_(line), column_(column)
    {
    }

    std::size_t line() const noexcept { return line_; }
    std::size_t column() const noexcept { return column_; }

private:
    std::size_t line_;
    std::size_t column_;
};

/// "<source>, line <line>, column <column>" (parts that are 0 left out): the
/// prefix of DataError messages.
inline std::string dataLocation(std::string_view source, std::size_t line = 0, std::size_t column = 0)
{
    std::string s(source);
    if (line > 0)
        s += ", line " + std::to_string(line);
    if (column > 0)
        s += ", column " + std::to_string(column);
    return s;
}

} // namespace hs
