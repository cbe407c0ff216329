#include "metrics/classification.h"

#include "metrics/curves.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace hs {

namespace {

double ratio(std::int64_t numerator, std::int64_t denominator)
{
    return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

// Harmonic mean with sklearn's zero_division=0. When P == R the mean is P
// exactly; returning it keeps micro F1 bit-identical to accuracy.
double f1Score(double precision, double recall)
{
    if (precision + recall == 0.0)
        return 0.0;
    if (precision == recall)
        return precision;
    return 2.0 * precision * recall / (precision + recall);
}

AveragedMetrics mean(const std::vector<ClassMetrics>& perClass, bool bySupport)
{
    AveragedMetrics average;
    double totalWeight = 0;
    for (const ClassMetrics& m : perClass) {
        const double w = bySupport ? static_cast<double>(m.support) : 1.0;
        average.precision += w * m.precision;
        average.recall += w * m.recall;
        average.specificity += w * m.specificity;
        average.f1 += w * m.f1;
        totalWeight += w;
    }
    if (totalWeight == 0)
        return {};
    average.precision /= totalWeight;
    average.recall /= totalWeight;
    average.specificity /= totalWeight;
    average.f1 /= totalWeight;
    return average;
}

// Mean of the defined values; nullopt if none is defined.
std::optional<double> meanOfDefined(const std::vector<std::optional<double>>& values)
{
    double sum = 0;
    int count = 0;
    for (const auto& v : values)
        if (v) {
            sum += *v;
            ++count;
        }
    if (count == 0)
        return std::nullopt;
    return sum / count;
}

} // namespace

IndexVector predictClasses(const MatrixD& probabilities, double threshold)
{
    const Eigen::Index k = probabilities.rows();
    const Eigen::Index n = probabilities.cols();
    if (std::isnan(threshold))
        throw std::invalid_argument("predictClasses: threshold is NaN");
    if (n == 0)
        return IndexVector(0);
    if (k < 2)
        throw std::invalid_argument("predictClasses: need at least 2 probability rows (classes), got "
                                    + std::to_string(k));
    IndexVector predicted(n);
    for (Eigen::Index s = 0; s < n; ++s) {
        for (Eigen::Index c = 0; c < k; ++c)
            if (std::isnan(probabilities(c, s)))
                throw std::invalid_argument("predictClasses: probability of class " + std::to_string(c)
                                            + " for sample " + std::to_string(s) + " is NaN");
        if (k == 2) {
            predicted[s] = static_cast<double>(probabilities(1, s)) >= threshold ? 1 : 0;
        } else {
            Eigen::Index best = 0;
            for (Eigen::Index c = 1; c < k; ++c)
                if (probabilities(c, s) > probabilities(best, s))
                    best = c;
            predicted[s] = static_cast<int>(best);
        }
    }
    return predicted;
}

ClassificationReport reportFromConfusion(const CountMatrix& confusion)
{
    if (confusion.rows() != confusion.cols())
        throw std::invalid_argument("reportFromConfusion: confusion matrix is "
                                    + std::to_string(confusion.rows()) + " x "
                                    + std::to_string(confusion.cols()) + ", expected square");
    if (confusion.size() > 0 && confusion.minCoeff() < 0)
        throw std::invalid_argument("reportFromConfusion: confusion matrix has a negative count");

    ClassificationReport report;
    const auto k = static_cast<int>(confusion.rows());
    report.classes = k;
    report.confusion = confusion;
    report.samples = confusion.sum();
    const std::int64_t n = report.samples;
    const std::int64_t correct = confusion.trace();
    report.accuracy = ratio(correct, n);

    std::int64_t sumTn = 0, sumFp = 0;
    report.perClass.resize(static_cast<std::size_t>(k));
    for (int c = 0; c < k; ++c) {
        const std::int64_t tp = confusion(c, c);
        const std::int64_t fp = confusion.col(c).sum() - tp;
        const std::int64_t fn = confusion.row(c).sum() - tp;
        const std::int64_t tn = n - tp - fp - fn;
        ClassMetrics& m = report.perClass[static_cast<std::size_t>(c)];
        m.precision = ratio(tp, tp + fp);
        m.recall = ratio(tp, tp + fn);
        m.specificity = ratio(tn, tn + fp);
        m.f1 = f1Score(m.precision, m.recall);
        m.support = tp + fn;
        sumTn += tn;
        sumFp += fp;
    }
    report.macro = mean(report.perClass, false);
    report.weighted = mean(report.perClass, true);
    // Summed over classes, FP and FN both count every misclassified sample once.
    report.micro.precision = ratio(correct, n);
    report.micro.recall = ratio(correct, n);
    report.micro.specificity = ratio(sumTn, sumTn + sumFp);
    report.micro.f1 = f1Score(report.micro.precision, report.micro.recall);

    if (k == 2) {
        const ClassMetrics& positive = report.perClass[1];
        report.precision = positive.precision;
        report.recall = positive.recall;
        report.specificity = positive.specificity;
        report.f1 = positive.f1;
    } else {
        report.precision = report.macro.precision;
        report.recall = report.macro.recall;
        report.specificity = report.macro.specificity;
        report.f1 = report.macro.f1;
    }
    return report;
}

ClassificationReport evaluateClassification(const IndexVector& labels, const MatrixD& probabilities,
                                            double threshold)
{
    const Eigen::Index k = probabilities.rows();
    const Eigen::Index n = probabilities.cols();
    if (labels.size() != n)
        throw std::invalid_argument("evaluateClassification: " + std::to_string(labels.size())
                                    + " labels but " + std::to_string(n) + " probability columns");
    if (n > 0 && k < 2)
        throw std::invalid_argument("evaluateClassification: need at least 2 probability rows (classes), got "
                                    + std::to_string(k));
    if (n > 0 && !probabilities.allFinite())
        throw std::invalid_argument("evaluateClassification: probabilities contain NaN or infinity");

    const IndexVector predicted = predictClasses(probabilities, threshold);
    ClassificationReport report = reportFromConfusion(confusionMatrix(labels, predicted, static_cast<int>(k)));
    report.threshold = threshold;

    report.perClassRocAuc.assign(static_cast<std::size_t>(k), std::nullopt);
    report.perClassAveragePrecision.assign(static_cast<std::size_t>(k), std::nullopt);
    if (n == 0)
        return report;

    std::vector<int> positive(static_cast<std::size_t>(n));
    std::vector<double> scores(static_cast<std::size_t>(n));
    for (Eigen::Index c = 0; c < k; ++c) {
        for (Eigen::Index s = 0; s < n; ++s) {
            positive[static_cast<std::size_t>(s)] = labels[s] == c ? 1 : 0;
            scores[static_cast<std::size_t>(s)] = static_cast<double>(probabilities(c, s));
        }
        const RankingAreas areas = rankingAreas(positive, scores);
        report.perClassRocAuc[static_cast<std::size_t>(c)] = areas.rocAuc;
        report.perClassAveragePrecision[static_cast<std::size_t>(c)] = areas.averagePrecision;
    }
    if (k == 2) {
        report.rocAuc = report.perClassRocAuc[1];
        report.averagePrecision = report.perClassAveragePrecision[1];
    } else {
        report.rocAuc = meanOfDefined(report.perClassRocAuc);
        report.averagePrecision = meanOfDefined(report.perClassAveragePrecision);
    }
    return report;
}

} // namespace hs
