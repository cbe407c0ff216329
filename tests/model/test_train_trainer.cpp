// The trainer: exact steps, determinism, stopping rules, divergence, and
// stop/pause from another thread.

#include "train/trainer.h"

#include <QtTest>

#include <atomic>
#include <cmath>
#include <thread>

using namespace hs;

namespace {

// A test double that records what the trainer reports (ensmallen's idea).
class Recorder : public TrainingObserver {
public:
    void onStart(const Trainer&) override { ++starts; }
    void onStep(const Trainer&, const StepRecord& s) override
    {
        steps.push_back(s);
        if (stopAfterSteps > 0 && static_cast<int>(steps.size()) == stopAfterSteps && control)
            control->requestStop();
    }
    void onEpoch(const Trainer&, const EpochRecord& r) override
    {
        epochs.push_back(r);
        epochCount.store(static_cast<int>(epochs.size()));
    }
    void onFinished(const Trainer&, const RunSummary& s) override
    {
        summaries.push_back(s);
    }

    int starts = 0;
    std::vector<StepRecord> steps;
    std::vector<EpochRecord> epochs;
    std::vector<RunSummary> summaries;
    std::atomic<int> epochCount{0};
    int stopAfterSteps = 0;
    RunControl* control = nullptr;
};

RunConfig smallConfig()
{
    RunConfig c;
    c.data.dataset = "circle";
    c.data.samples = 200;
    c.model.hidden = {6};
    c.training.epochs = 20;
    c.training.batchSize = 16;
    return c;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private slots:
    void defaultConfigIsValid()
    {
        QVERIFY(RunConfig{}.validate().empty());
        Trainer t{RunConfig{}};
        QCOMPARE(t.data().split.train.samples(), Eigen::Index(700));
        QCOMPARE(t.stepsPerEpoch(), 22); // ⌈700 / 32⌉
        QCOMPARE(t.network().layerCount(), 3);
        QCOMPARE(t.schedulePreview(5000).size(), std::size_t(200 * 22)); // every step of a short run
        QCOMPARE(t.schedulePreview(5000).back().x, 200.0);
    }

    void schedulePreviewIsBoundedForAnyRunLength()
    {
        // 10^6 epochs of batch 1 on 700 samples: 7·10^8 steps, never all kept.
        RunConfig c;
        c.training.epochs = 1000000;
        c.training.batchSize = 1;
        c.training.schedule.type = "cyclic";
        c.training.schedule.cycleEpochs = 3;
        Trainer t{c};
        const std::vector<XYPoint> p = t.schedulePreview(2000);
        QVERIFY(p.size() <= 2000 && p.size() > 1000);
        QCOMPARE(p.front().x, 1.0 / 700);
        QCOMPARE(p.back().x, 1000000.0);
        // The cycle's envelope survives the sampling: both ends of the range appear.
        const auto [lo, hi] = std::minmax_element(p.begin(), p.end(), [](auto a, auto b) { return a.y < b.y; });
        QVERIFY2(lo->y < c.training.optimizer.lr * 1.05, qPrintable(QString::number(lo->y)));
        QVERIFY2(hi->y > c.training.schedule.maxLr * 0.95, qPrintable(QString::number(hi->y)));
    }

    void invalidConfigThrowsWithEveryProblem()
    {
        RunConfig c;
        c.training.epochs = 0;
        c.model.activation = "swish";
        try {
            Trainer t(c);
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(e.problems().size(), std::size_t(2));
            QVERIFY(QString(e.what()).contains("training.epochs = 0"));
            QVERIFY(QString(e.what()).contains("model.activation = \"swish\""));
        }
    }

    void oneStepIsPlainGradientDescent()
    {
        // Logistic regression, full batch, no shuffle, SGD: one step must be
        // exactly p − lr·∇, with ∇W = (σ(Wx+b) − y)xᵀ/n computed here by hand.
        RunConfig c = smallConfig();
        c.model.hidden = {};
        c.training.batchSize = 0;
        c.training.shuffle = false;
        c.training.optimizer.type = "sgd";
        c.training.optimizer.lr = 0.5;
        Trainer t(c);
        const Dataset& d = t.data().split.train;
        const Eigen::MatrixXd x = d.x.cast<double>();
        const Eigen::RowVectorXd y = d.labels.cast<double>().transpose();
        const Eigen::MatrixXd w = t.network().weight(0).cast<double>();
        const double b = t.network().bias(0)(0);
        const Eigen::RowVectorXd z = (w * x).array() + b;
        const Eigen::RowVectorXd residual = (1.0 / (1.0 + (-z.array()).exp())).matrix() - y;
        const double n = static_cast<double>(x.cols());
        const Eigen::MatrixXd expectedW = w - 0.5 * (residual * x.transpose()) / n;
        const double expectedB = b - 0.5 * residual.sum() / n;

        Recorder r;
        QVERIFY(t.step(r));
        QCOMPARE(t.totalSteps(), std::int64_t(1));
        QCOMPARE(t.history().size(), std::size_t(1)); // full batch: one step is one epoch
        QVERIFY((t.network().weight(0).cast<double>() - expectedW).cwiseAbs().maxCoeff() < 1e-6);
        QVERIFY(std::abs(t.network().bias(0)(0) - expectedB) < 1e-6);
        QCOMPARE(r.starts, 1);
        QCOMPARE(r.steps.size(), std::size_t(1));
        QCOMPARE(r.steps[0].lr, 0.5);
    }

    void stepAndStepEpoch()
    {
        Trainer t(smallConfig());
        Recorder r;
        const int perEpoch = t.stepsPerEpoch();
        QCOMPARE(perEpoch, 9); // 140 training samples / 16
        QVERIFY(t.step(r));
        QCOMPARE(t.stepInEpoch(), 1);
        QVERIFY(t.stepEpoch(r));
        QCOMPARE(t.epoch(), 1);
        QCOMPARE(t.stepInEpoch(), 0);
        QCOMPARE(static_cast<int>(r.steps.size()), perEpoch);
        QCOMPARE(r.epochs.size(), std::size_t(1));
        QCOMPARE(r.epochs[0].steps, std::int64_t(perEpoch));
        QCOMPARE(r.epochs[0].layers.size(), std::size_t(2));
        QVERIFY(r.epochs[0].valLoss.has_value());
        QVERIFY(r.epochs[0].trainAccuracy.has_value());
    }

    void sameSeedSameRunBitForBit()
    {
        RunConfig c = smallConfig();
        c.model.dropout = 0.2;
        Trainer a(c), b(c);
        Recorder ra, rb;
        RunControl ca, cb;
        a.run(ra, ca);
        b.run(rb, cb);
        QCOMPARE(a.history().size(), b.history().size());
        for (std::size_t i = 0; i < a.history().size(); ++i) {
            QCOMPARE(a.history()[i].trainLoss, b.history()[i].trainLoss);
            QCOMPARE(*a.history()[i].valLoss, *b.history()[i].valLoss);
            QCOMPARE(a.history()[i].layers[0].gradNorm, b.history()[i].layers[0].gradNorm);
        }
        QVERIFY(a.network().parameters() == b.network().parameters());

        c.training.seed = 43;
        Trainer other(c);
        Recorder ro;
        RunControl co;
        other.run(ro, co);
        QVERIFY(other.history()[0].trainLoss != a.history()[0].trainLoss);
    }

    void learnsAnEasyProblem()
    {
        RunConfig c;
        c.data.dataset = "gaussian";
        c.data.samples = 400;
        c.model.hidden = {};
        c.training.epochs = 30;
        Trainer t(c);
        Recorder r;
        RunControl control;
        const RunSummary s = t.run(r, control);
        QCOMPARE(toString(s.status), toString(RunStatus::Finished));
        QCOMPARE(s.epochsRun, 30);
        QCOMPARE(r.summaries.size(), std::size_t(1));
        const Evaluation e = t.evaluate(Subset::Test);
        QVERIFY2(e.classification.accuracy > 0.9, qPrintable(QString::number(e.classification.accuracy)));
        QCOMPARE(e.probabilities.rows(), Eigen::Index(2));
        QVERIFY((e.probabilities.colwise().sum().array() - 1.0).abs().maxCoeff() < 1e-6);
    }

    void regressionReportsRmse()
    {
        RunConfig c;
        c.data.dataset = "plane";
        c.data.samples = 300;
        c.model.task = "regression";
        c.training.epochs = 40;
        Trainer t(c);
        Recorder r;
        RunControl control;
        t.run(r, control);
        QVERIFY(!r.epochs.back().trainAccuracy);
        const Evaluation e = t.evaluate(t.reportSubset());
        QVERIFY(e.regression.rmse > 0.0);
        QVERIFY(e.regression.r2 > 0.5);
    }

    void divergenceIsCaughtTheStepItHappens()
    {
        RunConfig c;
        c.data.dataset = "plane";
        c.data.samples = 200;
        c.model.task = "regression";
        c.model.activation = "linear";
        c.training.optimizer.type = "sgd";
        c.training.optimizer.lr = 1e6;
        c.training.epochs = 50;
        Trainer t(c);
        Recorder r;
        RunControl control;
        const RunSummary s = t.run(r, control);
        QCOMPARE(toString(s.status), toString(RunStatus::Diverged));
        QVERIFY(s.divergedEpoch >= 1);
        QVERIFY(s.divergedStep >= 1 && s.divergedStep <= t.stepsPerEpoch());
        QVERIFY2(QString::fromStdString(s.message).startsWith(QStringLiteral("diverged at epoch %1, step %2").arg(s.divergedEpoch).arg(s.divergedStep)),
                 s.message.c_str());
        QCOMPARE(static_cast<int>(t.history().size()), s.divergedEpoch - 1);
        for (const auto& e : t.history())
            QVERIFY(std::isfinite(e.trainLoss));
        QVERIFY(t.network().parameters().allFinite());
        QVERIFY(!t.step(r)); // the run is over
    }

    void earlyStoppingStopsAndRestoresTheBest()
    {
        RunConfig c = smallConfig();
        c.data.noise = 0.3;
        c.model.hidden = {32, 32};
        c.training.epochs = 400;
        c.training.optimizer.lr = 0.05;
        c.training.earlyStopping.enabled = true;
        c.training.earlyStopping.patience = 5;
        Trainer t(c);
        Recorder r;
        RunControl control;
        const RunSummary s = t.run(r, control);
        QCOMPARE(toString(s.status), toString(RunStatus::StoppedEarly));
        QCOMPARE(s.stoppedEpoch - s.bestEpoch, 5);
        QVERIFY(s.restoredBest);
        const double best = *t.history()[s.bestEpoch - 1].valLoss;
        for (const auto& e : t.history())
            QVERIFY(*e.valLoss >= best);
        // The final weights are the best epoch's: they reproduce its validation loss.
        QVERIFY(std::abs(t.evaluate(Subset::Validation).loss - best) < 1e-6);
    }

    void restoreBestAlsoWhenNeverTriggered()
    {
        RunConfig c = smallConfig();
        c.training.epochs = 15;
        c.training.optimizer.lr = 0.2; // noisy enough that the last epoch is rarely the best
        c.training.earlyStopping.enabled = true;
        c.training.earlyStopping.patience = 1000;
        Trainer t(c);
        Recorder r;
        RunControl control;
        const RunSummary s = t.run(r, control);
        QCOMPARE(toString(s.status), toString(RunStatus::Finished));
        QVERIFY(s.restoredBest);
        QVERIFY(std::abs(t.evaluate(Subset::Validation).loss - *t.history()[s.bestEpoch - 1].valLoss) < 1e-6);
    }

    void earlyStoppingPatienceZeroStopsAtFirstNonImprovement()
    {
        EarlyStopping es("val_loss", 0, 0.0);
        QVERIFY(es.update(1, 1.0));
        QVERIFY(!es.shouldStop());
        QVERIFY(es.update(2, 0.9));
        QVERIFY(!es.update(3, 0.9)); // equal is not better
        QVERIFY(es.shouldStop());
        EarlyStopping acc("val_accuracy", 2, 0.05);
        QVERIFY(acc.update(1, 0.5));
        QVERIFY(!acc.update(2, 0.54)); // not by more than min_delta
        QVERIFY(!acc.shouldStop());
        QVERIFY(!acc.update(3, 0.55));
        QVERIFY(acc.shouldStop());
    }

    void stopFromAnotherThreadAnswersWithinABatch()
    {
        RunConfig c = smallConfig();
        c.training.epochs = 1'000'000;
        Trainer t(c);
        Recorder r;
        RunControl control;
        RunSummary s;
        std::thread worker([&] { s = t.run(r, control); });
        QTRY_VERIFY_WITH_TIMEOUT(r.epochCount.load() >= 3, 10000);
        control.requestStop();
        worker.join();
        QCOMPARE(toString(s.status), toString(RunStatus::Stopped));
        QVERIFY(s.epochsRun >= 3);
        QCOMPARE(r.summaries.size(), std::size_t(1));
    }

    void stopAfterAGivenStep()
    {
        Trainer t(smallConfig());
        Recorder r;
        RunControl control;
        r.control = &control;
        r.stopAfterSteps = 5;
        const RunSummary s = t.run(r, control);
        QCOMPARE(toString(s.status), toString(RunStatus::Stopped));
        QCOMPARE(t.totalSteps(), std::int64_t(5)); // no batch after the stop request
    }

    void pauseHoldsTheRun()
    {
        RunConfig c = smallConfig();
        c.training.epochs = 1'000'000;
        Trainer t(c);
        Recorder r;
        RunControl control;
        control.setPaused(true);
        std::thread worker([&] { t.run(r, control); });
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QCOMPARE(r.epochCount.load(), 0);
        control.setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(r.epochCount.load() >= 1, 10000);
        control.setPaused(true);
        control.requestStop(); // a stop releases a paused run
        worker.join();
        QVERIFY(t.finished());
    }

    void statisticsShowDeadAndSaturatedUnits()
    {
        RunConfig c = smallConfig();
        c.model.activation = "sigmoid";
        c.model.init = "normal";
        c.model.initScale = 20.0; // huge weights saturate every sigmoid
        c.training.epochs = 1;
        Trainer t(c);
        Recorder r;
        t.stepEpoch(r);
        QVERIFY(r.epochs[0].layers[0].saturatedFraction > 0.5);

        c.model.activation = "relu";
        c.model.init = "zeros"; // all-zero pre-activations: every ReLU unit is dead
        Trainer dead(c);
        Recorder rd;
        dead.stepEpoch(rd);
        QCOMPARE(rd.epochs[0].layers[0].deadFraction, 1.0);
    }

    void batchNormRunningStatisticsMatchTheData()
    {
        // With (almost) frozen weights and full batches, the running
        // statistics converge to the data's own, so evaluation mode must
        // reproduce the training-mode loss.
        RunConfig c = smallConfig();
        c.model.hidden = {6, 6};
        c.model.batchNorm = true;
        c.training.batchSize = 0;
        c.training.epochs = 200;
        c.training.optimizer.type = "sgd";
        c.training.optimizer.lr = 1e-9;
        Trainer t(c);
        Recorder r;
        RunControl control;
        t.run(r, control);
        const double trainMode = t.history().back().trainLoss;
        const double evalMode = t.evaluate(Subset::Train).loss;
        QVERIFY2(std::abs(trainMode - evalMode) < 1e-3, qPrintable(QStringLiteral("%1 vs %2").arg(trainMode).arg(evalMode)));
    }

    void stepHistoryStaysBounded()
    {
        StepHistory h(8);
        for (int s = 1; s <= 1000; ++s)
            h.add(s, s, 0.1);
        QVERIFY(h.points().size() <= 8);
        QVERIFY(h.points().size() >= 4);
        QCOMPARE(h.points().front().step, std::int64_t(1));
        for (std::size_t i = 1; i < h.points().size(); ++i)
            QCOMPARE(h.points()[i].step - h.points()[i - 1].step, h.stride());
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "test_train_trainer.moc"
