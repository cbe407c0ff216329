// Synthetic generators: shapes, label ranges, balance, determinism, the
// geometry at noise 0, and the validation messages.

#include "data/generators.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

using namespace hs;

Q_DECLARE_METATYPE(hs::GeneratorSpec)

namespace {

GeneratorSpec spec(const char* name, int samples = 1000, double noise = 0.1, int classes = 2,
                   int dimensions = 2, std::uint64_t seed = 1)
{
    GeneratorSpec s;
    s.name = name;
    s.samples = samples;
    s.noise = noise;
    s.classes = classes;
    s.dimensions = dimensions;
    s.seed = seed;
    return s;
}

bool identical(const Dataset& a, const Dataset& b)
{
    return a.x.rows() == b.x.rows() && a.x.cols() == b.x.cols() && a.x == b.x
           && a.labels.size() == b.labels.size() && a.labels == b.labels
           && a.targets.rows() == b.targets.rows() && a.targets.cols() == b.targets.cols()
           && a.targets == b.targets;
}

QString thrownMessage(const GeneratorSpec& s)
{
    try {
        generate(s);
    } catch (const std::invalid_argument& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestDataGenerators : public QObject {
    Q_OBJECT

private slots:
    void catalog();

    void shapes_data();
    void shapes();
    void determinism_data() { shapes_data(); }
    void determinism();
    void noiseIsSeparateStream_data() { shapes_data(); }
    void noiseIsSeparateStream();

    void noiseFreeGeometry_data();
    void noiseFreeGeometry();
    void spiralArms();
    void imbalancedFraction_data();
    void imbalancedFraction();
    void blobsCentresFromSeed();

    void badSpecs_data();
    void badSpecs();
    void unusedFieldsIgnored();
};

void TestDataGenerators::catalog()
{
    const auto& all = generatorCatalog();
    QCOMPARE(all.size(), std::size_t(9));
    for (const char* name : {"circle", "xor", "gaussian", "spiral", "moons", "blobs", "imbalanced",
                             "plane", "ripple"}) {
        const GeneratorInfo* info = findGenerator(name);
        QVERIFY2(info, name);
        QCOMPARE(info->name, std::string(name));
        QVERIFY(!info->description.empty());
    }
    QVERIFY(findGenerator("nope") == nullptr);
    QVERIFY(findGenerator("Spiral") == nullptr);
    QVERIFY(findGenerator("spiral")->usesClasses);
    QVERIFY(findGenerator("blobs")->usesClasses && findGenerator("blobs")->usesDimensions);
    QVERIFY(findGenerator("imbalanced")->usesPositiveFraction);
    QVERIFY(!findGenerator("circle")->usesClasses);
    QCOMPARE(findGenerator("plane")->task, Task::Regression);
    QCOMPARE(findGenerator("ripple")->task, Task::Regression);
    QCOMPARE(findGenerator("moons")->task, Task::Classification);
}

void TestDataGenerators::shapes_data()
{
    QTest::addColumn<GeneratorSpec>("spec");
    QTest::addColumn<int>("features");
    QTest::addColumn<int>("classes");   // 0 = regression
    QTest::addColumn<bool>("balanced");

    QTest::newRow("circle") << spec("circle") << 2 << 2 << true;
    QTest::newRow("xor") << spec("xor", 777) << 2 << 2 << true;
    QTest::newRow("gaussian") << spec("gaussian", 1001) << 2 << 2 << true;
    QTest::newRow("spiral") << spec("spiral") << 2 << 2 << true;
    QTest::newRow("spiral K=7") << spec("spiral", 1003, 0.1, 7) << 2 << 7 << true;
    QTest::newRow("moons") << spec("moons", 4) << 2 << 2 << true;
    QTest::newRow("blobs") << spec("blobs", 999, 0.1, 3, 2) << 2 << 3 << true;
    QTest::newRow("blobs D=1") << spec("blobs", 500, 0.1, 2, 1) << 1 << 2 << true;
    QTest::newRow("blobs D=64 K=10") << spec("blobs", 1234, 0.1, 10, 64) << 64 << 10 << true;
    QTest::newRow("blobs K=100") << spec("blobs", 1050, 0.1, 100, 3) << 3 << 100 << true;
    QTest::newRow("imbalanced") << spec("imbalanced") << 2 << 2 << false;
    QTest::newRow("plane") << spec("plane") << 2 << 0 << false;
    QTest::newRow("ripple") << spec("ripple", 333) << 2 << 0 << false;
}

void TestDataGenerators::shapes()
{
    QFETCH(GeneratorSpec, spec);
    QFETCH(int, features);
    QFETCH(int, classes);
    QFETCH(bool, balanced);

    const Dataset d = generate(spec);
    d.validate();
    QCOMPARE(d.samples(), Eigen::Index(spec.samples));
    QCOMPARE(d.features(), Eigen::Index(features));
    QCOMPARE(d.featureNames.size(), std::size_t(features));
    QCOMPARE(d.featureNames.front(), std::string("x1"));
    QVERIFY(d.x.allFinite());
    if (classes == 0) {
        QCOMPARE(d.task, Task::Regression);
        QCOMPARE(d.classes, 0);
        QCOMPARE(d.labels.size(), Eigen::Index(0));
        QCOMPARE(d.targets.rows(), Eigen::Index(1));
        QCOMPARE(d.targets.cols(), Eigen::Index(spec.samples));
        QVERIFY(d.targets.allFinite());
        return;
    }
    QCOMPARE(d.task, Task::Classification);
    QCOMPARE(d.classes, classes);
    QCOMPARE(d.classNames.size(), std::size_t(classes));
    QCOMPARE(d.classNames[1], std::string("1"));
    QCOMPARE(d.targets.size(), Eigen::Index(0));
    QCOMPARE(d.labels.size(), Eigen::Index(spec.samples));
    QVERIFY(d.labels.minCoeff() >= 0);
    QVERIFY(d.labels.maxCoeff() < classes);
    const auto counts = d.classCounts();
    QCOMPARE(counts.size(), std::size_t(classes));
    const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
    QVERIFY(*lo >= 1);
    if (balanced)
        QVERIFY2(*hi - *lo <= 1, "class sizes differ by more than one");
}

void TestDataGenerators::determinism()
{
    QFETCH(GeneratorSpec, spec);
    const Dataset a = generate(spec);
    const Dataset b = generate(spec);
    QVERIFY(identical(a, b));

    GeneratorSpec other = spec;
    other.seed = spec.seed + 1;
    const Dataset c = generate(other);
    QVERIFY(!(a.x == c.x));
}

void TestDataGenerators::noiseIsSeparateStream()
{
    // Same seed: noise only moves the points (or targets); the labels and the
    // underlying shape are unchanged, and the displacement has std ≈ noise.
    QFETCH(GeneratorSpec, spec);
    spec.noise = 0.0;
    const Dataset clean = generate(spec);
    spec.noise = 0.25;
    const Dataset noisy = generate(spec);
    QCOMPARE(noisy.labels, clean.labels);
    const Matrix diff = clean.task == Task::Regression ? Matrix(noisy.targets - clean.targets)
                                                       : Matrix(noisy.x - clean.x);
    if (clean.task == Task::Regression)
        QCOMPARE(noisy.x, clean.x);
    const double n = static_cast<double>(diff.size());
    const double mean = diff.cast<double>().sum() / n;
    const double sd = std::sqrt(diff.cast<double>().array().square().sum() / n - mean * mean);
    if (n >= 300) {   // enough draws for a stable estimate
        QVERIFY2(std::abs(sd - 0.25) < 0.03, qPrintable(QString("sd = %1").arg(sd)));
        QVERIFY2(std::abs(mean) < 0.05, qPrintable(QString("mean = %1").arg(mean)));
    }
}

void TestDataGenerators::noiseFreeGeometry_data()
{
    QTest::addColumn<QString>("name");
    for (const char* name : {"circle", "xor", "moons", "spiral", "plane", "ripple"})
        QTest::newRow(name) << QString(name);
}

void TestDataGenerators::noiseFreeGeometry()
{
    QFETCH(QString, name);
    const Dataset d = generate(spec(qPrintable(name), 2000, 0.0));
    constexpr double eps = 1e-5;
    for (Eigen::Index i = 0; i < d.samples(); ++i) {
        const double a = d.x(0, i), b = d.x(1, i);
        const double r = std::hypot(a, b);
        if (name == "circle") {
            if (d.labels[i] == 0)
                QVERIFY(r <= 0.5 + eps);
            else
                QVERIFY(r >= 0.7 - eps && r <= 1.0 + eps);
        } else if (name == "xor") {
            QVERIFY(std::abs(a) >= 0.05 - eps && std::abs(b) >= 0.05 - eps);
            QVERIFY(std::abs(a) <= 1.0 && std::abs(b) <= 1.0);
            QCOMPARE(d.labels[i], (a > 0) == (b > 0) ? 0 : 1);
        } else if (name == "moons") {
            // Outer moon: unit circle around (-0.5, -0.25), upper half;
            // inner moon: unit circle around (0.5, 0.25), lower half.
            const double cx = d.labels[i] == 0 ? -0.5 : 0.5;
            const double cy = d.labels[i] == 0 ? -0.25 : 0.25;
            QVERIFY(std::abs(std::hypot(a - cx, b - cy) - 1.0) < eps);
            QVERIFY(d.labels[i] == 0 ? b >= cy - eps : b <= cy + eps);
        } else if (name == "spiral") {
            QVERIFY(r <= 1.0 + eps);
        } else if (name == "plane") {
            QVERIFY(std::abs(d.targets(0, i) - 0.5 * (a + b)) < eps);
            QVERIFY(std::abs(a) <= 1.0 && std::abs(b) <= 1.0);
        } else if (name == "ripple") {
            QVERIFY(std::abs(d.targets(0, i) - std::cos(3.0 * std::numbers::pi * r)) < eps);
        }
    }
}

void TestDataGenerators::spiralArms()
{
    // At noise 0 each point lies on its own arm: angle = 1.75·2π·r + 2πk/K.
    for (int classes : {2, 3, 5}) {
        const Dataset d = generate(spec("spiral", 600, 0.0, classes));
        for (Eigen::Index i = 0; i < d.samples(); ++i) {
            const double a = d.x(0, i), b = d.x(1, i);
            const double r = std::hypot(a, b);
            if (r < 1e-3)
                continue;   // the angle is ill-conditioned at the centre
            const double expected =
                1.75 * 2 * std::numbers::pi * r + 2 * std::numbers::pi * d.labels[i] / classes;
            double delta = std::remainder(std::atan2(b, a) - expected, 2 * std::numbers::pi);
            QVERIFY2(std::abs(delta) < 1e-3, qPrintable(QString("K=%1 sample %2").arg(classes).arg(i)));
        }
    }
}

void TestDataGenerators::imbalancedFraction_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<int>("positives");
    QTest::newRow("5% of 1000") << 1000 << 0.05 << 50;
    QTest::newRow("1% of 1000") << 1000 << 0.01 << 10;
    QTest::newRow("50% of 1001") << 1001 << 0.5 << 501;   // round half away from zero
    QTest::newRow("1% of 4 keeps one") << 4 << 0.01 << 1;
    QTest::newRow("33% of 9") << 9 << 0.33 << 3;
}

void TestDataGenerators::imbalancedFraction()
{
    QFETCH(int, samples);
    QFETCH(double, fraction);
    QFETCH(int, positives);
    GeneratorSpec s = spec("imbalanced", samples);
    s.positiveFraction = fraction;
    const Dataset d = generate(s);
    QCOMPARE(d.classCounts()[1], Eigen::Index(positives));
    QCOMPARE(d.classCounts()[0], Eigen::Index(samples - positives));
}

void TestDataGenerators::blobsCentresFromSeed()
{
    // Class means at noise 0 sit in [-1, 1]^D and move with the seed.
    const Dataset a = generate(spec("blobs", 2000, 0.0, 4, 5, 7));
    const Dataset b = generate(spec("blobs", 2000, 0.0, 4, 5, 8));
    Eigen::MatrixXd meanA = Eigen::MatrixXd::Zero(5, 4), meanB = meanA;
    for (Eigen::Index i = 0; i < a.samples(); ++i) {
        meanA.col(a.labels[i]) += a.x.col(i).cast<double>() / 500.0;
        meanB.col(b.labels[i]) += b.x.col(i).cast<double>() / 500.0;
    }
    QVERIFY(meanA.cwiseAbs().maxCoeff() < 1.05);
    QVERIFY((meanA - meanB).cwiseAbs().maxCoeff() > 0.1);
}

void TestDataGenerators::badSpecs_data()
{
    QTest::addColumn<GeneratorSpec>("spec");
    QTest::addColumn<QString>("expected");
    auto with = [](GeneratorSpec s, auto change) { change(s); return s; };

    QTest::newRow("unknown name") << spec("spirale") << "data.dataset = \"spirale\"";
    QTest::newRow("samples 0") << spec("circle", 0) << "data.samples = 0 is out of range: must be at least 4";
    QTest::newRow("samples 3") << spec("circle", 3) << "data.samples = 3";
    QTest::newRow("samples negative") << spec("xor", -5) << "data.samples = -5";
    QTest::newRow("samples 10M+1") << spec("xor", 10'000'001) << "at most 10000000";
    QTest::newRow("noise negative") << spec("moons", 100, -0.1) << "data.noise = -0.1";
    QTest::newRow("noise NaN") << spec("moons", 100, std::nan("")) << "data.noise = nan";
    QTest::newRow("noise inf") << spec("moons", 100, INFINITY) << "data.noise = inf";
    QTest::newRow("classes 1") << spec("spiral", 100, 0.1, 1) << "data.classes = 1 is out of range: must be at least 2";
    QTest::newRow("classes 101") << spec("blobs", 1000, 0.1, 101) << "data.classes = 101";
    QTest::newRow("dimensions 0") << spec("blobs", 100, 0.1, 2, 0) << "data.dimensions = 0";
    QTest::newRow("dimensions 1025") << spec("blobs", 100, 0.1, 2, 1025) << "data.dimensions = 1025";
    QTest::newRow("positive fraction 0") << with(spec("imbalanced"), [](auto& s) { s.positiveFraction = 0; })
                                        << "data.positive_fraction = 0 is out of range: must be in [0.01, 0.5]";
    QTest::newRow("positive fraction 0.6") << with(spec("imbalanced"), [](auto& s) { s.positiveFraction = 0.6; })
                                          << "data.positive_fraction = 0.6";
    QTest::newRow("too many values") << spec("blobs", 10'000'000, 0.1, 2, 1024) << "data.samples = 10000000 with 1024";
}

void TestDataGenerators::badSpecs()
{
    QFETCH(GeneratorSpec, spec);
    QFETCH(QString, expected);
    const QString message = thrownMessage(spec);
    QVERIFY2(message.contains(expected), qPrintable("got: \"" + message + "\""));
}

void TestDataGenerators::unusedFieldsIgnored()
{
    // circle does not use classes / dimensions / positiveFraction.
    GeneratorSpec s = spec("circle", 100, 0.1, 0, 0);
    s.positiveFraction = -1;
    QCOMPARE(generate(s).classes, 2);
}

QTEST_APPLESS_MAIN(TestDataGenerators)
#include "test_data_generators.moc"
