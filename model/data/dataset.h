#pragma once
// A data set held in memory: features as columns of samples, plus either class
// labels (classification) or real-valued targets (regression).

#include "core/types.h"

#include <string>
#include <vector>

namespace hs {

/// Samples are columns: `x` is features × samples (column-major), so a
/// mini-batch is `x.middleCols(first, size)`. Exactly one of `labels` /
/// `targets` is used, according to `task`.
struct Dataset {
    Task task = Task::Classification;
    Matrix x;               ///< features × samples
    IndexVector labels;     ///< classification: class index in [0, classes) per sample; size 0 for regression
    Matrix targets;         ///< regression: outputs × samples; empty for classification
    int classes = 0;        ///< classification: number of classes (>= 2); 0 for regression
    std::vector<std::string> featureNames;  ///< size features(), e.g. "x1", "x2"
    std::vector<std::string> classNames;    ///< size classes, e.g. "0", "1" or "setosa"

    /// Number of samples (columns of x).
    Eigen::Index samples() const { return x.cols(); }
    /// Number of input features (rows of x).
    Eigen::Index features() const { return x.rows(); }
    /// Number of regression outputs (rows of targets); 0 for classification.
    Eigen::Index outputs() const { return targets.rows(); }

    /// The samples at `columns`, in that order (repeats allowed). Keeps task,
    /// classes and names; an empty list gives a data set with features() rows
    /// and 0 columns. Precondition: every index in [0, samples()), else throws
    /// std::out_of_range.
    Dataset subset(const std::vector<Eigen::Index>& columns) const;

    /// Samples per class, size `classes` (empty for regression). Labels
    /// outside [0, classes) are not counted.
    std::vector<Eigen::Index> classCounts() const;

    /// A data set with the same task, classes and names but no samples
    /// (x is features() × 0, targets outputs() × 0).
    Dataset emptyLike() const;

    /// Checks the invariants above (sizes agree, labels in range, names sized,
    /// classes >= 2 for classification); throws std::invalid_argument naming
    /// the broken one.
    void validate() const;
};

/// Names "<prefix>1" .. "<prefix>count" (e.g. x1, x2), the default feature names.
std::vector<std::string> numberedNames(const std::string& prefix, int count, int first = 1);

} // namespace hs
