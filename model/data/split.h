#pragma once
// Train / validation / test split: stratified for classification, plain
// random for regression, deterministic for a given seed.

#include "data/dataset.h"

#include <cstdint>

namespace hs {

/// Shares of the samples, each in [0, 1], train > 0, summing to 1 (± 1e-9).
struct SplitFractions {
    double train = 0.7, val = 0.15, test = 0.15;
};

struct DataSplit {
    Dataset train, val, test;
};

/// Throws std::invalid_argument naming data.split.train / .val / .test (or
/// data.split for the sum) unless the fractions meet the rules above.
void validateSplitFractions(const SplitFractions& fractions);

/// Splits `data` (which must have at least one sample) into three parts.
/// Classification: per class c with n_c samples, round(n_c·val) go to val,
/// round(n_c·test) to test and the rest to train; if that would leave a class
/// with no training sample, val/test give one back (the larger first).
/// Regression: the same rule applied to all samples at once. Each part is in
/// shuffled order (classes mixed); a part with no samples keeps the task,
/// classes and names and has features() rows and 0 columns.
/// Same data + fractions + seed → identical split. Throws
/// std::invalid_argument on bad fractions or an empty data set.
DataSplit splitDataset(const Dataset& data, const SplitFractions& fractions, std::uint64_t seed);

} // namespace hs
