// Losses and activations against values worked out by hand, including the
// extreme logits where a naive implementation overflows.

#include "nn/activation.h"
#include "nn/loss.h"

#include <QtTest>

#include <cmath>

using namespace hs;

namespace {

MatrixD row(std::initializer_list<double> values)
{
    MatrixD m(1, static_cast<Eigen::Index>(values.size()));
    Eigen::Index i = 0;
    for (double v : values)
        m(0, i++) = v;
    return m;
}

} // namespace

class TestLoss : public QObject {
    Q_OBJECT
private slots:
    void binaryCrossEntropy_data()
    {
        QTest::addColumn<double>("logit");
        QTest::addColumn<double>("target");
        QTest::addColumn<double>("expected");
        QTest::newRow("z=0") << 0.0 << 1.0 << std::log(2.0);
        QTest::newRow("z=2, y=1") << 2.0 << 1.0 << std::log1p(std::exp(-2.0));
        QTest::newRow("z=-2, y=1") << -2.0 << 1.0 << 2.0 + std::log1p(std::exp(-2.0));
        QTest::newRow("z=1000, y=0 (no overflow)") << 1000.0 << 0.0 << 1000.0;
        QTest::newRow("z=-1000, y=0") << -1000.0 << 0.0 << 0.0;
        QTest::newRow("z=-1000, y=1") << -1000.0 << 1.0 << 1000.0;
    }
    void binaryCrossEntropy()
    {
        QFETCH(double, logit);
        QFETCH(double, target);
        QFETCH(double, expected);
        const MatrixD z = row({logit});
        const MatrixD y = row({target});
        MatrixD g(1, 1);
        const double value = lossAndGradient<double>(LossKind::BinaryCrossEntropy, z, y, g);
        QVERIFY(std::abs(value - expected) < 1e-12 * std::max(1.0, expected));
        const double sigmoid = 1.0 / (1.0 + std::exp(-logit));
        QVERIFY(std::abs(g(0, 0) - (sigmoid - target)) < 1e-12);
        // float agrees too, and stays finite
        const Eigen::MatrixXf zf = z.cast<float>(), yf = y.cast<float>();
        const double vf = loss<float>(LossKind::BinaryCrossEntropy, zf, yf);
        QVERIFY(std::isfinite(vf));
        QVERIFY(std::abs(vf - expected) < 1e-5 * std::max(1.0, expected));
    }

    void binaryCrossEntropyIsAccurateInFloat()
    {
        // Many logits at once (the vector path), with terms from 1e-13 (z = 30,
        // y = 1) to 30, against the exact sum; and the same logits read
        // through a strided block (one at a time) too.
        const int n = 301;
        MatrixD z(1, n), y(1, n);
        double exact = 0.0;
        for (int j = 0; j < n; ++j) {
            z(0, j) = static_cast<float>(-30.0 + 0.2 * j);
            y(0, j) = j % 3 == 0 ? 0.0 : 1.0;
            exact += std::max(z(0, j), 0.0) - z(0, j) * y(0, j) + std::log1p(std::exp(-std::abs(z(0, j))));
        }
        const Eigen::MatrixXf zf = z.cast<float>(), yf = y.cast<float>();
        const double value = loss<float>(LossKind::BinaryCrossEntropy, zf, yf) * n;
        QVERIFY2(std::abs(value - exact) < 1e-6 * exact, qPrintable(QString::number(value - exact)));
        // One small term alone keeps its relative accuracy.
        const double tiny = loss<float>(LossKind::BinaryCrossEntropy, row({30.0}).cast<float>(), row({1.0}).cast<float>());
        QVERIFY2(std::abs(tiny - std::log1p(std::exp(-30.0))) < 1e-6 * std::log1p(std::exp(-30.0)),
                 qPrintable(QString::number(tiny, 'g', 9)));
        Eigen::MatrixXf wide(2, n), targets(2, n);
        wide.row(0) = zf;
        targets.row(0) = yf;
        wide.row(1).setConstant(1e30f);
        const double strided = loss<float>(LossKind::BinaryCrossEntropy, wide.topRows(1), targets.topRows(1)) * n;
        QVERIFY2(std::abs(strided - exact) < 1e-6 * exact, qPrintable(QString::number(strided - exact)));
    }

    void crossEntropy()
    {
        MatrixD z(3, 3);
        z << 1, 1000, 0,
             2, 0, 0,
             3, 0, 0;
        const MatrixD y = row({2, 1, 0});
        MatrixD g(3, 3);
        const double lse = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0));
        const double expected = ((lse - 3.0) + 1000.0 + std::log(3.0)) / 3.0;
        const double value = lossAndGradient<double>(LossKind::CrossEntropy, z, y, g);
        QVERIFY(std::abs(value - expected) < 1e-12);
        // gradient = (softmax − onehot) / n; columns sum to 0
        QVERIFY(g.colwise().sum().cwiseAbs().maxCoeff() < 1e-15);
        QVERIFY(std::abs(g(2, 0) - (std::exp(3.0 - lse) - 1.0) / 3.0) < 1e-15);
        QVERIFY(std::abs(g(0, 1) - 1.0 / 3.0) < 1e-15); // softmax puts all mass on the 1000 logit
        QVERIFY(std::abs(g(1, 1) - (-1.0 / 3.0)) < 1e-15);
        QVERIFY(std::abs(g(0, 2) - (1.0 / 3.0 - 1.0) / 3.0) < 1e-15);
    }

    void meanSquaredError()
    {
        MatrixD z(2, 2), y(2, 2), g(2, 2);
        z << 1, 2, 3, 4;
        y << 0, 0, 1, 1;
        // (1 + 4 + 4 + 9) / 4 elements
        QCOMPARE(lossAndGradient<double>(LossKind::MeanSquaredError, z, y, g), 4.5);
        MatrixD expected(2, 2);
        expected << 0.5, 1.0, 1.0, 1.5; // 2(z − y) / 4
        QCOMPARE(g, expected);
    }

    void outputActivations()
    {
        MatrixD z(3, 2), p(3, 2);
        z << 0, 1000, 0, 0, 0, -1000;
        outputActivation<double>(LossKind::CrossEntropy, z, p);
        QVERIFY(std::abs(p(0, 0) - 1.0 / 3.0) < 1e-15);
        QCOMPARE(p(0, 1), 1.0);
        QVERIFY(p.allFinite());
        MatrixD s(1, 3), q(1, 3);
        s << 0, 800, -800;
        outputActivation<double>(LossKind::BinaryCrossEntropy, s, q);
        QCOMPARE(q(0, 0), 0.5);
        QCOMPARE(q(0, 1), 1.0);
        QCOMPARE(q(0, 2), 0.0);
    }

    void countCorrectTiesGoToLowestIndex()
    {
        MatrixD z(3, 3);
        z << 1, 0, 5,
             1, 2, 5,
             0, 2, 1;
        // argmax with ties → 0, 1, 0
        QCOMPARE(countCorrect<double>(LossKind::CrossEntropy, z, row({0, 1, 0})), Eigen::Index(3));
        QCOMPARE(countCorrect<double>(LossKind::CrossEntropy, z, row({1, 2, 1})), Eigen::Index(0));
        // sigmoid(0) = 0.5 counts as class 1
        QCOMPARE(countCorrect<double>(LossKind::BinaryCrossEntropy, row({0, -1e-9, 3}), row({1, 0, 1})),
                 Eigen::Index(3));
    }

    void activations_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("z");
        QTest::addColumn<double>("expected");
        QTest::addColumn<double>("derivative");
        const double s1 = 1.0 / (1.0 + std::exp(-1.0));
        QTest::newRow("linear") << "linear" << -3.0 << -3.0 << 1.0;
        QTest::newRow("sigmoid(0)") << "sigmoid" << 0.0 << 0.5 << 0.25;
        QTest::newRow("sigmoid(1)") << "sigmoid" << 1.0 << s1 << s1 * (1 - s1);
        QTest::newRow("sigmoid(-800)") << "sigmoid" << -800.0 << 0.0 << 0.0;
        QTest::newRow("tanh(0.5)") << "tanh" << 0.5 << std::tanh(0.5) << 1 - std::pow(std::tanh(0.5), 2);
        QTest::newRow("relu(-1)") << "relu" << -1.0 << 0.0 << 0.0;
        QTest::newRow("relu(0) subgradient 0") << "relu" << 0.0 << 0.0 << 0.0;
        QTest::newRow("relu(2)") << "relu" << 2.0 << 2.0 << 1.0;
        QTest::newRow("leaky_relu(-1)") << "leaky_relu" << -1.0 << -0.01 << 0.01;
        QTest::newRow("elu(-1)") << "elu" << -1.0 << std::exp(-1.0) - 1 << std::exp(-1.0);
        QTest::newRow("elu(1)") << "elu" << 1.0 << 1.0 << 1.0;
        QTest::newRow("softplus(0)") << "softplus" << 0.0 << std::log(2.0) << 0.5;
        QTest::newRow("softplus(800)") << "softplus" << 800.0 << 800.0 << 1.0;
        QTest::newRow("gelu(1)") << "gelu" << 1.0 << 0.8413447460685429 << 0.8413447460685429 + std::exp(-0.5) / std::sqrt(2 * M_PI);
        QTest::newRow("gelu(-2)") << "gelu" << -2.0 << -2.0 * 0.022750131948179195
                                  << 0.022750131948179195 - 2.0 * std::exp(-2.0) / std::sqrt(2 * M_PI);
    }
    void activations()
    {
        QFETCH(QString, name);
        QFETCH(double, z);
        QFETCH(double, expected);
        QFETCH(double, derivative);
        ActivationSpec spec;
        spec.kind = *parseActivation(name.toStdString());
        MatrixD zin(1, 1), a(1, 1), d(1, 1);
        zin(0, 0) = z;
        activate<double>(spec, zin, a);
        QVERIFY2(std::abs(a(0, 0) - expected) < 1e-12, qPrintable(QString::number(a(0, 0), 'g', 17)));
        d(0, 0) = 1.0;
        multiplyByDerivative<double>(spec, zin, a, d);
        QVERIFY2(std::abs(d(0, 0) - derivative) < 1e-12, qPrintable(QString::number(d(0, 0), 'g', 17)));
    }

    // softplus' = σ(z) keeps its relative accuracy far into the negative
    // tail, where a tanh form of σ cancels to 0.
    void softplusDerivativeKeepsItsTail()
    {
        ActivationSpec spec;
        spec.kind = Activation::Softplus;
        for (double z : {-20.0, -40.0, -80.0, -700.0, 30.0}) {
            const double sigma = 1.0 / (1.0 + std::exp(-z));
            MatrixD zd(1, 1), ad(1, 1), dd(1, 1);
            zd(0, 0) = z;
            activate<double>(spec, zd, ad);
            dd(0, 0) = 1.0;
            multiplyByDerivative<double>(spec, zd, ad, dd);
            QVERIFY2(std::abs(dd(0, 0) - sigma) <= 1e-14 * sigma, qPrintable(QString::number(dd(0, 0), 'g', 17)));
            if (z < -80.0)
                continue; // σ is below float's range
            Matrix zf(1, 1), af(1, 1), df(1, 1);
            zf(0, 0) = static_cast<float>(z);
            activate<float>(spec, zf, af);
            df(0, 0) = 1.0f;
            multiplyByDerivative<float>(spec, zf, af, df);
            QVERIFY2(std::abs(df(0, 0) - sigma) <= 1e-6 * sigma, qPrintable(QString::number(df(0, 0), 'g', 9)));
        }
    }

    void namesRoundTrip()
    {
        for (const auto& n : activationNames())
            QCOMPARE(std::string(toString(*parseActivation(n))), n);
        QVERIFY(!parseActivation("swish"));
    }
};

QTEST_APPLESS_MAIN(TestLoss)
#include "test_nn_loss.moc"
