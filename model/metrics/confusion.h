#pragma once
// Confusion matrix of a single-label classifier: the counts every
// classification metric in this folder is derived from.

#include "core/types.h"

#include <cstdint>

namespace hs {

/// Exact event counts; 64-bit so that no realistic data set can overflow.
using CountMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>;

/// classes × classes matrix C with C(i, j) = number of samples whose actual
/// class is i and whose predicted class is j (rows actual, columns predicted,
/// as sklearn.metrics.confusion_matrix(actual, predicted,
/// labels=range(classes))). Classes absent from both vectors give a zero row
/// and column.
/// Requires actual.size() == predicted.size(), classes >= 0 and every label in
/// [0, classes); otherwise throws std::invalid_argument.
/// Empty input returns the classes × classes zero matrix.
CountMatrix confusionMatrix(const IndexVector& actual, const IndexVector& predicted, int classes);

} // namespace hs
