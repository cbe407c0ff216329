// Lockstep mode: several configs train at once on their own workers, epoch
// for epoch, each with exactly the numbers it gets alone, and each is
// archived when it ends.

#include "history_testing.h"
#include "lockstep_runner.h"

#include <QTemporaryDir>

using namespace hs;
using namespace hs::testing;

class TestLockstep : public QObject {
    Q_OBJECT
private slots:
    void epochForEpoch()
    {
        QTemporaryDir tmp;
        RunConfig slow = circleConfig();
        RunConfig fast = circleConfig();
        fast.training.optimizer.lr = 0.1;
        const RunConfig early = earlyStopConfig();
        LockstepRunner runner;
        int aheadOrBehind = 0; // lanes not at the common epoch when the runner advances
        connect(&runner, &LockstepRunner::advanced, this, [&](int epoch) {
            for (int i = 0; i < runner.count(); ++i) {
                const RunModel* m = runner.model(i);
                if (m->summary() ? m->epoch() > epoch : m->epoch() != epoch)
                    ++aheadOrBehind;
            }
        });
        QSignalSpy archived(&runner, &LockstepRunner::runArchived);
        QSignalSpy finished(&runner, &LockstepRunner::finished);
        runner.start({slow, fast, early}, {QStringLiteral("slow"), QStringLiteral("fast"), QStringLiteral("early")}, tmp.path());
        QVERIFY(runner.running());
        QVERIFY(finished.wait(60000));
        QVERIFY(!runner.running());
        QCOMPARE(runner.epoch(), circleConfig().training.epochs);
        QCOMPARE(aheadOrBehind, 0);
        QTRY_COMPARE(archived.count(), 3);
        QVERIFY(runner.model(2)->summary()->status == RunStatus::StoppedEarly);

        // The same numbers as the run alone.
        RunModel alone;
        trainInto(alone, fast);
        QCOMPARE(runner.model(1)->history().size(), alone.history().size());
        for (std::size_t i = 0; i < alone.history().size(); ++i)
            QCOMPARE(runner.model(1)->history()[i].trainLoss, alone.history()[i].trainLoss);

        const QList<ComparedRun> runs = runner.snapshot();
        QCOMPARE(runs.size(), 3);
        QCOMPARE(runs[1].name, QStringLiteral("fast"));
        QVERIFY(!runs[1].folder.roc.empty());
        QVERIFY(runs[1].folder.metrics.contains("accuracy"));
    }

    void stopEndsEveryRun()
    {
        RunConfig endless = circleConfig();
        endless.training.epochs = 100000;
        LockstepRunner runner;
        QSignalSpy finished(&runner, &LockstepRunner::finished);
        QSignalSpy advanced(&runner, &LockstepRunner::advanced);
        runner.start({endless, endless}, {QStringLiteral("a"), QStringLiteral("b")}, {});
        QVERIFY(advanced.wait(20000));
        runner.stop();
        QVERIFY(finished.wait(20000));
        for (int i = 0; i < runner.count(); ++i)
            QVERIFY(runner.model(i)->summary()->status == RunStatus::Stopped);
    }
};

QTEST_MAIN(TestLockstep)
#include "test_lockstep.moc"
