#include "sweep_window.h"

#include "chart_export.h"
#include "io/atomic_file.h"
#include "io/config_json.h"
#include "sweep_editor.h"
#include "sweep_results_model.h"
#include "sweep_runner.h"
#include "views/knob_scatter_view.h"
#include "views/parallel_coordinates_view.h"
#include "views/view_style.h"

#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace hs {

namespace {

QString duration(double seconds)
{
    if (seconds < 90)
        return SweepWindow::tr("%1 s").arg(std::max(1.0, std::round(seconds)));
    if (seconds < 5400)
        return SweepWindow::tr("%1 min").arg(std::round(seconds / 60));
    return SweepWindow::tr("%1 h").arg(seconds / 3600, 0, 'f', 1);
}

// A chart tab: its export actions in a small toolbar above it.
QWidget* chartPage(ViewBase* view, QWidget* parent)
{
    auto* page = new QWidget(parent);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QToolBar(page);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (QAction* a : exportActions(view, page))
        bar->addAction(a);
    layout->addWidget(bar);
    layout->addWidget(view, 1);
    return page;
}

} // namespace

SweepWindow::SweepWindow(Hooks hooks, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , hooks_(std::move(hooks))
{
    setObjectName(QStringLiteral("sweepWindow"));
    setWindowTitle(tr("Search hyperparameters — Hyperscope"));
    runner_ = new SweepRunner(this);
    model_ = new SweepResultsModel(this);
    proxy_ = new SweepSortProxy(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(SweepResultsModel::SortRole);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    editor_ = new SweepEditor(left);
    editor_->setOutputDirectory(defaultOutputDirectory());
    leftLayout->addWidget(editor_);
    auto* buttons = new QHBoxLayout;
    startButton_ = new QPushButton(tr("Start search"));
    startButton_->setObjectName(QStringLiteral("sweepStart"));
    startButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    startButton_->setToolTip(tr("Train every trial from the config panel's settings (Ctrl+Return)"));
    stopButton_ = new QPushButton(tr("Stop"));
    stopButton_->setObjectName(QStringLiteral("sweepStop"));
    stopButton_->setToolTip(tr("Stop the running trials after their current batch; what ran is kept (Esc)"));
    auto* openFolder = new QPushButton(tr("Open sweep folder…"));
    openFolder->setToolTip(tr("Show a search written by hyperscope-cli sweep (or collected from a cluster)"));
    raceButton_ = new QPushButton(tr("Race"));
    raceButton_->setObjectName(QStringLiteral("sweepRace"));
    raceButton_->setToolTip(tr("Train these trials (2 to %1) side by side in lockstep instead, one epoch at a time for all, "
                               "in the comparison window").arg(kMaxRacers));
    buttons->addWidget(startButton_);
    buttons->addWidget(stopButton_);
    buttons->addWidget(raceButton_);
    buttons->addStretch(1);
    buttons->addWidget(openFolder);
    leftLayout->addLayout(buttons);
    progress_ = new QProgressBar;
    progress_->setTextVisible(true);
    progress_->setFormat(QStringLiteral("%v / %m"));
    progress_->setRange(0, 1);
    progress_->setValue(0);
    leftLayout->addWidget(progress_);
    progressLabel_ = new QLabel;
    progressLabel_->setWordWrap(true);
    leftLayout->addWidget(progressLabel_);
    message_ = new QLabel;
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    leftLayout->addWidget(message_);
    leftLayout->addStretch(1);

    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("sweepTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setToolTip(tr("Click a column to sort by it; Return or double-click opens the trial as a run"));
    table_->installEventFilter(this);
    openButton_ = new QPushButton(tr("Open trial as run"));
    openButton_->setObjectName(QStringLiteral("sweepOpenTrial"));
    openButton_->setToolTip(tr("Put the trial's settings in the config panel and its charts in the main window (Return)"));
    auto* tablePage = new QWidget;
    auto* tableLayout = new QVBoxLayout(tablePage);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(table_, 1);
    auto* tableButtons = new QHBoxLayout;
    tableButtons->addStretch(1);
    tableButtons->addWidget(openButton_);
    tableLayout->addLayout(tableButtons);

    charts_ = new QTabWidget;
    parallel_ = new ParallelCoordinatesView;
    scatter_ = new KnobScatterView;
    charts_->addTab(chartPage(parallel_, charts_), tr("Parallel coordinates"));
    charts_->addTab(chartPage(scatter_, charts_), tr("Knob against metric"));

    auto* right = new QSplitter(Qt::Vertical);
    right->addWidget(tablePage);
    right->addWidget(charts_);
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 3);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({520, 980});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);
    const QRect screen = this->screen() ? this->screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
    resize(std::min(1500, screen.width() - 60), std::min(950, screen.height() - 60));

    chartTimer_ = new QTimer(this);
    chartTimer_->setSingleShot(true);
    chartTimer_->setInterval(250); // trials may end dozens a second: charts follow at most four times a second
    connect(chartTimer_, &QTimer::timeout, this, &SweepWindow::refreshCharts);
    connect(startButton_, &QPushButton::clicked, this, [this] { start(); });
    connect(stopButton_, &QPushButton::clicked, this, &SweepWindow::stop);
    connect(raceButton_, &QPushButton::clicked, this, [this] { race(); });
    connect(openFolder, &QPushButton::clicked, this, &SweepWindow::openFolderDialog);
    connect(openButton_, &QPushButton::clicked, this, [this] { openTrial(currentModelRow()); });
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& i) { openTrial(proxy_->mapToSource(i).row()); });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SweepWindow::selectionChanged);
    connect(runner_, &SweepRunner::trialFinished, this, &SweepWindow::onTrial);
    connect(runner_, &SweepRunner::finished, this, &SweepWindow::onFinished);
    connect(editor_, &SweepEditor::changed, this, &SweepWindow::updateControls);
    auto* escape = new QAction(this);
    escape->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(escape, &QAction::triggered, this, &SweepWindow::stop);
    addAction(escape);
    if (hooks_.remember) {
        // The last search's knobs and options (not its base: that is the config panel's).
        const QByteArray last = QSettings().value(QStringLiteral("search/last")).toByteArray();
        try {
            if (!last.isEmpty())
                editor_->setSpec(sweepFromJson(nlohmann::json::parse(last.toStdString())));
        } catch (const std::exception&) {
            // A damaged entry: keep the defaults.
        }
    }
    updateControls();
}

SweepWindow::~SweepWindow() = default;

QString SweepWindow::defaultOutputDirectory()
{
    const QString root = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/sweeps/");
    const QString stem = QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd_HH-mm-ss"));
    QString dir = root + stem;
    for (int n = 2; QFileInfo::exists(dir); ++n)
        dir = root + stem + QStringLiteral("_%1").arg(n);
    return dir;
}

bool SweepWindow::start(QString* error)
{
    auto fail = [&](const QString& why) { return refuse(why, error); };
    if (runner_->isRunning())
        return fail(tr("A search is still running."));
    SweepSpec spec;
    QString problem;
    if (!editor_->readSpec(&spec, &problem))
        return fail(problem);
    spec.base = hooks_.baseConfig();
    const QString dir = editor_->outputDirectory();
    if (dir.isEmpty())
        return fail(tr("Choose a folder for the search's trials."));
    // Never write over an earlier search's trials.
    if (QDir(dir).exists() && !QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        return fail(tr("%1 already holds files: choose an empty or a new folder.").arg(QDir::toNativeSeparators(dir)));
    total_ = editor_->trialCount();
    model_->reset(spec.metric, sweepKnobKeys(spec));
    logKeys_ = editor_->logKeys();
    table_->sortByColumn(model_->metricColumn(), metricIsMaximized(spec.metric) ? Qt::DescendingOrder : Qt::AscendingOrder);
    if (!runner_->start(spec, dir, editor_->jobs(), &problem))
        return fail(problem);
    if (hooks_.remember) {
        SweepSpec kept = spec;
        kept.base = nlohmann::json::object();
        QSettings().setValue(QStringLiteral("search/last"), QByteArray::fromStdString(sweepToJson(kept).dump()));
    }
    startedAt_ = QDateTime::currentMSecsSinceEpoch();
    progress_->setRange(0, std::max(1, total_));
    progress_->setValue(0);
    progressLabel_->setText(tr("Starting %1 trials on %2 threads…").arg(total_).arg(editor_->jobs()));
    showMessage(tr("Trials are written to %1").arg(QDir::toNativeSeparators(dir)));
    refreshCharts();
    updateControls();
    return true;
}

void SweepWindow::stop()
{
    if (!runner_->isRunning())
        return;
    runner_->stop();
    progressLabel_->setText(tr("Stopping after the running trials' current batch…"));
    updateControls();
}

bool SweepWindow::isRunning() const
{
    return runner_->isRunning();
}

void SweepWindow::onTrial(const TrialResult& result, int done, int total)
{
    model_->addResult(result);
    total_ = total;
    progress_->setRange(0, std::max(1, total));
    progress_->setValue(done);
    const double elapsed = (QDateTime::currentMSecsSinceEpoch() - startedAt_) / 1000.0;
    QString text = tr("%1 of %2 trials · %3").arg(done).arg(total).arg(duration(elapsed));
    if (done < total)
        text += tr(" · about %1 left").arg(duration(elapsed / done * (total - done)));
    if (model_->bestRow() >= 0) {
        const TrialResult& best = model_->result(model_->bestRow());
        text += tr(" · best %1 %2 (trial %3)")
                    .arg(QString::fromStdString(model_->metric()))
                    .arg(best.metrics.at(model_->metric()), 0, 'g', 4)
                    .arg(best.trial);
    }
    progressLabel_->setText(text);
    if (!chartTimer_->isActive())
        chartTimer_->start();
    emit trialAdded(done, total);
}

void SweepWindow::onFinished(const QString& error)
{
    chartTimer_->stop();
    refreshCharts();
    const int done = model_->rowCount();
    const double elapsed = (QDateTime::currentMSecsSinceEpoch() - startedAt_) / 1000.0;
    if (!error.isEmpty()) {
        showMessage(tr("The search failed: %1").arg(error), true);
    } else if (done < total_) {
        showMessage(tr("Stopped after %1 of %2 trials; the trials that ran are kept in %3.")
                        .arg(done).arg(total_).arg(QDir::toNativeSeparators(editor_->outputDirectory())));
    } else {
        showMessage(tr("%1 trials in %2 (%3 trials a minute), ranked in %4.")
                        .arg(done)
                        .arg(duration(elapsed))
                        .arg(elapsed > 0 ? 60.0 * done / elapsed : 0.0, 0, 'f', 0)
                        .arg(QDir::toNativeSeparators(editor_->outputDirectory() + QStringLiteral("/results.csv"))));
    }
    progressLabel_->setText(tr("%1 of %2 trials").arg(done).arg(total_));
    // The next search goes to a new folder unless people choose one.
    if (QDir(editor_->outputDirectory()).exists())
        editor_->setOutputDirectory(defaultOutputDirectory());
    updateControls();
    if (model_->bestRow() >= 0 && table_->selectionModel()->selectedRows().isEmpty())
        table_->selectRow(proxy_->mapFromSource(model_->index(model_->bestRow(), 0)).row());
    emit finished(error);
}

void SweepWindow::refreshCharts()
{
    parallel_->setData(model_->results(), model_->knobs(), model_->metric(), logKeys_);
    scatter_->setData(model_->results(), model_->knobs(), model_->metric(), logKeys_);
}

void SweepWindow::updateControls()
{
    const bool running = runner_->isRunning();
    startButton_->setEnabled(!running && editor_->trialCount() > 0);
    const int trials = editor_->trialCount();
    raceButton_->setEnabled(!running && hooks_.race && trials >= 2 && trials <= kMaxRacers);
    stopButton_->setEnabled(running && !runner_->stopRequested());
    editor_->setEditable(!running);
    openButton_->setEnabled(currentModelRow() >= 0);
}

bool SweepWindow::refuse(const QString& why, QString* error)
{
    showMessage(why, true);
    if (error)
        *error = why;
    return false;
}

void SweepWindow::showMessage(const QString& text, bool problem)
{
    message_->setText(problem ? QStringLiteral("<span style='color:%1'>%2</span>").arg(style::alertColor().name(), text.toHtmlEscaped())
                              : text.toHtmlEscaped());
    message_->setProperty("plain", text);
}

QString SweepWindow::statusText() const
{
    return progressLabel_->text() + QLatin1Char('\n') + message_->property("plain").toString();
}

int SweepWindow::currentModelRow() const
{
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : proxy_->mapToSource(rows.front()).row();
}

void SweepWindow::selectionChanged()
{
    const int row = currentModelRow();
    const int trial = row >= 0 ? model_->result(row).trial : 0;
    parallel_->setSelectedTrial(trial);
    scatter_->setSelectedTrial(trial);
    updateControls();
}

bool SweepWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == table_ && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if ((key == Qt::Key_Return || key == Qt::Key_Enter) && currentModelRow() >= 0) {
            openTrial(currentModelRow());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SweepWindow::closeEvent(QCloseEvent* event)
{
    // A running search goes on while the window is closed; reopening shows it.
    event->accept();
}

} // namespace hs
