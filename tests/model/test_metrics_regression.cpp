// Regression metrics. Expected values worked out by hand and checked against
// Debian's scikit-learn 1.2.1 on the transposed arrays (sklearn wants samples
// x outputs): mean_squared_error(T, P), mean_squared_error(T, P,
// squared=False), mean_absolute_error(T, P), r2_score(T, P), all with the
// default multioutput="uniform_average".

#include "metrics/regression.h"
#include "metrics_testing.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

using Rows = std::vector<std::vector<double>>; // one row per output

namespace {

hs::Matrix toMatrix(const Rows& rows)
{
    const auto outputs = static_cast<Eigen::Index>(rows.size());
    const Eigen::Index n = rows.empty() ? 0 : static_cast<Eigen::Index>(rows[0].size());
    hs::Matrix m(outputs, n);
    for (Eigen::Index j = 0; j < outputs; ++j)
        for (Eigen::Index s = 0; s < n; ++s)
            m(j, s) = static_cast<float>(rows[static_cast<std::size_t>(j)][static_cast<std::size_t>(s)]);
    return m;
}

} // namespace

class TestMetricsRegression : public QObject {
    Q_OBJECT

private slots:
    void report_data();
    void report();
    void rejectsBadInput();
};

void TestMetricsRegression::report_data()
{
    QTest::addColumn<Rows>("targets");
    QTest::addColumn<Rows>("predictions");
    QTest::addColumn<double>("mse");
    QTest::addColumn<double>("rmse");
    QTest::addColumn<double>("mae");
    QTest::addColumn<double>("r2");

    QTest::newRow("perfect") << Rows{{1, 2, 3}} << Rows{{1, 2, 3}} << 0.0 << 0.0 << 0.0 << 1.0;
    // sklearn's documentation example: errors 0.5 0.5 0 1; SS_tot = 29.1875
    // around the mean 2.875, so r2 = 1 - 1.5 / 29.1875.
    QTest::newRow("sklearn example") << Rows{{3, -0.5, 2, 7}} << Rows{{2.5, 0.0, 2, 8}} << 0.375
                                     << 0.6123724356957945 << 0.5 << 0.9486081370449679;
    // Reversed predictions: SS_res = 8, SS_tot = 2, r2 = -3 (no clipping at 0).
    QTest::newRow("worse than the mean") << Rows{{1, 2, 3}} << Rows{{3, 2, 1}} << 8.0 / 3
                                         << 1.632993161855452 << 4.0 / 3 << -3.0;
    // Constant targets: SS_tot = 0; force_finite gives 0 (imperfect) or 1.
    QTest::newRow("constant targets, imperfect") << Rows{{2, 2, 2}} << Rows{{2, 2, 3}} << 1.0 / 3
                                                 << 0.5773502691896257 << 1.0 / 3 << 0.0;
    QTest::newRow("constant targets, perfect") << Rows{{2, 2, 2}} << Rows{{2, 2, 2}} << 0.0 << 0.0 << 0.0 << 1.0;
    // 0.1 is not representable: the float targets must still count as
    // exactly constant (sklearn agrees: r2 0.0, not a huge negative number).
    QTest::newRow("constant targets 0.1f") << Rows{{0.1, 0.1, 0.1}} << Rows{{0.1, 0.1, 0.2}}
                                           << 0.003333333432674409 << 0.05773502777928152
                                           << 0.033333333830038704 << 0.0;
    // Two outputs, sklearn's example: every metric is the mean of the
    // per-output values, so rmse = (sqrt(0.41667) + sqrt(1)) / 2, which is
    // not sqrt(mse) = 0.8416.
    QTest::newRow("two outputs") << Rows{{0.5, -1, 7}, {1, 1, -6}} << Rows{{0, -1, 8}, {2, 2, -5}}
                                 << 0.7083333333333334 << 0.8227486121839513 << 0.75 << 0.9368005266622779;
    // Second output constant and imperfect: r2 = (0.96544 + 0) / 2.
    QTest::newRow("two outputs, one constant") << Rows{{0.5, -1, 7}, {4, 4, 4}} << Rows{{0, -1, 8}, {4, 5, 4}}
                                               << 0.375 << 0.6114237467787642 << 0.41666666666666663
                                               << 0.4827188940092166;
    // One sample: sklearn's r2 is NaN (undefined); we treat it as constant targets.
    QTest::newRow("one sample, wrong") << Rows{{1}} << Rows{{2}} << 1.0 << 1.0 << 1.0 << 0.0;
    QTest::newRow("one sample, right") << Rows{{1}} << Rows{{1}} << 0.0 << 0.0 << 0.0 << 1.0;
    QTest::newRow("empty") << Rows{{}} << Rows{{}} << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("no outputs") << Rows{} << Rows{} << 0.0 << 0.0 << 0.0 << 0.0;
}

void TestMetricsRegression::report()
{
    QFETCH(Rows, targets);
    QFETCH(Rows, predictions);
    QFETCH(double, mse);
    QFETCH(double, rmse);
    QFETCH(double, mae);
    QFETCH(double, r2);

    const hs::Matrix t = toMatrix(targets);
    const hs::RegressionReport r = hs::evaluateRegression(t, toMatrix(predictions));
    QCOMPARE(r.samples, std::int64_t(t.cols()));
    HS_COMPARE_NEAR(r.mse, mse);
    HS_COMPARE_NEAR(r.rmse, rmse);
    HS_COMPARE_NEAR(r.mae, mae);
    HS_COMPARE_NEAR(r.r2, r2);
}

void TestMetricsRegression::rejectsBadInput()
{
    const hs::Matrix a = toMatrix({{1, 2, 3}});
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::evaluateRegression(a, toMatrix({{1, 2}})));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::evaluateRegression(a, toMatrix({{1, 2, 3}, {1, 2, 3}})));
    hs::Matrix withNan = a;
    withNan(0, 1) = std::numeric_limits<float>::quiet_NaN();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::evaluateRegression(a, withNan));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::evaluateRegression(withNan, a));
    hs::Matrix withInf = a;
    withInf(0, 2) = -std::numeric_limits<float>::infinity();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::evaluateRegression(a, withInf));
}

QTEST_APPLESS_MAIN(TestMetricsRegression)
#include "test_metrics_regression.moc"
