// k-fold cross-validation: disjoint, covering, balanced, stratified.

#include "data/generators.h"
#include "data/kfold.h"

#include <QtTest>

#include <algorithm>
#include <stdexcept>

using namespace hs;

Q_DECLARE_METATYPE(hs::GeneratorSpec)

class TestDataKFold : public QObject {
    Q_OBJECT

private slots:
    void partitions_data();
    void partitions();
    void stratified();
    void deterministic();
    void badK();
};

void TestDataKFold::partitions_data()
{
    QTest::addColumn<GeneratorSpec>("spec");
    QTest::addColumn<int>("k");
    GeneratorSpec s;
    s.samples = 103;
    QTest::newRow("spiral k=5") << s << 5;
    QTest::newRow("spiral k=2") << s << 2;
    QTest::newRow("leave-one-out") << s << 103;
    s.name = "imbalanced";
    QTest::newRow("imbalanced k=10") << s << 10;
    s.name = "ripple";
    QTest::newRow("regression k=4") << s << 4;
}

void TestDataKFold::partitions()
{
    QFETCH(GeneratorSpec, spec);
    QFETCH(int, k);
    const Dataset d = generate(spec);
    const auto folds = stratifiedKFold(d, k, 7);
    QCOMPARE(folds.size(), std::size_t(k));
    std::vector<int> heldOutCount(static_cast<std::size_t>(d.samples()), 0);
    std::size_t smallest = SIZE_MAX, largest = 0;
    for (const auto& [train, held] : folds) {
        QCOMPARE(Eigen::Index(train.size() + held.size()), d.samples());
        std::vector<Eigen::Index> all = train;
        all.insert(all.end(), held.begin(), held.end());
        std::sort(all.begin(), all.end());
        QVERIFY(std::adjacent_find(all.begin(), all.end()) == all.end());   // disjoint
        QCOMPARE(all.front(), Eigen::Index(0));
        QCOMPARE(all.back(), d.samples() - 1);
        for (Eigen::Index i : held)
            ++heldOutCount[static_cast<std::size_t>(i)];
        smallest = std::min(smallest, held.size());
        largest = std::max(largest, held.size());
    }
    QVERIFY(std::all_of(heldOutCount.begin(), heldOutCount.end(), [](int c) { return c == 1; }));
    QVERIFY(largest - smallest <= 1);
}

void TestDataKFold::stratified()
{
    GeneratorSpec s;
    s.name = "imbalanced";
    s.samples = 1000;
    s.positiveFraction = 0.05;   // 50 positives
    const Dataset d = generate(s);
    for (const auto& [train, held] : stratifiedKFold(d, 5, 3)) {
        int positives = 0;
        for (Eigen::Index i : held)
            positives += d.labels[i];
        QCOMPARE(positives, 10);
        QCOMPARE(held.size(), std::size_t(200));
        QVERIFY(!std::is_sorted(held.begin(), held.end()));
    }
    // Three uneven classes: per-class counts per fold differ by at most one.
    s.name = "blobs";
    s.classes = 3;
    s.samples = 301;
    const Dataset b = generate(s);
    for (const auto& [train, held] : stratifiedKFold(b, 4, 3)) {
        std::vector<int> counts(3, 0);
        for (Eigen::Index i : held)
            ++counts[static_cast<std::size_t>(b.labels[i])];
        for (std::size_t c = 0; c < 3; ++c) {
            const double expected = static_cast<double>(b.classCounts()[c]) / 4.0;
            QVERIFY(std::abs(counts[c] - expected) < 1.0);
        }
    }
}

void TestDataKFold::deterministic()
{
    const Dataset d = generate(GeneratorSpec{});
    QVERIFY(stratifiedKFold(d, 5, 1) == stratifiedKFold(d, 5, 1));
    QVERIFY(stratifiedKFold(d, 5, 1) != stratifiedKFold(d, 5, 2));
}

void TestDataKFold::badK()
{
    GeneratorSpec s;
    s.samples = 10;
    const Dataset d = generate(s);
    for (int k : {1, 0, 11}) {
        try {
            stratifiedKFold(d, k, 1);
            QFAIL("no exception");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).startsWith("training.folds = " + QString::number(k)), e.what());
        }
    }
}

QTEST_APPLESS_MAIN(TestDataKFold)
#include "test_data_kfold.moc"
