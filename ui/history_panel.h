#pragma once
// The run history as a table beside the views: one row per kept run with
// its name, time, the config changes from the run before it ("lr 0.03 →
// 0.3"), status, best validation loss and accuracy, AUC and epochs. Pinned
// runs stay on top, the rest newest first. The panel edits the history
// (rename, pin, delete with undo) itself and asks the main window, by
// signals, to re-open, compare or start from a run.

#include <QStringList>
#include <QWidget>

class QAction;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace hs {

class RunHistory;

class HistoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit HistoryPanel(RunHistory* history, QWidget* parent = nullptr);

    /// Ids of the selected runs, in the order shown.
    QStringList selectedIds() const;
    /// Selects the runs with these ids (others are deselected).
    void selectIds(const QStringList& ids);
    QTreeWidget* tree() const { return tree_; }

    /// Shows "Same start as <name>" (empty: the config's own initialization).
    void setSameStartLabel(const QString& name);

    QAction* openAction() const { return open_; }
    QAction* compareAction() const { return compare_; }
    QAction* lockstepAction() const { return lockstep_; }
    QAction* sameStartAction() const { return sameStart_; }
    QAction* renameAction() const { return rename_; }
    QAction* pinAction() const { return pin_; }
    QAction* deleteAction() const { return delete_; }
    QAction* undoDeleteAction() const { return undo_; }
    QAction* importAction() const { return import_; }

    enum Column { Name, Time, Changes, Status, BestValLoss, BestValAccuracy, Auc, Epochs, ColumnCount };

signals:
    void openRequested(const QString& id);
    void compareRequested(const QStringList& ids);
    /// Train these runs' configs again, side by side, epoch for epoch.
    void lockstepRequested(const QStringList& ids);
    /// Start the next runs from this run's initial weights; empty id: stop doing so.
    void sameStartRequested(const QString& id);
    void importRequested();
    /// An edit failed; the message is for people.
    void errorOccurred(const QString& message);

private:
    void rebuild();
    void updateActions();
    void removeSelected();
    QAction* makeAction(const QString& text, const QKeySequence& key, const QString& tip);

    RunHistory* history_;
    QTreeWidget* tree_ = nullptr;
    QLabel* sameStartLabel_ = nullptr;
    QAction *open_ = nullptr, *compare_ = nullptr, *lockstep_ = nullptr, *sameStart_ = nullptr, *rename_ = nullptr, *pin_ = nullptr,
            *delete_ = nullptr, *undo_ = nullptr, *import_ = nullptr;
    bool rebuilding_ = false;
};

} // namespace hs
