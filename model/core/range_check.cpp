#include "core/range_check.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace hs {

std::string formatNumber(double value, int significantDigits)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    char buf[32];
    const auto result = significantDigits > 0
                            ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general,
                                            significantDigits)
                            : std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, result.ptr);
}

void throwOutOfRange(std::string_view field, std::string_view value, std::string_view allowed)
{
    std::string msg;
    msg.append(field).append(" = ").append(value).append(" is out of range: must be ").append(allowed);
    throw std::invalid_argument(msg);
}

void throwOutOfRange(std::string_view field, double value, std::string_view allowed)
{
    throwOutOfRange(field, formatNumber(value), allowed);
}

void checkRange(std::string_view field, double value, double lo, double hi)
{
    if (!(value >= lo && value <= hi))
        throwOutOfRange(field, value,
                        "in [" + formatNumber(lo) + ", " + formatNumber(hi) + "]");
}

void checkRange(std::string_view field, long long value, long long lo, long long hi)
{
    if (value < lo)
        throwOutOfRange(field, std::to_string(value), "at least " + std::to_string(lo));
    if (value > hi)
        throwOutOfRange(field, std::to_string(value), "at most " + std::to_string(hi));
}

} // namespace hs
