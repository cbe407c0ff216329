// Display decimation (train/decimate.h): bounded output, first and last
// points kept, every bucket's extremes kept, order preserved.

#include "train/decimate.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using hs::decimate;
using hs::decimationIndices;
using hs::XYPoint;

class TestTrainDecimate : public QObject {
    Q_OBJECT

private slots:
    void shortSeriesUnchanged_data();
    void shortSeriesUnchanged();
    void longSeriesBounded_data();
    void longSeriesBounded();
    void keepsSpikesAndDips();
    void extremesOfEveryBucketSurvive();
    void nonFiniteValuesAreSkipped();
    void tinyBudgetIsFour();
    void pointsCarryTheirX();
};

void TestTrainDecimate::shortSeriesUnchanged_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("budget");
    QTest::newRow("empty") << 0 << 100;
    QTest::newRow("one") << 1 << 100;
    QTest::newRow("equal to budget") << 100 << 100;
}

void TestTrainDecimate::shortSeriesUnchanged()
{
    QFETCH(int, n);
    QFETCH(int, budget);
    std::vector<double> y(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        y[std::size_t(i)] = std::sin(i);
    const auto idx = decimationIndices(y, std::size_t(budget));
    QCOMPARE(idx.size(), std::size_t(n));
    for (int i = 0; i < n; ++i)
        QCOMPARE(idx[std::size_t(i)], std::size_t(i));
}

void TestTrainDecimate::longSeriesBounded_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("budget");
    QTest::newRow("100k epochs to 2000") << 100000 << 2000;
    QTest::newRow("100k to odd 999") << 100000 << 999;
    QTest::newRow("just over") << 2001 << 2000;
    QTest::newRow("1M to 500") << 1000000 << 500;
}

void TestTrainDecimate::longSeriesBounded()
{
    QFETCH(int, n);
    QFETCH(int, budget);
    // A noisy decaying loss curve.
    std::vector<double> y(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        y[std::size_t(i)] = 1.0 / (1.0 + 0.001 * i) + 0.01 * std::sin(i * 0.7);
    const auto idx = decimationIndices(y, std::size_t(budget));
    QVERIFY(idx.size() <= std::size_t(budget));
    QVERIFY(idx.size() >= std::size_t(budget) - 2);
    QCOMPARE(idx.front(), std::size_t(0));
    QCOMPARE(idx.back(), std::size_t(n - 1));
    QVERIFY(std::adjacent_find(idx.begin(), idx.end(), std::greater_equal<>()) == idx.end()); // strictly increasing
    // Global extremes survive.
    const auto [mn, mx] = std::minmax_element(y.begin(), y.end());
    QVERIFY(std::find(idx.begin(), idx.end(), std::size_t(mn - y.begin())) != idx.end());
    QVERIFY(std::find(idx.begin(), idx.end(), std::size_t(mx - y.begin())) != idx.end());
}

void TestTrainDecimate::keepsSpikesAndDips()
{
    std::vector<double> y(100000, 1.0);
    y[31337] = 1e6;  // a divergence spike
    y[77777] = -5.0; // a dip
    const auto idx = decimationIndices(y, 200);
    QVERIFY(std::find(idx.begin(), idx.end(), std::size_t(31337)) != idx.end());
    QVERIFY(std::find(idx.begin(), idx.end(), std::size_t(77777)) != idx.end());
}

void TestTrainDecimate::extremesOfEveryBucketSurvive()
{
    // With a budget of 2 + 2·B, each of the B equal-count inner buckets keeps
    // its own min and max: check the range of values drawn per bucket.
    const std::size_t n = 10002, buckets = 50;
    std::vector<double> y(n);
    for (std::size_t i = 0; i < n; ++i)
        y[i] = std::fmod(double(i) * 7919.0, 1013.0);
    const auto idx = decimationIndices(y, 2 + 2 * buckets);
    const std::size_t inner = n - 2;
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::size_t begin = 1 + b * inner / buckets, end = 1 + (b + 1) * inner / buckets;
        const double lo = *std::min_element(y.begin() + std::ptrdiff_t(begin), y.begin() + std::ptrdiff_t(end));
        const double hi = *std::max_element(y.begin() + std::ptrdiff_t(begin), y.begin() + std::ptrdiff_t(end));
        bool seenLo = false, seenHi = false;
        for (std::size_t i : idx)
            if (i >= begin && i < end) {
                seenLo |= y[i] == lo;
                seenHi |= y[i] == hi;
            }
        QVERIFY2(seenLo && seenHi, qPrintable(QString("bucket %1").arg(b)));
    }
}

void TestTrainDecimate::nonFiniteValuesAreSkipped()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> y(10000, nan);
    for (std::size_t i = 0; i < 5000; ++i)
        y[i] = double(i % 17);
    const auto idx = decimationIndices(y, 100);
    QVERIFY(idx.size() <= 100);
    QCOMPARE(idx.back(), y.size() - 1);
    // Every kept index in the finite half points at a finite value (a
    // bucket with no finite value keeps exactly one index).
    std::size_t nanKept = 0;
    for (std::size_t i : idx)
        if (std::isnan(y[i]))
            ++nanKept;
    QVERIFY(nanKept <= 51);
}

void TestTrainDecimate::tinyBudgetIsFour()
{
    std::vector<double> y(1000);
    for (std::size_t i = 0; i < y.size(); ++i)
        y[i] = double(i);
    const auto idx = decimationIndices(y, 1);
    QCOMPARE(idx.size(), std::size_t(4));
    QCOMPARE(idx.front(), std::size_t(0));
    QCOMPARE(idx.back(), std::size_t(999));
}

void TestTrainDecimate::pointsCarryTheirX()
{
    std::vector<XYPoint> pts(100000);
    for (std::size_t i = 0; i < pts.size(); ++i)
        pts[i] = {double(i + 1), std::cos(double(i) * 0.01)};
    const auto out = decimate(pts, 1000);
    QVERIFY(out.size() <= 1000);
    QCOMPARE(out.front().x, 1.0);
    QCOMPARE(out.back().x, 100000.0);
    for (const auto& p : out)
        QCOMPARE(p.y, std::cos((p.x - 1) * 0.01));
    const auto small = decimate({{1, 2}, {3, 4}}, 1000);
    QCOMPARE(small.size(), std::size_t(2));
}

QTEST_APPLESS_MAIN(TestTrainDecimate)
#include "test_train_decimate.moc"
