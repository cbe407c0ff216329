// The float network, whose products and activations take hand-written
// vector paths, against the same network in double (Eigen's plain
// arithmetic): layer shapes chosen to cross every path of the product kernel
// in its 16-lane (AVX-512) and 8-lane (AVX2) forms (partial row blocks, the
// transposed copy in whole and partial blocks, column remainders, the
// hand-off to Eigen for large transposed products), and the float sigmoid
// against the exact formula.

#include "nn/network.h"
#include "nn/product_kernel.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace hs;

Q_DECLARE_METATYPE(std::vector<int>)

namespace {

/// ‖f − d‖∞ relative to ‖d‖∞ (absolute when d is zero).
double relativeMaxError(const Eigen::Ref<const MatrixD>& f, const Eigen::Ref<const MatrixD>& d)
{
    const double scale = std::max(d.cwiseAbs().maxCoeff(), 1e-30);
    return (f - d).cwiseAbs().maxCoeff() / scale;
}

QString describe(const std::vector<int>& hidden)
{
    QStringList widths;
    for (int w : hidden)
        widths << QString::number(w);
    return widths.join(QLatin1Char('-'));
}

} // namespace

class TestNetwork : public QObject {
    Q_OBJECT

private slots:
    void floatMatchesDouble_data()
    {
        QTest::addColumn<int>("inputs");
        QTest::addColumn<std::vector<int>>("hidden");
        QTest::addColumn<int>("outputs");
        QTest::addColumn<int>("batch");
        QTest::addColumn<QString>("activation");
        QTest::newRow("16-wide sigmoid, batch 32") << 2 << std::vector<int>(10, 16) << 1 << 32 << "sigmoid";
        QTest::newRow("partial blocks both ways") << 3 << std::vector<int>{40, 20, 40} << 5 << 7 << "tanh";
        QTest::newRow("odd widths, one sample") << 5 << std::vector<int>{8, 24, 17} << 3 << 1 << "sigmoid";
        QTest::newRow("large transposed to Eigen") << 6 << std::vector<int>{48, 40} << 2 << 33 << "relu";
        QTest::newRow("narrower than a kernel block") << 4 << std::vector<int>{5, 7} << 1 << 9 << "sigmoid";
        // The 8-lane kernel: a masked second block (12, 13 rows), a full
        // 8-row panel (24 = 16 + 8), and every column remainder of its 2 × 6
        // tiles (batch 13 = 6 + 6 + 1, 11 = 6 + 4 + 1, 15 = 12 + 2 + 1).
        QTest::newRow("8-lane panels and remainders") << 9 << std::vector<int>{12, 24, 13} << 8 << 13 << "tanh";
        QTest::newRow("8-lane remainders, batch 11") << 2 << std::vector<int>{16, 9} << 10 << 11 << "relu";
        QTest::newRow("8-lane remainders, batch 15") << 3 << std::vector<int>{30, 8} << 2 << 15 << "sigmoid";
    }
    void floatMatchesDouble()
    {
        QFETCH(int, inputs);
        QFETCH(std::vector<int>, hidden);
        QFETCH(int, outputs);
        QFETCH(int, batch);
        QFETCH(QString, activation);
        NetworkSpec spec;
        spec.inputs = inputs;
        spec.hidden = hidden;
        spec.outputs = outputs;
        spec.activation.kind = *parseActivation(activation.toStdString());
        spec.loss = outputs == 1 ? LossKind::BinaryCrossEntropy : LossKind::CrossEntropy; // the gradient is given
        spec.init = Init::XavierUniform;
        NetworkD reference(spec);
        Rng rng(11);
        reference.initialize(rng);
        // Nonzero biases: forward products start their sums from them.
        for (int l = 0; l < reference.layerCount(); ++l)
            for (Eigen::Index i = 0; i < reference.bias(l).size(); ++i)
                reference.bias(l)(i) = 0.5 * rng.normal();
        // Round the parameters and inputs to float first, so that both nets
        // compute on the same values and differ only by their arithmetic.
        reference.parameters() = reference.parameters().cast<float>().cast<double>();
        Network net = Network::convertFrom(reference);

        MatrixD x(inputs, batch), gradLogits(outputs, batch);
        for (Eigen::Index i = 0; i < x.size(); ++i)
            x(i) = static_cast<double>(static_cast<float>(2.0 * rng.normal()));
        for (Eigen::Index i = 0; i < gradLogits.size(); ++i)
            gradLogits(i) = static_cast<double>(static_cast<float>(rng.normal()));
        const Matrix xf = x.cast<float>();
        const Matrix gf = gradLogits.cast<float>();

        Rng dropoutA(1), dropoutB(1);
        const MatrixD logitsD = reference.forwardTrain(x, dropoutA);
        const MatrixD logitsF = net.forwardTrain(xf, dropoutB).cast<double>();
        QVERIFY2(relativeMaxError(logitsF, logitsD) < 1e-5,
                 qPrintable(describe(hidden) + ": logits " + QString::number(relativeMaxError(logitsF, logitsD))));
        for (int l = 0; l + 1 < net.layerCount(); ++l) {
            const MatrixD hF = net.activationOutput(l).cast<double>();
            const MatrixD hD = reference.activationOutput(l);
            QVERIFY2(relativeMaxError(hF, hD) < 1e-5, qPrintable(QStringLiteral("activations of layer %1").arg(l)));
        }

        reference.backward(x, gradLogits);
        net.backward(xf, gf);
        for (int l = 0; l < net.layerCount(); ++l) {
            const LayerLayout& s = net.layout(l);
            const MatrixD gD = reference.gradients().segment(s.begin, s.count);
            const MatrixD gF = net.gradients().segment(s.begin, s.count).cast<double>();
            const double error = relativeMaxError(gF, gD);
            QVERIFY2(error < 1e-4, qPrintable(QStringLiteral("%1: gradient of layer %2 off by %3")
                                                  .arg(describe(hidden))
                                                  .arg(l)
                                                  .arg(error)));
        }
    }

    void kernelMatchesNaiveProductInBounds()
    {
#if HS_PRODUCT_KERNEL
        // Every panel and tile shape of both kernel forms, plain, accumulating
        // and started from a bias, with B transposed or not. C's columns are
        // ldc = m + 5 apart with NaN in the gaps and after the end: a mask
        // that lets a lane through writes one.
        Rng rng(5);
        const float nan = std::numeric_limits<float>::quiet_NaN();
        for (Eigen::Index m : {1, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 40, 47}) {
            for (Eigen::Index n : {1, 2, 3, 5, 7, 11, 13, 25}) {
                for (Eigen::Index k : {1, 4, 19}) {
                    for (int mode = 0; mode < 3; ++mode) {
                        const bool accumulate = mode == 1, started = mode == 2, transposedB = (m + n + k) % 2 == 1;
                        std::vector<float> a(static_cast<std::size_t>(m * k)), b(static_cast<std::size_t>(k * n)),
                            bias(static_cast<std::size_t>(m));
                        for (float& v : a)
                            v = float(rng.normal());
                        for (float& v : b)
                            v = float(rng.normal());
                        for (float& v : bias)
                            v = float(rng.normal());
                        const Eigen::Index ldc = m + 5;
                        std::vector<float> c(std::size_t(ldc * n + 16), nan);
                        for (Eigen::Index j = 0; j < n; ++j)
                            for (Eigen::Index i = 0; i < m; ++i)
                                c[std::size_t(i + j * ldc)] = accumulate ? float(rng.normal()) : nan;
                        const std::vector<float> before = c;
                        // B(p, j) at p·bs + j·bt.
                        const Eigen::Index bs = transposedB ? n : 1, bt = transposedB ? 1 : k;
                        kernel::product(m, n, k, a.data(), m, b.data(), bs, bt, c.data(), ldc, accumulate,
                                        started ? bias.data() : nullptr);
                        for (Eigen::Index j = 0; j < n; ++j)
                            for (Eigen::Index i = 0; i < ldc; ++i) {
                                const float got = c[std::size_t(i + j * ldc)];
                                if (i >= m) {
                                    QVERIFY2(std::isnan(got), qPrintable(QStringLiteral("%1x%2x%3: gap (%4, %5) written")
                                                                             .arg(m).arg(n).arg(k).arg(i).arg(j)));
                                    continue;
                                }
                                double want = accumulate ? before[std::size_t(i + j * ldc)] : started ? bias[std::size_t(i)] : 0.0;
                                for (Eigen::Index p = 0; p < k; ++p)
                                    want += double(a[std::size_t(i + p * m)]) * b[std::size_t(p * bs + j * bt)];
                                QVERIFY2(std::abs(got - want) <= 1e-5 * (1.0 + std::abs(want)),
                                         qPrintable(QStringLiteral("%1x%2x%3 mode %4: (%5, %6) = %7, want %8")
                                                        .arg(m).arg(n).arg(k).arg(mode).arg(i).arg(j).arg(got).arg(want)));
                            }
                        for (std::size_t t = std::size_t(ldc * n); t < c.size(); ++t)
                            QVERIFY2(std::isnan(c[t]), "written past the end");
                    }
                }
            }
        }
#else
        QSKIP("no product kernel for this instruction set");
#endif
    }

    void kernelIsOneFmaChainOverEveryDepth()
    {
#if HS_PRODUCT_KERNEL
        // Each element is one sequential float FMA chain over p, compared
        // bit for bit (depths around 256 and 784 guard any later blocking of
        // the depth). k = 0 must still write zeros, the start, or keep C.
        Rng rng(9);
        for (Eigen::Index k : {0, 1, 255, 256, 257, 513, 784}) {
            for (int mode = 0; mode < 3; ++mode) {
                const Eigen::Index m = 21, n = 9;
                const bool accumulate = mode == 1, started = mode == 2;
                std::vector<float> a(static_cast<std::size_t>(m * k)), b(static_cast<std::size_t>(k * n)),
                    bias(static_cast<std::size_t>(m)), c(static_cast<std::size_t>(m * n));
                for (auto* values : {&a, &b, &bias, &c})
                    for (float& v : *values)
                        v = float(rng.normal());
                const std::vector<float> before = c;
                kernel::product(m, n, k, a.data(), m, b.data(), 1, k, c.data(), m, accumulate,
                                started ? bias.data() : nullptr);
                for (Eigen::Index j = 0; j < n; ++j)
                    for (Eigen::Index i = 0; i < m; ++i) {
                        float want = accumulate ? before[std::size_t(i + j * m)] : started ? bias[std::size_t(i)] : 0.0f;
                        for (Eigen::Index p = 0; p < k; ++p)
                            want = std::fma(a[std::size_t(i + p * m)], b[std::size_t(p + j * k)], want);
                        QVERIFY2(c[std::size_t(i + j * m)] == want,
                                 qPrintable(QStringLiteral("k %1 mode %2: (%3, %4) = %5, want %6")
                                                .arg(k).arg(mode).arg(i).arg(j).arg(c[std::size_t(i + j * m)]).arg(want)));
                    }
            }
        }
#else
        QSKIP("no product kernel for this instruction set");
#endif
    }

    void floatSigmoidIsAccurate()
    {
        ActivationSpec spec;
        spec.kind = Activation::Sigmoid;
        std::vector<float> values;
        for (float z = -104.0f; z <= 104.0f; z += 0.0137f)
            values.push_back(z);
        for (float z : {0.0f, -0.0f, 1e-30f, -1e-30f, 88.7f, -88.7f, 87.3f, -87.3f, 16.6f, -16.6f, 1e-4f, -1e-4f})
            values.push_back(z);
        Matrix z = Eigen::Map<const Matrix>(values.data(), static_cast<Eigen::Index>(values.size()), 1);
        Matrix a(z.rows(), 1);
        activate<float>(spec, z, a);
        for (Eigen::Index i = 0; i < z.rows(); ++i) {
            const double exact = 1.0 / (1.0 + std::exp(-static_cast<double>(z(i))));
            const double got = a(i);
            QVERIFY2(got >= 0.0 && got <= 1.0, qPrintable(QString::number(z(i))));
            // Within a few ulp of the exact value, also where it is tiny (a
            // saturated unit, a confident prediction) and down to the float range.
            if (exact < 1e-37)
                QVERIFY2(got <= 1e-37, qPrintable(QString::number(z(i))));
            else
                QVERIFY2(std::abs(got - exact) <= 4e-7 * exact,
                         qPrintable(QStringLiteral("sigmoid(%1) = %2, exactly %3")
                                        .arg(double(z(i)), 0, 'g', 9)
                                        .arg(got, 0, 'g', 9)
                                        .arg(exact, 0, 'g', 9)));
        }

        // The BCE gradient σ(z) − y and the predicted probability use it too.
        Matrix logit(1, 1), label(1, 1), gradient(1, 1), probability(1, 1);
        logit << -14.0f;
        label << 0.0f;
        lossAndGradient<float>(LossKind::BinaryCrossEntropy, logit, label, gradient);
        outputActivation<float>(LossKind::BinaryCrossEntropy, logit, probability);
        const double tiny = 1.0 / (1.0 + std::exp(14.0));
        QVERIFY2(std::abs(gradient(0, 0) - tiny) <= 4e-7 * tiny, qPrintable(QString::number(gradient(0, 0), 'g', 9)));
        QVERIFY2(std::abs(probability(0, 0) - tiny) <= 4e-7 * tiny, qPrintable(QString::number(probability(0, 0), 'g', 9)));

        const float inf = std::numeric_limits<float>::infinity();
        Matrix special(5, 1), out(5, 1);
        special << 0.0f, inf, -inf, std::numeric_limits<float>::quiet_NaN(), -800.0f;
        activate<float>(spec, special, out);
        QCOMPARE(out(0), 0.5f);
        QCOMPARE(out(1), 1.0f);
        QCOMPARE(out(2), 0.0f);
        QVERIFY(std::isnan(out(3)));
        QCOMPARE(out(4), 0.0f);
    }

    void doubleSigmoidIsAccurate()
    {
        // The portable form (double always; float without AVX-512).
        std::vector<double> values;
        for (double z = -750.0; z <= 750.0; z += 0.37)
            values.push_back(z);
        for (double z : {0.0, -0.0, 1e-300, -1e-300, 36.7, -36.7, 709.0, -709.0, -745.0})
            values.push_back(z);
        MatrixD z = Eigen::Map<const MatrixD>(values.data(), static_cast<Eigen::Index>(values.size()), 1);
        MatrixD a(z.rows(), 1);
        activate<double>({Activation::Sigmoid}, z, a);
        for (Eigen::Index i = 0; i < z.rows(); ++i) {
            const double v = z(i);
            const double exact = v >= 0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v));
            // (Eigen's exp stops at e^−709.8 ≈ 5.6e-309 below, the end of the normal range.)
            QVERIFY2(std::abs(a(i) - exact) <= 1e-14 * exact + 1e-307,
                     qPrintable(QStringLiteral("sigmoid(%1) = %2, exactly %3").arg(v).arg(a(i), 0, 'g', 17).arg(exact, 0, 'g', 17)));
        }
        const double inf = std::numeric_limits<double>::infinity();
        MatrixD special(4, 1), out(4, 1);
        special << inf, -inf, std::numeric_limits<double>::quiet_NaN(), -1e4;
        activate<double>({Activation::Sigmoid}, special, out);
        QCOMPARE(out(0), 1.0);
        QCOMPARE(out(1), 0.0);
        QVERIFY(std::isnan(out(2)));
        QCOMPARE(out(3), 0.0);
    }

    void floatSigmoidHandlesEveryLengthAndStride()
    {
        ActivationSpec spec;
        spec.kind = Activation::Sigmoid;
        Rng rng(3);
        // Column lengths around the 16-lane width, through a strided block:
        // every element as computed alone, and nothing outside the block written.
        for (int rows = 1; rows <= 40; ++rows) {
            Matrix z(rows + 3, 4), a = Matrix::Constant(rows + 3, 4, 42.0f);
            for (Eigen::Index i = 0; i < z.size(); ++i)
                z(i) = static_cast<float>(6.0 * rng.normal());
            activate<float>(spec, z.topRows(rows), a.topRows(rows));
            for (Eigen::Index j = 0; j < z.cols(); ++j) {
                for (Eigen::Index i = 0; i < z.rows(); ++i) {
                    if (i >= rows) {
                        QCOMPARE(a(i, j), 42.0f);
                        continue;
                    }
                    Matrix one(1, 1), alone(1, 1);
                    one(0, 0) = z(i, j);
                    activate<float>(spec, one, alone);
                    QCOMPARE(a(i, j), alone(0, 0));
                }
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestNetwork)
#include "test_nn_network.moc"
