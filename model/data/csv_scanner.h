#pragma once
// An RFC 4180 tokenizer over text held in memory: splits records into fields
// without allocating per cell. Quoted fields may hold separators, line breaks
// and "" escapes; lines end in LF, CRLF or CR.

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace hs {

/// One field of a record. `text` points into the scanned text, or into the
/// scanner's own buffer for quoted fields with "" escapes; it stays valid
/// until the next call to CsvScanner::next().
struct CsvField {
    std::string_view text;
    bool quoted = false;
};

class CsvScanner {
public:
    /// Scans `text` (which must outlive the scanner), fields separated by
    /// `separator`. A leading UTF-8 byte-order mark is skipped.
    CsvScanner(std::string_view text, char separator);

    /// Reads the next non-blank record into `fields` (cleared first) and
    /// returns true, or returns false at the end of the text. Lines that are
    /// empty or hold only spaces are skipped. Unquoted fields are trimmed of
    /// spaces (and of tabs unless tab is the separator).
    /// Throws DataError (message prefixed with `source`) for a quote that is
    /// never closed or text after a closing quote.
    bool next(std::vector<CsvField>& fields, std::string_view source);

    /// 1-based line on which the record last returned by next() starts.
    std::size_t recordLine() const { return recordLine_; }

    /// Guesses the separator from the first line (outside quotes): the most
    /// frequent of ',', ';' and '\t'; ',' on a tie or when none occurs.
    static char detectSeparator(std::string_view text);

    /// `text` without a leading UTF-8 byte-order mark.
    static std::string_view stripBom(std::string_view text);

private:
    bool atLineEnd() const;
    void skipLineEnd();
    CsvField quotedField(std::size_t fieldIndex, std::string_view source);
    CsvField plainField();

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t recordLine_ = 0;
    char sep_;
    std::deque<std::string> unescaped_;   // deque: growing keeps earlier strings in place
    std::size_t unescapedUsed_ = 0;
};

} // namespace hs
