#include "data/csv_scanner.h"

#include "data/data_error.h"

#include <algorithm>

namespace hs {
namespace {

// Line breaks inside `s`: LF, CRLF and lone CR each count once.
std::size_t countLineBreaks(std::string_view s)
{
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n')
            ++n;
        else if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'))
            ++n;
    }
    return n;
}

std::string describeChar(char c)
{
    if (c == '\t')
        return "a tab";
    return "'" + std::string(1, c) + "'";
}

} // namespace

CsvScanner::CsvScanner(std::string_view text, char separator) : text_(stripBom(text)), sep_(separator)
{
}

std::string_view CsvScanner::stripBom(std::string_view text)
{
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    return text;
}

char CsvScanner::detectSeparator(std::string_view text)
{
    text = stripBom(text);
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool inQuotes = false;
    for (const char c : text) {
        if (c == '"')
            inQuotes = !inQuotes;   // "" toggles twice: no net change, as it should
        else if (!inQuotes && (c == '\n' || c == '\r'))
            break;
        else if (!inQuotes) {
            commas += c == ',';
            semicolons += c == ';';
            tabs += c == '\t';
        }
    }
    if (semicolons > commas && semicolons >= tabs)
        return ';';
    if (tabs > commas && tabs > semicolons)
        return '\t';
    return ',';
}

bool CsvScanner::atLineEnd() const
{
    return pos_ >= text_.size() || text_[pos_] == '\n' || text_[pos_] == '\r';
}

void CsvScanner::skipLineEnd()
{
    if (pos_ < text_.size() && text_[pos_] == '\r')
        ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n')
        ++pos_;
    ++line_;
}

CsvField CsvScanner::plainField()
{
    const char* data = text_.data();
    const std::size_t size = text_.size();
    const std::size_t start = pos_;
    std::size_t p = pos_;
    while (p < size && data[p] != sep_ && data[p] != '\n' && data[p] != '\r')
        ++p;
    pos_ = p;
    std::size_t b = start, e = p;
    auto blank = [this](char c) { return c == ' ' || (c == '\t' && sep_ != '\t'); };
    while (b < e && blank(data[b]))
        ++b;
    while (e > b && blank(data[e - 1]))
        --e;
    return {text_.substr(b, e - b), false};
}

CsvField CsvScanner::quotedField(std::size_t fieldIndex, std::string_view source)
{
    const std::size_t startLine = line_;
    std::size_t p = pos_ + 1;   // after the opening quote
    const std::size_t contentStart = p;
    std::string* unescaped = nullptr;
    std::size_t segmentStart = p;
    for (;;) {
        const std::size_t q = text_.find('"', p);
        if (q == std::string_view::npos)
            throw DataError(dataLocation(source, startLine, fieldIndex)
                                + ": a quoted field is never closed: expected a closing '\"'",
                            startLine, fieldIndex);
        if (q + 1 < text_.size() && text_[q + 1] == '"') {   // "" stands for one quote
            if (!unescaped) {
                if (unescapedUsed_ == unescaped_.size())
                    unescaped_.emplace_back();
                unescaped = &unescaped_[unescapedUsed_++];
                unescaped->clear();
            }
            unescaped->append(text_.substr(segmentStart, q + 1 - segmentStart));
            p = segmentStart = q + 2;
            continue;
        }
        line_ += countLineBreaks(text_.substr(contentStart, q - contentStart));
        CsvField field;
        field.quoted = true;
        if (unescaped) {
            unescaped->append(text_.substr(segmentStart, q - segmentStart));
            field.text = *unescaped;
        } else {
            field.text = text_.substr(contentStart, q - contentStart);
        }
        pos_ = q + 1;
        while (pos_ < text_.size() && text_[pos_] == ' ')
            ++pos_;
        if (!atLineEnd() && text_[pos_] != sep_)
            throw DataError(dataLocation(source, line_, fieldIndex) + ": expected a separator or the end of the line after a closing quote, found "
                                + describeChar(text_[pos_]),
                            line_, fieldIndex);
        return field;
    }
}

bool CsvScanner::next(std::vector<CsvField>& fields, std::string_view source)
{
    fields.clear();
    unescapedUsed_ = 0;
    while (pos_ < text_.size()) {
        recordLine_ = line_;
        for (;;) {
            std::size_t p = pos_;
            while (p < text_.size() && (text_[p] == ' ' || (text_[p] == '\t' && sep_ != '\t')))
                ++p;
            if (p < text_.size() && text_[p] == '"') {
                pos_ = p;
                fields.push_back(quotedField(fields.size() + 1, source));
            } else {
                fields.push_back(plainField());
            }
            if (pos_ < text_.size() && text_[pos_] == sep_) {
                ++pos_;
                continue;
            }
            skipLineEnd();
            break;
        }
        if (fields.size() == 1 && !fields[0].quoted && fields[0].text.empty()) {
            fields.clear();   // a blank line is not a record
            continue;
        }
        return true;
    }
    return false;
}

} // namespace hs
