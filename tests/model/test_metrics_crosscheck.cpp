// Randomised cross-check against scikit-learn 1.2.1. Both sides draw the same
// data from a SplitMix64 stream (see reference/metrics_crosscheck.py, which
// prints the rows below): scores on a coarse grid so that ties are the rule,
// class balance from 2 % to 50 %, n from 1 to 50 000, and multi-class
// probabilities with ties and, for small n, absent classes.
// Expected: roc_auc_score, average_precision_score; for K > 2 accuracy_score,
// precision_recall_fscore_support(labels=range(K), zero_division=0) macro and
// weighted, and roc_auc_score(multi_class="ovr") / average_precision_score on
// the one-hot labels (the mean over defined classes when one is absent).

#include "metrics/classification.h"
#include "metrics/curves.h"
#include "metrics_testing.h"

#include <QtTest>

#include <cstdint>
#include <vector>

namespace {

constexpr double undefined = hs::testing::kUndefined;

// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
// generators", 2014), written out so that Python can replay it bit for bit.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t m) { return next() % m; }

private:
    std::uint64_t state_;
};

struct BinaryCase {
    std::uint64_t seed;
    int n;
    std::uint64_t levels, base;
    double auc, ap;
};

struct MulticlassCase {
    std::uint64_t seed;
    int n, classes;
    std::uint64_t levels;
    double accuracy, macroPrecision, macroRecall, macroF1, weightedF1, auc, ap;
};

// Printed by tests/model/reference/metrics_crosscheck.py.
const BinaryCase binaryCases[] = {
    {1, 1, 3, 300, undefined, 1.0},
    {2, 2, 2, 500, undefined, 1.0},
    {3, 3, 1, 500, 0.5, 0.3333333333333333},
    {4, 5, 2, 300, 0.8333333333333334, 0.6666666666666666},
    {5, 8, 3, 200, 0.7083333333333333, 0.3666666666666667},
    {6, 13, 1, 400, 0.5, 0.15384615384615385},
    {7, 21, 4, 100, 0.7, 0.6009803921568627},
    {8, 34, 5, 300, 0.8183391003460208, 0.8409897292250234},
    {9, 55, 10, 250, 0.7275132275132276, 0.6447468053955202},
    {10, 89, 3, 50, 0.782608695652174, 0.4025764895330113},
    {11, 144, 7, 350, 0.68940329218107, 0.7691924799347643},
    {12, 233, 20, 200, 0.7064913056292366, 0.6954571009989384},
    {13, 377, 2, 150, 0.6874920311105445, 0.45154253999953964},
    {14, 610, 50, 300, 0.7234138068635275, 0.7801165429695596},
    {15, 987, 100, 100, 0.7111365974961413, 0.578014676873065},
    {16, 1597, 1000, 250, 0.7036713898503512, 0.7503996140222166},
    {17, 2584, 6, 20, 0.7701951796832034, 0.47400273302831286},
    {18, 4181, 1048576, 200, 0.704874495839258, 0.6834521993330834},
    {19, 10000, 30, 300, 0.7038550908844109, 0.7470033818134889},
    {20, 50000, 200, 150, 0.7031523756806716, 0.6309484842370938},
};

const MulticlassCase multiclassCases[] = {
    {101, 12, 3, 3, 0.6666666666666666, 0.6111111111111112, 0.6111111111111112, 0.6111111111111112,
     0.6666666666666666, 0.7965277777777778, 0.7821548821548822},
    {102, 200, 3, 5, 0.645, 0.644802112013778, 0.6457248065943718, 0.6441084883553247, 0.6438884720419641,
     0.8083991507804157, 0.6848352389917963},
    {103, 40, 10, 4, 0.475, 0.4033333333333333, 0.4602380952380952, 0.40858585858585866, 0.44141414141414137,
     0.7279182478551673, 0.5357169176376337},
    {104, 3000, 10, 20, 0.5646666666666667, 0.5665807252154571, 0.564103229489483, 0.5643668966933215,
     0.5653059579513502, 0.8309782020050707, 0.5488037850479408},
};

} // namespace

class TestMetricsCrosscheck : public QObject {
    Q_OBJECT

private slots:
    void binary_data();
    void binary();
    void multiclass_data();
    void multiclass();
};

void TestMetricsCrosscheck::binary_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < int(std::size(binaryCases)); ++i)
        QTest::addRow("seed %d, n %d", int(binaryCases[i].seed), binaryCases[i].n) << i;
}

void TestMetricsCrosscheck::binary()
{
    QFETCH(int, index);
    const BinaryCase& c = binaryCases[index];
    SplitMix64 rng(c.seed);
    std::vector<int> positive;
    std::vector<double> scores;
    for (int i = 0; i < c.n; ++i) {
        const std::uint64_t k = rng.below(c.levels);
        scores.push_back(static_cast<double>(k) / static_cast<double>(c.levels));
        positive.push_back(rng.below(1000) < c.base + (600 * k) / c.levels ? 1 : 0);
    }
    HS_COMPARE_NEAR(hs::rocAuc(positive, scores), c.auc);
    HS_COMPARE_NEAR(hs::averagePrecision(positive, scores), c.ap);
    const hs::RocCurve roc = hs::rocCurve(positive, scores);
    if (roc.fpr.size() > 1)
        HS_COMPARE_NEAR(hs::trapezoidArea(roc.fpr, roc.tpr), c.auc);
}

void TestMetricsCrosscheck::multiclass_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < int(std::size(multiclassCases)); ++i)
        QTest::addRow("seed %d, n %d, K %d", int(multiclassCases[i].seed), multiclassCases[i].n,
                      multiclassCases[i].classes)
            << i;
}

void TestMetricsCrosscheck::multiclass()
{
    QFETCH(int, index);
    const MulticlassCase& c = multiclassCases[index];
    SplitMix64 rng(c.seed);
    hs::IndexVector labels(c.n);
    hs::MatrixD probabilities(c.classes, c.n);
    std::vector<std::uint64_t> weights(static_cast<std::size_t>(c.classes));
    for (int s = 0; s < c.n; ++s) {
        const auto label = static_cast<int>(rng.below(static_cast<std::uint64_t>(c.classes)));
        for (auto& w : weights)
            w = 1 + rng.below(c.levels);
        weights[static_cast<std::size_t>(label)] += rng.below(c.levels);
        std::uint64_t total = 0;
        for (const auto w : weights)
            total += w;
        labels[s] = label;
        for (int k = 0; k < c.classes; ++k)
            probabilities(k, s) = static_cast<float>(static_cast<double>(weights[static_cast<std::size_t>(k)])
                                                     / static_cast<double>(total));
    }
    const hs::ClassificationReport r = hs::evaluateClassification(labels, probabilities);
    HS_COMPARE_NEAR(r.accuracy, c.accuracy);
    HS_COMPARE_NEAR(r.macro.precision, c.macroPrecision);
    HS_COMPARE_NEAR(r.macro.recall, c.macroRecall);
    HS_COMPARE_NEAR(r.macro.f1, c.macroF1);
    HS_COMPARE_NEAR(r.weighted.f1, c.weightedF1);
    HS_COMPARE_NEAR(r.rocAuc, c.auc);
    HS_COMPARE_NEAR(r.averagePrecision, c.ap);
}

QTEST_APPLESS_MAIN(TestMetricsCrosscheck)
#include "test_metrics_crosscheck.moc"
