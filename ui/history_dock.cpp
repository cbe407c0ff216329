#include "history_dock.h"

#include "config_panel.h"
#include "history_panel.h"
#include "lockstep_runner.h"
#include "run_history.h"
#include "run_restore.h"
#include "training_controller.h"
#include "chart_export.h"
#include "views/compare_view.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFileDialog>
#include <QSettings>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace hs {

HistoryDock::HistoryDock(const QString& root, ConfigPanel* panel, TrainingController* controller, QWidget* parent)
    : QDockWidget(tr("Run history"), parent)
    , panel_(panel)
    , controller_(controller)
{
    setObjectName(QStringLiteral("historyDock"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    toggleViewAction()->setText(tr("Run &History"));
    toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    toggleViewAction()->setStatusTip(tr("Show or hide the history of ended runs."));
    history_ = new RunHistory(this);
    QString error;
    if (!history_->setRoot(root, &error)) // reported once the window has connected to us
        QTimer::singleShot(0, this, [this, error] { emit errorOccurred(error); });
    controller_->setArchiveDirectory(history_->root());
    historyPanel_ = new HistoryPanel(history_, this);
    setWidget(historyPanel_);

    compareWindow_ = new QWidget(parent, Qt::Window);
    compareWindow_->setObjectName(QStringLiteral("compareWindow"));
    compareWindow_->setWindowTitle(tr("Compare runs — Hyperscope"));
    compareView_ = new CompareView(compareWindow_);
    auto* bar = new QToolBar(compareWindow_);
    for (QAction* a : exportActions(compareView_, compareWindow_))
        bar->addAction(a);
    lockstep_ = new LockstepRunner(this);
    stopLockstep_ = new QAction(tr("Stop lockstep"), compareWindow_);
    stopLockstep_->setShortcut(QKeySequence(Qt::Key_Escape));
    stopLockstep_->setToolTip(tr("Stop every lockstep run after its current batch (Esc)"));
    stopLockstep_->setEnabled(false);
    connect(stopLockstep_, &QAction::triggered, lockstep_, &LockstepRunner::stop);
    bar->addSeparator();
    bar->addAction(stopLockstep_);
    // Lockstep epochs can come hundreds a second: the comparison (which
    // rebuilds its charts) follows at most about seven times a second.
    auto* refresh = new QTimer(this);
    refresh->setSingleShot(true);
    refresh->setInterval(150);
    connect(refresh, &QTimer::timeout, this, [this] {
        compareView_->setRuns(lockstep_->snapshot());
        compareWindow_->setWindowTitle(tr("Lockstep, epoch %1 — Hyperscope").arg(lockstep_->epoch()));
    });
    connect(lockstep_, &LockstepRunner::advanced, refresh, [refresh] {
        if (!refresh->isActive())
            refresh->start();
    });
    connect(lockstep_, &LockstepRunner::finished, this, [this, refresh] {
        refresh->stop();
        compareView_->setRuns(lockstep_->snapshot());
        stopLockstep_->setEnabled(false);
        compareWindow_->setWindowTitle(tr("Lockstep, ended after epoch %1 — Hyperscope").arg(lockstep_->epoch()));
        emit statusMessage(tr("The lockstep runs ended; each is kept in the run history."));
    });
    connect(lockstep_, &LockstepRunner::runArchived, this, [this](const QString& dir, const QString& name) {
        QString error;
        if (!history_->addFolder(dir, &error))
            emit errorOccurred(tr("The run was saved, but cannot be listed: %1").arg(error));
        else if (!history_->rename(QFileInfo(dir).fileName(), name, &error)) // the name it raced under
            emit errorOccurred(tr("The run is in the history, but cannot be renamed: %1").arg(error));
    });
    connect(lockstep_, &LockstepRunner::errorOccurred, this, &HistoryDock::errorOccurred);
    auto* layout = new QVBoxLayout(compareWindow_);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(bar);
    layout->addWidget(compareView_, 1);
    compareWindow_->resize(1400, 900);

    import_ = new QAction(tr("&Import Run Folder…"), this);
    import_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    import_->setStatusTip(tr("Add a run folder written by hyperscope-cli train --out to the run history."));
    import_->setToolTip(import_->statusTip());
    connect(import_, &QAction::triggered, this, &HistoryDock::importDialog);

    connect(controller_, &TrainingController::runArchived, this, [this](const QString& dir) {
        QString error;
        if (!history_->addFolder(dir, &error))
            emit errorOccurred(tr("The run was saved, but cannot be listed: %1").arg(error));
    });
    connect(controller_, &TrainingController::archiveFailed, this, [this](const QString& message) {
        emit errorOccurred(tr("The run could not be kept in the history: %1").arg(message));
    });
    connect(historyPanel_, &HistoryPanel::openRequested, this, &HistoryDock::openRun);
    connect(historyPanel_, &HistoryPanel::compareRequested, this, &HistoryDock::compare);
    connect(historyPanel_, &HistoryPanel::lockstepRequested, this, &HistoryDock::lockstep);
    connect(historyPanel_, &HistoryPanel::sameStartRequested, this, &HistoryDock::sameStart);
    connect(historyPanel_, &HistoryPanel::importRequested, this, &HistoryDock::importDialog);
    connect(historyPanel_, &HistoryPanel::errorOccurred, this, &HistoryDock::errorOccurred);
}

bool HistoryDock::openRun(const QString& id)
{
    using State = TrainingController::State;
    if (controller_->state() == State::Training || controller_->state() == State::Paused) {
        emit errorOccurred(tr("Stop the current run (Esc) before re-opening another."));
        return false;
    }
    const RunEntry* entry = history_->find(id);
    if (!entry)
        return false;
    QElapsedTimer timer;
    timer.start();
    RestoredRun restored;
    try {
        restored = restoreRun(history_->read(id));
    } catch (const std::exception& e) {
        emit errorOccurred(tr("Cannot re-open %1: %2").arg(entry->name, QString::fromStdString(e.what())));
        return false;
    }
    const QString name = entry->name;
    panel_->setConfig(restored.setup.config); // applies at once: the controller resets
    controller_->showRun(std::move(restored.setup), std::move(restored.update));
    emit statusMessage(tr("Re-opened %1 (%2 ms)%3")
                           .arg(name)
                           .arg(timer.elapsed())
                           .arg(restored.note.isEmpty() ? QString() : QStringLiteral(" — ") + restored.note));
    return true;
}

bool HistoryDock::importFolder(const QString& dir)
{
    QString error;
    const QString id = history_->importFolder(dir, &error);
    if (id.isEmpty()) {
        emit errorOccurred(tr("Cannot import %1: %2").arg(QDir::toNativeSeparators(dir), error));
        return false;
    }
    historyPanel_->selectIds({id});
    emit statusMessage(tr("Imported %1").arg(QDir::toNativeSeparators(dir)));
    return true;
}

bool HistoryDock::openFolder(const QString& dir, const QString& name)
{
    using State = TrainingController::State;
    if (controller_->state() == State::Training || controller_->state() == State::Paused) {
        emit errorOccurred(tr("Stop the current run (Esc) before opening another."));
        return false;
    }
    QString error;
    const QString id = history_->importFolder(dir, &error);
    if (id.isEmpty()) {
        emit errorOccurred(tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(dir), error));
        return false;
    }
    if (!name.isEmpty() && !history_->rename(id, name, &error))
        emit errorOccurred(tr("The run is in the history, but cannot be renamed: %1").arg(error));
    historyPanel_->selectIds({id});
    return openRun(id);
}

void HistoryDock::importDialog()
{
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Import run folder"),
                                                          settings.value(QStringLiteral("files/importDir")).toString());
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("files/importDir"), QFileInfo(dir).absolutePath());
    importFolder(dir);
}

bool HistoryDock::compare(const QStringList& ids)
{
    QList<ComparedRun> runs;
    for (const QString& id : ids) {
        const RunEntry* entry = history_->find(id);
        if (!entry)
            continue;
        try {
            runs.push_back({entry->name, history_->read(id)});
        } catch (const std::exception& e) {
            emit errorOccurred(tr("Cannot compare %1: %2").arg(entry->name, QString::fromStdString(e.what())));
            return false;
        }
    }
    // Oldest first, as in the history.
    std::sort(runs.begin(), runs.end(), [this](const ComparedRun& a, const ComparedRun& b) {
        return history_->indexOf(QFileInfo(QString::fromStdString(a.folder.dir.string())).fileName())
               < history_->indexOf(QFileInfo(QString::fromStdString(b.folder.dir.string())).fileName());
    });
    compareView_->setRuns(std::move(runs));
    compareWindow_->show();
    compareWindow_->raise();
    return compareView_->runs().size() >= 2;
}

bool HistoryDock::sameStart(const QString& id)
{
    if (id.isEmpty()) {
        controller_->setInitialWeights({}, {});
        historyPanel_->setSameStartLabel({});
        emit statusMessage(tr("The next runs start from the config's own initialization."));
        return true;
    }
    const RunEntry* entry = history_->find(id);
    if (!entry || !entry->hasInitialWeights || entry->config.is_null()) {
        emit errorOccurred(tr("%1 has no initial_weights.json: only runs trained in the app can be a same start.")
                               .arg(entry ? entry->name : id));
        historyPanel_->setSameStartLabel(controller_->initialWeightsLabel());
        return false;
    }
    // The same data and batch order come from the same seeds; the weights
    // file brings the initial weights (the worker refuses another architecture).
    RunFolder folder;
    try {
        folder = history_->read(id);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
        return false;
    }
    RunConfig c = panel_->config();
    c.training.seed = folder.config.training.seed;
    c.data.seed = folder.config.data.seed;
    panel_->setConfig(c);
    controller_->setInitialWeights(QDir(entry->dir).filePath(QStringLiteral("initial_weights.json")), entry->name);
    historyPanel_->setSameStartLabel(entry->name);
    emit statusMessage(tr("The next runs start like %1: same initial weights, same data and batch order.").arg(entry->name));
    return true;
}

bool HistoryDock::lockstep(const QStringList& ids)
{
    if (lockstep_->running()) {
        emit errorOccurred(tr("Lockstep runs are still going: stop them first (Esc in the comparison window)."));
        return false;
    }
    QList<RunConfig> configs;
    QStringList names;
    for (const QString& id : ids) {
        const RunEntry* entry = history_->find(id);
        if (!entry)
            continue;
        try {
            configs << history_->read(id).config;
        } catch (const std::exception& e) {
            emit errorOccurred(tr("Cannot train %1 again: %2").arg(entry->name, QString::fromStdString(e.what())));
            return false;
        }
        names << tr("%1 (lockstep)").arg(entry->name);
    }
    return race(configs, names);
}

bool HistoryDock::race(const QList<RunConfig>& configs, const QStringList& names)
{
    if (lockstep_->running()) {
        emit errorOccurred(tr("Lockstep runs are still going: stop them first (Esc in the comparison window)."));
        return false;
    }
    if (configs.size() < 2 || configs.size() != names.size())
        return false;
    lockstep_->start(configs, names, history_->root());
    stopLockstep_->setEnabled(true);
    compareView_->setRuns(lockstep_->snapshot());
    compareWindow_->setWindowTitle(tr("Lockstep — Hyperscope"));
    compareWindow_->show();
    compareWindow_->raise();
    return true;
}

} // namespace hs
