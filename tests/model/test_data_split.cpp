// Dataset::subset and the train / validation / test split.

#include "data/generators.h"
#include "data/split.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

using namespace hs;

namespace {

// Each sample of these test sets carries its own index in feature 0, so the
// parts can be traced back to the original columns.
Dataset tagged(int samples, std::vector<int> labelsOf, int classes)
{
    Dataset d;
    d.classes = classes;
    d.x.resize(2, samples);
    d.labels.resize(samples);
    for (int i = 0; i < samples; ++i) {
        d.x(0, i) = static_cast<Scalar>(i);
        d.x(1, i) = static_cast<Scalar>(-i);
        d.labels[i] = labelsOf[static_cast<std::size_t>(i)];
    }
    d.featureNames = {"a", "b"};
    d.classNames = numberedNames("c", classes, 0);
    return d;
}

Dataset taggedRegression(int samples)
{
    Dataset d;
    d.task = Task::Regression;
    d.x.resize(1, samples);
    d.targets.resize(1, samples);
    for (int i = 0; i < samples; ++i) {
        d.x(0, i) = static_cast<Scalar>(i);
        d.targets(0, i) = static_cast<Scalar>(2 * i);
    }
    d.featureNames = {"a"};
    return d;
}

std::vector<int> ids(const Dataset& d)
{
    std::vector<int> out;
    for (Eigen::Index i = 0; i < d.samples(); ++i)
        out.push_back(static_cast<int>(d.x(0, i)));
    return out;
}

std::vector<int> cycleLabels(int samples, std::vector<int> sizes)
{
    std::vector<int> labels;
    for (std::size_t c = 0; c < sizes.size(); ++c)
        labels.insert(labels.end(), static_cast<std::size_t>(sizes[c]), static_cast<int>(c));
    Q_ASSERT(static_cast<int>(labels.size()) == samples);
    return labels;
}

QString thrownMessage(const SplitFractions& f)
{
    try {
        splitDataset(generate(GeneratorSpec{}), f, 1);
    } catch (const std::invalid_argument& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestDataSplit : public QObject {
    Q_OBJECT

private slots:
    void subsetOrderAndMetadata();
    void subsetOutOfRange();
    void partitionCoversEverything();
    void stratifiedProportions_data();
    void stratifiedProportions();
    void trainKeepsEveryClass();
    void partsAreShuffled();
    void emptyValAndTest();
    void regressionSplit();
    void deterministic();
    void badFractions_data();
    void badFractions();
};

void TestDataSplit::subsetOrderAndMetadata()
{
    const Dataset d = tagged(6, {0, 1, 0, 1, 2, 2}, 3);
    const Dataset s = d.subset({4, 0, 4});
    QCOMPARE(ids(s), (std::vector<int>{4, 0, 4}));
    QCOMPARE(s.labels[0], 2);
    QCOMPARE(s.labels[1], 0);
    QCOMPARE(s.classes, 3);
    QCOMPARE(s.featureNames, d.featureNames);
    QCOMPARE(s.classNames, d.classNames);
    QCOMPARE(s.x(1, 0), Scalar(-4));
    QCOMPARE(d.classCounts(), (std::vector<Eigen::Index>{2, 2, 2}));

    const Dataset empty = d.subset({});
    QCOMPARE(empty.samples(), Eigen::Index(0));
    QCOMPARE(empty.features(), Eigen::Index(2));
    QCOMPARE(empty.classCounts(), (std::vector<Eigen::Index>{0, 0, 0}));
}

void TestDataSplit::subsetOutOfRange()
{
    const Dataset d = tagged(3, {0, 1, 0}, 2);
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, d.subset({3}));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, d.subset({-1}));
}

void TestDataSplit::partitionCoversEverything()
{
    const Dataset d = tagged(101, cycleLabels(101, {40, 50, 11}), 3);
    const DataSplit s = splitDataset(d, {}, 3);
    std::vector<int> all = ids(s.train);
    for (const Dataset* part : {&s.val, &s.test}) {
        const auto p = ids(*part);
        all.insert(all.end(), p.begin(), p.end());
    }
    std::sort(all.begin(), all.end());
    std::vector<int> expected(101);
    for (int i = 0; i < 101; ++i)
        expected[static_cast<std::size_t>(i)] = i;
    QCOMPARE(all, expected);
    // Labels travel with their samples.
    for (const Dataset* part : {&s.train, &s.val, &s.test})
        for (Eigen::Index i = 0; i < part->samples(); ++i)
            QCOMPARE(part->labels[i], d.labels[static_cast<int>(part->x(0, i))]);
}

void TestDataSplit::stratifiedProportions_data()
{
    QTest::addColumn<std::vector<int>>("sizes");
    QTest::addColumn<double>("val");
    QTest::addColumn<double>("test");
    QTest::newRow("balanced 0.7/0.15/0.15") << std::vector<int>{500, 500} << 0.15 << 0.15;
    QTest::newRow("imbalanced 95/5") << std::vector<int>{950, 50} << 0.15 << 0.15;
    QTest::newRow("3 classes 0.6/0.2/0.2") << std::vector<int>{300, 120, 30} << 0.2 << 0.2;
    QTest::newRow("rare class of 7") << std::vector<int>{993, 7} << 0.2 << 0.1;
}

void TestDataSplit::stratifiedProportions()
{
    QFETCH(std::vector<int>, sizes);
    QFETCH(double, val);
    QFETCH(double, test);
    int n = 0;
    for (int s : sizes)
        n += s;
    const Dataset d = tagged(n, cycleLabels(n, sizes), static_cast<int>(sizes.size()));
    const DataSplit s = splitDataset(d, {1.0 - val - test, val, test}, 11);
    const auto trainCounts = s.train.classCounts();
    const auto valCounts = s.val.classCounts();
    const auto testCounts = s.test.classCounts();
    for (std::size_t c = 0; c < sizes.size(); ++c) {
        QCOMPARE(valCounts[c], Eigen::Index(std::llround(sizes[c] * val)));
        QCOMPARE(testCounts[c], Eigen::Index(std::llround(sizes[c] * test)));
        QCOMPARE(trainCounts[c] + valCounts[c] + testCounts[c], Eigen::Index(sizes[c]));
    }
}

void TestDataSplit::trainKeepsEveryClass()
{
    // A class of 1 or 2 samples with val = test = 0.4 would round to no
    // training sample; the split hands one back to train.
    const Dataset d = tagged(13, cycleLabels(13, {10, 1, 2}), 3);
    const DataSplit s = splitDataset(d, {0.2, 0.4, 0.4}, 5);
    for (Eigen::Index c : s.train.classCounts())
        QVERIFY(c >= 1);
    QCOMPARE(s.train.samples() + s.val.samples() + s.test.samples(), Eigen::Index(13));
}

void TestDataSplit::partsAreShuffled()
{
    // Labels grouped in the input (0...0 1...1) must come out mixed.
    const Dataset d = tagged(400, cycleLabels(400, {200, 200}), 2);
    const DataSplit s = splitDataset(d, {}, 2);
    int changes = 0;
    for (Eigen::Index i = 1; i < s.train.samples(); ++i)
        changes += s.train.labels[i] != s.train.labels[i - 1];
    QVERIFY2(changes > 50, qPrintable(QString::number(changes)));
    const auto order = ids(s.train);
    QVERIFY(!std::is_sorted(order.begin(), order.end()));
}

void TestDataSplit::emptyValAndTest()
{
    const Dataset d = generate(GeneratorSpec{});
    const DataSplit s = splitDataset(d, {1.0, 0.0, 0.0}, 1);
    QCOMPARE(s.train.samples(), d.samples());
    for (const Dataset* part : {&s.val, &s.test}) {
        QCOMPARE(part->samples(), Eigen::Index(0));
        QCOMPARE(part->features(), Eigen::Index(2));
        QCOMPARE(part->classes, 2);
        QCOMPARE(part->task, Task::Classification);
        QCOMPARE(part->classNames, d.classNames);
        QCOMPARE(part->featureNames, d.featureNames);
        QCOMPARE(part->labels.size(), Eigen::Index(0));
    }
}

void TestDataSplit::regressionSplit()
{
    const Dataset d = taggedRegression(200);
    const DataSplit s = splitDataset(d, {0.5, 0.25, 0.25}, 9);
    QCOMPARE(s.train.samples(), Eigen::Index(100));
    QCOMPARE(s.val.samples(), Eigen::Index(50));
    QCOMPARE(s.test.samples(), Eigen::Index(50));
    std::set<int> seen;
    for (const Dataset* part : {&s.train, &s.val, &s.test}) {
        QCOMPARE(part->task, Task::Regression);
        QCOMPARE(part->targets.rows(), Eigen::Index(1));
        for (Eigen::Index i = 0; i < part->samples(); ++i) {
            QCOMPARE(part->targets(0, i), 2 * part->x(0, i));
            seen.insert(static_cast<int>(part->x(0, i)));
        }
    }
    QCOMPARE(seen.size(), std::size_t(200));

    const DataSplit trainOnly = splitDataset(d, {1.0, 0.0, 0.0}, 9);
    QCOMPARE(trainOnly.val.targets.rows(), Eigen::Index(1));
    QCOMPARE(trainOnly.val.targets.cols(), Eigen::Index(0));
}

void TestDataSplit::deterministic()
{
    const Dataset d = generate(GeneratorSpec{});
    const DataSplit a = splitDataset(d, {}, 42);
    const DataSplit b = splitDataset(d, {}, 42);
    const DataSplit c = splitDataset(d, {}, 43);
    QCOMPARE(a.train.x, b.train.x);
    QCOMPARE(a.test.labels, b.test.labels);
    QVERIFY(!(a.train.x == c.train.x));
}

void TestDataSplit::badFractions_data()
{
    QTest::addColumn<double>("train");
    QTest::addColumn<double>("val");
    QTest::addColumn<double>("test");
    QTest::addColumn<QString>("expected");
    QTest::newRow("train 0") << 0.0 << 0.5 << 0.5 << "data.split.train = 0 is out of range";
    QTest::newRow("val negative") << 0.8 << -0.1 << 0.3 << "data.split.val = -0.1";
    QTest::newRow("test > 1") << 0.5 << 0.0 << 1.5 << "data.split.test = 1.5";
    QTest::newRow("test NaN") << 0.5 << 0.5 << std::nan("") << "data.split.test = nan";
    QTest::newRow("sum 0.9") << 0.7 << 0.1 << 0.1 << "data.split: train + val + test = 0.9";
    QTest::newRow("sum 1.2") << 0.8 << 0.2 << 0.2 << "must be 1";
}

void TestDataSplit::badFractions()
{
    QFETCH(double, train);
    QFETCH(double, val);
    QFETCH(double, test);
    QFETCH(QString, expected);
    const QString message = thrownMessage({train, val, test});
    QVERIFY2(message.contains(expected), qPrintable("got: \"" + message + "\""));
}

QTEST_APPLESS_MAIN(TestDataSplit)
#include "test_data_split.moc"
