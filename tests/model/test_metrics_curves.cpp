// ROC and precision-recall curves, their areas and the operating point.
// Expected values worked out by hand (see the comments) and checked against
// Debian's scikit-learn 1.2.1: roc_curve(y, s, drop_intermediate=True/False),
// precision_recall_curve(y, s), roc_auc_score(y, s), average_precision_score(y, s).
// sklearn 1.2 puts max(s) + 1 as the first ROC threshold; we use +inf (as
// sklearn >= 1.3 does). Where sklearn raises or returns NaN we expect an empty
// curve and nullopt (NaN in the rows).

#include "metrics/curves.h"
#include "metrics_testing.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

using Doubles = std::vector<double>;
using Ints = std::vector<int>;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double undefined = hs::testing::kUndefined;
} // namespace

class TestMetricsCurves : public QObject {
    Q_OBJECT

private slots:
    void curves_data();
    void curves();
    void operatingPoint_data();
    void operatingPoint();
    void operatingPointLiesOnTheCurves();
    void trapezoidArea_data();
    void trapezoidArea();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void millionSamples();
    void macroAverageRoc();
};

void TestMetricsCurves::curves_data()
{
    QTest::addColumn<Ints>("positive");
    QTest::addColumn<Doubles>("scores");
    QTest::addColumn<Doubles>("fpr"); // drop_intermediate=True
    QTest::addColumn<Doubles>("tpr");
    QTest::addColumn<Doubles>("rocThresholds");
    QTest::addColumn<Doubles>("fullFpr"); // drop_intermediate=False
    QTest::addColumn<Doubles>("fullTpr");
    QTest::addColumn<Doubles>("fullThresholds");
    QTest::addColumn<Doubles>("precision");
    QTest::addColumn<Doubles>("recall");
    QTest::addColumn<Doubles>("prThresholds");
    QTest::addColumn<double>("auc");
    QTest::addColumn<double>("ap");

    // Both positives above both negatives. (FP, TP) by decreasing score:
    // (0,1) (0,2) (1,2) (2,2); (1,2) is collinear with its neighbours: dropped.
    QTest::newRow("perfect") << Ints{0, 0, 1, 1} << Doubles{0.1, 0.2, 0.8, 0.9}
        << Doubles{0, 0, 0, 1} << Doubles{0, 0.5, 1, 1} << Doubles{inf, 0.9, 0.8, 0.1}
        << Doubles{0, 0, 0, 0.5, 1} << Doubles{0, 0.5, 1, 1, 1} << Doubles{inf, 0.9, 0.8, 0.2, 0.1}
        << Doubles{0.5, 2.0 / 3, 1, 1, 1} << Doubles{1, 1, 1, 0.5, 0} << Doubles{0.1, 0.2, 0.8, 0.9}
        << 1.0 << 1.0;
    // AP: both negatives first, then recall 1/2 at precision 1/3 and 2/2 at 2/4:
    // 0.5 * 1/3 + 0.5 * 1/2 = 5/12.
    QTest::newRow("inverted") << Ints{0, 0, 1, 1} << Doubles{0.9, 0.8, 0.2, 0.1}
        << Doubles{0, 0.5, 1, 1} << Doubles{0, 0, 0, 1} << Doubles{inf, 0.9, 0.8, 0.1}
        << Doubles{0, 0.5, 1, 1, 1} << Doubles{0, 0, 0, 0.5, 1} << Doubles{inf, 0.9, 0.8, 0.2, 0.1}
        << Doubles{0.5, 1.0 / 3, 0, 0, 1} << Doubles{1, 0.5, 0, 0, 0} << Doubles{0.1, 0.2, 0.8, 0.9}
        << 0.0 << 5.0 / 12;
    // One threshold: the diagonal; AP = precision of "all positive" = 3/5.
    QTest::newRow("all tied") << Ints{0, 1, 0, 1, 1} << Doubles{0.5, 0.5, 0.5, 0.5, 0.5}
        << Doubles{0, 1} << Doubles{0, 1} << Doubles{inf, 0.5}
        << Doubles{0, 1} << Doubles{0, 1} << Doubles{inf, 0.5}
        << Doubles{0.6, 1} << Doubles{1, 0} << Doubles{0.5}
        << 0.5 << 0.6;
    // The example of sklearn's documentation: AUC 3/4, AP = 1/2 * 1 + 1/2 * 2/3 = 5/6.
    QTest::newRow("sklearn example") << Ints{0, 0, 1, 1} << Doubles{0.1, 0.4, 0.35, 0.8}
        << Doubles{0, 0, 0.5, 0.5, 1} << Doubles{0, 0.5, 0.5, 1, 1} << Doubles{inf, 0.8, 0.4, 0.35, 0.1}
        << Doubles{0, 0, 0.5, 0.5, 1} << Doubles{0, 0.5, 0.5, 1, 1} << Doubles{inf, 0.8, 0.4, 0.35, 0.1}
        << Doubles{0.5, 2.0 / 3, 0.5, 1, 1} << Doubles{1, 1, 0.5, 0.5, 0} << Doubles{0.1, 0.35, 0.4, 0.8}
        << 0.75 << 5.0 / 6;
    // Groups 0.9{+} 0.7{-,+,-} 0.4{+,-} 0.2{-} 0.1{+}: (FP,TP) = (0,1) (2,2)
    // (3,3) (4,3) (4,4) with P = N = 4. AUC by trapezoids
    // 0.5*(0.25+0.5)/2 + 0.25*(0.5+0.75)/2 + 0.25*0.75 = 0.53125;
    // AP = 0.25 * (1 + 2/4 + 3/6 + 4/8) = 0.625.
    QTest::newRow("partial ties") << Ints{1, 0, 1, 0, 1, 0, 0, 1} << Doubles{0.9, 0.7, 0.7, 0.7, 0.4, 0.4, 0.2, 0.1}
        << Doubles{0, 0, 0.5, 0.75, 1, 1} << Doubles{0, 0.25, 0.5, 0.75, 0.75, 1}
        << Doubles{inf, 0.9, 0.7, 0.4, 0.2, 0.1}
        << Doubles{0, 0, 0.5, 0.75, 1, 1} << Doubles{0, 0.25, 0.5, 0.75, 0.75, 1}
        << Doubles{inf, 0.9, 0.7, 0.4, 0.2, 0.1}
        << Doubles{0.5, 3.0 / 7, 0.5, 0.5, 1, 1} << Doubles{1, 0.75, 0.75, 0.5, 0.25, 0}
        << Doubles{0.1, 0.2, 0.4, 0.7, 0.9}
        << 0.53125 << 0.625;
    // (0,1) (0,2) (0,3) (1,3) (2,3) (3,3): second differences vanish at (0,2),
    // (1,3) and (2,3), so drop_intermediate keeps (0,1) (0,3) (3,3).
    QTest::newRow("collinear points dropped") << Ints{1, 1, 1, 0, 0, 0} << Doubles{0.9, 0.8, 0.7, 0.3, 0.2, 0.1}
        << Doubles{0, 0, 0, 1} << Doubles{0, 1.0 / 3, 1, 1} << Doubles{inf, 0.9, 0.7, 0.1}
        << Doubles{0, 0, 0, 0, 1.0 / 3, 2.0 / 3, 1} << Doubles{0, 1.0 / 3, 2.0 / 3, 1, 1, 1, 1}
        << Doubles{inf, 0.9, 0.8, 0.7, 0.3, 0.2, 0.1}
        << Doubles{0.5, 0.6, 0.75, 1, 1, 1, 1} << Doubles{1, 1, 1, 1, 2.0 / 3, 1.0 / 3, 0}
        << Doubles{0.1, 0.2, 0.3, 0.7, 0.8, 0.9}
        << 1.0 << 1.0;
    // AP with ties: the positive at 0.1 never counts, the tie group {+,-,+}
    // at 0.5 is one step to recall 1 at precision 2/3.
    QTest::newRow("AP with ties") << Ints{1, 0, 1, 0} << Doubles{0.5, 0.5, 0.5, 0.1}
        << Doubles{0, 0.5, 1} << Doubles{0, 1, 1} << Doubles{inf, 0.5, 0.1}
        << Doubles{0, 0.5, 1} << Doubles{0, 1, 1} << Doubles{inf, 0.5, 0.1}
        << Doubles{0.5, 2.0 / 3, 1} << Doubles{1, 1, 0} << Doubles{0.1, 0.5}
        << 0.75 << 2.0 / 3;
    // Scores need not be probabilities. AUC: of the 6 (positive, negative)
    // pairs 5 are ordered and the tie at -1 counts 1/2: 5.5 / 6 = 11/12.
    // AP = (1 + 1 + 3/4) / 3 = 11/12 (the tie group at -1 is {+, -}).
    QTest::newRow("negative and tiny scores") << Ints{0, 1, 1, 0, 1} << Doubles{-2.5, 3.0, -1.0, -1.0, 1e-300}
        << Doubles{0, 0, 0, 0.5, 1} << Doubles{0, 1.0 / 3, 2.0 / 3, 1, 1} << Doubles{inf, 3.0, 1e-300, -1.0, -2.5}
        << Doubles{0, 0, 0, 0.5, 1} << Doubles{0, 1.0 / 3, 2.0 / 3, 1, 1} << Doubles{inf, 3.0, 1e-300, -1.0, -2.5}
        << Doubles{0.6, 0.75, 1, 1, 1} << Doubles{1, 1, 2.0 / 3, 1.0 / 3, 0} << Doubles{-2.5, -1.0, 1e-300, 3.0}
        << 11.0 / 12 << 11.0 / 12;
    // Single class: ROC undefined (sklearn: NaN rates, roc_auc_score raises).
    // Only positives: precision 1 everywhere, AP 1.
    QTest::newRow("only positives") << Ints{1, 1, 1} << Doubles{0.2, 0.5, 0.5}
        << Doubles{} << Doubles{} << Doubles{} << Doubles{} << Doubles{} << Doubles{}
        << Doubles{1, 1, 1} << Doubles{1, 2.0 / 3, 0} << Doubles{0.2, 0.5}
        << undefined << 1.0;
    // Only negatives: recall undefined (sklearn warns, sets it to 1, AP -0.0).
    QTest::newRow("only negatives") << Ints{0, 0, 0} << Doubles{0.2, 0.5, 0.5}
        << Doubles{} << Doubles{} << Doubles{} << Doubles{} << Doubles{} << Doubles{}
        << Doubles{} << Doubles{} << Doubles{} << undefined << undefined;
    QTest::newRow("empty") << Ints{} << Doubles{}
        << Doubles{} << Doubles{} << Doubles{} << Doubles{} << Doubles{} << Doubles{}
        << Doubles{} << Doubles{} << Doubles{} << undefined << undefined;
    QTest::newRow("one positive sample") << Ints{1} << Doubles{0.3}
        << Doubles{} << Doubles{} << Doubles{} << Doubles{} << Doubles{} << Doubles{}
        << Doubles{1, 1} << Doubles{1, 0} << Doubles{0.3} << undefined << 1.0;
    QTest::newRow("one negative sample") << Ints{0} << Doubles{0.3}
        << Doubles{} << Doubles{} << Doubles{} << Doubles{} << Doubles{} << Doubles{}
        << Doubles{} << Doubles{} << Doubles{} << undefined << undefined;
}

void TestMetricsCurves::curves()
{
    QFETCH(Ints, positive);
    QFETCH(Doubles, scores);
    QFETCH(Doubles, fpr);
    QFETCH(Doubles, tpr);
    QFETCH(Doubles, rocThresholds);
    QFETCH(Doubles, fullFpr);
    QFETCH(Doubles, fullTpr);
    QFETCH(Doubles, fullThresholds);
    QFETCH(Doubles, precision);
    QFETCH(Doubles, recall);
    QFETCH(Doubles, prThresholds);
    QFETCH(double, auc);
    QFETCH(double, ap);

    const hs::RocCurve roc = hs::rocCurve(positive, scores);
    HS_COMPARE_VECTOR(roc.fpr, fpr);
    HS_COMPARE_VECTOR(roc.tpr, tpr);
    HS_COMPARE_VECTOR(roc.thresholds, rocThresholds);

    const hs::RocCurve full = hs::rocCurve(positive, scores, false);
    HS_COMPARE_VECTOR(full.fpr, fullFpr);
    HS_COMPARE_VECTOR(full.tpr, fullTpr);
    HS_COMPARE_VECTOR(full.thresholds, fullThresholds);

    const hs::PrCurve pr = hs::precisionRecallCurve(positive, scores);
    HS_COMPARE_VECTOR(pr.precision, precision);
    HS_COMPARE_VECTOR(pr.recall, recall);
    HS_COMPARE_VECTOR(pr.thresholds, prThresholds);

    HS_COMPARE_NEAR(hs::rocAuc(positive, scores), auc);
    HS_COMPARE_NEAR(hs::averagePrecision(positive, scores), ap);
    const hs::RankingAreas areas = hs::rankingAreas(positive, scores);
    HS_COMPARE_NEAR(areas.rocAuc, auc);
    HS_COMPARE_NEAR(areas.averagePrecision, ap);

    // The AUC is the trapezoid area of either curve.
    if (!std::isnan(auc)) {
        HS_COMPARE_NEAR(hs::trapezoidArea(roc.fpr, roc.tpr), auc);
        HS_COMPARE_NEAR(hs::trapezoidArea(full.fpr, full.tpr), auc);
    }
}

void TestMetricsCurves::operatingPoint_data()
{
    QTest::addColumn<Ints>("positive");
    QTest::addColumn<Doubles>("scores");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<double>("fpr");
    QTest::addColumn<double>("tpr");
    QTest::addColumn<double>("precision");

    const Ints y{0, 1, 0, 1, 1, 0};
    const Doubles s{0.1, 0.4, 0.4, 0.8, 0.35, 0.9};
    // >= 0.4 selects 0.4, 0.4, 0.8, 0.9: TP 2 (of 3), FP 2 (of 3).
    QTest::newRow("threshold equal to a score") << y << s << 0.4 << 2.0 / 3 << 2.0 / 3 << 0.5;
    QTest::newRow("just above a score") << y << s << std::nextafter(0.4, 1.0) << 1.0 / 3 << 1.0 / 3 << 0.5;
    QTest::newRow("just below a score") << y << s << std::nextafter(0.35, 0.0) << 2.0 / 3 << 1.0 << 0.6;
    QTest::newRow("at the lowest score") << y << s << 0.1 << 1.0 << 1.0 << 0.5;
    QTest::newRow("+inf: nothing positive") << y << s << inf << 0.0 << 0.0 << 0.0;
    QTest::newRow("-inf: everything positive") << y << s << -inf << 1.0 << 1.0 << 0.5;
    QTest::newRow("threshold 0 with a zero score") << Ints{1, 0} << Doubles{0.0, -0.0} << 0.0 << 1.0 << 1.0 << 0.5;
    QTest::newRow("only positives") << Ints{1, 1} << Doubles{0.2, 0.7} << 0.5 << 0.0 << 0.5 << 1.0;
    QTest::newRow("only negatives") << Ints{0, 0} << Doubles{0.2, 0.7} << 0.5 << 0.5 << 0.0 << 0.0;
    QTest::newRow("empty") << Ints{} << Doubles{} << 0.5 << 0.0 << 0.0 << 0.0;
}

void TestMetricsCurves::operatingPoint()
{
    QFETCH(Ints, positive);
    QFETCH(Doubles, scores);
    QFETCH(double, threshold);
    QFETCH(double, fpr);
    QFETCH(double, tpr);
    QFETCH(double, precision);

    const hs::OperatingPoint point = hs::operatingPoint(positive, scores, threshold);
    QCOMPARE(point.threshold, threshold);
    HS_COMPARE_NEAR(point.fpr, fpr);
    HS_COMPARE_NEAR(point.tpr, tpr);
    HS_COMPARE_NEAR(point.recall, tpr);
    HS_COMPARE_NEAR(point.precision, precision);
}

void TestMetricsCurves::operatingPointLiesOnTheCurves()
{
    // Every curve threshold, fed back to operatingPoint, lands on its point.
    const Ints y{1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1};
    const Doubles s{0.9, 0.9, 0.8, 0.6, 0.6, 0.6, 0.5, 0.3, 0.3, 0.2, 0.1, 0.1};
    const hs::RocCurve roc = hs::rocCurve(y, s, false);
    for (std::size_t i = 0; i < roc.thresholds.size(); ++i) {
        const hs::OperatingPoint p = hs::operatingPoint(y, s, roc.thresholds[i]);
        HS_COMPARE_NEAR(p.fpr, roc.fpr[i]);
        HS_COMPARE_NEAR(p.tpr, roc.tpr[i]);
    }
    const hs::PrCurve pr = hs::precisionRecallCurve(y, s);
    for (std::size_t i = 0; i < pr.thresholds.size(); ++i) {
        const hs::OperatingPoint p = hs::operatingPoint(y, s, pr.thresholds[i]);
        HS_COMPARE_NEAR(p.precision, pr.precision[i]);
        HS_COMPARE_NEAR(p.recall, pr.recall[i]);
    }
}

void TestMetricsCurves::trapezoidArea_data()
{
    QTest::addColumn<Doubles>("x");
    QTest::addColumn<Doubles>("y");
    QTest::addColumn<double>("area");

    QTest::newRow("increasing") << Doubles{0, 1, 3} << Doubles{1, 3, 3} << 8.0; // 2 + 6
    QTest::newRow("decreasing x counts positive") << Doubles{3, 1, 0} << Doubles{3, 3, 1} << 8.0;
    QTest::newRow("vertical step") << Doubles{0, 0, 1} << Doubles{0, 1, 1} << 1.0;
    QTest::newRow("one point") << Doubles{0.5} << Doubles{2} << 0.0;
    QTest::newRow("no points") << Doubles{} << Doubles{} << 0.0;
}

void TestMetricsCurves::trapezoidArea()
{
    QFETCH(Doubles, x);
    QFETCH(Doubles, y);
    QFETCH(double, area);
    HS_COMPARE_NEAR(hs::trapezoidArea(x, y), area);
}

void TestMetricsCurves::rejectsBadInput_data()
{
    QTest::addColumn<Ints>("positive");
    QTest::addColumn<Doubles>("scores");

    QTest::newRow("NaN score") << Ints{0, 1} << Doubles{0.5, std::numeric_limits<double>::quiet_NaN()};
    QTest::newRow("+inf score") << Ints{0, 1} << Doubles{inf, 0.5};
    QTest::newRow("-inf score") << Ints{0, 1} << Doubles{0.5, -inf};
    QTest::newRow("label 2") << Ints{0, 2} << Doubles{0.5, 0.6};
    QTest::newRow("label -1") << Ints{-1, 1} << Doubles{0.5, 0.6};
    QTest::newRow("size mismatch") << Ints{0, 1} << Doubles{0.5};
}

void TestMetricsCurves::rejectsBadInput()
{
    QFETCH(Ints, positive);
    QFETCH(Doubles, scores);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::rocCurve(positive, scores));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::rocCurve(positive, scores, false));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::precisionRecallCurve(positive, scores));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::rocAuc(positive, scores));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::averagePrecision(positive, scores));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::rankingAreas(positive, scores));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::operatingPoint(positive, scores, 0.5));
}

void TestMetricsCurves::millionSamples()
{
    // n = 10^6 with 1000 distinct scores: must be quick (one sort) and the
    // integer-count AUC must agree with the trapezoid over the full curve.
    const std::size_t n = 1'000'000;
    Ints y(n);
    Doubles s(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t level = (i * 7919) % 1000;
        s[i] = static_cast<double>(level) / 1000;
        y[i] = ((i * 104729) % 1000) < 200 + level / 2 ? 1 : 0;
    }
    QElapsedTimer timer;
    timer.start();
    const hs::RocCurve roc = hs::rocCurve(y, s, false);
    const auto auc = hs::rocAuc(y, s);
    const auto ap = hs::averagePrecision(y, s);
    const hs::PrCurve pr = hs::precisionRecallCurve(y, s);
    qInfo("4 passes over 10^6 samples: %lld ms", static_cast<long long>(timer.elapsed()));
    QVERIFY(auc.has_value() && ap.has_value());
    QCOMPARE(roc.fpr.size(), std::size_t(1001));
    QCOMPARE(pr.thresholds.size(), std::size_t(1000));
    HS_COMPARE_NEAR(hs::trapezoidArea(roc.fpr, roc.tpr), *auc);
    double stepSum = 0; // AP from the curve itself: sum of (R_n - R_{n+1}) P_n
    for (std::size_t i = 0; i + 1 < pr.recall.size(); ++i)
        stepSum += (pr.recall[i] - pr.recall[i + 1]) * pr.precision[i];
    QVERIFY(std::abs(stepSum - *ap) < 1e-10);
}

void TestMetricsCurves::macroAverageRoc()
{
    // Grid {0, 0.25, 0.5, 1}. A jumps at fpr 0 to 0.5 (numpy.interp takes
    // the top of the step there), B rises linearly to 1 at 0.25:
    //   A: 0.5 0.5 0.5 1,  B: 0 1 1 1,  mean 0.25 0.75 0.75 1
    // (checked with numpy.interp). The empty curve (one class) is left out.
    const hs::RocCurve a{{0, 0, 0.5, 1}, {0, 0.5, 0.5, 1}, {}};
    const hs::RocCurve b{{0, 0.25, 1}, {0, 1, 1}, {}};
    const hs::RocCurve m = hs::macroAverageRoc({a, hs::RocCurve{}, b});
    QCOMPARE(m.fpr, (Doubles{0, 0.25, 0.5, 1}));
    QCOMPARE(m.tpr, (Doubles{0.25, 0.75, 0.75, 1}));
    QVERIFY(m.thresholds.empty());
    // Repeated fpr at the end: the last value (numpy.interp([0, 1], [0, 0, 1, 1], [0, .3, .6, 1]) = [.3, 1]).
    const hs::RocCurve c{{0, 0, 1, 1}, {0, 0.3, 0.6, 1}, {}};
    const hs::RocCurve mc = hs::macroAverageRoc({c});
    QCOMPARE(mc.fpr, (Doubles{0, 1}));
    QCOMPARE(mc.tpr, (Doubles{0.3, 1}));
    QVERIFY(hs::macroAverageRoc({}).fpr.empty());
    QVERIFY(hs::macroAverageRoc({hs::RocCurve{}}).tpr.empty());
}

QTEST_APPLESS_MAIN(TestMetricsCurves)
#include "test_metrics_curves.moc"
