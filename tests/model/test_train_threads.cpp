// training.threads: the network splits its large products over a team of
// threads. Same config, seed and thread count → the same run, bit for bit;
// and the split changes only rounding, not what is learned.

#include "train/trainer.h"

#include <QtTest>

#include <cmath>

using namespace hs;

namespace {

// Layers wide enough (256 × 256 at batch 64) that the products are split.
RunConfig wideConfig(int threads)
{
    RunConfig c;
    c.data.dataset = "blobs";
    c.data.samples = 800;
    c.data.classes = 4;
    c.data.dimensions = 32;
    c.model.hidden = {256, 256};
    c.model.activation = "relu";
    c.model.init = "he_uniform";
    c.model.dropout = 0.1;
    c.training.epochs = 3;
    c.training.batchSize = 64;
    c.training.optimizer.lr = 0.001;
    c.training.threads = threads;
    return c;
}

std::vector<EpochRecord> train(Trainer& t)
{
    TrainingObserver quiet;
    RunControl control;
    t.run(quiet, control);
    return t.history().toVector();
}

} // namespace

class TestTrainThreads : public QObject {
    Q_OBJECT
private slots:
    void twoThreadsSameRunBitForBit()
    {
        Trainer a(wideConfig(2)), b(wideConfig(2));
        const auto ha = train(a), hb = train(b);
        QCOMPARE(ha.size(), std::size_t(3));
        QCOMPARE(hb.size(), ha.size());
        for (std::size_t i = 0; i < ha.size(); ++i) {
            QCOMPARE(ha[i].trainLoss, hb[i].trainLoss);
            QCOMPARE(*ha[i].valLoss, *hb[i].valLoss);
            for (std::size_t l = 0; l < ha[i].layers.size(); ++l) {
                QCOMPARE(ha[i].layers[l].gradNorm, hb[i].layers[l].gradNorm);
                QCOMPARE(ha[i].layers[l].updateRatio, hb[i].layers[l].updateRatio);
            }
        }
        QVERIFY(a.network().parameters() == b.network().parameters());
    }

    void threadCountChangesOnlyRounding()
    {
        Trainer one(wideConfig(1)), two(wideConfig(2));
        const auto h1 = train(one), h2 = train(two);
        QCOMPARE(h1.size(), h2.size());
        for (std::size_t i = 0; i < h1.size(); ++i)
            QVERIFY2(std::abs(h1[i].trainLoss - h2[i].trainLoss) <= 1e-3 * std::abs(h1[i].trainLoss) + 1e-6,
                     qPrintable(QString("epoch %1: %2 vs %3").arg(i + 1).arg(h1[i].trainLoss).arg(h2[i].trainLoss)));
        QVERIFY(h2.back().trainLoss < h2.front().trainLoss);
    }

    void copiedNetworkTrainsAlone()
    {
        // A copy of a threaded network has no team of its own until it needs one.
        Trainer t(wideConfig(2));
        TrainingObserver quiet;
        QVERIFY(t.step(quiet));
        Network copy = t.network();
        QCOMPARE(copy.threads(), 2);
        Rng rng(7);
        const Matrix x = t.data().split.train.x.leftCols(64);
        const Matrix logits = copy.forwardTrain(x, rng);
        QVERIFY(logits.allFinite());
    }
};

QTEST_GUILESS_MAIN(TestTrainThreads)
#include "test_train_threads.moc"
