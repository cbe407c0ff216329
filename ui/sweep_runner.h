#pragma once
// A hyperparameter search run from the GUI: io/sweep.h's runSweep() on a
// thread of its own (which fans the trials out over `jobs` threads, each
// trial single-threaded), with every finished trial reported to the GUI
// thread as a queued signal. Stopping ends the running trials after their
// current batch and starts no more; what ran is kept on disk.

#include "io/sweep.h"
#include "train/run_control.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>
#include <thread>

Q_DECLARE_METATYPE(hs::TrialResult)

namespace hs {

class SweepRunner : public QObject {
    Q_OBJECT
public:
    explicit SweepRunner(QObject* parent = nullptr);
    /// Stops a search still going and waits for its threads.
    ~SweepRunner() override;

    /// Starts the search into `dir` (created if needed). False, with
    /// `error`, if one is still running or a trial's config is invalid
    /// (nothing is written then).
    bool start(const SweepSpec& spec, const QString& dir, int jobs, QString* error = nullptr);
    /// Asks the running trials to stop after their current batch.
    void stop();
    bool isRunning() const { return running_; }
    bool stopRequested() const { return control_.stopRequested(); }

signals:
    /// One trial ended (in the order trials end, not their numbers).
    void trialFinished(const hs::TrialResult& result, int done, int total);
    /// The search ended: all trials ran, or it was stopped. `error` is
    /// empty unless the search itself failed (e.g. its folder cannot be written).
    void finished(const QString& error);

private:
    void join();

    RunControl control_;
    std::thread thread_;
    bool running_ = false;
};

} // namespace hs
