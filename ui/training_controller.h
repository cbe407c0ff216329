#pragma once
// Runs training on a worker thread and feeds a RunModel on the GUI thread.
//
// The controller owns the worker thread (worker-object pattern) and the
// hs::RunControl. The Trainer lives on the worker and is built there (data
// loading can take a while); the GUI thread never touches it. The worker
// sends by-value snapshots at most ~30 times a second (evaluations, the
// decision field and the weights every ~200 ms and always at the end) and
// the controller applies them to the model.
//
// All public functions are for the GUI thread. Destroying the controller
// stops the run, wakes the worker and joins it: it returns within about one
// batch (or after the data set being built, if one is).

#include "train/run_config.h"
#include "training_worker.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

#include <chrono>
#include <cstdint>
#include <deque>

namespace hs {

class RunModel;

class TrainingController : public QObject {
    Q_OBJECT
public:
    enum class State {
        Idle,          ///< no run in progress (a fresh trainer may be ready)
        Training,      ///< the worker is running batches
        Paused,        ///< a run is in progress but not running (after Pause or a step)
        Finished,      ///< ran all epochs
        StoppedEarly,  ///< early stopping ended the run
        Stopped,       ///< stopped by request
        Diverged,      ///< the loss or the weights became NaN/Inf
        Failed,        ///< the run could not be built (bad settings or data)
    };
    Q_ENUM(State)

    /// `model` receives every snapshot; it must outlive the controller or be
    /// destroyed with the same parent.
    explicit TrainingController(RunModel* model, QObject* parent = nullptr);
    ~TrainingController() override;

    /// The settings for the next run. Applied at once (the current run is
    /// discarded, like Reset) unless training is under way: then they wait
    /// for Reset or the next Train after the run ends (configPending()).
    void setConfig(const RunConfig& config);
    const RunConfig& config() const { return config_; }
    /// The settings of the run in the model (may differ from config()).
    const RunConfig& runConfig() const { return runConfig_; }
    bool configPending() const { return configPending_; }

    State state() const { return state_; }
    /// Idle, Paused or Training: a run that has not ended.
    bool isActive() const;
    /// Ended: Finished, StoppedEarly, Stopped or Diverged.
    static bool isEnded(State state);
    /// Pause was requested and the worker has not yet answered.
    bool pausePending() const { return pauseRequested_; }
    /// Lower-case words for people: "idle", "training", "stopped early", …
    static QString stateText(State state);
    /// The last run's end message or the last error ("" when none).
    QString message() const { return message_; }

    /// Pace of Train: epochs per second; 0 = as fast as possible.
    double epochsPerSecond() const;
    void setEpochsPerSecond(double epochsPerSecond);

    RunModel* model() const { return model_; }

    /// Every run that ends (finished, stopped early, stopped, diverged) is
    /// written by the worker to a new folder under `dir` (runArchived());
    /// empty turns archiving off.
    void setArchiveDirectory(const QString& dir);
    QString archiveDirectory() const;

    /// Start the next runs from the weights in `weightsFile` (another run's
    /// initial_weights.json) instead of the config's initialization; `label`
    /// names that run in messages. Empty clears it. Applies like setConfig().
    void setInitialWeights(const QString& weightsFile, const QString& label);
    QString initialWeightsFile() const;
    QString initialWeightsLabel() const;

    /// Shows a finished run (a re-opened one from the history) in the model:
    /// discards the current run like reset(), then the model holds `setup`
    /// and `update`, and the state is the run's end state. Train afterwards
    /// starts a fresh run with config().
    void showRun(hs::RunSetup setup, hs::TrainingUpdate update);

public slots:
    /// Starts training, or resumes a paused run; after a run ended (or
    /// failed) starts a fresh one with the current settings.
    void train();
    /// Pauses at the next batch boundary (state Paused once the worker answers).
    void pause();
    void resume();
    /// Space bar: pause a running run, resume a paused one, else train.
    void togglePause();
    /// One mini-batch; builds the run first if needed. Not while training.
    void step();
    /// To the end of the current epoch (a whole epoch at an epoch boundary).
    void stepEpoch();
    /// Ends the run within one batch with status Stopped (final evaluation included).
    void stop();
    /// Discards the run: fresh weights from the same seed, empty history.
    void reset();
    /// A new random training seed (seedChanged), then reset().
    void reseed();

signals:
    void stateChanged(hs::TrainingController::State state);
    /// Building the run failed (state Failed); the message is for people.
    void errorOccurred(const QString& message);
    /// The run ended: state is Finished, StoppedEarly, Stopped or Diverged.
    void runEnded(hs::TrainingController::State state, const QString& message);
    /// After every applied snapshot. etaSeconds < 0 when unknown.
    void progress(int epoch, int epochs, int stepsPerEpoch, double samplesPerSecond, double etaSeconds);
    void seedChanged(quint64 seed);
    void configPendingChanged(bool pending);
    void epochsPerSecondChanged(double epochsPerSecond);
    /// A run's folder was written (see setArchiveDirectory()).
    void runArchived(const QString& dir);
    /// Writing a run's folder failed; the message names the file.
    void archiveFailed(const QString& message);

private:
    using Command = TrainingWorker::Command;

    void post(Command command);
    void startTraining();
    void setState(State state);
    void setConfigPending(bool pending);
    void emitProgress();

    void onSetup(quint64 generation, hs::RunSetup setup);
    void onUpdate(quint64 generation, hs::TrainingUpdate update);
    /// Applies the next part of the update being shown (see onUpdate()).
    void applyStage();
    /// Applies what is left of the update being shown, at once.
    void flushStages();
    /// The update is shown: once its repaints are done, the next may come.
    void endCycle();
    void onIdle(quint64 generation, quint64 sequence);
    void onRunEnded(quint64 generation, int status, const QString& message);
    void onFailed(quint64 generation, const QString& message);

    WorkerShared shared_;   // outlives the worker: the thread is joined in the destructor
    QThread thread_;
    TrainingWorker* worker_ = nullptr;
    QPointer<RunModel> model_;

    RunConfig config_, runConfig_;
    RunExtras extras_;
    std::uint64_t generation_ = 1;
    std::uint64_t setupGeneration_ = 0; // the generation whose setup the model shows
    std::uint64_t sequence_ = 0;
    std::uint64_t trainSequence_ = 0;   // the latest Train request
    State state_ = State::Idle;
    bool pauseRequested_ = false;
    bool stopRequested_ = false;
    bool stepsPosted_ = false;          // a step may have changed the fresh run
    bool configPending_ = false;
    QString message_;
    // A live update is shown in parts, one per turn of the event loop (the
    // epoch charts, the step chart, the evaluations, the decision field, the
    // weights),
    // so that the views' work and repaints never hold the loop all at once.
    std::deque<TrainingUpdate> stages_;
    std::chrono::steady_clock::time_point cycleStart_{};
    std::uint64_t stageToken_ = 0;     // invalidates the timer of a flushed stage
};

} // namespace hs
