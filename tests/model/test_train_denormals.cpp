// Denormals are flushed to zero inside a training step's arithmetic only:
// the guard flushes and restores, a step leaves its caller's mode as it
// was, observers run in the default mode, and results stay the same.

#include "core/denormals.h"
#include "train/trainer.h"

#include <QtTest>

#include <cfloat>

using namespace hs;

namespace {

// A product whose exact result is a denormal float (1e-38 × 1e-2 = 1e-40).
float denormalProduct()
{
    volatile float a = 1e-38f, b = 1e-2f;
    return a * b;
}

struct ModeWatcher : TrainingObserver {
    int steps = 0, flushedInCallbacks = 0;
    void onStep(const Trainer&, const StepRecord&) override
    {
        ++steps;
        flushedInCallbacks += FlushDenormals::active();
    }
    void onEpoch(const Trainer&, const EpochRecord&) override { flushedInCallbacks += FlushDenormals::active(); }
};

RunConfig adamRelu()
{
    RunConfig c;
    c.data.dataset = "spiral";
    c.data.samples = 300;
    c.model.hidden = {16, 16};
    c.model.activation = "relu";
    c.training.epochs = 30;
    c.training.batchSize = 16;
    c.training.optimizer.type = "adam";
    c.training.optimizer.lr = 0.01;
    return c;
}

} // namespace

class TestDenormals : public QObject {
    Q_OBJECT
private slots:
    void guardFlushesAndRestores()
    {
        QVERIFY(!FlushDenormals::active());
        QVERIFY(denormalProduct() > 0.0f && denormalProduct() < FLT_MIN);
        {
            FlushDenormals flush;
            QVERIFY(FlushDenormals::active());
            QCOMPARE(denormalProduct(), 0.0f);
            volatile float denormal = 1e-40f; // read as zero (DAZ)
            QCOMPARE(denormal * 1.0f, 0.0f);
        }
        QVERIFY(!FlushDenormals::active());
        QVERIFY(denormalProduct() > 0.0f);
        // The helpers' mode follows the caller's.
        const unsigned normal = currentFloatMode();
        unsigned flushed = 0;
        {
            FlushDenormals flush;
            flushed = currentFloatMode();
        }
        setFloatMode(flushed);
        QCOMPARE(denormalProduct(), 0.0f);
        setFloatMode(normal);
        QVERIFY(denormalProduct() > 0.0f);
    }

    void aStepLeavesItsCallersModeAlone()
    {
        Trainer trainer(adamRelu());
        ModeWatcher watcher;
        RunControl control;
        trainer.run(watcher, control);
        QVERIFY(watcher.steps > 0);
        QCOMPARE(watcher.flushedInCallbacks, 0);
        QVERIFY(!FlushDenormals::active());
        QVERIFY(denormalProduct() > 0.0f);
        // A caller that flushes keeps flushing after a step.
        Trainer again(adamRelu());
        FlushDenormals flush;
        again.step(watcher);
        QVERIFY(FlushDenormals::active());
    }

    void resultsAreRepeatable()
    {
        auto losses = [] {
            Trainer t(adamRelu());
            TrainingObserver quiet;
            RunControl control;
            t.run(quiet, control);
            std::vector<double> out;
            for (std::size_t e = 0; e < t.history().size(); ++e)
                out.push_back(t.history()[e].trainLoss);
            return out;
        };
        QCOMPARE(losses(), losses());
    }
};

QTEST_MAIN(TestDenormals)
#include "test_train_denormals.moc"
