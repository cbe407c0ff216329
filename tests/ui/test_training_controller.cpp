// TrainingController with a real worker thread: every control, the states it
// goes through, what reaches the RunModel, and prompt shutdown mid-run.

#include "run_configs.h"
#include "run_model.h"
#include "training_controller.h"
#include "view_testing.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace hs;
using State = TrainingController::State;

using testing::endlessConfig;
using testing::smallConfig;

class TestTrainingController : public QObject {
    Q_OBJECT
private slots:
    void trainReachesFinishedWithEverySnapshot();
    void sameSeedAfterResetGivesTheSameRun();
    void pauseThenStepAdvancesExactlyOneBatch();
    void pauseAndResumeContinues();
    void stepEpochCompletesOneEpoch();
    void stepEpochFromMidEpochCompletesIt();
    void stopEndsStoppedPromptly();
    void stopWhilePausedEndsStopped();
    void divergingRunEndsDiverged();
    void badConfigEmitsError();
    void speedLimitSlowsTraining();
    void samplesPerSecondMatchesTheWallClock();
    void configChangeWhileTrainingWaitsForReset();
    void reseedChangesTheSeed();
    void destroyMidRunReturnsPromptly();
    void destroyWhileSleepingOrPausedReturnsPromptly();
};

void TestTrainingController::trainReachesFinishedWithEverySnapshot()
{
    RunModel model;
    TrainingController controller(&model);
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    QSignalSpy progress(&controller, &TrainingController::progress);
    QTimer::singleShot(0, &controller, [&] {
        controller.setConfig(smallConfig());
        controller.train();
        QCOMPARE(controller.state(), State::Training);
    });
    QVERIFY(ended.wait(20000));
    QCOMPARE(controller.state(), State::Finished);
    QCOMPARE(ended.first().at(0).value<State>(), State::Finished);
    QCOMPARE(model.history().size(), std::size_t(12));
    QCOMPARE(model.epoch(), 12);
    QCOMPARE(model.totalSteps(), std::int64_t(12 * 7));
    QCOMPARE(model.setup().stepsPerEpoch, 7);
    QVERIFY(model.evaluation(Subset::Test).has_value());
    QVERIFY(model.evaluation(Subset::Validation).has_value());
    QVERIFY(model.field().has_value());
    QCOMPARE(model.weights().size(), std::size_t(2));
    QVERIFY(model.summary().has_value());
    QVERIFY(model.summary()->status == RunStatus::Finished);
    QVERIFY(!model.running());
    QVERIFY(!model.steps().empty());
    QVERIFY(progress.count() > 0);
    const auto last = progress.last();
    QCOMPARE(last.at(0).toInt(), 12);
    QCOMPARE(last.at(1).toInt(), 12);
    QCOMPARE(last.at(2).toInt(), 7);
}

void TestTrainingController::sameSeedAfterResetGivesTheSameRun()
{
    RunModel model;
    TrainingController controller(&model);
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    QTimer::singleShot(0, &controller, [&] {
        controller.setConfig(smallConfig(5));
        controller.train();
    });
    QVERIFY(ended.wait(20000));
    const double firstLoss = model.history().back().trainLoss;

    QSignalSpy states(&controller, &TrainingController::stateChanged);
    controller.reset();
    QCOMPARE(controller.state(), State::Idle);
    QTRY_COMPARE(model.totalSteps(), std::int64_t(0));
    QVERIFY(model.history().empty());
    QTimer::singleShot(0, &controller, [&] { controller.train(); });
    QVERIFY(ended.wait(20000));
    QCOMPARE(controller.state(), State::Finished);
    QCOMPARE(model.history().back().trainLoss, firstLoss);
}

void TestTrainingController::pauseThenStepAdvancesExactlyOneBatch()
{
    RunModel model;
    TrainingController controller(&model);
    controller.setConfig(endlessConfig());
    QTimer::singleShot(0, &controller, [&] { controller.train(); });
    QTRY_VERIFY_WITH_TIMEOUT(model.totalSteps() > 20, 20000);

    QSignalSpy states(&controller, &TrainingController::stateChanged);
    QTimer::singleShot(0, &controller, [&] { controller.pause(); });
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Paused, 10000);
    const std::int64_t paused = model.totalSteps();
    QTest::qWait(50);
    QCOMPARE(model.totalSteps(), paused); // nothing runs while paused

    controller.step();
    QTRY_COMPARE_WITH_TIMEOUT(model.totalSteps(), paused + 1, 10000);
    controller.step();
    controller.step();
    QTRY_COMPARE_WITH_TIMEOUT(model.totalSteps(), paused + 3, 10000);
    QTest::qWait(50);
    QCOMPARE(model.totalSteps(), paused + 3);
    QCOMPARE(controller.state(), State::Paused);
}

void TestTrainingController::pauseAndResumeContinues()
{
    RunModel model;
    TrainingController controller(&model);
    controller.setConfig(endlessConfig());
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    QTimer::singleShot(0, &controller, [&] { controller.train(); });
    QTRY_VERIFY_WITH_TIMEOUT(model.totalSteps() > 0, 20000);

    // Resuming before the worker answered the pause keeps it running.
    controller.togglePause();
    QVERIFY(controller.pausePending());
    controller.togglePause();
    QVERIFY(!controller.pausePending());
    const std::int64_t before = model.totalSteps();
    QTRY_VERIFY_WITH_TIMEOUT(model.totalSteps() > before + 50, 20000);
    QCOMPARE(controller.state(), State::Training);

    // Resuming after it answered, too.
    controller.pause();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Paused, 10000);
    QVERIFY(!model.running());
    const std::int64_t paused = model.totalSteps();
    controller.togglePause();
    QCOMPARE(controller.state(), State::Training);
    QTRY_VERIFY_WITH_TIMEOUT(model.totalSteps() > paused + 50, 20000);
    QCOMPARE(ended.count(), 0);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Stopped, 10000);
}

void TestTrainingController::stepEpochCompletesOneEpoch()
{
    RunModel model;
    TrainingController controller(&model);
    controller.setConfig(smallConfig());
    QSignalSpy states(&controller, &TrainingController::stateChanged);
    QTimer::singleShot(0, &controller, [&] { controller.stepEpoch(); });
    QVERIFY(states.wait(10000));
    QCOMPARE(controller.state(), State::Paused);
    QCOMPARE(model.history().size(), std::size_t(1));
    QCOMPARE(model.totalSteps(), std::int64_t(7));
    controller.stepEpoch();
    QTRY_COMPARE_WITH_TIMEOUT(model.history().size(), std::size_t(2), 10000);
    QCOMPARE(model.totalSteps(), std::int64_t(14));
    QCOMPARE(model.stepInEpoch(), 0);
}

void TestTrainingController::stepEpochFromMidEpochCompletesIt()
{
    RunModel model;
    TrainingController controller(&model);
    controller.setConfig(smallConfig());
    QSignalSpy states(&controller, &TrainingController::stateChanged);
    QTimer::singleShot(0, &controller, [&] {
        controller.step();
        controller.step();
        controller.stepEpoch();
    });
    QTRY_COMPARE_WITH_TIMEOUT(model.history().size(), std::size_t(1), 10000);
    QCOMPARE(model.totalSteps(), std::int64_t(7));
    QTRY_COMPARE(controller.state(), State::Paused);
}

void TestTrainingController::stopEndsStoppedPromptly()
{
    RunModel model;
    TrainingController controller(&model);
    controller.setConfig(endlessConfig());
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    QTimer::singleShot(0, &controller, [&] { controller.train(); });
    QTRY_VERIFY_WITH_TIMEOUT(model.totalSteps() > 0, 20000);
    QElapsedTimer timer;
    timer.start();
    QTimer::singleShot(0, &controller, [&] { controller.stop(); });
    QVERIFY(ended.wait(5000));
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(controller.state(), State::Stopped);
    QVERIFY(model.summary().has_value());
    QVERIFY(model.summary()->status == RunStatus::Stopped);
    QVERIFY(model.evaluation(Subset::Test).has_value());

    // Train after a stop starts a fresh run.
    controller.setConfig(smallConfig(3));
    QTimer::singleShot(0, &controller, [&] { controller.train(); });
    QVERIFY(ended.wait(20000));
    QCOMPARE(controller.state(), State::Finished);
    QCOMPARE(model.history().size(), std::size_t(3));
}

void TestTrainingController::stopWhilePausedEndsStopped()
{
    RunModel model;
    TrainingController controller(&model);
    controller.setConfig(endlessConfig());
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    QTimer::singleShot(0, &controller, [&] { controller.step(); });
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Paused, 10000);
    QTimer::singleShot(0, &controller, [&] { controller.stop(); });
    QVERIFY(ended.wait(5000));
    QCOMPARE(controller.state(), State::Stopped);
    QCOMPARE(model.totalSteps(), std::int64_t(1));
}

void TestTrainingController::divergingRunEndsDiverged()
{
    const RunConfig c = testing::divergingConfig();
    RunModel model;
    TrainingController controller(&model);
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    QSignalSpy errors(&controller, &TrainingController::errorOccurred);
    QTimer::singleShot(0, &controller, [&] {
        controller.setConfig(c);
        controller.train();
    });
    QVERIFY(ended.wait(20000));
    QCOMPARE(controller.state(), State::Diverged);
    const QString message = ended.first().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("diverged")), qPrintable(message));
    QCOMPARE(controller.message(), message);
    QVERIFY(model.summary().has_value());
    QVERIFY(model.summary()->status == RunStatus::Diverged);
    QCOMPARE(errors.count(), 0);
}

void TestTrainingController::badConfigEmitsError()
{
    RunModel model;
    TrainingController controller(&model);
    RunConfig c = smallConfig();
    c.training.epochs = 0;
    QSignalSpy errors(&controller, &TrainingController::errorOccurred);
    QTimer::singleShot(0, &controller, [&] {
        controller.setConfig(c);
        controller.train();
    });
    QVERIFY(errors.wait(10000));
    QCOMPARE(controller.state(), State::Failed);
    QVERIFY2(errors.first().at(0).toString().contains(QStringLiteral("training.epochs")),
             qPrintable(errors.first().at(0).toString()));
    QTest::qWait(50);
    QCOMPARE(errors.count(), 1); // one message, not a storm

    // A valid config recovers.
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    QTimer::singleShot(0, &controller, [&] {
        controller.setConfig(smallConfig(2));
        controller.train();
    });
    QVERIFY(ended.wait(20000));
    QCOMPARE(controller.state(), State::Finished);
}

void TestTrainingController::speedLimitSlowsTraining()
{
    RunModel model;
    TrainingController controller(&model);
    controller.setConfig(smallConfig(6));
    controller.setEpochsPerSecond(20.0);
    QCOMPARE(controller.epochsPerSecond(), 20.0);
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    QElapsedTimer timer;
    QTimer::singleShot(0, &controller, [&] {
        timer.start();
        controller.train();
    });
    QVERIFY(ended.wait(20000));
    // Five paced gaps of 50 ms (no pause after the last epoch).
    QVERIFY2(timer.elapsed() >= 240, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(model.history().size(), std::size_t(6));
}

void TestTrainingController::samplesPerSecondMatchesTheWallClock()
{
    RunModel model;
    TrainingController controller(&model);
    controller.setConfig(endlessConfig());
    QElapsedTimer timer;
    std::int64_t startSteps = 0;
    QTimer::singleShot(0, &controller, [&] { controller.train(); });
    QTRY_VERIFY_WITH_TIMEOUT(model.totalSteps() > 0, 20000);
    startSteps = model.totalSteps();
    timer.start();
    QTest::qWait(1500);
    const double measured = double(model.totalSteps() - startSteps) * 10 / (timer.elapsed() / 1000.0);
    const double reported = model.samplesPerSecond();
    qInfo("reported %.0f samples/s, measured %.0f", reported, measured);
    QVERIFY2(reported > measured / 2 && reported < measured * 2,
             qPrintable(QStringLiteral("reported %1, measured %2").arg(reported).arg(measured)));
}

void TestTrainingController::configChangeWhileTrainingWaitsForReset()
{
    RunModel model;
    TrainingController controller(&model);
    controller.setConfig(endlessConfig());
    QSignalSpy pending(&controller, &TrainingController::configPendingChanged);
    QTimer::singleShot(0, &controller, [&] { controller.train(); });
    QTRY_VERIFY_WITH_TIMEOUT(model.totalSteps() > 0, 20000);
    RunConfig changed = endlessConfig();
    changed.training.optimizer.lr = 0.05;
    controller.setConfig(changed);
    QCOMPARE(controller.state(), State::Training);
    QVERIFY(controller.configPending());
    QCOMPARE(controller.runConfig().training.optimizer.lr, 0.01);
    controller.reset();
    QVERIFY(!controller.configPending());
    QCOMPARE(controller.state(), State::Idle);
    QCOMPARE(controller.runConfig().training.optimizer.lr, 0.05);
    QTRY_COMPARE(model.setup().config.training.optimizer.lr, 0.05);
    QCOMPARE(pending.count(), 2);
}

void TestTrainingController::reseedChangesTheSeed()
{
    RunModel model;
    TrainingController controller(&model);
    controller.setConfig(smallConfig());
    QSignalSpy seeds(&controller, &TrainingController::seedChanged);
    controller.reseed();
    QCOMPARE(seeds.count(), 1);
    const quint64 seed = seeds.first().at(0).value<quint64>();
    QCOMPARE(controller.config().training.seed, seed);
    QCOMPARE(controller.runConfig().training.seed, seed);
    QCOMPARE(controller.state(), State::Idle);
    QTRY_COMPARE(model.setup().config.training.seed, seed);
}

void TestTrainingController::destroyMidRunReturnsPromptly()
{
    for (int i = 0; i < 20; ++i) {
        RunModel model;
        auto controller = std::make_unique<TrainingController>(&model);
        controller->setConfig(endlessConfig());
        QTimer::singleShot(0, controller.get(), [&] { controller->train(); });
        // Alternate between destroying at once and after some training.
        if (i % 2)
            QTRY_VERIFY_WITH_TIMEOUT(model.totalSteps() > 0, 20000);
        QElapsedTimer timer;
        timer.start();
        controller.reset();
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }
}

void TestTrainingController::destroyWhileSleepingOrPausedReturnsPromptly()
{
    for (int i = 0; i < 6; ++i) {
        RunModel model;
        auto controller = std::make_unique<TrainingController>(&model);
        controller->setConfig(endlessConfig());
        controller->setEpochsPerSecond(0.2); // sleeps 5 s between epochs
        QTimer::singleShot(0, controller.get(), [&] { controller->train(); });
        QTRY_VERIFY_WITH_TIMEOUT(model.epoch() >= 1, 20000);
        if (i % 2) {
            controller->pause();
            QTRY_COMPARE_WITH_TIMEOUT(controller->state(), State::Paused, 5000);
        }
        QElapsedTimer timer;
        timer.start();
        controller.reset();
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }
}

QTEST_MAIN(TestTrainingController)
#include "test_training_controller.moc"
