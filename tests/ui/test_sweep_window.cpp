// The search window: a tiny grid gives the expected trials in a table sorted
// by the metric with the best highlighted, the charts pick log and
// categorical axes, a trial opens as a run in the history, a random search
// stops midway keeping what ran, bad rows are refused naming the row, and a
// k-fold sweep folder written by the engine (as the CLI does) opens here.

#include "config_panel.h"
#include "history_dock.h"
#include "history_testing.h"
#include "io/config_json.h"
#include "lockstep_runner.h"
#include "main_window.h"
#include "run_configs.h"
#include "run_history.h"
#include "sweep_editor.h"
#include "sweep_results_model.h"
#include "sweep_window.h"
#include "views/knob_scatter_view.h"
#include "views/parallel_coordinates_view.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QXYSeries>

#include <cmath>

using namespace hs;
using namespace hs::testing;
using Mode = SweepEditor::Mode;

namespace {

double metricOf(const QAbstractItemModel& m, int row, int column)
{
    return m.index(row, column).data(SweepResultsModel::SortRole).toDouble();
}

} // namespace

class TestSweepWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void gridSearchTableChartsAndOpenTrial()
    {
        QTemporaryDir tmp;
        MainWindow w(windowOptions(tmp.filePath("runs")));
        w.configPanel()->setConfig(smallConfig(8));
        SweepWindow* s = w.sweepWindow();
        SweepEditor* e = s->editor();
        e->clearAxes();
        e->addAxis("training.optimizer.lr", Mode::Grid, "0.003, 0.03, 0.3");
        e->addAxis("model.activation", Mode::Grid, "tanh, relu");
        e->setOutputDirectory(tmp.filePath("sweep"));
        e->setJobs(2);
        QCOMPARE(e->trialCount(), 6);
        QSignalSpy finished(s, &SweepWindow::finished);
        QSignalSpy added(s, &SweepWindow::trialAdded);
        QVERIFY(s->start());
        QVERIFY(s->isRunning());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toString(), QString());
        QCOMPARE(added.size(), 6);
        QCOMPARE(added.last().at(0).toInt(), 6);

        SweepResultsModel* m = s->results();
        QCOMPARE(m->rowCount(), 6);
        QCOMPARE(m->knobs(), QStringList({"training.optimizer.lr", "model.activation"}));
        // Sorted by val_loss, best first, and the best row is the highlighted one.
        const QAbstractItemModel* sorted = s->table()->model();
        const int column = m->metricColumn();
        QCOMPARE(m->headerData(column, Qt::Horizontal).toString(), QStringLiteral("val_loss ▲"));
        for (int row = 1; row < 6; ++row)
            QVERIFY(metricOf(*sorted, row - 1, column) <= metricOf(*sorted, row, column));
        double best = INFINITY;
        for (const TrialResult& r : m->results())
            best = std::min(best, r.metrics.at("val_loss"));
        QCOMPARE(m->result(m->bestRow()).metrics.at("val_loss"), best);
        QVERIFY(sorted->index(0, 0).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!sorted->index(1, 0).data(Qt::FontRole).value<QFont>().bold());
        // Sorting by another column, e.g. the trial number.
        s->table()->sortByColumn(0, Qt::AscendingOrder);
        for (int row = 0; row < 6; ++row)
            QCOMPARE(sorted->index(row, 0).data().toInt(), row + 1);
        // The same files as the CLI: a run folder per trial and results.csv.
        QFile csv(tmp.filePath("sweep/results.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts).size(), 7);
        QVERIFY(QFile::exists(tmp.filePath("sweep/trial_006/history.csv")));
        // The next search will not write over this one.
        QVERIFY(e->outputDirectory() != tmp.filePath("sweep"));

        // Charts: the learning rate spans two decades (log), the activation is categorical.
        QVERIFY(!s->parallelCoordinates()->isEmptyState());
        KnobScatterView* scatter = s->scatter();
        scatter->setKnob("training.optimizer.lr");
        QVERIFY(scatter->xIsLog() && !scatter->xIsCategorical());
        QCOMPARE(scatter->pointCount("trials") + scatter->pointCount("best"), 6);
        QCOMPARE(scatter->pointCount("best"), 1);
        QCOMPARE(scatter->findSeries("best")->points().first().y(), best);
        scatter->setKnob("model.activation");
        QVERIFY(scatter->xIsCategorical());
        QCOMPARE(scatter->csvData().split('\n', Qt::SkipEmptyParts).size(), 7);
        QCOMPARE(s->parallelCoordinates()->csvData().split('\n', Qt::SkipEmptyParts).size(), 7);

        // The best trial opens as a run, kept in the history under a telling name.
        const TrialResult bestTrial = m->result(m->bestRow());
        QVERIFY(s->openTrial(m->bestRow()));
        RunHistory* history = w.historyDock()->history();
        QCOMPARE(history->runs().size(), 1);
        QVERIFY(history->runs().first().name.endsWith(QStringLiteral("trial %1").arg(bestTrial.trial)));
        QCOMPARE(w.configPanel()->config().training.optimizer.lr, bestTrial.knobs.at("training.optimizer.lr").get<double>());
        QCOMPARE(w.configPanel()->config().model.activation, bestTrial.knobs.at("model.activation").get<std::string>());
    }

    void randomSearchStopsMidwayKeepingWhatRan()
    {
        QTemporaryDir tmp;
        MainWindow w(windowOptions(tmp.filePath("runs")));
        RunConfig c = endlessConfig();
        c.training.epochs = 300;
        w.configPanel()->setConfig(c);
        SweepWindow* s = w.sweepWindow();
        SweepEditor* e = s->editor();
        e->clearAxes();
        e->addAxis("training.optimizer.lr", Mode::LogUniform, "1e-4 : 1");
        e->trialsBox()->setValue(40);
        e->setOutputDirectory(tmp.filePath("random"));
        QCOMPARE(e->trialCount(), 40);
        QCOMPARE(e->logKeys(), QStringList{"training.optimizer.lr"});
        QSignalSpy finished(s, &SweepWindow::finished);
        QSignalSpy added(s, &SweepWindow::trialAdded);
        QVERIFY(s->start());
        QVERIFY(added.wait(60000));
        s->stop();
        QVERIFY(finished.wait(60000));
        const int rows = s->results()->rowCount();
        QVERIFY(rows >= 1 && rows < 40);
        QVERIFY2(s->statusText().contains(QStringLiteral("Stopped after %1 of 40 trials").arg(rows)), qPrintable(s->statusText()));
        for (const TrialResult& r : s->results()->results()) {
            const double lr = r.knobs.at("training.optimizer.lr").get<double>();
            QVERIFY(lr >= 1e-4 && lr <= 1.0);
        }
    }

    void badRowsAndFoldersAreRefused()
    {
        QTemporaryDir tmp;
        MainWindow w(windowOptions(tmp.filePath("runs")));
        SweepWindow* s = w.sweepWindow();
        SweepEditor* e = s->editor();
        e->clearAxes();
        QString error;
        QVERIFY(!s->start(&error));
        QVERIFY(error.contains("at least one knob"));
        e->addAxis("training.optimizer.lr", Mode::LogUniform, "0 : 1");
        QVERIFY(!s->start(&error));
        QVERIFY2(error.contains("Row 1") && error.contains("lo > 0"), qPrintable(error));
        e->clearAxes();
        e->addAxis("training.optimizer.lr", Mode::Uniform, "abc : 1");
        QVERIFY(!s->start(&error));
        QVERIFY2(error.contains("\"abc\" is not a number"), qPrintable(error));
        e->clearAxes();
        e->addAxis("training.batch_size", Mode::Grid, "16, -3");
        e->setOutputDirectory(tmp.filePath("bad"));
        QVERIFY(!s->start(&error));
        QVERIFY2(error.contains("trial 2") && error.contains("batch_size"), qPrintable(error));
        QVERIFY(!QFile::exists(tmp.filePath("bad/sweep.json"))); // nothing written
        e->clearAxes();
        e->addAxis("training.batch_size", Mode::Grid, "16, 32");
        e->foldsBox()->setValue(1);
        QVERIFY(!s->start(&error));
        QVERIFY(error.contains("at least 2 folds"));
        e->foldsBox()->setValue(0);
        // A folder with files in it is never written over.
        QFile f(tmp.filePath("full/keep.txt"));
        QVERIFY(QDir().mkpath(tmp.filePath("full")) && f.open(QIODevice::WriteOnly));
        f.close();
        e->setOutputDirectory(tmp.filePath("full"));
        QVERIFY(!s->start(&error));
        QVERIFY(error.contains("already holds files"));
        QVERIFY(!s->openSweepFolder(tmp.filePath("nothing"), &error));
        QVERIFY2(error.contains("sweep.json"), qPrintable(error));
        // An absurd grid (10^10 trials) is refused at once, in the summary and at Start.
        e->clearAxes();
        for (int i = 0; i < 10; ++i)
            e->addAxis("training.seed", Mode::Grid, "1, 2, 3, 4, 5, 6, 7, 8, 9, 10");
        e->setOutputDirectory(tmp.filePath("huge"));
        const auto* summary = e->findChild<QLabel*>(QStringLiteral("sweepSummary"));
        QVERIFY(summary);
        QVERIFY2(summary->text().contains("too many"), qPrintable(summary->text()));
        QVERIFY(!s->start(&error)); // building 10^10 configs first would never return
        QVERIFY2(error.contains("at most 100000"), qPrintable(error));
        QVERIFY(!QFile::exists(tmp.filePath("huge/sweep.json")));
    }

    void kFoldSweepFolderOpens()
    {
        // A sweep written by the engine (what `hyperscope-cli sweep --folds 2` does) opens here.
        QTemporaryDir tmp;
        SweepSpec spec;
        spec.base = configToJson(smallConfig(6));
        spec.grid = {parseGridAxis("model.hidden=[4],[8,8]")};
        spec.folds = 2;
        spec.metric = "val_accuracy";
        RunControl control;
        const auto ran = runSweep(spec, tmp.filePath("cv").toStdString(), 2, control);
        MainWindow w(windowOptions(tmp.filePath("runs")));
        SweepWindow* s = w.sweepWindow();
        QVERIFY(s->openSweepFolder(tmp.filePath("cv")));
        SweepResultsModel* m = s->results();
        QCOMPARE(m->rowCount(), 2);
        QCOMPARE(m->metric(), std::string("val_accuracy"));
        QCOMPARE(s->editor()->foldsBox()->value(), 2);
        QCOMPARE(s->editor()->axisCount(), 1);
        const int statusColumn = 2;
        QCOMPARE(m->index(0, statusColumn).data().toString(), QStringLiteral("finished (2 folds)"));
        QCOMPARE(m->headerData(m->metricColumn(), Qt::Horizontal).toString(), QStringLiteral("val_accuracy ▼"));
        for (int row = 0; row < 2; ++row)
            QVERIFY(std::abs(m->result(row).metrics.at("val_accuracy") - ran[row].metrics.at("val_accuracy")) < 1e-9);
        // Sorted descending for accuracy.
        const QAbstractItemModel* sorted = s->table()->model();
        QVERIFY(metricOf(*sorted, 0, m->metricColumn()) >= metricOf(*sorted, 1, m->metricColumn()));
        QVERIFY(s->openTrial(0));
        QVERIFY(w.historyDock()->history()->runs().first().name.contains("fold 1 of 2"));
    }

    void smallSearchRacesInLockstep()
    {
        QTemporaryDir tmp;
        MainWindow w(windowOptions(tmp.filePath("runs")));
        w.configPanel()->setConfig(smallConfig(5));
        SweepWindow* s = w.sweepWindow();
        SweepEditor* e = s->editor();
        e->clearAxes();
        e->addAxis("training.optimizer.lr", Mode::Grid, "0.01, 0.1, 1");
        LockstepRunner* lockstep = w.historyDock()->lockstepRunner();
        QSignalSpy finished(lockstep, &LockstepRunner::finished);
        QVERIFY(s->race());
        QCOMPARE(lockstep->count(), 3);
        QVERIFY(finished.wait(60000));
        QTRY_COMPARE(w.historyDock()->history()->runs().size(), 3);
        QStringList kept; // each kept under the name it raced under
        for (const RunEntry& r : w.historyDock()->history()->runs())
            kept << r.name;
        kept.sort();
        QCOMPARE(kept, QStringList({"lr 0.01", "lr 0.1", "lr 1"}));
        const QList<ComparedRun> raced = lockstep->snapshot();
        QCOMPARE(raced.size(), 3);
        QCOMPARE(raced[1].name, QStringLiteral("lr 0.1"));
        QCOMPARE(raced[1].folder.config.training.optimizer.lr, 0.1);
        QCOMPARE(raced[1].folder.history.size(), std::size_t(5));
        // Too many trials for a race: refused with the count.
        e->addAxis("model.activation", Mode::Grid, "tanh, relu, sigmoid");
        QString error;
        QVERIFY(!s->race(&error));
        QVERIFY2(error.contains("make 9"), qPrintable(error));
    }

    void lastSearchIsRemembered()
    {
        QCoreApplication::setApplicationName(QStringLiteral("test_sweep_window_settings"));
        QSettings().remove(QStringLiteral("search/last"));
        QTemporaryDir tmp;
        SweepWindow::Hooks hooks;
        hooks.baseConfig = [] { return configToJson(smallConfig(3)); };
        hooks.remember = true;
        {
            SweepWindow first(hooks);
            first.editor()->clearAxes();
            first.editor()->addAxis("model.activation", Mode::Grid, "tanh, relu");
            first.editor()->addAxis("training.optimizer.lr", Mode::LogUniform, "0.001 : 0.1");
            first.editor()->trialsBox()->setValue(2);
            first.editor()->setOutputDirectory(tmp.filePath("s"));
            QSignalSpy finished(&first, &SweepWindow::finished);
            QVERIFY(first.start());
            QVERIFY(finished.wait(60000));
        }
        SweepWindow second(hooks);
        QCOMPARE(second.editor()->axisCount(), 2);
        QCOMPARE(second.editor()->trialCount(), 4);
        QCOMPARE(second.editor()->logKeys(), QStringList{"training.optimizer.lr"});
        hooks.remember = false;
        SweepWindow fresh(hooks); // without settings: the built-in example search
        QCOMPARE(fresh.editor()->logKeys(), QStringList{"training.optimizer.lr"});
        QCOMPARE(fresh.editor()->trialCount(), 24);
        QSettings().remove(QStringLiteral("search/last"));
    }

    void missingValuesSortLast()
    {
        SweepResultsModel m;
        m.reset("val_loss", {"training.optimizer.lr"});
        for (int i = 1; i <= 3; ++i) {
            TrialResult r;
            r.trial = i;
            r.status = i == 2 ? "diverged" : "finished";
            r.knobs["training.optimizer.lr"] = 0.1 * i;
            if (i != 2)
                r.metrics["val_loss"] = 1.0 / i;
            m.addResult(r);
        }
        QCOMPARE(m.bestRow(), 2);
        SweepSortProxy proxy;
        proxy.setSourceModel(&m);
        proxy.setSortRole(SweepResultsModel::SortRole);
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            proxy.sort(m.metricColumn(), order);
            QCOMPARE(proxy.index(2, 0).data().toInt(), 2); // the diverged trial, whichever way
        }
        proxy.sort(m.metricColumn(), Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toInt(), 3);
        QCOMPARE(m.index(1, m.metricColumn()).data().toString(), QStringLiteral("—"));
        QVERIFY(m.csv().startsWith("trial,training.optimizer.lr,status,val_loss\n1,0.1,finished,1\n"));
    }
};

QTEST_MAIN(TestSweepWindow)
#include "test_sweep_window.moc"
