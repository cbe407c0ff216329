#include "main_window.h"

#include "chart_export.h"
#include "config_panel.h"
#include "history_dock.h"
#include "io/config_json.h"
#include "io/presets.h"
#include "run_history.h"
#include "run_model.h"
#include "session_guard.h"
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

QString formatDuration(double seconds)
{
    if (!(seconds >= 0) || !std::isfinite(seconds))
        return QStringLiteral("–");
    const auto s = static_cast<long long>(std::llround(seconds));
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

MainWindow::MainWindow(const Options& options, QWidget* parent)
    : QMainWindow(parent)
    , options_(options)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/hyperscope.svg")));
    model_ = new RunModel(this);
    controller_ = new TrainingController(model_, this);

    panel_ = new ConfigPanel;
    panelDock_ = new QDockWidget(tr("Settings"), this);
    panelDock_->setObjectName(QStringLiteral("settingsDock"));
    panelDock_->setWidget(panel_);
    panelDock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable
                            | QDockWidget::DockWidgetClosable);
    panelDock_->toggleViewAction()->setText(tr("&Settings panel"));
    panelDock_->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Backslash));
    panelDock_->toggleViewAction()->setStatusTip(tr("Show or hide the settings panel."));
    addDockWidget(Qt::LeftDockWidgetArea, panelDock_);

    const QString runsDir = !options_.runsDirectory.isEmpty() ? options_.runsDirectory
                            : options_.useSettings     ? RunHistory::defaultRoot()
                                                       : QString();
    if (!runsDir.isEmpty()) {
        historyDock_ = new HistoryDock(runsDir, panel_, controller_, this);
        addDockWidget(Qt::BottomDockWidgetArea, historyDock_);
    }
    buildViews();
    banner_ = new Banner(this);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(4);
    layout->addWidget(banner_);
    layout->addWidget(grid_, 1);
    setCentralWidget(central);

    buildActions();
    buildMenus();
    buildToolBar();
    buildStatusBar();

    saveConfigTimer_ = new QTimer(this);
    saveConfigTimer_->setSingleShot(true);
    saveConfigTimer_->setInterval(1000);
    connect(saveConfigTimer_, &QTimer::timeout, this, [this] {
        if (options_.useSettings)
            QSettings().setValue(QStringLiteral("config/last"), QString::fromStdString(configToText(panel_->config())));
    });
    connect(panel_, &ConfigPanel::configChanged, this, &MainWindow::onConfigChanged);
    connect(panel_, &ConfigPanel::validityChanged, this, &MainWindow::updateActions);
    connect(controller_, &TrainingController::stateChanged, this, &MainWindow::onStateChanged);
    connect(controller_, &TrainingController::progress, this, &MainWindow::onProgress);
    connect(controller_, &TrainingController::runEnded, this, &MainWindow::onRunEnded);
    connect(controller_, &TrainingController::errorOccurred, this, [this](const QString& message) {
        showBanner(BannerKind::Error, tr("<b>The run could not start.</b> %1").arg(message.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))));
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 10000);
    });
    if (historyDock_) {
        connect(historyDock_, &HistoryDock::errorOccurred, this, [this](const QString& message) {
            showBanner(BannerKind::Error, message.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
        });
        connect(historyDock_, &HistoryDock::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    }
    connect(controller_, &TrainingController::seedChanged, this, [this](quint64 seed) {
        RunConfig c = panel_->config();
        c.training.seed = seed;
        panel_->setConfig(c);
        statusBar()->showMessage(tr("New training seed: %1").arg(seed), 5000);
    });
    connect(controller_, &TrainingController::configPendingChanged, this, [this](bool pending) {
        if (pending)
            showBanner(BannerKind::Info,
                       tr("The settings changed during training. They apply when you reset (Ctrl+R) or train again."),
                       tr("Reset now"), [this] { controller_->reset(); });
        else if (bannerText().contains(tr("settings changed during training")))
            hideBanner();
    });

    // Space pauses and resumes, except where it has its own meaning.
    qApp->installEventFilter(this);
    resize(1600, 1000);
    resizeDocks({panelDock_}, {std::max(360, panel_->minimumSizeHint().width())}, Qt::Horizontal);
    if (historyDock_) {
        // The settings run the full height; the history stays a strip under the views.
        setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
        resizeDocks({historyDock_}, {170}, Qt::Vertical);
    }
    if (options_.useSettings) {
        restoreSettings();
        session_ = new SessionGuard(controller_, this);
        restoreInterruptedRun();
    }
    savedText_ = QString::fromStdString(configToText(panel_->config()));
    controller_->setConfig(panel_->config());
    // Prepare the data and weights on the worker, so the views show the
    // data before Train; the window is usable at once.
    controller_->reset();
    updateActions();
    updateTitle();
    onStateChanged(controller_->state());
}

MainWindow::~MainWindow()
{
    qApp->removeEventFilter(this);
    // Join the worker before the model and the views go.
    delete controller_;
    controller_ = nullptr;
}

// ---------------------------------------------------------------- construction

void MainWindow::buildViews()
{
    grid_ = new ViewGrid(this);
    auto* boundary = new DecisionBoundaryView(model_);
    lossView_ = new LossView(model_);
    auto* lr = new LearningRateView(model_);
    auto* gradients = new GradientView(model_);
    auto* confusion = new ConfusionView(model_);
    auto* curves = new CurvesView(model_);
    auto* weights = new WeightsView(model_);
    // In ViewGrid::Slot order.
    views_ = {boundary, lossView_, lr, gradients, confusion, curves, weights};
    grid_->setViews(views_);
}

// ---------------------------------------------------------------- settings

void MainWindow::restoreSettings()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    grid_->restoreState(s.value(QStringLiteral("window/views")).toByteArray());
    recentFiles_ = s.value(QStringLiteral("files/recent")).toStringList();
    updateRecentMenu();
    const QString last = s.value(QStringLiteral("config/last")).toString();
    if (!last.isEmpty()) {
        const ConfigParse parsed = configFromText(last.toStdString(), "last settings");
        // Restored even when invalid (the panel lists the problems), unless unreadable.
        if (parsed.ok() || parsed.problems == parsed.config.validate())
            panel_->setConfig(parsed.config);
    }
    currentFile_ = s.value(QStringLiteral("files/current")).toString();
    if (!currentFile_.isEmpty() && !QFileInfo::exists(currentFile_))
        currentFile_.clear();
    setSpeed(s.value(QStringLiteral("run/speed"), 0.0).toDouble());
    logLoss_->setChecked(s.value(QStringLiteral("view/logLoss"), false).toBool());
}

void MainWindow::restoreInterruptedRun()
{
    const auto& text = session_->interruptedRunConfig();
    if (!text)
        return;
    const ConfigParse parsed = configFromText(text->toStdString(), "interrupted run");
    if (parsed.ok() || parsed.problems == parsed.config.validate()) {
        panel_->setConfig(parsed.config);
        // Kept at once, not after the autosave delay: this launch may end soon too.
        QSettings().setValue(QStringLiteral("config/last"), QString::fromStdString(configToText(parsed.config)));
    }
    showBanner(BannerKind::Info, SessionGuard::interruptedRunMessage().toHtmlEscaped());
}

void MainWindow::saveSettings()
{
    if (!options_.useSettings)
        return;
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/views"), grid_->saveState());
    s.setValue(QStringLiteral("files/recent"), recentFiles_);
    s.setValue(QStringLiteral("files/current"), currentFile_);
    s.setValue(QStringLiteral("config/last"), QString::fromStdString(configToText(panel_->config())));
    s.setValue(QStringLiteral("run/speed"), controller_->epochsPerSecond());
    s.setValue(QStringLiteral("view/logLoss"), logLoss_->isChecked());
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    // A focused check box, button or combo box keeps the space bar (to
    // toggle, press or open), as keyboard users expect; elsewhere Space is
    // the window's pause/resume shortcut.
    if (event->type() == QEvent::ShortcutOverride) {
        auto* key = static_cast<QKeyEvent*>(event);
        auto* w = qobject_cast<QWidget*>(watched);
        if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier && w && w->window() == this
            && (qobject_cast<QAbstractButton*>(w) || qobject_cast<QComboBox*>(w))) {
            event->accept();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    event->accept();
}

// ---------------------------------------------------------------- state

void MainWindow::onConfigChanged()
{
    controller_->setConfig(panel_->config());
    if (saveConfigTimer_)
        saveConfigTimer_->start();
    updateActions();
    updateTitle();
}

void MainWindow::updateActions()
{
    using State = TrainingController::State;
    const State state = controller_->state();
    const bool valid = panel_->isValid();
    const bool training = state == State::Training;
    const bool pausing = training && controller_->pausePending();
    train_->setEnabled(valid && (!training || pausing));
    train_->setToolTip(valid ? train_->statusTip() + tr(" (Ctrl+Return)")
                             : tr("Fix the problems listed under the settings first."));
    pause_->setEnabled(training || state == State::Paused);
    const bool resume = state == State::Paused || pausing;
    pause_->setText(resume ? tr("Resume") : tr("&Pause"));
    pause_->setIcon(style()->standardIcon(resume ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    step_->setEnabled(valid && !training);
    stepEpoch_->setEnabled(valid && !training);
    stop_->setEnabled(training || state == State::Paused);
}

void MainWindow::onStateChanged(TrainingController::State state)
{
    using State = TrainingController::State;
    updateActions();
    QString text = TrainingController::stateText(state);
    if (state == State::Training && controller_->pausePending())
        text = tr("pausing…");
    text[0] = text[0].toUpper();
    stateLabel_->setText(text);
    QColor color = palette().color(QPalette::WindowText);
    switch (state) {
    case State::Training: color = QColor(20, 130, 50); break;
    case State::Paused: color = QColor(190, 120, 0); break;
    case State::Diverged:
    case State::Failed: color = QColor(190, 30, 30); break;
    case State::Finished:
    case State::StoppedEarly: color = QColor(30, 90, 170); break;
    default: break;
    }
    QPalette p = stateLabel_->palette();
    p.setColor(QPalette::WindowText, color);
    stateLabel_->setPalette(p);
    if (state == State::Training || state == State::Idle) {
        // A new run: yesterday's divergence or error no longer applies.
        if (!bannerText().isEmpty() && !bannerText().contains(tr("settings changed during training"))
            && banner_->kind() != BannerKind::Info)
            hideBanner();
    }
}

void MainWindow::onProgress(int epoch, int epochs, int stepsPerEpoch, double samplesPerSecond, double etaSeconds)
{
    const QLocale locale;
    epochLabel_->setText(tr("epoch %1 of %2").arg(locale.toString(epoch), locale.toString(epochs)));
    stepsLabel_->setText(stepsPerEpoch > 0 ? tr("%1 steps/epoch").arg(locale.toString(stepsPerEpoch)) : QString());
    rateLabel_->setText(samplesPerSecond > 0
                            ? tr("%1 samples/s").arg(locale.toString(static_cast<qlonglong>(std::llround(samplesPerSecond))))
                            : QString());
    etaLabel_->setText(etaSeconds >= 0 ? tr("ETA %1").arg(formatDuration(etaSeconds)) : QString());
    progress_->setRange(0, std::max(1, epochs));
    progress_->setValue(std::clamp(epoch, 0, std::max(1, epochs)));
    progress_->setFormat(tr("%p %"));
}

void MainWindow::onRunEnded(TrainingController::State state, const QString& message)
{
    using State = TrainingController::State;
    QString summary = message;
    if (const auto& e = model_->evaluation(Subset::Test); e && state != State::Diverged) {
        if (e->task == Task::Classification)
            summary += tr(" — test accuracy %1 %").arg(e->classification.accuracy * 100.0, 0, 'f', 1);
        else
            summary += tr(" — test RMSE %1").arg(e->regression.rmse, 0, 'g', 4);
    }
    statusBar()->showMessage(summary, 15000);
    if (state == State::Diverged) {
        const double lr = panel_->config().training.optimizer.lr;
        showBanner(BannerKind::Warning,
                   tr("<b>Training diverged</b> — %1. The loss blew up (to NaN, infinity, or thousands of times where it "
                      "started): try a smaller learning rate, gradient clipping, or batch normalization.")
                       .arg(message.toHtmlEscaped()),
                   tr("Use learning rate %1").arg(QString::number(lr / 10.0, 'g', 4)), [this, lr] {
                       RunConfig c = panel_->config();
                       c.training.optimizer.lr = lr / 10.0;
                       panel_->setConfig(c);
                   });
    }
}

void MainWindow::updateTitle()
{
    QString name = tr("untitled");
    if (!currentFile_.isEmpty())
        name = QFileInfo(currentFile_).fileName();
    else if (!presetTitle_.isEmpty())
        name = presetTitle_;
    setWindowTitle(tr("%1[*] — Hyperscope").arg(name));
    setWindowModified(QString::fromStdString(configToText(panel_->config())) != savedText_);
}

// ---------------------------------------------------------------- banner

void MainWindow::showBanner(BannerKind kind, const QString& text, const QString& actionText, std::function<void()> action)
{
    banner_->showMessage(kind, text, actionText, std::move(action));
}

void MainWindow::hideBanner()
{
    banner_->dismiss();
}

QString MainWindow::bannerText() const
{
    return banner_->text();
}

// ---------------------------------------------------------------- misc

void MainWindow::setSpeed(double epochsPerSecond)
{
    controller_->setEpochsPerSecond(epochsPerSecond);
    const double eps = controller_->epochsPerSecond();
    for (QAction* a : speedGroup_->actions())
        if (a->data().toDouble() == eps)
            a->setChecked(true);
    if (speedCombo_) {
        const QSignalBlocker block(speedCombo_);
        const int i = speedCombo_->findData(eps);
        if (i >= 0)
            speedCombo_->setCurrentIndex(i);
    }
}

void MainWindow::showShortcuts()
{
    QString rows;
    auto add = [&rows](const QString& key, const QString& what) {
        rows += QStringLiteral("<tr><td style=\"padding-right:16px\"><b>%1</b></td><td>%2</td></tr>").arg(key.toHtmlEscaped(), what.toHtmlEscaped());
    };
    for (QAction* a : {train_, pause_, step_, stepEpoch_, stop_, reset_, reseed_, new_, open_, save_, saveAs_,
                       exportChart_, copyChart_, logLoss_, search_, panelDock_->toggleViewAction()}) {
        QString text = a->text();
        text.remove(QLatin1Char('&'));
        add(a->shortcut().toString(QKeySequence::NativeText), text);
    }
    if (historyDock_) {
        add(historyDock_->toggleViewAction()->shortcut().toString(QKeySequence::NativeText), tr("Run history"));
        add(historyDock_->importAction()->shortcut().toString(QKeySequence::NativeText), tr("Import run folder"));
        add(tr("Return, Ctrl+D, Ctrl+Shift+T, F2, Ctrl+P, Delete, Ctrl+Z"),
            tr("In the run history: re-open, compare, same start, rename, pin, delete, undo"));
    }
    add(tr("Space (idle)"), tr("Train"));
    add(tr("Ctrl+1 … Ctrl+7"), tr("Maximize a view (again to restore)"));
    add(tr("Ctrl+0"), tr("Show all views"));
    add(tr("Double-click a view's title"), tr("Maximize or restore it"));
    auto* box = new QMessageBox(QMessageBox::NoIcon, tr("Keyboard shortcuts"),
                                QStringLiteral("<table>%1</table>").arg(rows), QMessageBox::Close, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Hyperscope"),
                       tr("<h3>Hyperscope %1</h3><p>A desktop laboratory for neural-network hyperparameters: pick a data "
                          "set, shape a network, press Train and watch what each choice does.</p>"
                          "<p>The same runs work headless: <tt>hyperscope-cli train CONFIG.json --out DIR</tt>.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

} // namespace hs
