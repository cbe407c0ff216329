#include "main_window.h"

#include "chart_export.h"
#include "config_panel.h"
#include "io/config_json.h"
#include "io/presets.h"
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

constexpr int kMaxRecent = 8;

struct PresetInfo {
    QString name;         // file name without .json
    QString title;
    QString description;
    QString text;         // the JSON
};

// The engine's compiled-in lesson presets: the same list as the CLI's --preset.
QList<PresetInfo> readPresets()
{
    QList<PresetInfo> out;
    for (const Preset& preset : presetCatalog()) {
        PresetInfo p;
        p.name = QString::fromStdString(preset.name);
        p.title = QString::fromStdString(preset.title);
        p.description = QString::fromStdString(preset.description);
        p.text = QString::fromStdString(preset.json);
        if (p.title.isEmpty())
            p.title = p.name;
        out << p;
    }
    return out;
}

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

QString speedText(double eps)
{
    return eps <= 0 ? MainWindow::tr("As fast as possible") : MainWindow::tr("%1 epochs/s").arg(eps);
}

const double kSpeeds[] = {0.0, 100.0, 30.0, 10.0, 5.0, 2.0, 1.0, 0.5};

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

    buildViews();
    buildBanner();
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

void MainWindow::buildBanner()
{
    banner_ = new QWidget(this);
    banner_->setObjectName(QStringLiteral("banner"));
    banner_->setAutoFillBackground(true);
    auto* h = new QHBoxLayout(banner_);
    h->setContentsMargins(8, 4, 4, 4);
    bannerIcon_ = new QLabel(banner_);
    bannerText_ = new QLabel(banner_);
    bannerText_->setWordWrap(true);
    bannerText_->setTextFormat(Qt::RichText);
    bannerText_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bannerAction_ = new QToolButton(banner_);
    bannerAction_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(bannerAction_, &QToolButton::clicked, this, [this] {
        auto callback = bannerCallback_;
        hideBanner();
        if (callback)
            callback();
    });
    auto* close = new QToolButton(banner_);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss this message."));
    connect(close, &QToolButton::clicked, this, &MainWindow::hideBanner);
    h->addWidget(bannerIcon_, 0, Qt::AlignTop);
    h->addWidget(bannerText_, 1);
    h->addWidget(bannerAction_, 0, Qt::AlignTop);
    h->addWidget(close, 0, Qt::AlignTop);
    banner_->hide();
}

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

    presetsMenu_ = menuBar()->addMenu(tr("&Presets"));
    presetsMenu_->setToolTipsVisible(true);
    loadPresetsMenu();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    keys->setShortcut(QKeySequence(Qt::Key_F1));
    help->addAction(tr("&About Hyperscope"), this, &MainWindow::showAbout);
}

void MainWindow::loadPresetsMenu()
{
    presetsMenu_->clear();
    const QList<PresetInfo> presets = readPresets();
    if (presets.isEmpty()) {
        presetsMenu_->addAction(tr("(no presets installed)"))->setEnabled(false);
        return;
    }
    // The curriculum's order (DESIGN.md), by file-name prefix; anything
    // else goes last.
    struct Section {
        QString title;
        QStringList prefixes;
    };
    const QList<Section> sections{
        {tr("Learning rate and optimizers"),
         {QStringLiteral("lr_too_low"), QStringLiteral("lr_well"), QStringLiteral("lr_"), QStringLiteral("schedule_"),
          QStringLiteral("optimizer_")}},
        {tr("Batch size"), {QStringLiteral("batch_")}},
        {tr("Overfitting and regularization"),
         {QStringLiteral("overfitting"), QStringLiteral("l1_"), QStringLiteral("l2_"), QStringLiteral("dropout"),
          QStringLiteral("early_stopping")}},
        {tr("Gradients and initialization"),
         {QStringLiteral("vanishing_sigmoid"), QStringLiteral("vanishing_"), QStringLiteral("exploding_gradients"),
          QStringLiteral("exploding_"), QStringLiteral("zero_init")}},
        {tr("Evaluation"), {QStringLiteral("imbalanced"), QStringLiteral("breast_cancer"), QStringLiteral("digits")}},
    };
    auto rank = [&](const QString& name) {
        for (int s = 0; s < sections.size(); ++s)
            for (int p = 0; p < sections[s].prefixes.size(); ++p)
                if (name.startsWith(sections[s].prefixes[p]))
                    return std::pair{s, p};
        return std::pair{static_cast<int>(sections.size()), 0};
    };
    QList<PresetInfo> sorted = presets;
    std::stable_sort(sorted.begin(), sorted.end(), [&](const PresetInfo& a, const PresetInfo& b) {
        const auto ra = rank(a.name), rb = rank(b.name);
        return ra != rb ? ra < rb : a.name < b.name;
    });
    int section = -1;
    for (const PresetInfo& p : sorted) {
        const int s = rank(p.name).first;
        if (s != section) {
            section = s;
            presetsMenu_->addSection(s < sections.size() ? sections[s].title : tr("More"));
        }
        QAction* a = presetsMenu_->addAction(p.title);
        a->setObjectName(QStringLiteral("preset_") + p.name);
        a->setData(p.name);
        a->setStatusTip(p.description);
        a->setToolTip(p.description);
        const QString name = p.name;
        connect(a, &QAction::triggered, this, [this, name] { loadPreset(name); });
    }
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
            && banner_->property("kind").toInt() != static_cast<int>(BannerKind::Info))
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
    QColor background;
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    switch (kind) {
    case BannerKind::Info: background = QColor(225, 238, 252); break;
    case BannerKind::Warning:
        background = QColor(255, 243, 205);
        icon = QStyle::SP_MessageBoxWarning;
        break;
    case BannerKind::Error:
        background = QColor(253, 226, 226);
        icon = QStyle::SP_MessageBoxCritical;
        break;
    }
    QPalette p = banner_->palette();
    p.setColor(QPalette::Window, background);
    p.setColor(QPalette::WindowText, QColor(30, 30, 30));
    banner_->setPalette(p);
    banner_->setProperty("kind", static_cast<int>(kind));
    bannerIcon_->setPixmap(style()->standardIcon(icon).pixmap(20, 20));
    bannerText_->setText(text);
    bannerAction_->setText(actionText);
    bannerAction_->setVisible(!actionText.isEmpty());
    bannerCallback_ = std::move(action);
    banner_->show();
}

void MainWindow::hideBanner()
{
    banner_->hide();
    bannerText_->clear();
    bannerCallback_ = nullptr;
}

QString MainWindow::bannerText() const
{
    return banner_->isHidden() ? QString() : bannerText_->text();
}

// ---------------------------------------------------------------- files

void MainWindow::newConfig()
{
    currentFile_.clear();
    presetTitle_.clear();
    panel_->setConfig(RunConfig{});
    savedText_ = QString::fromStdString(configToText(panel_->config()));
    hideBanner();
    updateTitle();
}

void MainWindow::openDialog()
{
    const QString start = currentFile_.isEmpty() ? QSettings().value(QStringLiteral("files/lastDir")).toString()
                                                 : QFileInfo(currentFile_).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open run configuration"), start,
                                                      tr("Run configurations (*.json);;All files (*)"));
    if (!path.isEmpty())
        openConfig(path);
}

bool MainWindow::openConfig(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        showBanner(BannerKind::Error, tr("<b>Could not open %1:</b> %2").arg(path.toHtmlEscaped(), f.errorString().toHtmlEscaped()));
        return false;
    }
    const QByteArray text = f.readAll();
    const ConfigParse parsed = configFromText(std::string_view(text.constData(), static_cast<std::size_t>(text.size())),
                                              QFileInfo(path).fileName().toStdString());
    // Out-of-range values still load (the panel lists them); unreadable
    // JSON, wrong types or unknown keys do not.
    if (!parsed.ok() && parsed.problems != parsed.config.validate()) {
        QStringList lines;
        for (const auto& p : parsed.problems)
            lines << QString::fromStdString(p).toHtmlEscaped();
        showBanner(BannerKind::Error, tr("<b>Could not read %1:</b><br>%2").arg(QFileInfo(path).fileName().toHtmlEscaped(),
                                                                               lines.join(QStringLiteral("<br>"))));
        return false;
    }
    currentFile_ = QFileInfo(path).absoluteFilePath();
    presetTitle_.clear();
    panel_->setConfig(parsed.config);
    savedText_ = QString::fromStdString(configToText(panel_->config()));
    addRecent(currentFile_);
    QSettings().setValue(QStringLiteral("files/lastDir"), QFileInfo(path).absolutePath());
    hideBanner();
    updateTitle();
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(currentFile_)), 5000);
    return true;
}

bool MainWindow::saveConfig(const QString& path)
{
    QSaveFile f(path);
    const std::string text = configToText(panel_->config());
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())
        || !f.commit()) {
        showBanner(BannerKind::Error, tr("<b>Could not save %1:</b> %2").arg(path.toHtmlEscaped(), f.errorString().toHtmlEscaped()));
        return false;
    }
    currentFile_ = QFileInfo(path).absoluteFilePath();
    savedText_ = QString::fromStdString(text);
    addRecent(currentFile_);
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(currentFile_)), 5000);
    return true;
}

bool MainWindow::save()
{
    return currentFile_.isEmpty() ? saveAs() : saveConfig(currentFile_);
}

bool MainWindow::saveAs()
{
    QString start = currentFile_;
    if (start.isEmpty()) {
        const QString dir = QSettings().value(QStringLiteral("files/lastDir"),
                                              QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString();
        start = QDir(dir).filePath(QStringLiteral("run.json"));
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Save run configuration"), start,
                                                tr("Run configurations (*.json);;All files (*)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    QSettings().setValue(QStringLiteral("files/lastDir"), QFileInfo(path).absolutePath());
    return saveConfig(path);
}

void MainWindow::addRecent(const QString& path)
{
    recentFiles_.removeAll(path);
    recentFiles_.prepend(path);
    while (recentFiles_.size() > kMaxRecent)
        recentFiles_.removeLast();
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    if (!recentMenu_)
        return;
    recentMenu_->clear();
    for (const QString& path : std::as_const(recentFiles_)) {
        QAction* a = recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openConfig(path); });
        a->setStatusTip(QDir::toNativeSeparators(path));
    }
    if (!recentFiles_.isEmpty()) {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("Clear List"), this, [this] {
            recentFiles_.clear();
            updateRecentMenu();
        });
    }
    recentMenu_->setEnabled(!recentFiles_.isEmpty());
}

QStringList MainWindow::presetNames()
{
    QStringList names;
    for (const PresetInfo& p : readPresets())
        names << p.name;
    return names;
}

bool MainWindow::loadPreset(const QString& name)
{
    for (const PresetInfo& p : readPresets()) {
        if (p.name.compare(name, Qt::CaseInsensitive) != 0 && p.title.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        const ConfigParse parsed = configFromText(p.text.toStdString(), p.name.toStdString());
        if (!parsed.ok() && parsed.problems != parsed.config.validate()) {
            showBanner(BannerKind::Error, tr("<b>The preset \"%1\" is broken:</b> %2")
                                              .arg(p.title.toHtmlEscaped(),
                                                   QString::fromStdString(parsed.problems.front()).toHtmlEscaped()));
            return false;
        }
        currentFile_.clear();
        presetTitle_ = p.title;
        panel_->setConfig(parsed.config);
        savedText_ = QString::fromStdString(configToText(panel_->config()));
        updateTitle();
        showBanner(BannerKind::Info, QStringLiteral("<b>%1</b> — %2").arg(p.title.toHtmlEscaped(), p.description.toHtmlEscaped()),
                   tr("Train"), [this] { controller_->train(); });
        statusBar()->showMessage(tr("Loaded the preset \"%1\". Press Ctrl+Return to train.").arg(p.title), 8000);
        return true;
    }
    return false;
}

// ---------------------------------------------------------------- export

void MainWindow::exportCurrent()
{
    ExportableView* view = grid_->currentView();
    if (!view)
        return;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("files/exportDir"),
                                       QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).toString();
    const QStringList filters{tr("PNG image (*.png)"), tr("SVG drawing (*.svg)"), tr("PDF document (*.pdf)"),
                              tr("CSV data (*.csv)")};
    QString filter = filters.first();
    QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(view->title()),
                                                QDir(dir).filePath(view->fileStem() + QStringLiteral(".png")),
                                                filters.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    ExportFormat format = ExportFormat::Png;
    if (!exportFormatFromString(QFileInfo(path).suffix(), &format)) {
        const int i = static_cast<int>(filters.indexOf(filter));
        const ExportFormat byFilter[] = {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf, ExportFormat::Csv};
        format = byFilter[std::max(0, i)];
        path += QLatin1Char('.') + extensionOf(format);
    }
    settings.setValue(QStringLiteral("files/exportDir"), QFileInfo(path).absolutePath());
    QString error;
    if (!exportView(*view, path, format, {}, &error))
        showBanner(BannerKind::Error, tr("<b>Export failed:</b> %1").arg(error.toHtmlEscaped()));
    else
        statusBar()->showMessage(tr("Exported %1 to %2").arg(view->title(), QDir::toNativeSeparators(path)), 8000);
}

void MainWindow::exportAllAs(const QString& formatName)
{
    ExportFormat format = ExportFormat::Png;
    if (!exportFormatFromString(formatName, &format))
        return;
    QSettings settings;
    const QString start = settings.value(QStringLiteral("files/exportDir"),
                                         QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).toString();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export all views into"), start);
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("files/exportDir"), dir);
    QString error;
    QStringList written;
    if (!exportAll(views_, *model_, dir, format, {}, &error, &written))
        showBanner(BannerKind::Error, tr("<b>Export failed:</b> %1").arg(error.toHtmlEscaped()));
    else
        statusBar()->showMessage(tr("Wrote %n file(s) to %1", nullptr, static_cast<int>(written.size()))
                                     .arg(QDir::toNativeSeparators(dir)), 8000);
}

void MainWindow::copyCurrent()
{
    if (ExportableView* view = grid_->currentView()) {
        copyToClipboard(*view);
        statusBar()->showMessage(tr("Copied the %1 view to the clipboard.").arg(view->title()), 5000);
    }
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
                       exportChart_, copyChart_, logLoss_, panelDock_->toggleViewAction()}) {
        QString text = a->text();
        text.remove(QLatin1Char('&'));
        add(a->shortcut().toString(QKeySequence::NativeText), text);
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
