#pragma once
// Classification report: everything Hyperscope shows about a classifier on a
// labelled set — confusion matrix, accuracy, per-class and averaged
// precision / recall / specificity / F1, ROC AUC and average precision.
// Definitions follow scikit-learn 1.2 with zero_division=0: every 0/0 ratio
// is 0, never NaN.

#include "core/types.h"
#include "metrics/confusion.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace hs {

/// One-vs-rest metrics of one class k, from the confusion matrix C:
/// TP = C(k,k), FP = column k sum - TP, FN = row k sum - TP,
/// TN = n - TP - FP - FN. precision = TP/(TP+FP), recall = TP/(TP+FN),
/// specificity = TN/(TN+FP), f1 = 2PR/(P+R) (0/0 → 0 for each), support =
/// TP + FN (samples whose actual class is k).
struct ClassMetrics {
    double precision = 0, recall = 0, specificity = 0, f1 = 0;
    std::int64_t support = 0;
};

/// An average of ClassMetrics over classes (see ClassificationReport).
struct AveragedMetrics {
    double precision = 0, recall = 0, specificity = 0, f1 = 0;
};

/// macro: unweighted mean over ALL `classes` classes, including classes absent
/// from both labels and predictions (they contribute 0) — sklearn with
/// labels=range(K), average="macro"; F1 is the mean of per-class F1.
/// weighted: mean weighted by support (0 if every support is 0).
/// micro: the ratios of the counts summed over classes; for single-label data
/// micro precision = recall = F1 = accuracy.
struct ClassificationReport {
    int classes = 0;
    std::int64_t samples = 0;
    double threshold = 0.5;
    CountMatrix confusion;
    double accuracy = 0;
    std::vector<ClassMetrics> perClass; // one-vs-rest counts per class
    AveragedMetrics macro, weighted, micro;
    double precision = 0, recall = 0, specificity = 0, f1 = 0; // headline: binary → class 1 (positive); K>2 → macro
    std::optional<double> rocAuc, averagePrecision; // binary → class 1; K>2 → macro over classes where defined; nullopt if undefined
    std::vector<std::optional<double>> perClassRocAuc, perClassAveragePrecision; // one-vs-rest
};

/// Predicted class of each column of `probabilities` (K × n, columns are
/// samples). K == 2: class 1 iff p(1) >= threshold (p(0) is not read);
/// K > 2: argmax over the column, ties → lowest index, threshold ignored.
/// Requires K >= 2 unless n == 0, no NaN probability and a non-NaN threshold;
/// otherwise throws std::invalid_argument. n == 0 returns an empty vector.
IndexVector predictClasses(const MatrixD& probabilities, double threshold = 0.5);

/// Everything that depends only on the confusion matrix (rows actual, columns
/// predicted; must be square with non-negative counts, else
/// std::invalid_argument): classes, samples, accuracy = trace / n, perClass,
/// macro, weighted, micro and the headline values. AUC fields stay empty and
/// threshold keeps its default. Used to refresh the numbers cheaply when a
/// threshold slider moves. An all-zero matrix gives all values 0.
ClassificationReport reportFromConfusion(const CountMatrix& confusion);

/// Full report for `labels` (n class indices) and `probabilities` (K × n,
/// K >= 2, columns are samples, column k of a sample scores class k).
/// Predictions come from predictClasses(probabilities, threshold).
/// rocAuc / averagePrecision per class k are one-vs-rest with row k as the
/// score (see curves.h); binary headline = class 1; K > 2 headline = macro
/// over the classes where the value is defined (a class absent from the labels
/// has no ROC AUC and no AP; sklearn would raise, or warn, instead).
/// Throws std::invalid_argument if labels.size() != n, a label is outside
/// [0, K), K < 2 while n > 0, the threshold is NaN, or a probability is NaN
/// or infinite.
/// Empty input (n == 0): samples = 0, accuracy and every metric 0, the K × K
/// zero confusion matrix, AUCs nullopt — never NaN.
ClassificationReport evaluateClassification(const IndexVector& labels, const MatrixD& probabilities,
                                            double threshold = 0.5);

} // namespace hs
