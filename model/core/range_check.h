#pragma once
// Uniform "field = value is out of range: must be ..." messages for the
// engine's std::invalid_argument errors, so the config form, the CLI and the
// tests all see the same wording.

#include <string>
#include <string_view>

namespace hs {

/// Text for `value`: the shortest that reads back as the same double ("0.1",
/// "1e+30", "nan") when significantDigits is 0, else rounded to that many
/// significant digits (for computed values such as sums: 0.9, not 0.8999999999999999).
std::string formatNumber(double value, int significantDigits = 0);

/// Throws std::invalid_argument("<field> = <value> is out of range: must be <allowed>").
[[noreturn]] void throwOutOfRange(std::string_view field, std::string_view value,
                                  std::string_view allowed);
[[noreturn]] void throwOutOfRange(std::string_view field, double value, std::string_view allowed);

/// Throws the message above unless lo <= value <= hi (NaN always fails).
void checkRange(std::string_view field, double value, double lo, double hi);
void checkRange(std::string_view field, long long value, long long lo, long long hi);

} // namespace hs
