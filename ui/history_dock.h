#pragma once
// The run history's place in the main window: a dock with the history
// panel, the comparison window, and the glue to the rest of the window.
// Every run the controller ends is archived by its worker into the history
// folder and listed here; re-opening puts the run's settings in the config
// panel and its charts in the views; "same start" makes the next runs begin
// from a kept run's initial weights and seeds.

#include "train/run_config.h"

#include <QDockWidget>
#include <QStringList>

class QAction;

namespace hs {

class CompareView;
class ConfigPanel;
class HistoryPanel;
class LockstepRunner;
class RunHistory;
class TrainingController;

class HistoryDock : public QDockWidget {
    Q_OBJECT
public:
    /// Opens the history at `root` and has `controller` archive its runs there.
    HistoryDock(const QString& root, ConfigPanel* panel, TrainingController* controller, QWidget* parent = nullptr);

    RunHistory* history() const { return history_; }
    HistoryPanel* historyPanel() const { return historyPanel_; }
    CompareView* compareView() const { return compareView_; }
    /// The top-level window that holds the comparison.
    QWidget* compareWindow() const { return compareWindow_; }
    /// File → Import run folder… (asks for a folder).
    QAction* importAction() const { return import_; }

    /// Re-opens a kept run: settings and every chart as they were. Refused
    /// (false, errorOccurred) while a run is training or paused, or when the
    /// folder cannot be rebuilt.
    bool openRun(const QString& id);
    /// Copies a run folder into the history; false (errorOccurred) if it is not one.
    bool importFolder(const QString& dir);
    /// Copies a run folder (e.g. a search's trial) into the history under
    /// `name` and re-opens it. False (errorOccurred) if either step fails.
    bool openFolder(const QString& dir, const QString& name);
    /// Shows the comparison of these runs (two or more).
    bool compare(const QStringList& ids);
    /// Next runs start from the run's initial weights and seeds; empty id turns it off.
    bool sameStart(const QString& id);
    /// Trains these runs' configs again in lockstep (lockstep_runner.h),
    /// watched live in the comparison window. False if one cannot be read
    /// or a lockstep run is still going.
    bool lockstep(const QStringList& ids);
    /// Trains these configs (two or more, named by `names`) in lockstep,
    /// watched live in the comparison window; each ended run is kept.
    bool race(const QList<RunConfig>& configs, const QStringList& names);
    LockstepRunner* lockstepRunner() const { return lockstep_; }

signals:
    /// Something failed; plain text naming the file or the reason.
    void errorOccurred(const QString& message);
    /// A short note for the status bar.
    void statusMessage(const QString& message);

private:
    void importDialog();

    ConfigPanel* panel_;
    TrainingController* controller_;
    RunHistory* history_ = nullptr;
    HistoryPanel* historyPanel_ = nullptr;
    CompareView* compareView_ = nullptr;
    QWidget* compareWindow_ = nullptr;
    QAction* import_ = nullptr;
    QAction* stopLockstep_ = nullptr;
    LockstepRunner* lockstep_ = nullptr;
};

} // namespace hs
