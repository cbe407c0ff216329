// MainWindow, continued: its actions with their shortcuts, the menus, the
// run toolbar and the status bar.
#include "main_window.h"

#include "chart_export.h"
#include "config_panel.h"
#include "history_dock.h"
#include "io/config_json.h"
#include "io/presets.h"
#include "run_history.h"
#include "run_model.h"
#include "run_restore.h"
#include "sweep_window.h"
#include "view_grid.h"
#include "views/confusion_view.h"
#include "views/curves_view.h"
#include "views/decision_boundary_view.h"
#include "views/gradient_view.h"
#include "views/learning_rate_view.h"
#include "views/loss_view.h"
#include "views/weights_view.h"

#include <QAbstractButton>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSaveFile>
#include <QSettings>
#include <QShortcut>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>


#include <algorithm>
#include <cmath>

namespace hs {

namespace {

QString speedText(double eps)
{
    return eps <= 0 ? MainWindow::tr("As fast as possible") : MainWindow::tr("%1 epochs/s").arg(eps);
}

const double kSpeeds[] = {0.0, 100.0, 30.0, 10.0, 5.0, 2.0, 1.0, 0.5};

} // namespace

void MainWindow::buildActions()
{
    auto make = [this](const QString& text, QStyle::StandardPixmap icon, const QKeySequence& key, const QString& tip) {
        auto* a = new QAction(text, this);
        if (icon != QStyle::SP_CustomBase)
            a->setIcon(style()->standardIcon(icon));
        if (!key.isEmpty())
            a->setShortcut(key);
        a->setStatusTip(tip);
        a->setToolTip(key.isEmpty() ? tip : tr("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        return a;
    };
    const auto none = QStyle::SP_CustomBase;

    new_ = make(tr("&New"), QStyle::SP_FileIcon, QKeySequence::New, tr("Start from the default settings."));
    connect(new_, &QAction::triggered, this, &MainWindow::newConfig);
    open_ = make(tr("&Open…"), QStyle::SP_DialogOpenButton, QKeySequence::Open, tr("Open a run configuration (JSON)."));
    connect(open_, &QAction::triggered, this, &MainWindow::openDialog);
    save_ = make(tr("&Save"), QStyle::SP_DialogSaveButton, QKeySequence::Save, tr("Save the settings as a run configuration (JSON)."));
    connect(save_, &QAction::triggered, this, &MainWindow::save);
    saveAs_ = make(tr("Save &As…"), none, QKeySequence::SaveAs, tr("Save the settings under a new name."));
    connect(saveAs_, &QAction::triggered, this, &MainWindow::saveAs);
    exportChart_ = make(tr("&Export Chart…"), none, QKeySequence(Qt::CTRL | Qt::Key_E),
                        tr("Export the current view as PNG, SVG, PDF or CSV."));
    connect(exportChart_, &QAction::triggered, this, &MainWindow::exportCurrent);
    copyChart_ = make(tr("&Copy Chart"), none, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
                      tr("Copy the current view to the clipboard as an image."));
    connect(copyChart_, &QAction::triggered, this, &MainWindow::copyCurrent);
    quit_ = make(tr("&Quit"), none, QKeySequence::Quit, tr("Close Hyperscope (a run in progress is stopped)."));
    quit_->setMenuRole(QAction::QuitRole);
    connect(quit_, &QAction::triggered, this, &QWidget::close);

    train_ = make(tr("&Train"), QStyle::SP_MediaPlay, QKeySequence(Qt::CTRL | Qt::Key_Return),
                  tr("Train to the end (resumes a paused run; after a run ended, starts a new one)"));
    connect(train_, &QAction::triggered, controller_, &TrainingController::train);
    pause_ = make(tr("&Pause"), QStyle::SP_MediaPause, QKeySequence(Qt::Key_Space), tr("Pause or resume training"));
    connect(pause_, &QAction::triggered, controller_, &TrainingController::togglePause);
    step_ = make(tr("&Step"), QStyle::SP_MediaSkipForward, QKeySequence(Qt::Key_F10), tr("Train one mini-batch"));
    connect(step_, &QAction::triggered, controller_, &TrainingController::step);
    stepEpoch_ = make(tr("Step &Epoch"), QStyle::SP_MediaSeekForward, QKeySequence(Qt::SHIFT | Qt::Key_F10),
                      tr("Train to the end of the current epoch"));
    connect(stepEpoch_, &QAction::triggered, controller_, &TrainingController::stepEpoch);
    stop_ = make(tr("St&op"), QStyle::SP_MediaStop, QKeySequence(Qt::Key_Escape), tr("Stop the run after the current batch"));
    connect(stop_, &QAction::triggered, controller_, &TrainingController::stop);
    reset_ = make(tr("&Reset"), QStyle::SP_BrowserReload, QKeySequence(Qt::CTRL | Qt::Key_R),
                  tr("Discard the run: fresh weights from the same seed"));
    connect(reset_, &QAction::triggered, controller_, &TrainingController::reset);
    reseed_ = make(tr("Re-&seed"), QStyle::SP_DialogResetButton, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                   tr("Draw a new training seed and reset"));
    connect(reseed_, &QAction::triggered, controller_, &TrainingController::reseed);
    for (QAction* a : {train_, pause_, step_, stepEpoch_, stop_, reset_, reseed_})
        a->setShortcutContext(Qt::WindowShortcut);

    // Space trains when there is nothing to pause (two enabled actions on
    // one key would be ambiguous, so this one is enabled only then).
    auto* spaceTrain = new QShortcut(QKeySequence(Qt::Key_Space), this);
    spaceTrain->setObjectName(QStringLiteral("spaceTrain"));
    connect(spaceTrain, &QShortcut::activated, controller_, &TrainingController::train);
    connect(pause_, &QAction::changed, this, [this, spaceTrain] {
        spaceTrain->setEnabled(!pause_->isEnabled() && train_->isEnabled());
    });
    connect(train_, &QAction::changed, this, [this, spaceTrain] {
        spaceTrain->setEnabled(!pause_->isEnabled() && train_->isEnabled());
    });

    search_ = new QAction(tr("&Search Hyperparameters…"), this);
    search_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    search_->setStatusTip(tr("Grid or random search over any knobs, from the current settings, with a results table and charts."));
    search_->setToolTip(search_->statusTip());
    connect(search_, &QAction::triggered, this, [this] {
        SweepWindow* w = sweepWindow();
        w->show();
        w->raise();
        w->activateWindow();
    });

    logLoss_ = new QAction(tr("&Logarithmic Loss Axis"), this);
    logLoss_->setCheckable(true);
    logLoss_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    logLoss_->setStatusTip(tr("Show the loss on a log scale: small late improvements and divergence stay visible."));
    connect(logLoss_, &QAction::toggled, this, [this](bool on) { lossView_->setLogScale(on); });

    speedGroup_ = new QActionGroup(this);
    speedGroup_->setExclusive(true);
    for (double eps : kSpeeds) {
        auto* a = new QAction(speedText(eps), speedGroup_);
        a->setCheckable(true);
        a->setData(eps);
        a->setStatusTip(eps <= 0 ? tr("Train at full speed; the views refresh about 30 times a second.")
                                 : tr("Limit training to %1 epochs per second, to watch each epoch.").arg(eps));
        a->setChecked(eps <= 0);
        connect(a, &QAction::triggered, this, [this, eps] { setSpeed(eps); });
    }
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(new_);
    file->addAction(open_);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    file->addAction(save_);
    file->addAction(saveAs_);
    if (historyDock_)
        file->addAction(historyDock_->importAction());
    file->addSeparator();
    file->addAction(exportChart_);
    QMenu* all = file->addMenu(tr("Export &All"));
    all->setToolTip(tr("Write every view and the run's config into a folder."));
    for (const QString& format : {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf"), QStringLiteral("csv")}) {
        QAction* a = all->addAction(tr("As %1…").arg(format.toUpper()), this, [this, format] { exportAllAs(format); });
        a->setStatusTip(tr("Export every view as %1 into a folder, with the run's config.json.").arg(format.toUpper()));
    }
    file->addSeparator();
    file->addAction(quit_);
    updateRecentMenu();

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(copyChart_);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(panelDock_->toggleViewAction());
    if (historyDock_)
        view->addAction(historyDock_->toggleViewAction());
    view->addSeparator();
    QMenu* maximize = view->addMenu(tr("&Maximize View"));
    QMenu* shown = view->addMenu(tr("Show &Views"));
    for (int i = 0; i < grid_->count(); ++i) {
        const QString title = views_[i]->title();
        QAction* m = maximize->addAction(title, this, [this, i] { grid_->toggleMaximized(i); });
        m->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
        m->setStatusTip(tr("Show the %1 view alone (again to restore the dashboard).").arg(title));
        QAction* s = shown->addAction(title);
        s->setCheckable(true);
        s->setChecked(true);
        s->setStatusTip(tr("Show or hide the %1 view in the dashboard.").arg(title));
        connect(s, &QAction::toggled, this, [this, i](bool on) { grid_->setViewVisible(i, on); });
        connect(grid_, &ViewGrid::viewVisibilityChanged, s, [s, i](int index, bool on) {
            if (index == i)
                s->setChecked(on);
        });
    }
    QAction* restore = view->addAction(tr("Show &All Views"), grid_, &ViewGrid::restore);
    restore->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    restore->setStatusTip(tr("Back to the dashboard of all views."));
    view->addSeparator();
    view->addAction(logLoss_);
    QAction* full = view->addAction(tr("&Full Screen"));
    full->setCheckable(true);
    full->setShortcut(QKeySequence::FullScreen);
    connect(full, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addActions({train_, pause_, step_, stepEpoch_, stop_});
    run->addSeparator();
    run->addActions({reset_, reseed_});
    run->addSeparator();
    QMenu* speed = run->addMenu(tr("S&peed"));
    speed->addActions(speedGroup_->actions());
    run->addSeparator();
    run->addAction(search_);

    presetsMenu_ = menuBar()->addMenu(tr("&Presets"));
    presetsMenu_->setToolTipsVisible(true);
    loadPresetsMenu();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    keys->setShortcut(QKeySequence(Qt::Key_F1));
    help->addAction(tr("&About Hyperscope"), this, &MainWindow::showAbout);
}

void MainWindow::buildToolBar()
{
    QToolBar* bar = addToolBar(tr("Run"));
    bar->setObjectName(QStringLiteral("runToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({train_, pause_, step_, stepEpoch_, stop_});
    bar->addSeparator();
    bar->addActions({reset_, reseed_});
    bar->addSeparator();
    auto* label = new QLabel(tr(" Speed: "), bar);
    speedCombo_ = new QComboBox(bar);
    for (double eps : kSpeeds)
        speedCombo_->addItem(speedText(eps), eps);
    const QString tip = tr("How fast to train: at full speed, or a few epochs per second so that a class can "
                           "watch every epoch.");
    speedCombo_->setToolTip(tip);
    label->setToolTip(tip);
    connect(speedCombo_, &QComboBox::currentIndexChanged, this, [this] { setSpeed(speedCombo_->currentData().toDouble()); });
    bar->addWidget(label);
    bar->addWidget(speedCombo_);
    bar->addSeparator();
    bar->addAction(exportChart_);
    exportChart_->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
}

void MainWindow::buildStatusBar()
{
    QStatusBar* bar = statusBar();
    stateLabel_ = new QLabel(bar);
    stateLabel_->setToolTip(tr("What the run is doing."));
    QFont bold = stateLabel_->font();
    bold.setBold(true);
    stateLabel_->setFont(bold);
    stateLabel_->setMinimumWidth(110);
    epochLabel_ = new QLabel(bar);
    epochLabel_->setToolTip(tr("Completed epochs (passes over the training data) of the planned number."));
    stepsLabel_ = new QLabel(bar);
    stepsLabel_->setToolTip(tr("Optimizer steps (iterations) per epoch = training samples ÷ batch size."));
    rateLabel_ = new QLabel(bar);
    rateLabel_->setToolTip(tr("Training samples processed per second."));
    etaLabel_ = new QLabel(bar);
    etaLabel_->setToolTip(tr("Estimated time to the last epoch at the current speed."));
    progress_ = new QProgressBar(bar);
    progress_->setMaximumWidth(220);
    progress_->setMinimumWidth(160);
    progress_->setTextVisible(true);
    progress_->setToolTip(tr("Progress of the run in epochs."));
    bar->addPermanentWidget(stateLabel_);
    bar->addPermanentWidget(epochLabel_);
    bar->addPermanentWidget(stepsLabel_);
    bar->addPermanentWidget(rateLabel_);
    bar->addPermanentWidget(etaLabel_);
    bar->addPermanentWidget(progress_);
    onProgress(0, panel_->config().training.epochs, 0, 0.0, -1.0);
}

SweepWindow* MainWindow::sweepWindow()
{
    if (!sweepWindow_) {
        SweepWindow::Hooks hooks;
        hooks.baseConfig = [this] { return configToJson(panel_->config()); };
        hooks.openRun = [this](const QString& dir, const QString& name) { return openRunFolder(dir, name); };
        hooks.remember = options_.useSettings;
        if (historyDock_)
            hooks.race = [this](const QList<RunConfig>& configs, const QStringList& names) {
                return historyDock_->race(configs, names);
            };
        sweepWindow_ = new SweepWindow(std::move(hooks), this);
    }
    return sweepWindow_;
}

bool MainWindow::openRunFolder(const QString& dir, const QString& name)
{
    if (historyDock_)
        return historyDock_->openFolder(dir, name);
    using State = TrainingController::State;
    if (controller_->state() == State::Training || controller_->state() == State::Paused) {
        showBanner(BannerKind::Error, tr("Stop the current run (Esc) before opening another."));
        return false;
    }
    try {
        RestoredRun restored = restoreRun(readRunFolder(dir.toStdString()));
        panel_->setConfig(restored.setup.config);
        controller_->showRun(std::move(restored.setup), std::move(restored.update));
    } catch (const std::exception& e) {
        showBanner(BannerKind::Error, tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(dir), QString::fromStdString(e.what())).toHtmlEscaped());
        return false;
    }
    statusBar()->showMessage(tr("Opened %1").arg(name), 8000);
    return true;
}

} // namespace hs
