#pragma once
// The training thread's side of the TrainingController: owns the Trainer,
// runs it in batches and sends value snapshots back. Lives on the worker
// thread (QObject::moveToThread); the controller calls execute() through
// queued invocations and never touches the Trainer itself.
//
// Cross-thread state is only the atomics in WorkerShared and the queued
// signals below; every signal carries the generation it belongs to, so the
// controller can drop what a reset made stale.

#include "run_model.h"
#include "train/run_control.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace hs {

/// State shared by the controller (GUI thread) and the worker. Owned by the
/// controller, which outlives the worker thread.
struct WorkerShared {
    RunControl control;
    /// Bumped by every reset; work for an older generation is abandoned.
    std::atomic<std::uint64_t> generation{1};
    /// Pace of a full run: epochs per second, 0 = as fast as possible.
    std::atomic<double> epochsPerSecond{0.0};
    /// Throttled updates sent but not yet applied (back-pressure: the worker
    /// skips a regular update while the GUI is behind).
    std::atomic<int> updatesInFlight{0};
    /// How long the GUI took for its last update, from arrival until its
    /// event loop was free again (applying it and repainting), in µs. The
    /// worker spaces updates by at least twice this, so that however costly
    /// the views get, the GUI thread stays idle at least half the time and
    /// answers the user at once.
    std::atomic<std::int64_t> guiCycleMicros{0};

    /// Wakes a worker that sleeps between epochs (speed limit).
    void wake()
    {
        { std::lock_guard lock(pacerMutex); }
        pacerWake.notify_all();
    }
    std::mutex pacerMutex;
    std::condition_variable pacerWake;
};

/// What a run needs besides its config, fixed when its trainer is built.
struct RunExtras {
    /// Where the ended run's folder is archived (io/run_archive.h); empty: not kept.
    std::filesystem::path archiveRoot;
    /// A weights file to start from instead of the config's initialization
    /// ("same start as run X"); empty: none. Must fit the architecture.
    std::filesystem::path initialWeights;
    /// Names the run those weights come from, for messages.
    std::string initialWeightsSource;
};

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    enum class Command {
        Prepare,    ///< build the trainer (data, weights) and report the setup
        Train,      ///< run until the end, a pause, a stop or a reset
        Step,       ///< one mini-batch
        StepEpoch,  ///< to the end of the current epoch
        Finish,     ///< end the run now (status Stopped) with the final evaluation
    };

    explicit TrainingWorker(WorkerShared* shared);
    ~TrainingWorker() override;

    /// Runs on the worker thread. Builds the trainer from `config` first when
    /// there is none for `generation`; does nothing for a stale generation.
    /// `sequence` identifies the request in the idle() report.
    void execute(Command command, std::uint64_t generation, std::uint64_t sequence, const RunConfig& config,
                 const RunExtras& extras = {});

signals:
    /// A trainer was built for `generation`.
    void setupReady(quint64 generation, hs::RunSetup setup);
    /// A snapshot; counts in WorkerShared::updatesInFlight until applied.
    void updateReady(quint64 generation, hs::TrainingUpdate update);
    /// The Train, Step or StepEpoch request `sequence` returned without
    /// ending the run (paused, or its step or epoch done).
    void idle(quint64 generation, quint64 sequence);
    /// The run ended (finished, stopped early, stopped or diverged).
    void runEnded(quint64 generation, int status, QString message);
    /// Building the trainer failed: the message is for people.
    void failed(quint64 generation, QString message);
    /// The ended run was written to the folder `dir` (RunExtras::archiveRoot).
    void runArchived(quint64 generation, QString dir);
    /// Writing the run folder failed: the message names the file.
    void archiveFailed(quint64 generation, QString message);

private:
    class Observer;
    enum class Mode { ToEnd, OneStep, OneEpoch };
    using Clock = std::chrono::steady_clock;

    void run(Command command, std::uint64_t generation, std::uint64_t sequence, const RunConfig& config,
             const RunExtras& extras);
    bool ensureTrainer(std::uint64_t generation, const RunConfig& config, const RunExtras& extras);
    void archive();
    void loop(Mode mode, std::uint64_t generation, std::uint64_t sequence);
    void pace(std::uint64_t generation);
    bool current(std::uint64_t generation) const;
    void afterStep();
    /// Sends a snapshot. `heavy` adds evaluations, field and weights; `force`
    /// ignores the throttle and back-pressure.
    void sendUpdate(bool heavy, bool force);
    void reportEnd();

    WorkerShared* shared_;
    std::unique_ptr<Observer> observer_;
    std::unique_ptr<Trainer> trainer_;
    std::uint64_t trainerGeneration_ = 0;
    RunExtras extras_;                 // of the current trainer
    std::string initialWeightsJson_;   // the trainer's weights before its first step (when archiving)
    bool archived_ = false;

    std::optional<InputPlane> plane_;   // the setup's, for the decision field (> 2 features)
    PlaneBounds planeBounds_;

    // Throttle (worker thread only).
    Clock::time_point lastSend_{}, lastHeavy_{}, lastEpochEnd_{};
    Clock::duration heavyCost_{};
    bool crowded_ = false;             // training threads on every core: a tighter GUI budget
    // Throughput over the last few seconds: (time, samples since the loop
    // started) at each update, so that the rate is time-weighted.
    std::deque<std::pair<Clock::time_point, double>> rateHistory_;
    Clock::time_point loopStart_{};
    double loopSamples_ = 0.0;
    double samplesPerSecond_ = 0.0;
    bool measureRate_ = false;
};

} // namespace hs
