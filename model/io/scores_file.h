#pragma once
// Reads any classifier's output for `hyperscope-cli evaluate`: a CSV with a
// header, a `label` column (class index) and either one `score` column
// (binary: the score of class 1) or `score_0` … `score_{K-1}`.

#include "train/trainer.h"

#include <filesystem>
#include <string_view>

namespace hs {

/// Labels and K × n scores (binary: rows 1 − s and s) ready for
/// evaluateClassification(). Throws std::invalid_argument naming `source`,
/// line and column for every malformed input (missing columns, non-numeric
/// or non-finite cells, ragged rows, labels outside 0 … K−1, no rows).
Evaluation readScores(std::string_view text, std::string_view source, double threshold);
Evaluation readScoresFile(const std::filesystem::path& path, double threshold);

} // namespace hs
