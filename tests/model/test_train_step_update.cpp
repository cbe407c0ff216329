// StepUpdate: a step's parameter update and its per-layer norms in one pass
// split over the network's threads, and the network's slices under it.

#include "core/denormals.h"
#include "optim/optimizer.h"
#include "train/step_update.h"

#include <QtTest>

#include <atomic>
#include <cmath>
#include <vector>

using namespace hs;

namespace {

// Three layers: 100 × 40 (4,040 parameters, one block), 40 × 1700 (69,700:
// nine blocks) and 1700 → 2, 77,142 parameters in all (enough to be split
// over threads); all filled with varied values.
Network network(int threads)
{
    NetworkSpec spec;
    spec.inputs = 100;
    spec.hidden = {40, 1700};
    spec.outputs = 2;
    spec.loss = LossKind::CrossEntropy;
    Network net(spec);
    Rng rng(7);
    net.initialize(rng);
    net.gradients().resize(net.parameterCount());
    for (Eigen::Index i = 0; i < net.parameterCount(); ++i)
        net.gradients()[i] = std::sin(0.37f * float(i)) * std::pow(10.0f, float(i % 4) - 3.0f);
    net.setThreads(threads);
    return net;
}

std::unique_ptr<Optimizer> adam()
{
    OptimizerSpec s;
    s.type = "adamw";
    s.weightDecay = 0.01;
    return makeOptimizer(s);
}

} // namespace

class TestTrainStepUpdate : public QObject {
    Q_OBJECT
private slots:
    void updatesAsOneOptimizerStepAndMeasuresEachLayer();
    void sameResultsOnOneThreadOrTwo();
    void slicesCoverTheRangeOnceInTheCallersMode();
};

void TestTrainStepUpdate::updatesAsOneOptimizerStepAndMeasuresEachLayer()
{
    Network net = network(2);
    QVERIFY(net.layout(1).count > StepUpdate::kBlock);
    QVERIFY(net.parameterCount() >= StepUpdate::kParallelParameters);
    const Vector before = net.parameters();
    auto reference = adam();
    reference->reset(net.parameterCount());
    Vector expected = before;
    reference->step(expected, net.gradients(), 0.01);

    auto optimizer = adam();
    optimizer->reset(net.parameterCount());
    StepUpdate update;
    update.reset(net);
    update.apply(net, *optimizer, 0.01);

    QCOMPARE(net.parameters(), expected);
    QCOMPARE(update.previous(), before);
    QCOMPARE(int(update.norms().size()), net.layerCount());
    for (int l = 0; l < net.layerCount(); ++l) {
        const auto& s = net.layout(l);
        const auto& n = update.norms()[std::size_t(l)];
        const double g = net.gradients().segment(s.begin, s.count).cast<double>().norm();
        const double b = before.segment(s.begin, s.count).cast<double>().norm();
        const double c = (expected - before).segment(s.begin, s.count).cast<double>().norm();
        QVERIFY2(std::abs(n.gradient - g) <= 1e-5 * g, qPrintable(QString::number(l)));
        QVERIFY2(std::abs(n.before - b) <= 1e-5 * b, qPrintable(QString::number(l)));
        QVERIFY2(std::abs(n.change - c) <= 1e-5 * c, qPrintable(QString::number(l)));
        QVERIFY(c > 0.0);
    }
}

void TestTrainStepUpdate::sameResultsOnOneThreadOrTwo()
{
    std::vector<Vector> params;
    std::vector<std::vector<StepUpdate::LayerNorms>> norms;
    for (const int threads : {1, 2, 3}) {
        Network net = network(threads);
        auto optimizer = adam();
        optimizer->reset(net.parameterCount());
        StepUpdate update;
        update.reset(net);
        for (int step = 0; step < 3; ++step)
            update.apply(net, *optimizer, 0.01);
        params.push_back(net.parameters());
        norms.push_back(update.norms());
    }
    for (std::size_t i = 1; i < params.size(); ++i) {
        QCOMPARE(params[i], params[0]);
        for (std::size_t l = 0; l < norms[0].size(); ++l) {
            QCOMPARE(norms[i][l].gradient, norms[0][l].gradient);
            QCOMPARE(norms[i][l].before, norms[0][l].before);
            QCOMPARE(norms[i][l].change, norms[0][l].change);
        }
    }
}

void TestTrainStepUpdate::slicesCoverTheRangeOnceInTheCallersMode()
{
    for (const int threads : {1, 2, 3}) {
        Network net = network(threads);
        for (const Eigen::Index size : {0, 1, 7, 8, 9, 10000}) {
            std::vector<std::atomic<int>> seen(static_cast<std::size_t>(size));
            std::atomic<int> slices{0}, flushed{0};
            FlushDenormals flush;
            net.forEachSlice(size, 4, [&](Eigen::Index begin, Eigen::Index count) {
                slices += count > 0 ? 1 : 1000; // an empty slice fails the count below

                flushed += FlushDenormals::active() ? 1 : 0;
                for (Eigen::Index i = begin; i < begin + count; ++i)
                    ++seen[static_cast<std::size_t>(i)];
            });
            for (const auto& s : seen)
                QCOMPARE(s.load(), 1);
            const int expected = size == 0 ? 0 : size < 8 || threads == 1 ? 1 : threads;
            QCOMPARE(slices.load(), expected);
            QCOMPARE(flushed.load(), expected);
        }
    }
}

QTEST_APPLESS_MAIN(TestTrainStepUpdate)
#include "test_train_step_update.moc"
