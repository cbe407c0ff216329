// Back-propagation against central finite differences (double precision),
// for every activation × initializer, every loss, and every layer option.

#include "train/gradient_check.h"

#include <QtTest>

using namespace hs;

namespace {

struct Problem {
    MatrixD x, targets;
};

Problem makeProblem(LossKind loss, int inputs, int outputs, int n, std::uint64_t seed)
{
    Rng rng(seed);
    Problem p;
    p.x = MatrixD(inputs, n);
    for (Eigen::Index i = 0; i < p.x.size(); ++i)
        p.x(i) = rng.normal();
    if (loss == LossKind::MeanSquaredError) {
        p.targets = MatrixD(outputs, n);
        for (Eigen::Index i = 0; i < p.targets.size(); ++i)
            p.targets(i) = rng.normal();
    } else {
        p.targets = MatrixD(1, n);
        const int classes = loss == LossKind::BinaryCrossEntropy ? 2 : outputs;
        for (int j = 0; j < n; ++j)
            p.targets(0, j) = static_cast<double>(rng.below(classes));
    }
    return p;
}

GradientCheckResult check(NetworkSpec spec, std::uint64_t seed = 7, GradientCheckOptions options = {})
{
    NetworkD net(spec);
    Rng rng(seed);
    net.initialize(rng);
    // Zero-initialized nets have zero gradients almost everywhere; perturb
    // so that the check compares something.
    if (spec.init == Init::Zeros)
        for (Eigen::Index i = 0; i < net.parameters().size(); ++i)
            net.parameters()(i) += 0.3 * rng.normal();
    const Problem p = makeProblem(spec.loss, spec.inputs, spec.outputs, 9, seed + 1);
    return gradientCheck(net, p.x, p.targets, options);
}

QString describe(const GradientCheckResult& r)
{
    QString s;
    for (const auto& e : r.entries)
        s += QStringLiteral("L%1 %2: %3; ").arg(e.layer).arg(QString::fromStdString(e.kind)).arg(e.maxRelativeError);
    return s;
}

} // namespace

class TestGradients : public QObject {
    Q_OBJECT
private slots:
    void activationTimesInit_data()
    {
        QTest::addColumn<QString>("activation");
        QTest::addColumn<QString>("init");
        for (const auto& a : activationNames())
            for (const auto& i : initNames())
                QTest::newRow((a + "/" + i).c_str()) << QString::fromStdString(a) << QString::fromStdString(i);
    }
    void activationTimesInit()
    {
        QFETCH(QString, activation);
        QFETCH(QString, init);
        NetworkSpec spec;
        spec.inputs = 3;
        spec.hidden = {5, 4};
        spec.outputs = 1;
        spec.loss = LossKind::BinaryCrossEntropy;
        spec.activation.kind = *parseActivation(activation.toStdString());
        spec.init = *parseInit(init.toStdString());
        spec.initScale = 0.5;
        const auto r = check(spec);
        QVERIFY2(r.maxRelativeError < 1e-5, qPrintable(describe(r)));
        QCOMPARE(r.entries.size(), std::size_t(6));
    }

    void losses_data()
    {
        QTest::addColumn<int>("loss");
        QTest::addColumn<int>("outputs");
        QTest::newRow("bce") << int(LossKind::BinaryCrossEntropy) << 1;
        QTest::newRow("softmax-ce-3") << int(LossKind::CrossEntropy) << 3;
        QTest::newRow("softmax-ce-10") << int(LossKind::CrossEntropy) << 10;
        QTest::newRow("mse-1") << int(LossKind::MeanSquaredError) << 1;
        QTest::newRow("mse-3") << int(LossKind::MeanSquaredError) << 3;
    }
    void losses()
    {
        QFETCH(int, loss);
        QFETCH(int, outputs);
        for (bool hidden : {false, true}) {
            NetworkSpec spec;
            spec.inputs = 4;
            spec.outputs = outputs;
            spec.loss = static_cast<LossKind>(loss);
            if (hidden)
                spec.hidden = {6};
            const auto r = check(spec);
            QVERIFY2(r.maxRelativeError < 1e-6, qPrintable(describe(r)));
        }
    }

    void layerOptions_data()
    {
        QTest::addColumn<bool>("batchNorm");
        QTest::addColumn<bool>("residual");
        QTest::addColumn<double>("dropout");
        QTest::addColumn<QString>("activation");
        QTest::newRow("batch norm") << true << false << 0.0 << "tanh";
        QTest::newRow("residual") << false << true << 0.0 << "tanh";
        QTest::newRow("dropout") << false << false << 0.3 << "sigmoid";
        QTest::newRow("all three, elu") << true << true << 0.2 << "elu";
        QTest::newRow("batch norm, gelu") << true << false << 0.0 << "gelu";
    }
    void layerOptions()
    {
        QFETCH(bool, batchNorm);
        QFETCH(bool, residual);
        QFETCH(double, dropout);
        QFETCH(QString, activation);
        NetworkSpec spec;
        spec.inputs = 3;
        spec.hidden = {5, 5, 5};
        spec.outputs = 3;
        spec.loss = LossKind::CrossEntropy;
        spec.activation.kind = *parseActivation(activation.toStdString());
        spec.batchNorm = batchNorm;
        spec.residual = residual;
        spec.dropout = dropout;
        const auto r = check(spec);
        // A bias followed by batch norm has an exactly-zero gradient; its
        // difference quotient is one rounding step of the loss over 2h
        // (≈1e-10), which the 1e-5 floor turns into ≈1e-5.
        QVERIFY2(r.maxRelativeError < (batchNorm ? 1e-4 : 1e-5), qPrintable(describe(r)));
        if (batchNorm)
            QCOMPARE(r.entries.size(), std::size_t(3 * 4 + 2));
    }

    void regularizationPenalty()
    {
        NetworkSpec spec;
        spec.inputs = 3;
        spec.hidden = {4};
        spec.loss = LossKind::MeanSquaredError;
        GradientCheckOptions o;
        o.l1 = 0.01;
        o.l2 = 0.05;
        const auto r = check(spec, 11, o);
        QVERIFY2(r.maxRelativeError < 1e-5, qPrintable(describe(r)));
    }

    void detectsAWrongGradient()
    {
        // The checker itself must be able to fail: compare against a network
        // whose parameters differ from the one that produced the gradient.
        NetworkSpec spec;
        spec.inputs = 2;
        spec.hidden = {3};
        NetworkD net(spec);
        Rng rng(3);
        net.initialize(rng);
        const Problem p = makeProblem(spec.loss, 2, 1, 5, 4);
        auto ok = gradientCheck(net, p.x, p.targets);
        QVERIFY(ok.maxRelativeError < 1e-6);
        GradientCheckOptions wrongStep;
        wrongStep.step = 10.0; // far too large: the difference quotient is no longer the derivative
        auto bad = gradientCheck(net, p.x, p.targets, wrongStep);
        QVERIFY(bad.maxRelativeError > 1e-3);
    }
};

QTEST_APPLESS_MAIN(TestGradients)
#include "test_train_gradients.moc"
