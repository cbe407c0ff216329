// MainWindow: builds with every view, keeps Train disabled while the
// settings are invalid, lists the presets, reports divergence in the banner,
// opens and saves configs, and closes promptly in the middle of a run.

#include "config_panel.h"
#include "io/config_json.h"
#include "io/presets.h"
#include "main_window.h"
#include "run_configs.h"
#include "run_model.h"
#include "training_controller.h"
#include "view_frame.h"
#include "view_grid.h"

#include <QAction>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace hs;
using State = TrainingController::State;
using testing::smallConfig;

namespace {

std::unique_ptr<MainWindow> newWindow()
{
    auto w = std::make_unique<MainWindow>(MainWindow::Options{false});
    w->show();
    return w;
}

QList<QAction*> allActions(QMenu* menu)
{
    QList<QAction*> out;
    for (QAction* a : menu->actions()) {
        if (a->menu())
            out << allActions(a->menu());
        else if (!a->isSeparator() && !a->data().isNull())
            out << a;
    }
    return out;
}

QString statusText(MainWindow& w)
{
    QStringList parts;
    for (QLabel* l : w.statusBar()->findChildren<QLabel*>())
        parts << l->text();
    return parts.join(QLatin1Char('|'));
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void constructsWithEveryView();
    void trainDisabledWhileInvalid();
    void runShortcuts();
    void spaceKeepsItsMeaningInControls();
    void presetsMenuListsThePresets();
    void loadingAPresetShowsItsDescription();
    void trainsAndShowsProgress();
    void divergenceShowsTheBanner();
    void openAndSaveRoundTrip();
    void openingABadFileSaysWhy();
    void maximizeAndRestoreAView();
    void closingWhileTrainingDoesNotHang();
};

void TestMainWindow::constructsWithEveryView()
{
    QElapsedTimer timer;
    timer.start();
    auto w = newWindow();
    qInfo("window built and shown in %lld ms", static_cast<long long>(timer.elapsed()));
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(w->views().size(), 7);
    QCOMPARE(w->viewGrid()->count(), 7);
    QCOMPARE(w->controller()->state(), State::Idle);
    QVERIFY(w->configPanel()->isValid());
    QVERIFY(w->trainAction()->isEnabled());
    QVERIFY(!w->stopAction()->isEnabled());
    QVERIFY(w->bannerText().isEmpty());
    // The data is prepared on the worker in the background.
    QTRY_COMPARE(w->runModel()->setup().stepsPerEpoch, 22);
}

void TestMainWindow::trainDisabledWhileInvalid()
{
    auto w = newWindow();
    RunConfig bad;
    bad.training.epochs = 0;
    w->configPanel()->setConfig(bad);
    QVERIFY(!w->configPanel()->isValid());
    QVERIFY(!w->trainAction()->isEnabled());
    QVERIFY(!w->stepAction()->isEnabled());
    QVERIFY(!w->stepEpochAction()->isEnabled());
    w->configPanel()->setConfig(RunConfig{});
    QVERIFY(w->trainAction()->isEnabled());
    QVERIFY(w->stepAction()->isEnabled());
}

void TestMainWindow::runShortcuts()
{
    auto w = newWindow();
    QCOMPARE(w->trainAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Return));
    QCOMPARE(w->pauseAction()->shortcut(), QKeySequence(Qt::Key_Space));
    QCOMPARE(w->stepAction()->shortcut(), QKeySequence(Qt::Key_F10));
    QCOMPARE(w->stepEpochAction()->shortcut(), QKeySequence(Qt::SHIFT | Qt::Key_F10));
    QCOMPARE(w->stopAction()->shortcut(), QKeySequence(Qt::Key_Escape));
    QCOMPARE(w->resetAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
    QCOMPARE(w->reseedAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    for (QAction* a : {w->trainAction(), w->pauseAction(), w->stepAction(), w->stepEpochAction(), w->stopAction(),
                       w->resetAction(), w->reseedAction()}) {
        QVERIFY(!a->icon().isNull());
        QVERIFY(!a->statusTip().isEmpty());
    }
}

void TestMainWindow::spaceKeepsItsMeaningInControls()
{
    auto w = newWindow();
    w->configPanel()->setConfig(smallConfig(3));
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get())); // window shortcuts need an active window
    auto* shuffle = qobject_cast<QCheckBox*>(w->configPanel()->field(QStringLiteral("training.shuffle")));
    QVERIFY(shuffle);
    shuffle->setFocus();
    QTest::keyClick(shuffle, Qt::Key_Space);
    QVERIFY(!shuffle->isChecked());
    QVERIFY(!w->configPanel()->config().training.shuffle);
    QCOMPARE(w->controller()->state(), State::Idle);

    // Elsewhere, Space trains (and pauses while training).
    QSignalSpy ended(w->controller(), &TrainingController::runEnded);
    QTimer::singleShot(0, w.get(), [&] { QTest::keyClick(w->viewGrid(), Qt::Key_Space); });
    QVERIFY(ended.wait(20000));
    QCOMPARE(w->controller()->state(), State::Finished);
}

void TestMainWindow::presetsMenuListsThePresets()
{
    auto w = newWindow();
    const QStringList names = MainWindow::presetNames();
    QCOMPARE(names.size(), static_cast<qsizetype>(presetCatalog().size()));
    if (names.isEmpty())
        QSKIP("no presets installed");
    const QList<QAction*> actions = allActions(w->presetsMenu());
    QCOMPARE(actions.size(), names.size());
    for (QAction* a : actions) {
        QVERIFY(names.contains(a->data().toString()));
        QVERIFY2(!a->statusTip().isEmpty(), qPrintable(a->text()));
        QCOMPARE(a->toolTip(), a->statusTip());
    }
}

void TestMainWindow::loadingAPresetShowsItsDescription()
{
    if (presetCatalog().empty())
        QSKIP("no presets installed");
    auto w = newWindow();
    const Preset& preset = presetCatalog().front();
    QAction* action = nullptr;
    for (QAction* a : allActions(w->presetsMenu()))
        if (a->data().toString() == QString::fromStdString(preset.name))
            action = a;
    QVERIFY(action);
    action->trigger();
    QCOMPARE(configToText(w->configPanel()->config()), configToText(presetConfig(preset)));
    QVERIFY(w->bannerText().contains(QString::fromStdString(preset.title).toHtmlEscaped()));
    QVERIFY(w->windowTitle().contains(QString::fromStdString(preset.title)));
    QVERIFY(w->loadPreset(QString::fromStdString(preset.title).toUpper()));
    QVERIFY(!w->loadPreset(QStringLiteral("no such preset")));
}

void TestMainWindow::trainsAndShowsProgress()
{
    auto w = newWindow();
    w->configPanel()->setConfig(smallConfig(3));
    QSignalSpy ended(w->controller(), &TrainingController::runEnded);
    QTimer::singleShot(0, w.get(), [&] { w->trainAction()->trigger(); });
    QVERIFY(ended.wait(20000));
    QCOMPARE(w->controller()->state(), State::Finished);
    QTRY_VERIFY(statusText(*w).contains(QStringLiteral("epoch 3 of 3")));
    QVERIFY2(statusText(*w).contains(QStringLiteral("7 steps/epoch")), qPrintable(statusText(*w)));
    QVERIFY2(statusText(*w).contains(QStringLiteral("Finished")), qPrintable(statusText(*w)));
    QVERIFY(w->trainAction()->isEnabled());
    QVERIFY(!w->pauseAction()->isEnabled());
}

void TestMainWindow::divergenceShowsTheBanner()
{
    RunConfig c;
    c.data.dataset = "plane";
    c.data.samples = 200;
    c.model.task = "regression";
    c.model.hidden = {};
    c.training.optimizer.type = "sgd";
    c.training.optimizer.lr = 1e6;
    c.training.epochs = 50;
    // The default network (tanh, classification) never reaches NaN: its loss explodes instead.
    RunConfig classification;
    classification.data.samples = 200;
    classification.training.optimizer.type = "sgd";
    classification.training.optimizer.lr = 1e6;
    for (const RunConfig& config : {c, classification}) {
        auto w = newWindow();
        w->configPanel()->setConfig(config);
        QSignalSpy ended(w->controller(), &TrainingController::runEnded);
        QTimer::singleShot(0, w.get(), [&] { w->trainAction()->trigger(); });
        QVERIFY(ended.wait(20000));
        QCOMPARE(w->controller()->state(), State::Diverged);
        QVERIFY2(w->bannerText().contains(QStringLiteral("smaller learning rate")), qPrintable(w->bannerText()));
        QVERIFY(w->bannerText().contains(QStringLiteral("diverged at epoch")));
        QVERIFY(statusText(*w).contains(QStringLiteral("Diverged")));
    }
}

void TestMainWindow::openAndSaveRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto w = newWindow();
    RunConfig c = smallConfig(7);
    c.training.optimizer.lr = 0.0123;
    w->configPanel()->setConfig(c);
    const QString path = dir.filePath(QStringLiteral("run.json"));
    QVERIFY(w->saveConfig(path));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().toStdString(), configToText(c));
    QVERIFY(!w->isWindowModified());

    w->configPanel()->setConfig(RunConfig{});
    QVERIFY(w->isWindowModified());
    QVERIFY(w->openConfig(path));
    QCOMPARE(configToText(w->configPanel()->config()), configToText(c));
    QVERIFY(w->windowTitle().contains(QStringLiteral("run.json")));
    QVERIFY(!w->isWindowModified());
}

void TestMainWindow::openingABadFileSaysWhy()
{
    QTemporaryDir dir;
    auto w = newWindow();
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"training": {"epochz": 5}})");
    f.close();
    const std::string before = configToText(w->configPanel()->config());
    QVERIFY(!w->openConfig(path));
    QVERIFY2(w->bannerText().contains(QStringLiteral("epochz")), qPrintable(w->bannerText()));
    QCOMPARE(configToText(w->configPanel()->config()), before);
    QVERIFY(!w->openConfig(dir.filePath(QStringLiteral("missing.json"))));
}

void TestMainWindow::maximizeAndRestoreAView()
{
    auto w = newWindow();
    ViewGrid* grid = w->viewGrid();
    QCOMPARE(grid->maximized(), -1);
    grid->maximize(ViewGrid::Loss);
    QCOMPARE(grid->maximized(), int(ViewGrid::Loss));
    QCOMPARE(grid->current(), int(ViewGrid::Loss));
    QVERIFY(grid->frame(ViewGrid::Loss)->isVisible());
    QVERIFY(!grid->frame(ViewGrid::Boundary)->isVisible());
    grid->toggleMaximized(ViewGrid::Loss);
    QCOMPARE(grid->maximized(), -1);
    QVERIFY(grid->frame(ViewGrid::Boundary)->isVisible());
    grid->setViewVisible(ViewGrid::Weights, false);
    QVERIFY(!grid->frame(ViewGrid::Weights)->isVisible());
    const QByteArray state = grid->saveState();
    grid->setViewVisible(ViewGrid::Weights, true);
    grid->restoreState(state);
    QVERIFY(!grid->isViewVisible(ViewGrid::Weights));
}

void TestMainWindow::closingWhileTrainingDoesNotHang()
{
    for (int i = 0; i < 5; ++i) {
        auto w = newWindow();
        // Several seconds of training with a modest number of steps (the
        // views draw the planned learning rate of every step).
        RunConfig c;
        c.data.samples = 4000;
        c.model.hidden = {64, 64};
        c.training.epochs = 2000;
        c.training.batchSize = 32;
        w->configPanel()->setConfig(c);
        QTimer::singleShot(0, w.get(), [&] { w->trainAction()->trigger(); });
        QTRY_VERIFY_WITH_TIMEOUT(w->runModel()->totalSteps() > 0, 20000);
        QElapsedTimer timer;
        timer.start();
        w->close();
        w.reset();
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
