#pragma once
// Threshold curves of a binary scorer (ROC, precision-recall) and their areas,
// following scikit-learn 1.2 (sklearn.metrics._ranking) point for point.
//
// Common input: `positive[i]` is 1 if sample i belongs to the positive class
// and 0 otherwise; `scores[i]` is its score, higher meaning "more positive".
// Both vectors must have the same length, `positive` may hold only 0 and 1,
// and every score must be finite (sklearn rejects NaN and infinity too);
// violations throw std::invalid_argument with a message naming the problem.
// Samples with equal scores are never separated: each distinct score is one
// threshold, i.e. one point of a curve. Cost: one O(n log n) sort.

#include <optional>
#include <vector>

namespace hs {

/// ROC curve by decreasing threshold: point i is the false and true positive
/// rate of "positive iff score >= thresholds[i]".
struct RocCurve {
    std::vector<double> fpr, tpr, thresholds;
};

/// Precision-recall curve by increasing threshold: point i (i < size - 1) is
/// "positive iff score >= thresholds[i]"; the last point (precision 1,
/// recall 0) has no threshold, so thresholds is one element shorter.
struct PrCurve {
    std::vector<double> precision, recall, thresholds;
};

/// sklearn.metrics.roc_curve(positive, scores, drop_intermediate=...).
/// The first point is (0, 0) with threshold +infinity (sklearn >= 1.3; 1.2
/// writes max(score) + 1 there), followed by one point per distinct score in
/// decreasing order, the last being (1, 1). With dropIntermediate, an inner
/// point is dropped when it is collinear with both neighbours in the counts
/// (second differences of FP and TP both zero), exactly as sklearn does; the
/// area is unchanged.
/// Degenerate input: if the input is empty or has only one class (no
/// positives or no negatives) the rates are undefined (sklearn returns NaN)
/// and the curve is empty.
RocCurve rocCurve(const std::vector<int>& positive, const std::vector<double>& scores,
                  bool dropIntermediate = true);

/// sklearn.metrics.precision_recall_curve(positive, scores) as in sklearn
/// 1.2: one point per distinct score, precision = TP / (TP + FP) and
/// recall = TP / P, ordered by increasing threshold (so recall does not
/// increase), then the final point (precision 1, recall 0). The curve covers
/// every distinct score, including those below the one where full recall is
/// first reached (sklearn >= 1.1 no longer truncates there).
/// Degenerate input: empty input or no positives gives an empty curve
/// (sklearn sets recall to 1 with a warning); no negatives is fine
/// (precision 1 everywhere).
PrCurve precisionRecallCurve(const std::vector<int>& positive, const std::vector<double>& scores);

/// Area under the ROC curve, sklearn.metrics.roc_auc_score(positive, scores):
/// the trapezoidal area under rocCurve (ties count one half, as in the
/// Mann-Whitney U statistic). Computed from the integer counts, so the result
/// is exact up to one final rounding.
/// Degenerate input: nullopt when empty or only one class is present
/// (sklearn raises ValueError).
std::optional<double> rocAuc(const std::vector<int>& positive, const std::vector<double>& scores);

/// sklearn.metrics.average_precision_score(positive, scores):
/// AP = sum over distinct thresholds n, by decreasing threshold, of
/// (R_n - R_{n-1}) * P_n with R_{-1} = 0 — the step-wise sum, not the
/// trapezoid (which is optimistic). Tied scores form one step.
/// Degenerate input: nullopt when empty or there are no positives; with no
/// negatives it is 1.
std::optional<double> averagePrecision(const std::vector<int>& positive, const std::vector<double>& scores);

/// Both areas from one sort: what evaluateClassification needs per class.
struct RankingAreas {
    std::optional<double> rocAuc, averagePrecision;
};
/// {rocAuc(positive, scores), averagePrecision(positive, scores)}, same
/// preconditions and degenerate values, half the cost.
RankingAreas rankingAreas(const std::vector<int>& positive, const std::vector<double>& scores);

/// Trapezoidal area under y(x), sklearn.metrics.auc(x, y): x must be
/// monotonic; if it is non-increasing the area is still returned positive
/// for a positive y. Throws std::invalid_argument if the sizes differ, x is
/// not monotonic, or a value is NaN. Fewer than two points give 0 (sklearn
/// raises).
double trapezoidArea(const std::vector<double>& x, const std::vector<double>& y);

/// The macro-average ROC curve of one-vs-rest curves, as scikit-learn's
/// documentation computes it (plot_roc, "macro-average"): the x grid is every
/// distinct fpr of every curve, ascending; y is the mean over the curves of
/// numpy.interp(grid, fpr_c, tpr_c), which at a vertical step of a curve
/// (repeated fpr) takes the step's top. Curves that are empty (one class) are
/// left out; no usable curve gives an empty result. thresholds stays empty
/// (the classes' thresholds differ). Its trapezoidArea is close to, but not
/// the same as, the mean of the per-class AUCs (the macro AUC).
RocCurve macroAverageRoc(const std::vector<RocCurve>& curves);

/// What a threshold slider shows: the classifier "positive iff
/// score >= threshold" (a score exactly equal to the threshold is positive).
/// fpr = FP / N, tpr = recall = TP / P, precision = TP / (TP + FP).
struct OperatingPoint {
    double threshold, fpr, tpr, precision, recall;
};

/// The operating point at `threshold` (any value, including +-infinity; NaN
/// throws std::invalid_argument). Every 0/0 ratio is 0, like sklearn's
/// precision_score / recall_score with zero_division=0: no negatives gives
/// fpr 0, no positives gives tpr = recall 0, nothing predicted positive gives
/// precision 0 (note the PR curve's end point uses precision 1 there).
/// Empty input gives all rates 0. O(n), no sorting.
OperatingPoint operatingPoint(const std::vector<int>& positive, const std::vector<double>& scores,
                              double threshold);

} // namespace hs
