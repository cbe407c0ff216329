// Normalization: fitted statistics, constant features, apply / invert.

#include "data/generators.h"
#include "data/normalize.h"
#include "data/split.h"

#include <QtTest>

#include <cmath>
#include <stdexcept>

using namespace hs;

Q_DECLARE_METATYPE(hs::Normalization)

class TestDataNormalize : public QObject {
    Q_OBJECT

private slots:
    void parseAndPrint();
    void zscoreOnTrain_data();
    void zscoreOnTrain();
    void minmaxRange();
    void constantFeature_data();
    void constantFeature();
    void noneIsIdentity();
    void invertRoundTrip();
    void preconditions();
};

void TestDataNormalize::parseAndPrint()
{
    for (Normalization k : {Normalization::None, Normalization::ZScore, Normalization::MinMax})
        QVERIFY(parseNormalization(toString(k)) == k);
    QCOMPARE(toString(Normalization::ZScore), std::string_view("zscore"));
    QVERIFY(!parseNormalization("z-score"));
    QVERIFY(!parseNormalization(""));
    QVERIFY(!parseNormalization("MinMax"));
}

void TestDataNormalize::zscoreOnTrain_data()
{
    QTest::addColumn<QString>("generator");
    QTest::newRow("spiral") << "spiral";
    QTest::newRow("blobs") << "blobs";
    QTest::newRow("imbalanced") << "imbalanced";
    QTest::newRow("plane") << "plane";
}

void TestDataNormalize::zscoreOnTrain()
{
    QFETCH(QString, generator);
    GeneratorSpec spec;
    spec.name = generator.toStdString();
    spec.dimensions = 6;
    spec.classes = 4;
    const DataSplit s = splitDataset(generate(spec), {}, 3);
    Matrix x = s.train.x;
    // Shift and stretch the features so the normalizer has something to undo.
    x.row(0).array() = x.row(0).array() * 40.0f + 1000.0f;
    const Normalizer z = Normalizer::fit(x, Normalization::ZScore);
    z.apply(x);
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        const auto row = x.row(r).cast<double>();
        const double mean = row.mean();
        const double sd = std::sqrt((row.array() - mean).square().mean());
        QVERIFY2(std::abs(mean) < 1e-4, qPrintable(QString("mean %1").arg(mean)));
        QVERIFY2(std::abs(sd - 1.0) < 1e-4, qPrintable(QString("sd %1").arg(sd)));
    }
    // Validation data get the training statistics, so they are only roughly standardized.
    Matrix v = s.val.x;
    v.row(0).array() = v.row(0).array() * 40.0f + 1000.0f;
    z.apply(v);
    QVERIFY(v.allFinite());
    QVERIFY(std::abs(v.row(0).cast<double>().mean()) < 0.5);
}

void TestDataNormalize::minmaxRange()
{
    Matrix x(2, 4);
    x << 1, 2, 3, 5,
        -10, 0, 10, 30;
    const Normalizer z = Normalizer::fit(x, Normalization::MinMax);
    QCOMPARE(z.offset()[0], 1.0f);
    QCOMPARE(z.scale()[0], 4.0f);
    QCOMPARE(z.offset()[1], -10.0f);
    QCOMPARE(z.scale()[1], 40.0f);
    z.apply(x);
    QCOMPARE(x.minCoeff(), 0.0f);
    QCOMPARE(x.maxCoeff(), 1.0f);
    QCOMPARE(x(0, 1), 0.25f);
}

void TestDataNormalize::constantFeature_data()
{
    QTest::addColumn<Normalization>("kind");
    QTest::addColumn<float>("value");
    QTest::newRow("zscore 0") << Normalization::ZScore << 0.0f;
    QTest::newRow("zscore 3.7") << Normalization::ZScore << 3.7f;
    QTest::newRow("zscore 1e6+0.1") << Normalization::ZScore << 1e6f + 0.1f;
    QTest::newRow("minmax -2") << Normalization::MinMax << -2.0f;
}

void TestDataNormalize::constantFeature()
{
    QFETCH(Normalization, kind);
    QFETCH(float, value);
    Matrix x(2, 1001);
    x.row(0).setConstant(value);
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        x(1, j) = static_cast<Scalar>(j);
    const Normalizer z = Normalizer::fit(x, kind);
    QCOMPARE(z.scale()[0], 1.0f);
    z.apply(x);
    QVERIFY(x.allFinite());
    QCOMPARE(x.row(0).cwiseAbs().maxCoeff(), 0.0f);

    Matrix single(1, 1);   // one sample: every feature is constant
    single << 5;
    const Normalizer one = Normalizer::fit(single, kind);
    one.apply(single);
    QCOMPARE(single(0, 0), 0.0f);
}

void TestDataNormalize::noneIsIdentity()
{
    Matrix x = Matrix::Random(3, 10);
    const Matrix before = x;
    const Normalizer z = Normalizer::fit(x, Normalization::None);
    QVERIFY(z.kind() == Normalization::None);
    QCOMPARE(z.offset().size(), Eigen::Index(3));
    z.apply(x);
    QCOMPARE(x, before);
    Normalizer().apply(x);   // default: identity for any shape
    QCOMPARE(x, before);
}

void TestDataNormalize::invertRoundTrip()
{
    GeneratorSpec spec;
    spec.name = "moons";
    Matrix x = generate(spec).x;
    const Matrix before = x;
    for (Normalization k : {Normalization::ZScore, Normalization::MinMax}) {
        const Normalizer z = Normalizer::fit(x, k);
        z.apply(x);
        z.invert(x);
        QVERIFY((x - before).cwiseAbs().maxCoeff() < 1e-5f);
        const Normalizer copy = Normalizer::fromParameters(k, z.offset(), z.scale());
        QCOMPARE(copy.scale(), z.scale());
    }
}

void TestDataNormalize::preconditions()
{
    Matrix empty(2, 0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Normalizer::fit(empty, Normalization::ZScore));
    QCOMPARE(Normalizer::fit(empty, Normalization::None).offset().size(), Eigen::Index(2));

    Matrix bad = Matrix::Ones(2, 3);
    bad(1, 2) = std::nanf("");
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Normalizer::fit(bad, Normalization::MinMax));

    const Normalizer z = Normalizer::fit(Matrix::Ones(2, 3), Normalization::ZScore);
    Matrix wrong = Matrix::Ones(3, 3);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, z.apply(wrong));

    Vector offset = Vector::Zero(2), scale = Vector::Ones(2);
    scale[1] = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             Normalizer::fromParameters(Normalization::ZScore, offset, scale));
}

QTEST_APPLESS_MAIN(TestDataNormalize)
#include "test_data_normalize.moc"
