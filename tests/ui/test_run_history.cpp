// The run history: every ended run is archived by the worker, listed with
// its metrics, renamed / pinned / deleted with undo, survives a restart,
// imports CLI folders, lists unreadable folders without crashing, and a
// re-opened run refills the RunModel with exactly what it held live.

#include "history_testing.h"
#include "io/atomic_file.h"
#include "io/run_archive.h"
#include "io/run_writer.h"
#include "run_history.h"
#include "run_restore.h"
#include "train/run_control.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <filesystem>

using namespace hs;
using namespace hs::testing;
using State = TrainingController::State;

namespace {

void compareEvaluations(const std::optional<Evaluation>& a, const std::optional<Evaluation>& b)
{
    QCOMPARE(a.has_value(), b.has_value());
    if (!a)
        return;
    QCOMPARE(a->loss, b->loss);
    QVERIFY(a->probabilities == b->probabilities);
    QVERIFY(a->labels == b->labels);
    QCOMPARE(a->classification.accuracy, b->classification.accuracy);
    QCOMPARE(a->classification.rocAuc, b->classification.rocAuc);
    QVERIFY(a->classification.confusion == b->classification.confusion);
}

} // namespace

class TestRunHistory : public QObject {
    Q_OBJECT
private slots:
    void archivesEveryEndedRun_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("status");
        QTest::newRow("finished") << "finished" << "finished";
        QTest::newRow("stopped early") << "early" << "stopped_early";
        QTest::newRow("diverged") << "diverged" << "diverged";
        QTest::newRow("stopped") << "stopped" << "stopped";
    }
    void archivesEveryEndedRun()
    {
        QFETCH(QString, kind);
        QFETCH(QString, status);
        ArchivingController archiving;
        TrainingController& controller = archiving.controller;
        RunModel& model = archiving.model;
        RunHistory& history = archiving.history;
        RunConfig c = kind == QLatin1String("early")      ? earlyStopConfig()
                      : kind == QLatin1String("diverged") ? divergingConfig()
                                                          : circleConfig();
        QSignalSpy archived(&controller, &TrainingController::runArchived);
        if (kind == QLatin1String("stopped")) {
            c.training.epochs = 100000;
            controller.setConfig(c);
            controller.setEpochsPerSecond(20);
            controller.train();
            QTRY_VERIFY_WITH_TIMEOUT(model.epoch() >= 2, 20000);
            controller.stop();
        } else {
            controller.setConfig(c);
            controller.train();
        }
        QVERIFY(archived.wait(60000));
        QVERIFY(history.addFolder(archived.first().first().toString()));
        QCOMPARE(history.runs().size(), 1);
        const RunEntry& e = history.runs().first();
        QCOMPARE(e.status, status);
        QCOMPARE(e.name, QStringLiteral("Run 1"));
        QCOMPARE(e.epochs, static_cast<int>(model.history().size()));
        QVERIFY(e.hasInitialWeights);
        QVERIFY(e.problem.isEmpty());
        // Every kind re-opens (divergence is caught before the weights turn
        // non-finite, so even a diverged run comes back whole).
        const RestoredRun restored = restoreRun(history.read(e.id));
        QCOMPARE(restored.update.historySize, model.history().size());
        QVERIFY2(restored.note.isEmpty(), qPrintable(restored.note));
        QCOMPARE(restored.update.test.has_value(), model.evaluation(Subset::Test).has_value());
    }

    void reopenedRunMatchesLiveAfterRestart()
    {
        QTemporaryDir tmp;
        RunModel live;
        QString dir;
        {
            TrainingController controller(&live);
            controller.setArchiveDirectory(tmp.path());
            dir = trainAndArchive(controller, circleConfig());
            QVERIFY(!dir.isEmpty());
            QTRY_COMPARE(controller.state(), State::Finished);
            RunHistory history;
            QVERIFY(history.setRoot(tmp.path()));
            QVERIFY(history.addFolder(dir));
            QVERIFY(history.rename(history.runs().first().id, QStringLiteral("baseline")));
        }
        // A new store, as after a restart.
        RunHistory history;
        QElapsedTimer timer;
        timer.start();
        QVERIFY(history.setRoot(tmp.path()));
        QCOMPARE(history.runs().size(), 1);
        QCOMPARE(history.runs().first().name, QStringLiteral("baseline"));
        RestoredRun restored = restoreRun(history.read(history.runs().first().id));
        RunModel again;
        again.reset(std::move(restored.setup));
        again.apply(std::move(restored.update));
        qInfo("list + re-open one run: %lld ms", static_cast<long long>(timer.elapsed()));

        QCOMPARE(again.history().size(), live.history().size());
        for (std::size_t i = 0; i < live.history().size(); ++i) {
            QCOMPARE(again.history()[i].trainLoss, live.history()[i].trainLoss);
            QCOMPARE(again.history()[i].valLoss, live.history()[i].valLoss);
            QCOMPARE(again.history()[i].valAccuracy, live.history()[i].valAccuracy);
            QCOMPARE(again.history()[i].lr, live.history()[i].lr);
            QCOMPARE(again.history()[i].layers.size(), live.history()[i].layers.size());
            QCOMPARE(again.history()[i].layers.back().gradNorm, live.history()[i].layers.back().gradNorm);
        }
        QCOMPARE(again.steps().size(), live.steps().size());
        QCOMPARE(again.steps().back().loss, live.steps().back().loss);
        QCOMPARE(again.totalSteps(), live.totalSteps());
        QCOMPARE(again.epoch(), live.epoch());
        compareEvaluations(again.evaluation(Subset::Validation), live.evaluation(Subset::Validation));
        compareEvaluations(again.evaluation(Subset::Test), live.evaluation(Subset::Test));
        QVERIFY(again.field() && live.field());
        QVERIFY(again.field()->score == live.field()->score);
        QVERIFY(again.field()->predicted == live.field()->predicted);
        QVERIFY(again.weights() == live.weights());
        QVERIFY(again.summary()->status == live.summary()->status);
        const auto &planA = again.setup().schedulePreview, &planB = live.setup().schedulePreview;
        QCOMPARE(planA.size(), planB.size());
        for (std::size_t i = 0; i < planA.size(); ++i) {
            QCOMPARE(planA[i].x, planB[i].x);
            QCOMPARE(planA[i].y, planB[i].y);
        }
        QVERIFY(again.setup().trainPoints == live.setup().trainPoints);
    }

    void renamePinDeleteUndo()
    {
        ArchivingController archiving;
        TrainingController& controller = archiving.controller;
        const QString root = archiving.dir.path();
        RunHistory& history = archiving.history;
        RunConfig c = circleConfig();
        QVERIFY(history.addFolder(trainAndArchive(controller, c)));
        c.training.optimizer.lr = 0.1;
        QVERIFY(history.addFolder(trainAndArchive(controller, c)));
        QCOMPARE(history.runs().size(), 2);
        QCOMPARE(QString::fromStdString(describeChanges(history.changesFromPrevious(1))), QStringLiteral("lr 0.01 → 0.1"));
        const QString first = history.runs()[0].id, second = history.runs()[1].id;
        QVERIFY(history.rename(second, QStringLiteral("  faster  ")));
        QVERIFY(history.setPinned(first, true));
        QVERIFY(history.remove(second));
        QCOMPARE(history.runs().size(), 1);
        QVERIFY(history.canUndoRemove());
        QVERIFY(history.undoRemove());
        QCOMPARE(history.runs().size(), 2);
        QVERIFY(!history.undoRemove());
        QVERIFY(history.remove(first));

        RunHistory reopened; // the deletion is final now; the rest persisted
        QVERIFY(reopened.setRoot(root));
        QCOMPARE(reopened.runs().size(), 1);
        QCOMPARE(reopened.runs().first().name, QStringLiteral("faster"));
        QVERIFY(!reopened.canUndoRemove());
        QVERIFY(!QFileInfo::exists(QDir(root).filePath(QStringLiteral(".trash/") + first)));
    }

    void importsCliFolders()
    {
        QTemporaryDir tmp, cli;
        const QString out = QDir(cli.path()).filePath(QStringLiteral("lr-run"));
        writeCliRunFolder(out, circleConfig());
        RunHistory history;
        QVERIFY(history.setRoot(tmp.path()));
        QString error;
        const QString id = history.importFolder(out, &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QCOMPARE(history.find(id)->name, QStringLiteral("lr-run"));
        QVERIFY(!history.find(id)->hasInitialWeights);
        QCOMPARE(history.importFolder(out), QStringLiteral("lr-run-2"));
        // Re-opening a CLI run works without steps.csv.
        const RestoredRun restored = restoreRun(history.read(id));
        QCOMPARE(restored.update.historySize, std::size_t(circleConfig().training.epochs));
        QVERIFY(restored.update.test.has_value());
    }

    void foreignFoldersAreRefusedOrListed_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("no config") << "notes.txt" << "hello" << "config.json";
        QTest::newRow("bad history") << "history.csv" << "epoch,train_loss\n1,zz\n" << "history.csv: line 2";
        QTest::newRow("bad weights") << "weights.json" << "{\"format\": 1}" << "weights.json";
    }
    void foreignFoldersAreRefusedOrListed()
    {
        QFETCH(QString, file);
        QFETCH(QString, content);
        QFETCH(QString, message);
        QTemporaryDir tmp, src;
        const QString folder = QDir(src.path()).filePath(QStringLiteral("x"));
        if (file != QLatin1String("notes.txt"))
            writeCliRunFolder(folder, circleConfig());
        QDir().mkpath(folder);
        writeFileAtomically((QDir(folder).filePath(file)).toStdString(), content.toStdString());
        RunHistory history;
        QVERIFY(history.setRoot(tmp.path()));
        QString error;
        const QString id = history.importFolder(folder, &error);
        if (file == QLatin1String("weights.json")) {
            // Reads as a folder; only re-opening needs the weights, and says why it cannot.
            QVERIFY(!id.isEmpty());
            try {
                restoreRun(history.read(id));
                QFAIL("restored a run with broken weights");
            } catch (const std::exception& e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
            }
            return;
        }
        QVERIFY(id.isEmpty());
        QVERIFY2(error.contains(message), qPrintable(error));
        QCOMPARE(history.runs().size(), 0);
        // The same folder dropped into the root is listed as unreadable, not a crash.
        std::filesystem::copy(folder.toStdString(), (QDir(tmp.path()).filePath(QStringLiteral("dropped"))).toStdString(),
                              std::filesystem::copy_options::recursive);
        QVERIFY(history.setRoot(tmp.path()));
        QCOMPARE(history.runs().size(), 1);
        QVERIFY2(history.runs().first().problem.contains(message), qPrintable(history.runs().first().problem));
    }

    void saveAndRestoreTimes_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::newRow("circle 200, 2-6-1") << "circle";
        QTest::newRow("digits 1797, 64-64-32-10") << "digits";
    }
    void saveAndRestoreTimes()
    {
        QFETCH(QString, dataset);
        RunConfig c = circleConfig();
        if (dataset == QLatin1String("digits")) {
            c.data.dataset = "digits";
            c.model.hidden = {64, 32};
            c.training.epochs = 5;
        }
        Trainer trainer(c);
        NullObserver observer;
        RunControl control;
        trainer.run(observer, control);
        QTemporaryDir tmp;
        QElapsedTimer timer;
        timer.start();
        const auto dir = archiveRun(tmp.path().toStdString(), "run", trainer, "{}");
        const qint64 save = timer.restart();
        const RunFolder folder = readRunFolder(dir);
        const qint64 read = timer.restart();
        const RestoredRun restored = restoreRun(folder);
        const qint64 rebuild = timer.elapsed();
        qInfo("%s: archive %lld ms, read %lld ms, rebuild %lld ms", qPrintable(dataset), static_cast<long long>(save),
              static_cast<long long>(read), static_cast<long long>(rebuild));
        QCOMPARE(restored.update.historySize, trainer.history().size());
    }

    void loadTimeOfManyRuns()
    {
        ArchivingController archiving;
        TrainingController& controller = archiving.controller;
        const QString root = archiving.dir.path();
        const QString dir = trainAndArchive(controller, circleConfig());
        QVERIFY(!dir.isEmpty());
        const int n = 100;
        for (int i = 0; i < n - 1; ++i)
            std::filesystem::copy(dir.toStdString(), QDir(root).filePath(QStringLiteral("copy-%1").arg(i)).toStdString(),
                                  std::filesystem::copy_options::recursive);
        RunHistory history;
        QElapsedTimer timer;
        timer.start();
        QVERIFY(history.setRoot(root));
        qInfo("listing %d runs (naming them, first time): %lld ms", n, static_cast<long long>(timer.elapsed()));
        QCOMPARE(history.runs().size(), n);
        // Folders that were never listed (the app closed first) get names in order.
        QCOMPARE(history.runs().last().name, QStringLiteral("Run %1").arg(n));
        RunHistory again;
        timer.restart();
        QVERIFY(again.setRoot(root));
        qInfo("listing %d runs: %lld ms", n, static_cast<long long>(timer.elapsed()));
        QCOMPARE(again.runs().last().name, QStringLiteral("Run %1").arg(n));
    }
};

QTEST_MAIN(TestRunHistory)
#include "test_run_history.moc"
