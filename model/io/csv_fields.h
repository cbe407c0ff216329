#pragma once
// Splitting one line of the small CSV files the engine writes and reads back
// (scores, run histories, curves): commas separate fields, double quotes
// protect commas and quotes ("" is one quote), RFC 4180 style.

#include <string>
#include <string_view>
#include <vector>

namespace hs {

/// The fields of `line` (no trimming). `unclosed` (if given) is set when a
/// quote is still open at the end of the line.
std::vector<std::string> splitCsvFields(std::string_view line, bool* unclosed = nullptr);

} // namespace hs
