#include "metrics/curves.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace hs {

namespace {

void validate(const char* function, const std::vector<int>& positive, const std::vector<double>& scores)
{
    const std::string name(function);
    if (positive.size() != scores.size())
        throw std::invalid_argument(name + ": " + std::to_string(positive.size()) + " labels but "
                                    + std::to_string(scores.size()) + " scores");
    for (std::size_t i = 0; i < positive.size(); ++i) {
        if (positive[i] != 0 && positive[i] != 1)
            throw std::invalid_argument(name + ": label " + std::to_string(i) + " is "
                                        + std::to_string(positive[i]) + ", expected 0 or 1");
        if (std::isnan(scores[i]))
            throw std::invalid_argument(name + ": score " + std::to_string(i) + " is NaN");
        if (std::isinf(scores[i]))
            throw std::invalid_argument(name + ": score " + std::to_string(i) + " is infinite");
    }
}

// sklearn's _binary_clf_curve: one entry per distinct score, by decreasing
// score, with the cumulative false/true positive counts of "score >= it".
struct Steps {
    std::vector<double> thresholds;
    std::vector<std::int64_t> fps, tps;
    std::int64_t negatives = 0, positives = 0;
};

Steps binarySteps(const char* function, const std::vector<int>& positive, const std::vector<double>& scores)
{
    validate(function, positive, scores);
    std::vector<std::pair<double, int>> sorted(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i)
        sorted[i] = {scores[i], positive[i]};
    // Order within a tie does not matter: only counts at the end of a tie
    // group are kept.
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });

    Steps steps;
    std::int64_t tp = 0, fp = 0;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        (sorted[i].second ? tp : fp) += 1;
        if (i + 1 == sorted.size() || sorted[i + 1].first != sorted[i].first) {
            steps.thresholds.push_back(sorted[i].first);
            steps.fps.push_back(fp);
            steps.tps.push_back(tp);
        }
    }
    steps.negatives = fp;
    steps.positives = tp;
    return steps;
}

// Neumaier's compensated sum: AP adds up to 10^6 terms of mixed size.
class AccurateSum {
public:
    void add(double x)
    {
        const double t = sum_ + x;
        compensation_ += std::abs(sum_) >= std::abs(x) ? (sum_ - t) + x : (x - t) + sum_;
        sum_ = t;
    }
    double value() const { return sum_ + compensation_; }

private:
    double sum_ = 0, compensation_ = 0;
};

double ratio(std::int64_t numerator, std::int64_t denominator)
{
    return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

std::optional<double> rocAucOf(const Steps& steps)
{
    if (steps.positives == 0 || steps.negatives == 0)
        return std::nullopt;
    // Twice the trapezoid area in count units: sum of dFP * (TP_i + TP_{i-1}).
    // Bounded by 2 * P * N, far inside int64 for any n that fits in memory.
    std::int64_t twiceArea = 0, previousFp = 0, previousTp = 0;
    for (std::size_t i = 0; i < steps.fps.size(); ++i) {
        twiceArea += (steps.fps[i] - previousFp) * (steps.tps[i] + previousTp);
        previousFp = steps.fps[i];
        previousTp = steps.tps[i];
    }
    return static_cast<double>(twiceArea)
           / (2.0 * static_cast<double>(steps.positives) * static_cast<double>(steps.negatives));
}

std::optional<double> averagePrecisionOf(const Steps& steps)
{
    if (steps.positives == 0)
        return std::nullopt;
    AccurateSum sum;
    std::int64_t previousTp = 0;
    for (std::size_t i = 0; i < steps.tps.size(); ++i) {
        const std::int64_t recallStep = steps.tps[i] - previousTp; // in units of 1 / P
        if (recallStep != 0)
            sum.add(static_cast<double>(recallStep) * ratio(steps.tps[i], steps.tps[i] + steps.fps[i]));
        previousTp = steps.tps[i];
    }
    return sum.value() / static_cast<double>(steps.positives);
}

} // namespace

RocCurve rocCurve(const std::vector<int>& positive, const std::vector<double>& scores, bool dropIntermediate)
{
    const Steps steps = binarySteps("rocCurve", positive, scores);
    RocCurve curve;
    if (steps.positives == 0 || steps.negatives == 0)
        return curve;

    const std::size_t m = steps.fps.size();
    std::vector<std::size_t> kept;
    kept.reserve(m);
    for (std::size_t i = 0; i < m; ++i) {
        // sklearn: keep the ends and every point where the second difference
        // of fps or tps is non-zero (a corner); only when there are > 2 points.
        const bool inner = i > 0 && i + 1 < m;
        if (dropIntermediate && m > 2 && inner) {
            const std::int64_t dfp = steps.fps[i + 1] - 2 * steps.fps[i] + steps.fps[i - 1];
            const std::int64_t dtp = steps.tps[i + 1] - 2 * steps.tps[i] + steps.tps[i - 1];
            if (dfp == 0 && dtp == 0)
                continue;
        }
        kept.push_back(i);
    }

    const auto n = static_cast<double>(steps.negatives);
    const auto p = static_cast<double>(steps.positives);
    curve.fpr.reserve(kept.size() + 1);
    curve.tpr.reserve(kept.size() + 1);
    curve.thresholds.reserve(kept.size() + 1);
    curve.fpr.push_back(0.0);
    curve.tpr.push_back(0.0);
    curve.thresholds.push_back(std::numeric_limits<double>::infinity());
    for (const std::size_t i : kept) {
        curve.fpr.push_back(static_cast<double>(steps.fps[i]) / n);
        curve.tpr.push_back(static_cast<double>(steps.tps[i]) / p);
        curve.thresholds.push_back(steps.thresholds[i]);
    }
    return curve;
}

PrCurve precisionRecallCurve(const std::vector<int>& positive, const std::vector<double>& scores)
{
    const Steps steps = binarySteps("precisionRecallCurve", positive, scores);
    PrCurve curve;
    if (steps.positives == 0)
        return curve;

    const std::size_t m = steps.fps.size();
    const auto p = static_cast<double>(steps.positives);
    curve.precision.reserve(m + 1);
    curve.recall.reserve(m + 1);
    curve.thresholds.reserve(m);
    for (std::size_t k = m; k-- > 0;) {
        curve.precision.push_back(ratio(steps.tps[k], steps.tps[k] + steps.fps[k]));
        curve.recall.push_back(static_cast<double>(steps.tps[k]) / p);
        curve.thresholds.push_back(steps.thresholds[k]);
    }
    curve.precision.push_back(1.0);
    curve.recall.push_back(0.0);
    return curve;
}

std::optional<double> rocAuc(const std::vector<int>& positive, const std::vector<double>& scores)
{
    return rocAucOf(binarySteps("rocAuc", positive, scores));
}

std::optional<double> averagePrecision(const std::vector<int>& positive, const std::vector<double>& scores)
{
    return averagePrecisionOf(binarySteps("averagePrecision", positive, scores));
}

RankingAreas rankingAreas(const std::vector<int>& positive, const std::vector<double>& scores)
{
    const Steps steps = binarySteps("rankingAreas", positive, scores);
    return {rocAucOf(steps), averagePrecisionOf(steps)};
}

double trapezoidArea(const std::vector<double>& x, const std::vector<double>& y)
{
    if (x.size() != y.size())
        throw std::invalid_argument("trapezoidArea: " + std::to_string(x.size()) + " x values but "
                                    + std::to_string(y.size()) + " y values");
    for (std::size_t i = 0; i < x.size(); ++i)
        if (std::isnan(x[i]) || std::isnan(y[i]))
            throw std::invalid_argument("trapezoidArea: point " + std::to_string(i) + " is NaN");
    if (x.size() < 2)
        return 0.0;
    bool increases = false, decreases = false;
    for (std::size_t i = 1; i < x.size(); ++i) {
        increases = increases || x[i] > x[i - 1];
        decreases = decreases || x[i] < x[i - 1];
    }
    if (increases && decreases)
        throw std::invalid_argument("trapezoidArea: x is neither non-decreasing nor non-increasing");
    double area = 0;
    for (std::size_t i = 1; i < x.size(); ++i)
        area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
    return decreases ? -area : area;
}

OperatingPoint operatingPoint(const std::vector<int>& positive, const std::vector<double>& scores,
                              double threshold)
{
    validate("operatingPoint", positive, scores);
    if (std::isnan(threshold))
        throw std::invalid_argument("operatingPoint: threshold is NaN");
    std::int64_t tp = 0, fp = 0, positives = 0;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        const bool predicted = scores[i] >= threshold;
        positives += positive[i];
        tp += predicted && positive[i] == 1;
        fp += predicted && positive[i] == 0;
    }
    const auto negatives = static_cast<std::int64_t>(scores.size()) - positives;
    const double recall = ratio(tp, positives);
    return {threshold, ratio(fp, negatives), recall, ratio(tp, tp + fp), recall};
}

RocCurve macroAverageRoc(const std::vector<RocCurve>& curves)
{
    std::vector<const RocCurve*> usable;
    std::vector<double> grid;
    for (const RocCurve& c : curves)
        if (!c.fpr.empty() && c.fpr.size() == c.tpr.size()) {
            usable.push_back(&c);
            grid.insert(grid.end(), c.fpr.begin(), c.fpr.end());
        }
    RocCurve mean;
    if (usable.empty())
        return mean;
    std::sort(grid.begin(), grid.end());
    grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
    mean.fpr = grid;
    mean.tpr.assign(grid.size(), 0.0);
    for (const RocCurve* c : usable) {
        // numpy.interp: the last j with fpr[j] <= x, then linear towards j + 1
        // (fpr is non-decreasing; the grid ascends, so j only moves forward).
        std::size_t j = 0;
        const std::size_t n = c->fpr.size();
        for (std::size_t g = 0; g < grid.size(); ++g) {
            const double x = grid[g];
            while (j + 1 < n && c->fpr[j + 1] <= x)
                ++j;
            double y;
            if (x < c->fpr.front())
                y = c->tpr.front();
            else if (j + 1 >= n)
                y = c->tpr.back();
            else {
                const double x0 = c->fpr[j], x1 = c->fpr[j + 1];
                y = x1 > x0 ? c->tpr[j] + (c->tpr[j + 1] - c->tpr[j]) * (x - x0) / (x1 - x0) : c->tpr[j];
            }
            mean.tpr[g] += y;
        }
    }
    for (double& y : mean.tpr)
        y /= double(usable.size());
    return mean;
}

} // namespace hs
