// Classification report. Expected values worked out by hand for the small rows
// (see comments) and checked against Debian's scikit-learn 1.2.1:
// confusion_matrix(y, pred, labels=range(K)), accuracy_score(y, pred),
// precision_recall_fscore_support(y, pred, labels=range(K), average=None /
// "macro" / "weighted" / "micro", zero_division=0), and per class k
// roc_auc_score(y == k, P[k]) and average_precision_score(y == k, P[k]).
// Specificity = TN / (TN + FP) per class (sklearn has none); its averages
// follow the same rules. pred is (P[1] >= threshold) for K = 2 and the
// argmax (first on ties) for K > 2. Binary probabilities are float32
// [1 - p, p], exactly as NumPy computes them in float32.
// Row layout: labels, K, probabilities (K x n, column-major), threshold,
// confusion (row-major), accuracy, per-class precision, recall, specificity,
// F1, support, then {precision, recall, specificity, F1} for macro,
// weighted, micro and the headline, then per-class ROC AUC and AP and the
// headline ROC AUC and AP (undefined = nullopt).

#include "metrics/classification.h"
#include "metrics_testing.h"

#include <QtTest>

#include <limits>
#include <stdexcept>
#include <vector>

using Doubles = std::vector<double>;
using Ints = std::vector<int>;
using hs::testing::toIndexVector;

namespace {

constexpr double undefined = hs::testing::kUndefined;

// Column-major 2 x n probabilities [1 - p; p], computed in float.
Doubles binary(const Doubles& p1)
{
    Doubles out;
    for (const double p : p1) {
        const auto pf = static_cast<float>(p);
        out.push_back(1.0f - pf);
        out.push_back(pf);
    }
    return out;
}

// 10-class probabilities: 0.02 everywhere, 0.5 on the predicted class, +0.2
// on the actual class when it differs, each column normalised in double and
// rounded to float (the reference script builds them the same way).
Doubles tenClasses(const Ints& actual, const Ints& predicted)
{
    Doubles out;
    for (std::size_t s = 0; s < actual.size(); ++s) {
        double column[10];
        for (double& v : column)
            v = 0.02;
        column[predicted[s]] = 0.5;
        if (actual[s] != predicted[s])
            column[actual[s]] += 0.2;
        double sum = 0;
        for (const double v : column)
            sum += v;
        for (const double v : column)
            out.push_back(static_cast<float>(v / sum));
    }
    return out;
}

hs::MatrixD toMatrix(int classes, const Doubles& values)
{
    const Eigen::Index n = classes == 0 ? 0 : static_cast<Eigen::Index>(values.size()) / classes;
    hs::MatrixD m(classes, n);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = static_cast<float>(values[static_cast<std::size_t>(i)]);
    return m;
}

Doubles asVector(const hs::AveragedMetrics& m) { return {m.precision, m.recall, m.specificity, m.f1}; }

} // namespace

class TestMetricsClassification : public QObject {
    Q_OBJECT

private slots:
    void report_data();
    void report();
    void microEqualsAccuracy();
    void predictClasses_data();
    void predictClasses();
    void reportFromConfusion();
    void rejectsBadInput();
};

void TestMetricsClassification::report_data()
{
    QTest::addColumn<Ints>("labels");
    QTest::addColumn<int>("classes");
    QTest::addColumn<Doubles>("probabilities");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<Ints>("confusion");
    QTest::addColumn<double>("accuracy");
    QTest::addColumn<Doubles>("precision");
    QTest::addColumn<Doubles>("recall");
    QTest::addColumn<Doubles>("specificity");
    QTest::addColumn<Doubles>("f1");
    QTest::addColumn<Ints>("support");
    QTest::addColumn<Doubles>("macro");
    QTest::addColumn<Doubles>("weighted");
    QTest::addColumn<Doubles>("micro");
    QTest::addColumn<Doubles>("headline");
    QTest::addColumn<Doubles>("perClassAuc");
    QTest::addColumn<Doubles>("perClassAp");
    QTest::addColumn<double>("auc");
    QTest::addColumn<double>("ap");

    QTest::newRow("perfect") << Ints{0, 0, 1, 1} << 2 << binary(Doubles{0.1, 0.4, 0.6, 0.9}) << 0.5
        << Ints{2, 0, 0, 2} << 1.0
        << Doubles{1.0, 1.0} << Doubles{1.0, 1.0} << Doubles{1.0, 1.0} << Doubles{1.0, 1.0} << Ints{2, 2}
        << Doubles{1.0, 1.0, 1.0, 1.0} << Doubles{1.0, 1.0, 1.0, 1.0} << Doubles{1.0, 1.0, 1.0, 1.0} << Doubles{1.0, 1.0, 1.0, 1.0}
        << Doubles{1.0, 1.0} << Doubles{1.0, 1.0} << 1.0 << 1.0;
    QTest::newRow("inverted") << Ints{1, 1, 0, 0} << 2 << binary(Doubles{0.1, 0.4, 0.6, 0.9}) << 0.5
        << Ints{0, 2, 2, 0} << 0.0
        << Doubles{0.0, 0.0} << Doubles{0.0, 0.0} << Doubles{0.0, 0.0} << Doubles{0.0, 0.0} << Ints{2, 2}
        << Doubles{0.0, 0.0, 0.0, 0.0} << Doubles{0.0, 0.0, 0.0, 0.0} << Doubles{0.0, 0.0, 0.0, 0.0} << Doubles{0.0, 0.0, 0.0, 0.0}
        << Doubles{0.0, 0.0} << Doubles{0.41666666666666663, 0.41666666666666663} << 0.0 << 0.41666666666666663;
    // The rare-disease lesson: 90 % accuracy, yet the one positive is missed
    // (class 1: precision 0/0 -> 0, recall 0, specificity 9/9). Its score 0.3
    // ties with a negative: AUC = (5 + 1/2) / 9 = 11/18; AP = 1/5.
    QTest::newRow("rare positive, all predicted negative") << Ints{0, 0, 0, 0, 0, 0, 0, 0, 0, 1} << 2 << binary(Doubles{0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.3}) << 0.5
        << Ints{9, 0, 1, 0} << 0.9
        << Doubles{0.9, 0.0} << Doubles{1.0, 0.0} << Doubles{0.0, 1.0} << Doubles{0.9473684210526316, 0.0} << Ints{9, 1}
        << Doubles{0.45, 0.5, 0.5, 0.4736842105263158} << Doubles{0.8099999999999999, 0.9, 0.1, 0.8526315789473685} << Doubles{0.9, 0.9, 0.9, 0.9} << Doubles{0.0, 0.0, 1.0, 0.0}
        << Doubles{0.6111111111111112, 0.6111111111111112} << Doubles{0.9467813051146385, 0.2} << 0.6111111111111112 << 0.2;
    // p(1) == threshold counts as class 1: predictions 0 1 1 1; class 1:
    // P = 2/3, R = 1, S = 1/2, F1 = 0.8.
    QTest::newRow("threshold equal to a score (0.5)") << Ints{0, 1, 0, 1} << 2 << binary(Doubles{0.25, 0.5, 0.5, 0.75}) << 0.5
        << Ints{1, 1, 0, 2} << 0.75
        << Doubles{1.0, 0.6666666666666666} << Doubles{0.5, 1.0} << Doubles{1.0, 0.5} << Doubles{0.6666666666666666, 0.8} << Ints{2, 2}
        << Doubles{0.8333333333333333, 0.75, 0.75, 0.7333333333333334} << Doubles{0.8333333333333333, 0.75, 0.75, 0.7333333333333334} << Doubles{0.75, 0.75, 0.75, 0.75} << Doubles{0.6666666666666666, 1.0, 0.5, 0.8}
        << Doubles{0.875, 0.875} << Doubles{0.8333333333333333, 0.8333333333333333} << 0.875 << 0.8333333333333333;
    QTest::newRow("threshold equal to a score (0.75)") << Ints{0, 1, 0, 1} << 2 << binary(Doubles{0.25, 0.5, 0.5, 0.75}) << 0.75
        << Ints{2, 0, 1, 1} << 0.75
        << Doubles{0.6666666666666666, 1.0} << Doubles{1.0, 0.5} << Doubles{0.5, 1.0} << Doubles{0.8, 0.6666666666666666} << Ints{2, 2}
        << Doubles{0.8333333333333333, 0.75, 0.75, 0.7333333333333334} << Doubles{0.8333333333333333, 0.75, 0.75, 0.7333333333333334} << Doubles{0.75, 0.75, 0.75, 0.75} << Doubles{1.0, 0.5, 1.0, 0.6666666666666666}
        << Doubles{0.875, 0.875} << Doubles{0.8333333333333333, 0.8333333333333333} << 0.875 << 0.8333333333333333;
    QTest::newRow("threshold 0: everything positive") << Ints{0, 1, 0, 1} << 2 << binary(Doubles{0.0, 0.5, 0.5, 0.75}) << 0.0
        << Ints{0, 2, 0, 2} << 0.5
        << Doubles{0.0, 0.5} << Doubles{0.0, 1.0} << Doubles{1.0, 0.0} << Doubles{0.0, 0.6666666666666666} << Ints{2, 2}
        << Doubles{0.25, 0.5, 0.5, 0.3333333333333333} << Doubles{0.25, 0.5, 0.5, 0.3333333333333333} << Doubles{0.5, 0.5, 0.5, 0.5} << Doubles{0.5, 1.0, 0.0, 0.6666666666666666}
        << Doubles{0.875, 0.875} << Doubles{0.8333333333333333, 0.8333333333333333} << 0.875 << 0.8333333333333333;
    QTest::newRow("threshold above 1: nothing positive") << Ints{0, 1, 0, 1} << 2 << binary(Doubles{0.25, 0.5, 1.0, 0.75}) << 1.5
        << Ints{2, 0, 2, 0} << 0.5
        << Doubles{0.5, 0.0} << Doubles{1.0, 0.0} << Doubles{0.0, 1.0} << Doubles{0.6666666666666666, 0.0} << Ints{2, 2}
        << Doubles{0.25, 0.5, 0.5, 0.3333333333333333} << Doubles{0.25, 0.5, 0.5, 0.3333333333333333} << Doubles{0.5, 0.5, 0.5, 0.5} << Doubles{0.0, 0.0, 1.0, 0.0}
        << Doubles{0.5, 0.5} << Doubles{0.75, 0.5833333333333333} << 0.5 << 0.5833333333333333;
    // One class only. Class 1 never occurs: recall 0/0 -> 0, no ROC AUC, no AP;
    // class 0 is everything: specificity 0/0 -> 0, AUC undefined, AP 1.
    QTest::newRow("only negatives") << Ints{0, 0, 0} << 2 << binary(Doubles{0.2, 0.7, 0.4}) << 0.5
        << Ints{2, 1, 0, 0} << 0.6666666666666666
        << Doubles{1.0, 0.0} << Doubles{0.6666666666666666, 0.0} << Doubles{0.0, 0.6666666666666666} << Doubles{0.8, 0.0} << Ints{3, 0}
        << Doubles{0.5, 0.3333333333333333, 0.3333333333333333, 0.4} << Doubles{1.0, 0.6666666666666666, 0.0, 0.8000000000000002} << Doubles{0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 0.6666666666666666} << Doubles{0.0, 0.0, 0.6666666666666666, 0.0}
        << Doubles{undefined, undefined} << Doubles{1.0, undefined} << undefined << undefined;
    QTest::newRow("only positives") << Ints{1, 1} << 2 << binary(Doubles{0.9, 0.3}) << 0.5
        << Ints{0, 0, 1, 1} << 0.5
        << Doubles{0.0, 1.0} << Doubles{0.0, 0.5} << Doubles{0.5, 0.0} << Doubles{0.0, 0.6666666666666666} << Ints{0, 2}
        << Doubles{0.5, 0.25, 0.25, 0.3333333333333333} << Doubles{1.0, 0.5, 0.0, 0.6666666666666666} << Doubles{0.5, 0.5, 0.5, 0.5} << Doubles{1.0, 0.5, 0.0, 0.6666666666666666}
        << Doubles{undefined, undefined} << Doubles{undefined, 1.0} << undefined << 1.0;
    QTest::newRow("one sample") << Ints{1} << 2 << binary(Doubles{0.6}) << 0.5
        << Ints{0, 0, 0, 1} << 1.0
        << Doubles{0.0, 1.0} << Doubles{0.0, 1.0} << Doubles{1.0, 0.0} << Doubles{0.0, 1.0} << Ints{0, 1}
        << Doubles{0.5, 0.5, 0.5, 0.5} << Doubles{1.0, 1.0, 0.0, 1.0} << Doubles{1.0, 1.0, 1.0, 1.0} << Doubles{1.0, 1.0, 0.0, 1.0}
        << Doubles{undefined, undefined} << Doubles{undefined, 1.0} << undefined << 1.0;
    // Predictions 0 2 1 1 0 (the tie 0.4/0.4 goes to class 0). Class 2 is
    // never actual: recall 0/0 -> 0 but it still counts in the macro mean;
    // its AUC / AP are undefined, so the headline averages classes 0 and 1.
    QTest::newRow("K=3, class 2 absent, argmax tie") << Ints{0, 1, 0, 1, 0} << 3 << Doubles{0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3, 0.1, 0.8, 0.1, 0.4, 0.4, 0.2} << 0.5
        << Ints{2, 1, 0, 0, 1, 1, 0, 0, 0} << 0.6
        << Doubles{1.0, 0.5, 0.0} << Doubles{0.6666666666666666, 0.5, 0.0} << Doubles{1.0, 0.6666666666666666, 0.8} << Doubles{0.8, 0.5, 0.0} << Ints{3, 2, 0}
        << Doubles{0.5, 0.38888888888888884, 0.8222222222222223, 0.43333333333333335} << Doubles{0.8, 0.6, 0.8666666666666666, 0.68} << Doubles{0.6, 0.6, 0.8, 0.6} << Doubles{0.5, 0.38888888888888884, 0.8222222222222223, 0.43333333333333335}
        << Doubles{1.0, 0.6666666666666667, undefined} << Doubles{1.0, 0.75, undefined} << 0.8333333333333334 << 0.875;
    // 11 of 15 right; classes 3 and 7 appear nowhere, 9 only as a prediction.
    QTest::newRow("K=10, classes 3, 7, 9 absent from labels") << Ints{0, 1, 2, 4, 5, 6, 8, 0, 1, 2, 4, 5, 6, 8, 8} << 10 << tenClasses(Ints{0, 1, 2, 4, 5, 6, 8, 0, 1, 2, 4, 5, 6, 8, 8}, Ints{0, 1, 2, 4, 5, 6, 8, 1, 1, 9, 4, 0, 6, 8, 2}) << 0.5
        << Ints{1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0} << 0.7333333333333333
        << Doubles{0.5, 0.6666666666666666, 0.5, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0} << Doubles{0.5, 1.0, 0.5, 0.0, 1.0, 0.5, 1.0, 0.0, 0.6666666666666666, 0.0} << Doubles{0.9230769230769231, 0.9230769230769231, 0.9230769230769231, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9333333333333333} << Doubles{0.5, 0.8, 0.5, 0.0, 1.0, 0.6666666666666666, 1.0, 0.0, 0.8, 0.0} << Ints{2, 2, 2, 0, 2, 2, 2, 0, 3, 0}
        << Doubles{0.5666666666666667, 0.5166666666666667, 0.9702564102564104, 0.5266666666666666} << Doubles{0.8222222222222222, 0.7333333333333333, 0.9692307692307692, 0.7555555555555556} << Doubles{0.7333333333333333, 0.7333333333333333, 0.9703703703703703, 0.7333333333333333} << Doubles{0.5666666666666667, 0.5166666666666667, 0.9702564102564104, 0.5266666666666666}
        << Doubles{0.9615384615384615, 0.9999999999999999, 0.9615384615384615, undefined, 1.0, 1.0, 1.0, undefined, 1.0, undefined} << Doubles{0.8333333333333333, 1.0, 0.8333333333333333, undefined, 1.0, 1.0, 1.0, undefined, 1.0, undefined} << 0.9890109890109889 << 0.9523809523809523;
    // Empty input: every value 0, the K x K zero matrix, AUCs undefined.
    QTest::newRow("empty, K=2") << Ints{} << 2 << Doubles{} << 0.5 << Ints{0, 0, 0, 0} << 0.0
        << Doubles{0, 0} << Doubles{0, 0} << Doubles{0, 0} << Doubles{0, 0} << Ints{0, 0}
        << Doubles{0, 0, 0, 0} << Doubles{0, 0, 0, 0} << Doubles{0, 0, 0, 0} << Doubles{0, 0, 0, 0}
        << Doubles{undefined, undefined} << Doubles{undefined, undefined} << undefined << undefined;
    QTest::newRow("empty, K=3") << Ints{} << 3 << Doubles{} << 0.5 << Ints{0, 0, 0, 0, 0, 0, 0, 0, 0} << 0.0
        << Doubles{0, 0, 0} << Doubles{0, 0, 0} << Doubles{0, 0, 0} << Doubles{0, 0, 0} << Ints{0, 0, 0}
        << Doubles{0, 0, 0, 0} << Doubles{0, 0, 0, 0} << Doubles{0, 0, 0, 0} << Doubles{0, 0, 0, 0}
        << Doubles{undefined, undefined, undefined} << Doubles{undefined, undefined, undefined} << undefined
        << undefined;
}

void TestMetricsClassification::report()
{
    QFETCH(Ints, labels);
    QFETCH(int, classes);
    QFETCH(Doubles, probabilities);
    QFETCH(double, threshold);
    QFETCH(Ints, confusion);
    QFETCH(double, accuracy);
    QFETCH(Doubles, precision);
    QFETCH(Doubles, recall);
    QFETCH(Doubles, specificity);
    QFETCH(Doubles, f1);
    QFETCH(Ints, support);
    QFETCH(Doubles, macro);
    QFETCH(Doubles, weighted);
    QFETCH(Doubles, micro);
    QFETCH(Doubles, headline);
    QFETCH(Doubles, perClassAuc);
    QFETCH(Doubles, perClassAp);
    QFETCH(double, auc);
    QFETCH(double, ap);

    const hs::ClassificationReport r =
        hs::evaluateClassification(toIndexVector(labels), toMatrix(classes, probabilities), threshold);
    QCOMPARE(r.classes, classes);
    QCOMPARE(r.samples, std::int64_t(labels.size()));
    QCOMPARE(r.threshold, threshold);
    QCOMPARE(r.confusion.rows(), Eigen::Index(classes));
    QCOMPARE(r.confusion.cols(), Eigen::Index(classes));
    for (int i = 0; i < classes; ++i)
        for (int j = 0; j < classes; ++j)
            QCOMPARE(r.confusion(i, j), std::int64_t(confusion[static_cast<std::size_t>(i * classes + j)]));
    HS_COMPARE_NEAR(r.accuracy, accuracy);

    QCOMPARE(r.perClass.size(), std::size_t(classes));
    for (std::size_t k = 0; k < r.perClass.size(); ++k) {
        HS_COMPARE_NEAR(r.perClass[k].precision, precision[k]);
        HS_COMPARE_NEAR(r.perClass[k].recall, recall[k]);
        HS_COMPARE_NEAR(r.perClass[k].specificity, specificity[k]);
        HS_COMPARE_NEAR(r.perClass[k].f1, f1[k]);
        QCOMPARE(r.perClass[k].support, std::int64_t(support[k]));
    }
    HS_COMPARE_VECTOR(asVector(r.macro), macro);
    HS_COMPARE_VECTOR(asVector(r.weighted), weighted);
    HS_COMPARE_VECTOR(asVector(r.micro), micro);
    HS_COMPARE_VECTOR((Doubles{r.precision, r.recall, r.specificity, r.f1}), headline);

    QCOMPARE(r.perClassRocAuc.size(), std::size_t(classes));
    QCOMPARE(r.perClassAveragePrecision.size(), std::size_t(classes));
    for (std::size_t k = 0; k < r.perClassRocAuc.size(); ++k) {
        HS_COMPARE_NEAR(r.perClassRocAuc[k], perClassAuc[k]);
        HS_COMPARE_NEAR(r.perClassAveragePrecision[k], perClassAp[k]);
    }
    HS_COMPARE_NEAR(r.rocAuc, auc);
    HS_COMPARE_NEAR(r.averagePrecision, ap);
}

void TestMetricsClassification::microEqualsAccuracy()
{
    // Single-label data: micro precision = recall = F1 = accuracy, exactly,
    // for every K and threshold (FP and FN both count each mistake once).
    const Ints labels{0, 2, 1, 1, 0, 2, 2, 1, 0, 1, 2};
    for (const int classes : {3, 5}) {
        Doubles values;
        for (std::size_t s = 0; s < labels.size(); ++s)
            for (int c = 0; c < classes; ++c)
                values.push_back(static_cast<double>((s * 7 + static_cast<std::size_t>(c) * 3) % 11));
        const auto r = hs::evaluateClassification(toIndexVector(labels), toMatrix(classes, values));
        QVERIFY(r.accuracy > 0 && r.accuracy < 1);
        QCOMPARE(r.micro.precision, r.accuracy);
        QCOMPARE(r.micro.recall, r.accuracy);
        QCOMPARE(r.micro.f1, r.accuracy);
    }
    for (const double threshold : {0.0, 0.3, 0.5, 0.7, 1.0}) {
        const Ints y{0, 1, 1, 0, 1, 0, 0};
        const auto r = hs::evaluateClassification(
            toIndexVector(y), toMatrix(2, binary({0.1, 0.3, 0.7, 0.5, 0.9, 0.7, 0.2})), threshold);
        QCOMPARE(r.micro.precision, r.accuracy);
        QCOMPARE(r.micro.recall, r.accuracy);
        QCOMPARE(r.micro.f1, r.accuracy);
    }
}

void TestMetricsClassification::predictClasses_data()
{
    QTest::addColumn<int>("classes");
    QTest::addColumn<Doubles>("probabilities");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<Ints>("expected");

    QTest::newRow("binary, p(1) == threshold is class 1")
        << 2 << binary({0.25, 0.5, 0.75, 0.4999}) << 0.5 << Ints{0, 1, 1, 0};
    QTest::newRow("binary, threshold 0.75") << 2 << binary({0.25, 0.5, 0.75, 1.0}) << 0.75 << Ints{0, 0, 1, 1};
    QTest::newRow("binary, threshold 0: all 1") << 2 << binary({0.0, 0.5}) << 0.0 << Ints{1, 1};
    QTest::newRow("binary, threshold above 1: all 0") << 2 << binary({1.0, 0.5}) << 1.01 << Ints{0, 0};
    // float(0.3) > 0.3 as doubles: the float probability is compared exactly.
    QTest::newRow("binary, float vs double threshold") << 2 << binary({0.3}) << 0.3 << Ints{1};
    QTest::newRow("K=3 argmax, ties to the lowest index, threshold ignored")
        << 3 << Doubles{0.2, 0.5, 0.3, 0.4, 0.4, 0.2, 0.3, 0.3, 0.4, 1.0 / 3, 1.0 / 3, 1.0 / 3} << 0.9
        << Ints{1, 0, 2, 0};
    QTest::newRow("empty") << 2 << Doubles{} << 0.5 << Ints{};
}

void TestMetricsClassification::predictClasses()
{
    QFETCH(int, classes);
    QFETCH(Doubles, probabilities);
    QFETCH(double, threshold);
    QFETCH(Ints, expected);
    const hs::IndexVector predicted = hs::predictClasses(toMatrix(classes, probabilities), threshold);
    QCOMPARE(predicted.size(), Eigen::Index(expected.size()));
    for (Eigen::Index s = 0; s < predicted.size(); ++s)
        QCOMPARE(predicted[s], expected[static_cast<std::size_t>(s)]);
}

void TestMetricsClassification::reportFromConfusion()
{
    // The counts-only part of the report equals the one built from samples.
    const Ints labels{0, 1, 0, 1, 0};
    const Doubles columns{0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3, 0.1, 0.8, 0.1, 0.4, 0.4, 0.2};
    const auto full = hs::evaluateClassification(toIndexVector(labels), toMatrix(3, columns));
    const auto counts = hs::reportFromConfusion(full.confusion);
    QCOMPARE(counts.samples, full.samples);
    QCOMPARE(counts.accuracy, full.accuracy);
    QCOMPARE(asVector(counts.macro), asVector(full.macro));
    QCOMPARE(asVector(counts.weighted), asVector(full.weighted));
    QCOMPARE(asVector(counts.micro), asVector(full.micro));
    QCOMPARE(counts.f1, full.f1);
    QVERIFY(!counts.rocAuc && !counts.averagePrecision);

    const auto zero = hs::reportFromConfusion(hs::CountMatrix::Zero(4, 4));
    QCOMPARE(zero.classes, 4);
    QCOMPARE(zero.accuracy, 0.0);
    QCOMPARE(zero.macro.f1, 0.0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::reportFromConfusion(hs::CountMatrix::Zero(2, 3)));
    hs::CountMatrix negative = hs::CountMatrix::Zero(2, 2);
    negative(0, 1) = -1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::reportFromConfusion(negative));
}

void TestMetricsClassification::rejectsBadInput()
{
    const auto y = toIndexVector({0, 1});
    const auto p = toMatrix(2, binary({0.2, 0.8}));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::evaluateClassification(toIndexVector({0}), p));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::evaluateClassification(toIndexVector({0, 2}), p));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::evaluateClassification(toIndexVector({-1, 1}), p));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::evaluateClassification(y, toMatrix(1, {0.2, 0.8})));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::evaluateClassification(y, p, nan));
    hs::MatrixD withNan = p;
    withNan(0, 1) = std::numeric_limits<float>::quiet_NaN();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::evaluateClassification(y, withNan));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::predictClasses(withNan));
    hs::MatrixD withInf = p;
    withInf(1, 0) = std::numeric_limits<float>::infinity();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::evaluateClassification(y, withInf));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::predictClasses(toMatrix(1, {0.2, 0.8})));
}

QTEST_APPLESS_MAIN(TestMetricsClassification)
#include "test_metrics_classification.moc"
