#pragma once
// k-fold cross-validation indices: stratified for classification, plain for
// regression.

#include "data/dataset.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace hs {

/// One fold: (training sample indices, held-out sample indices).
using Fold = std::pair<std::vector<Eigen::Index>, std::vector<Eigen::Index>>;

/// Splits the samples of `data` into k folds. Every sample is held out in
/// exactly one fold and used for training in the other k − 1; held-out sizes
/// differ by at most one. Classification: each class is spread over the folds
/// as evenly as possible (its count per fold differs by at most one).
/// Regression: plain random folds. Index lists are in random order; same data,
/// k and seed → same folds. Precondition: k in [2, samples] (else
/// std::invalid_argument naming training.folds); labels in [0, classes).
std::vector<Fold> stratifiedKFold(const Dataset& data, int k, std::uint64_t seed);

} // namespace hs
