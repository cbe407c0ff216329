// The run history in the main window: runs appear as they end with the
// changes from the previous run, re-open with their settings and charts,
// compare in their own window, and bad folders give a clear banner.

#include "config_panel.h"
#include "history_dock.h"
#include "history_panel.h"
#include "history_testing.h"
#include "io/atomic_file.h"
#include "main_window.h"
#include "run_history.h"
#include "views/compare_view.h"

#include <QAction>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>

using namespace hs;
using namespace hs::testing;
using State = TrainingController::State;

class TestHistoryDock : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void trainReopenCompare()
    {
        QTemporaryDir tmp;
        MainWindow w(windowOptions(tmp.path()));
        HistoryDock* dock = w.historyDock();
        QVERIFY(dock);
        RunHistory* history = dock->history();
        QTreeWidget* tree = dock->historyPanel()->tree();

        w.configPanel()->setConfig(circleConfig());
        w.controller()->train();
        QTRY_COMPARE_WITH_TIMEOUT(history->runs().size(), 1, 60000);
        QTRY_COMPARE(w.controller()->state(), State::Finished);
        const std::vector<EpochRecord> first = w.runModel()->history().toVector();

        RunConfig fast = circleConfig();
        fast.training.optimizer.lr = 0.1;
        w.configPanel()->setConfig(fast);
        w.controller()->train();
        QTRY_COMPARE_WITH_TIMEOUT(history->runs().size(), 2, 60000);
        QTRY_COMPARE(w.controller()->state(), State::Finished);
        QCOMPARE(tree->topLevelItemCount(), 2);
        // Newest first, with what changed.
        QCOMPARE(tree->topLevelItem(0)->text(HistoryPanel::Name), QStringLiteral("Run 2"));
        QCOMPARE(tree->topLevelItem(0)->text(HistoryPanel::Changes), QStringLiteral("lr 0.01 → 0.1"));
        QCOMPARE(tree->topLevelItem(0)->text(HistoryPanel::Status), QStringLiteral("finished"));

        // Re-open the first run: its settings and its charts come back.
        QVERIFY(dock->openRun(history->runs().first().id));
        QCOMPARE(w.configPanel()->config().training.optimizer.lr, 0.01);
        QCOMPARE(w.controller()->state(), State::Finished);
        QCOMPARE(w.runModel()->history().size(), first.size());
        QCOMPARE(w.runModel()->history().back().valLoss, first.back().valLoss);
        // The worker's stale preparation must not overwrite the re-opened run.
        QTest::qWait(300);
        QCOMPARE(w.runModel()->history().size(), first.size());

        // Compare both from a multi-selection and the panel's action.
        dock->historyPanel()->selectIds({history->runs()[0].id, history->runs()[1].id});
        QVERIFY(dock->historyPanel()->compareAction()->isEnabled());
        dock->historyPanel()->compareAction()->trigger();
        QVERIFY(dock->compareWindow()->isVisible());
        QCOMPARE(dock->compareView()->runs().size(), 2);
        QCOMPARE(dock->compareView()->runs().first().name, QStringLiteral("Run 1"));

        // Delete with undo through the panel's actions.
        dock->historyPanel()->selectIds({history->runs()[1].id});
        dock->historyPanel()->deleteAction()->trigger();
        QCOMPARE(tree->topLevelItemCount(), 1);
        QVERIFY(dock->historyPanel()->undoDeleteAction()->isEnabled());
        dock->historyPanel()->undoDeleteAction()->trigger();
        QCOMPARE(tree->topLevelItemCount(), 2);

        // Rename by editing the row: F2, type, Return (which must not also re-open the run).
        QSignalSpy opened(dock->historyPanel(), &HistoryPanel::openRequested);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        dock->historyPanel()->selectIds({history->runs().first().id});
        tree->setFocus();
        dock->historyPanel()->renameAction()->trigger();
        QLineEdit* editor = tree->findChild<QLineEdit*>();
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("baseline"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(history->runs().first().name, QStringLiteral("baseline"));
        QCOMPARE(opened.count(), 0);
        // Return outside the editor opens the run.
        dock->historyPanel()->selectIds({history->runs().first().id});
        QTest::keyClick(tree->viewport(), Qt::Key_Return);
        QTRY_COMPARE(opened.count(), 1);
    }

    void shortcutsAndTooltips()
    {
        QTemporaryDir tmp;
        MainWindow w(windowOptions(tmp.path()));
        HistoryPanel* p = w.historyDock()->historyPanel();
        for (QAction* a : {p->compareAction(), p->lockstepAction(), p->sameStartAction(), p->renameAction(),
                           p->pinAction(), p->deleteAction(), p->undoDeleteAction()}) {
            QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->text()));
            QVERIFY2(!a->toolTip().isEmpty(), qPrintable(a->text()));
        }
        QVERIFY(!p->importAction()->toolTip().isEmpty());
        QVERIFY(p->openAction()->toolTip().contains(QStringLiteral("Return"))); // through the view's activation
        QVERIFY(!w.historyDock()->importAction()->shortcut().isEmpty());
    }

    void badImportShowsBanner()
    {
        QTemporaryDir tmp, bad;
        writeFileAtomically(QDir(bad.path()).filePath(QStringLiteral("config.json")).toStdString(), "{\"model\": 5}");
        MainWindow w(windowOptions(tmp.path()));
        QVERIFY(!w.historyDock()->importFolder(bad.path()));
        QVERIFY2(w.bannerText().contains(QStringLiteral("config.json")), qPrintable(w.bannerText()));
        QCOMPARE(w.historyDock()->history()->runs().size(), 0);
    }

    void noHistoryWithoutFolder()
    {
        MainWindow w(windowOptions({}));
        QVERIFY(!w.historyDock());
        QVERIFY(w.controller()->archiveDirectory().isEmpty());
    }
};

QTEST_MAIN(TestHistoryDock)
#include "test_history_dock.moc"
