// The live min/max envelope: every record drawn while few, bounded points
// however many, each aligned bucket's exact extremes (checked against a
// brute force over the raw records), the first and latest record kept, ties
// to the first, gaps in the indices, and the same result however it is fed.

#include "train/min_max_envelope.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace hs;

namespace {

struct Record {
    std::size_t index;
    double x, y;
};

// The envelope's definition, from scratch: aligned buckets of `width`
// records, each drawing its smallest then largest (in index order, first of
// equals), plus the first and the last record, without repeats.
std::vector<XYPoint> bruteForce(const std::vector<Record>& records, std::size_t width)
{
    std::vector<XYPoint> out;
    if (records.empty())
        return out;
    std::vector<std::size_t> kept{0};
    for (std::size_t i = 0; i < records.size();) {
        const std::size_t key = records[i].index / width;
        std::size_t lo = i, hi = i, j = i;
        for (; j < records.size() && records[j].index / width == key; ++j) {
            if (records[j].y < records[lo].y)
                lo = j;
            if (records[j].y > records[hi].y)
                hi = j;
        }
        kept.push_back(std::min(lo, hi));
        kept.push_back(std::max(lo, hi));
        i = j;
    }
    kept.push_back(records.size() - 1);
    std::size_t previous = 0;
    out.push_back({records[0].x, records[0].y});
    for (std::size_t k : kept)
        if (k > previous) {
            out.push_back({records[k].x, records[k].y});
            previous = k;
        }
    return out;
}

void comparePoints(const std::vector<XYPoint>& got, const std::vector<XYPoint>& want)
{
    QCOMPARE(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        QCOMPARE(got[i].x, want[i].x);
        QCOMPARE(got[i].y, want[i].y);
    }
}

std::vector<Record> noisySeries(std::size_t n, unsigned seed, bool gaps)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<Record> out;
    for (std::size_t i = 0; i < n; ++i) {
        if (gaps && u(rng) < 0.3)
            continue;
        // Coarse values so that ties happen often.
        out.push_back({i, double(i + 1), std::round(8.0 * u(rng)) + std::exp(-double(i) / 5000.0)});
    }
    return out;
}

} // namespace

class TestTrainMinMaxEnvelope : public QObject {
    Q_OBJECT
private slots:
    void fewRecordsAreDrawnAsTheyAre()
    {
        MinMaxEnvelope env(100);
        QVERIFY(env.empty());
        QVERIFY(env.points().empty());
        for (std::size_t i = 0; i < 98; ++i)
            env.add(i, double(i), std::sin(double(i)));
        QCOMPARE(env.width(), std::size_t(1));
        const auto points = env.points();
        QCOMPARE(points.size(), std::size_t(98));
        for (std::size_t i = 0; i < points.size(); ++i) {
            QCOMPARE(points[i].x, double(i));
            QCOMPARE(points[i].y, std::sin(double(i)));
        }
    }

    void manyRecordsStayWithinTheBudgetAndMatchTheDefinition_data()
    {
        QTest::addColumn<int>("records");
        QTest::addColumn<int>("budget");
        QTest::addColumn<bool>("gaps");
        QTest::newRow("just over") << 99 << 100 << false;
        QTest::newRow("100k epochs, 2000 points") << 100000 << 2000 << false;
        QTest::newRow("gaps (a validation every few epochs)") << 30000 << 600 << true;
        QTest::newRow("tiny budget") << 5000 << 3 << false;
    }
    void manyRecordsStayWithinTheBudgetAndMatchTheDefinition()
    {
        QFETCH(int, records);
        QFETCH(int, budget);
        QFETCH(bool, gaps);
        const auto series = noisySeries(std::size_t(records), 7u, gaps);
        MinMaxEnvelope env{std::size_t(budget)};
        std::size_t largest = 0;
        for (const Record& r : series) {
            env.add(r.index, r.x, r.y);
            if (r.index % 61 == 0)
                largest = std::max(largest, env.points().size());
        }
        largest = std::max(largest, env.points().size());
        QVERIFY(largest <= env.maxPoints());
        QVERIFY(env.maxPoints() >= std::size_t(budget));
        QVERIFY(env.width() > 1);
        QVERIFY(env.points().size() >= env.maxPoints() / 4); // still detailed
        comparePoints(env.points(), bruteForce(series, env.width()));
    }

    void spikesDipsFirstAndLatestSurvive()
    {
        MinMaxEnvelope env(50);
        const std::size_t n = 10000;
        for (std::size_t i = 0; i < n; ++i) {
            double y = 1.0;
            if (i == 4321)
                y = 1e6; // a divergence spike
            if (i == 777)
                y = -3.0;
            if (i == 0)
                y = 0.5;
            if (i == n - 1)
                y = 0.75;
            env.add(i, double(i), y);
        }
        const auto points = env.points();
        QVERIFY(points.size() <= 50);
        auto has = [&](double x, double y) {
            return std::any_of(points.begin(), points.end(), [&](const XYPoint& p) { return p.x == x && p.y == y; });
        };
        QVERIFY(has(4321, 1e6));
        QVERIFY(has(777, -3.0));
        QCOMPARE(points.front().x, 0.0);
        QCOMPARE(points.front().y, 0.5);
        QCOMPARE(points.back().x, double(n - 1));
        QCOMPARE(points.back().y, 0.75);
        for (std::size_t i = 1; i < points.size(); ++i)
            QVERIFY(points[i].x > points[i - 1].x);
    }

    void tiesGoToTheFirstRecord()
    {
        MinMaxEnvelope env(8);
        // 64 equal values: each bucket's min and max are its first record.
        for (std::size_t i = 0; i < 64; ++i)
            env.add(i, double(i), 2.0);
        QVERIFY(env.width() >= 8);
        const auto points = env.points();
        for (std::size_t i = 1; i + 1 < points.size(); ++i)
            QCOMPARE(std::fmod(points[i].x, double(env.width())), 0.0);
        QCOMPARE(points.back().x, 63.0);
    }

    void resetStartsAgainWithANewBudget()
    {
        MinMaxEnvelope env(10);
        for (std::size_t i = 0; i < 1000; ++i)
            env.add(i, double(i), double(i % 17));
        QVERIFY(env.width() > 1);
        env.reset(500);
        QVERIFY(env.empty());
        QCOMPARE(env.width(), std::size_t(1));
        QCOMPARE(env.maxPoints(), std::size_t(500));
        env.add(5, 1.0, 2.0);
        QCOMPARE(env.points().size(), std::size_t(1));
    }
};

QTEST_APPLESS_MAIN(TestTrainMinMaxEnvelope)
#include "test_train_min_max_envelope.moc"
