// Label noise, noise features and input jitter.

#include "data/augment.h"
#include "data/generators.h"

#include <QtTest>

#include <cmath>
#include <stdexcept>

using namespace hs;

class TestDataAugment : public QObject {
    Q_OBJECT

private slots:
    void flipLabels_data();
    void flipLabels();
    void flipLabelsPreconditions();
    void noiseFeatures();
    void jitterStatistics();
    void jitterZeroIsNoOp();
};

void TestDataAugment::flipLabels_data()
{
    QTest::addColumn<int>("classes");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<int>("flipped");
    QTest::newRow("binary 10%") << 2 << 0.1 << 100;
    QTest::newRow("5 classes 25%") << 5 << 0.25 << 250;
    QTest::newRow("none") << 3 << 0.0 << 0;
    QTest::newRow("all") << 2 << 1.0 << 1000;
}

void TestDataAugment::flipLabels()
{
    QFETCH(int, classes);
    QFETCH(double, fraction);
    QFETCH(int, flipped);
    GeneratorSpec spec;
    spec.name = "blobs";
    spec.classes = classes;
    const Dataset original = generate(spec);
    Dataset noisy = original;
    Rng rng(5);
    hs::flipLabels(noisy, fraction, rng);
    QCOMPARE((noisy.labels.array() != original.labels.array()).count(), Eigen::Index(flipped));
    QVERIFY(noisy.labels.minCoeff() >= 0 && noisy.labels.maxCoeff() < classes);
    QCOMPARE(noisy.x, original.x);

    Dataset again = original;
    Rng rng2(5);
    hs::flipLabels(again, fraction, rng2);
    QCOMPARE(again.labels, noisy.labels);
}

void TestDataAugment::flipLabelsPreconditions()
{
    GeneratorSpec spec;
    spec.name = "plane";
    Dataset reg = generate(spec);
    Rng rng(1);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::flipLabels(reg, 0.1, rng));
    spec.name = "circle";
    Dataset d = generate(spec);
    try {
        hs::flipLabels(d, 1.5, rng);
        QFAIL("no exception");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString(e.what()).contains("data.label_noise = 1.5 is out of range"), e.what());
    }
}

void TestDataAugment::noiseFeatures()
{
    GeneratorSpec spec;
    spec.name = "moons";
    spec.samples = 4000;
    Dataset d = generate(spec);
    const Matrix before = d.x;
    Rng rng(3);
    appendNoiseFeatures(d, 3, rng);
    QCOMPARE(d.features(), Eigen::Index(5));
    QCOMPARE(d.featureNames, (std::vector<std::string>{"x1", "x2", "noise1", "noise2", "noise3"}));
    QCOMPARE(Matrix(d.x.topRows(2)), before);
    const auto noise = d.x.bottomRows(3).cast<double>();
    const double mean = noise.mean();
    const double sd = std::sqrt((noise.array() - mean).square().mean());
    QVERIFY(std::abs(mean) < 0.05);
    QVERIFY(std::abs(sd - 1.0) < 0.05);
    appendNoiseFeatures(d, 1, rng);
    QCOMPARE(d.featureNames.back(), std::string("noise4"));
    d.validate();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, appendNoiseFeatures(d, -1, rng));
}

void TestDataAugment::jitterStatistics()
{
    Matrix batch = Matrix::Constant(8, 1000, 2.0f);
    Rng rng(9);
    jitter(batch, 0.5, rng);
    const auto delta = (batch.array() - 2.0f).cast<double>();
    const double sd = std::sqrt(delta.square().mean());
    QVERIFY2(std::abs(sd - 0.5) < 0.02, qPrintable(QString::number(sd)));
    // Works on a block of columns (a mini-batch view) in place.
    Matrix x = Matrix::Zero(2, 10);
    jitter(x.middleCols(2, 3), 1.0, rng);
    QCOMPARE(x.leftCols(2).cwiseAbs().maxCoeff(), 0.0f);
    QVERIFY(x.middleCols(2, 3).cwiseAbs().maxCoeff() > 0.0f);
    QCOMPARE(x.rightCols(5).cwiseAbs().maxCoeff(), 0.0f);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, jitter(x, -0.1, rng));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, jitter(x, std::nan(""), rng));
}

void TestDataAugment::jitterZeroIsNoOp()
{
    Matrix x = Matrix::Ones(3, 4);
    Rng a(1), b(1);
    jitter(x, 0.0, a);
    QCOMPARE(x, Matrix(Matrix::Ones(3, 4)));
    QCOMPARE(a.next(), b.next());   // no draws consumed
}

QTEST_APPLESS_MAIN(TestDataAugment)
#include "test_data_augment.moc"
