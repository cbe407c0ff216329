#pragma once
// Lockstep mode: two or more configs trained at once, each on its own
// TrainingController (its own worker thread and RunModel), one epoch at a
// time for all of them: no run starts epoch e + 1 before every run that is
// still going has finished epoch e. So the runs can be watched side by side
// as they learn, epoch for epoch, and each ended run is archived like any
// other. Everything here is for the GUI thread.

#include "train/run_config.h"
#include "views/compare_view.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <vector>

namespace hs {

class RunModel;
class TrainingController;

class LockstepRunner : public QObject {
    Q_OBJECT
public:
    explicit LockstepRunner(QObject* parent = nullptr);
    ~LockstepRunner() override;

    /// Discards any previous lockstep runs and starts `configs` (named by
    /// `names`, same length). Ended runs are archived under `archiveDir`
    /// (empty: not kept).
    void start(const QList<RunConfig>& configs, const QStringList& names, const QString& archiveDir);
    /// Stops every run that is still going (each ends as "stopped" and is archived).
    void stop();
    /// Some run has not ended yet.
    bool running() const { return running_; }

    int count() const { return static_cast<int>(lanes_.size()); }
    const RunModel* model(int i) const;
    /// Epochs every run has completed (or ended before).
    int epoch() const { return epoch_; }
    /// The runs as the comparison view shows them, from their live models.
    QList<ComparedRun> snapshot() const;

signals:
    /// Every run still going has completed epoch `epoch`, or ended.
    void advanced(int epoch);
    /// Every run has ended (finished, stopped early, stopped, diverged or failed).
    void finished();
    /// A run's folder was written (TrainingController::runArchived); `name` is the run's.
    void runArchived(const QString& dir, const QString& name);
    /// A run could not start; the message is for people.
    void errorOccurred(const QString& message);

private:
    struct Lane {
        QString name;
        RunModel* model = nullptr;
        TrainingController* controller = nullptr;
    };
    bool ended(const Lane& lane) const;
    bool over(const Lane& lane) const;
    void check();
    void advance();

    std::vector<Lane> lanes_;
    int epoch_ = 0;
    bool running_ = false;
    bool stopping_ = false;
};

} // namespace hs
