#include "training_worker.h"

#include "data/data_error.h"
#include "io/run_archive.h"
#include "io/weights_file.h"
#include "run_snapshot.h"

#include <QDateTime>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <thread>

namespace hs {

namespace {

using namespace std::chrono_literals;

// At most ~30 snapshots a second reach the GUI, whatever the training speed.
constexpr auto kUpdateInterval = 33ms;
// ... and at most one per this many times the GUI's own update-and-repaint
// time, so that the GUI thread is busy with training at most ~1/5 of the
// time and answers input within ~20 ms at p95 even when a fast small
// network makes every update cost ~20 ms of chart work (at 2× it was busy
// half the time and p95 was 28 ms).
constexpr int kGuiCycleFactor = 5;
// When the training threads take every core, the GUI thread's time comes out
// of training, and more than its own share: a training thread it displaces
// holds up its partner at the next product. Then updates come at most ~15
// times a second and 10× the GUI's cycle apart (the GUI busy under ~1/10 of
// the time instead of ~1/6).
constexpr auto kCrowdedUpdateInterval = 66ms;
constexpr int kCrowdedGuiCycleFactor = 10;
// ... and the heavy parts, whose repaints (decision field, weight
// histograms) cost the GUI tens of milliseconds, at most once a second.
constexpr auto kCrowdedHeavyInterval = 1000ms;
// Evaluations, the decision field and the weights cost a forward pass over
// data and grid: refresh them less often (see kHeavyCostFactor).
constexpr auto kHeavyInterval = 200ms;
constexpr auto kHeavyIntervalMax = 3000ms;
// A heavy snapshot (evaluations, decision field, weights) comes at most
// once per this many times its own cost, so that it takes at most ~4 % of the
// worker's time: at 10× it cost the training 15-20 % instead of 5 % (the
// field of a 784-input network took ~100 ms then; ~25 ms since it is
// computed through the plane, see decision_field.cpp).
constexpr int kHeavyCostFactor = 25;
// Longest uninterrupted sleep of the speed limit (a stop also wakes it).
constexpr auto kPaceSlice = 50ms;
// Samples per second are measured over about this much recent time.
constexpr auto kRateWindow = 2000ms;

} // namespace

class TrainingWorker::Observer : public TrainingObserver {
public:
    explicit Observer(TrainingWorker* worker) : worker_(worker) {}
    void onStep(const Trainer&, const StepRecord&) override { worker_->afterStep(); }

private:
    TrainingWorker* worker_;
};

TrainingWorker::TrainingWorker(WorkerShared* shared)
    : shared_(shared)
    , observer_(std::make_unique<Observer>(this))
{
}

TrainingWorker::~TrainingWorker() = default;

bool TrainingWorker::current(std::uint64_t generation) const
{
    return shared_->generation.load(std::memory_order_acquire) == generation;
}

void TrainingWorker::execute(Command command, std::uint64_t generation, std::uint64_t sequence,
                             const RunConfig& config, const RunExtras& extras)
{
    // Nothing may escape into Qt's event loop: a run that cannot go on
    // (typically out of memory for its snapshots) ends as a failure.
    try {
        run(command, generation, sequence, config, extras);
    } catch (const std::bad_alloc&) {
        trainer_.reset();
        emit failed(generation, QStringLiteral("Out of memory: try fewer samples, epochs or units."));
    } catch (const std::exception& e) {
        trainer_.reset();
        emit failed(generation, QString::fromStdString(e.what()));
    }
}

void TrainingWorker::run(Command command, std::uint64_t generation, std::uint64_t sequence, const RunConfig& config,
                         const RunExtras& extras)
{
    if (!current(generation))
        return; // a reset made this request stale
    if (command == Command::Finish) {
        if (trainer_ && trainerGeneration_ == generation && !trainer_->finished()) {
            trainer_->finish(*observer_, RunStatus::Stopped);
            sendUpdate(true, true);
            reportEnd();
        }
        return;
    }
    if (!ensureTrainer(generation, config, extras) || command == Command::Prepare || !current(generation))
        return;
    if (trainer_->finished()) {
        reportEnd();
        return;
    }
    switch (command) {
    case Command::Train: loop(Mode::ToEnd, generation, sequence); break;
    case Command::Step: loop(Mode::OneStep, generation, sequence); break;
    case Command::StepEpoch: loop(Mode::OneEpoch, generation, sequence); break;
    case Command::Prepare:
    case Command::Finish: break;
    }
}

bool TrainingWorker::ensureTrainer(std::uint64_t generation, const RunConfig& config, const RunExtras& extras)
{
    if (trainerGeneration_ == generation)
        return trainer_ != nullptr; // built, or failed and already reported
    trainer_.reset(); // free the old run's data before building the next
    trainerGeneration_ = generation;
    samplesPerSecond_ = 0.0;
    extras_ = extras;
    initialWeightsJson_.clear();
    archived_ = false;
    QString problem;
    try {
        trainer_ = std::make_unique<Trainer>(config);
    } catch (const ConfigError& e) {
        problem = QStringLiteral("The settings are not valid:");
        for (const auto& p : e.problems())
            problem += QStringLiteral("\n") + QString::fromStdString(p);
    } catch (const DataError& e) {
        problem = QStringLiteral("Could not read the data: ") + QString::fromStdString(e.what());
    } catch (const std::bad_alloc&) {
        problem = QStringLiteral("Not enough memory for this data set and network: try fewer samples or smaller layers.");
    } catch (const std::exception& e) {
        problem = QString::fromStdString(e.what());
    } catch (...) {
        problem = QStringLiteral("Building the run failed for an unknown reason.");
    }
    if (trainer_ && !extras.initialWeights.empty()) {
        try {
            loadWeightsFile(extras.initialWeights, trainer_->mutableNetwork());
        } catch (const std::exception& e) {
            trainer_.reset();
            problem = QStringLiteral("Cannot start from the initial weights of %1: %2")
                          .arg(QString::fromStdString(extras.initialWeightsSource), QString::fromStdString(e.what()));
        }
    }
    if (!trainer_) {
        emit failed(generation, problem);
        return false;
    }
    if (!extras.archiveRoot.empty())
        initialWeightsJson_ = weightsToJson(trainer_->network(), trainer_->config()).dump() + "\n";
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    crowded_ = static_cast<unsigned>(trainer_->config().training.threads) >= cores;
    RunSetup setup = makeSetup(*trainer_);
    // Kept for the decision field of data with more than 2 features.
    plane_ = setup.plane;
    planeBounds_ = fieldBounds(setup);
    emit setupReady(generation, std::move(setup));
    sendUpdate(true, true); // the initial weights, decision field and evaluations
    return true;
}

void TrainingWorker::loop(Mode mode, std::uint64_t generation, std::uint64_t sequence)
{
    const int startEpoch = trainer_->epoch();
    measureRate_ = mode != Mode::OneStep;
    if (!measureRate_)
        samplesPerSecond_ = 0.0;
    lastEpochEnd_ = loopStart_ = Clock::now();
    loopSamples_ = 0.0;
    rateHistory_.clear();
    rateHistory_.emplace_back(loopStart_, 0.0);
    RunControl& control = shared_->control;
    bool stepped = false;
    while (!trainer_->finished()) {
        if (!current(generation))
            return; // abandoned by a reset: nobody wants a report
        if (control.stopRequested()) {
            trainer_->finish(*observer_, RunStatus::Stopped);
            break;
        }
        if ((mode == Mode::ToEnd && control.paused()) || (mode == Mode::OneStep && stepped)
            || (mode == Mode::OneEpoch && trainer_->epoch() != startEpoch))
            break;
        const int epochBefore = trainer_->epoch();
        trainer_->step(*observer_);
        stepped = true;
        if (mode == Mode::ToEnd && trainer_->epoch() != epochBefore && !trainer_->finished())
            pace(generation);
    }
    if (measureRate_ && samplesPerSecond_ <= 0.0) {
        // Too short for the sliding estimate: the whole loop's average.
        const double seconds = std::chrono::duration<double>(Clock::now() - loopStart_).count();
        if (seconds > 0.0)
            samplesPerSecond_ = loopSamples_ / seconds;
    }
    sendUpdate(true, true);
    if (trainer_->finished())
        reportEnd();
    else
        emit idle(generation, sequence);
}

void TrainingWorker::pace(std::uint64_t generation)
{
    if (shared_->epochsPerSecond.load(std::memory_order_relaxed) <= 0.0) {
        lastEpochEnd_ = Clock::now();
        return;
    }
    // Show the epoch that just ended before sleeping: in full when the pause
    // is long enough to look at it.
    {
        const double eps = shared_->epochsPerSecond.load(std::memory_order_relaxed);
        const auto now = Clock::now();
        const auto target = lastEpochEnd_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / eps));
        if (target - now > kUpdateInterval)
            sendUpdate(true, true);
        else if (now - lastSend_ >= kUpdateInterval)
            sendUpdate(now - lastHeavy_ >= kHeavyInterval, false);
    }
    RunControl& control = shared_->control;
    std::unique_lock lock(shared_->pacerMutex);
    for (;;) {
        // Re-read the speed each slice, so a change applies at once.
        const double eps = shared_->epochsPerSecond.load(std::memory_order_relaxed);
        if (eps <= 0.0 || !current(generation) || control.stopRequested() || control.paused())
            break;
        const auto target = lastEpochEnd_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / eps));
        const auto now = Clock::now();
        if (now >= target)
            break;
        shared_->pacerWake.wait_until(lock, std::min(target, now + kPaceSlice));
    }
    lastEpochEnd_ = Clock::now();
}

void TrainingWorker::afterStep()
{
    // Samples in the batch just done (the last batch of an epoch may be short).
    const auto trainSize = static_cast<double>(trainer_->data().split.train.samples());
    const int step = trainer_->stepInEpoch() == 0 ? trainer_->stepsPerEpoch() : trainer_->stepInEpoch();
    const double samples = std::clamp(trainSize - static_cast<double>(step - 1) * trainer_->batchSize(), 0.0,
                               static_cast<double>(trainer_->batchSize()));
    loopSamples_ += samples;
    const auto now = Clock::now();
    const auto guiCycle = std::chrono::microseconds(shared_->guiCycleMicros.load(std::memory_order_relaxed));
    const auto interval = crowded_ ? std::max<Clock::duration>(kCrowdedUpdateInterval, kCrowdedGuiCycleFactor * guiCycle)
                                   : std::max<Clock::duration>(kUpdateInterval, kGuiCycleFactor * guiCycle);
    if (now - lastSend_ < interval)
        return;
    const auto heavyInterval = std::clamp<Clock::duration>(kHeavyCostFactor * heavyCost_,
                                                           crowded_ ? kCrowdedHeavyInterval : kHeavyInterval, kHeavyIntervalMax);
    sendUpdate(now - lastHeavy_ >= heavyInterval, false);
}

void TrainingWorker::sendUpdate(bool heavy, bool force)
{
    if (!trainer_ || (!force && shared_->updatesInFlight.load(std::memory_order_acquire) > 0))
        return; // the GUI is behind: epochs accumulate for the next update
    const auto start = Clock::now();
    UpdateContents contents;
    contents.evaluations = contents.field = contents.weights = heavy;
    if (plane_) {
        contents.plane = &*plane_;
        contents.planeBounds = planeBounds_;
    }
    TrainingUpdate update = makeUpdate(*trainer_, contents);
    const auto now = Clock::now();
    if (heavy) {
        heavyCost_ = now - start;
        lastHeavy_ = now;
    }
    if (measureRate_ && !rateHistory_.empty()) {
        // Samples over the last ~2 s of wall time (sleeps of the speed limit
        // included, so that the ETA holds).
        while (rateHistory_.size() > 1 && now - rateHistory_[1].first >= kRateWindow)
            rateHistory_.pop_front();
        const auto& [then, samplesThen] = rateHistory_.front();
        const double seconds = std::chrono::duration<double>(now - then).count();
        if (seconds >= 0.1)
            samplesPerSecond_ = (loopSamples_ - samplesThen) / seconds;
        rateHistory_.emplace_back(now, loopSamples_);
    }
    update.samplesPerSecond = samplesPerSecond_;
    lastSend_ = now;
    shared_->updatesInFlight.fetch_add(1, std::memory_order_acq_rel);
    emit updateReady(trainerGeneration_, std::move(update));
}

void TrainingWorker::reportEnd()
{
    const RunSummary& summary = trainer_->summary();
    emit runEnded(trainerGeneration_, static_cast<int>(summary.status), QString::fromStdString(summary.message));
    archive();
}

void TrainingWorker::archive()
{
    if (archived_ || extras_.archiveRoot.empty())
        return;
    archived_ = true; // once per run, even when a later Train reports the end again
    const std::string name = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")).toStdString();
    try {
        const auto dir = archiveRun(extras_.archiveRoot, name, *trainer_, initialWeightsJson_);
        emit runArchived(trainerGeneration_, QString::fromStdString(dir.string()));
    } catch (const std::exception& e) {
        emit archiveFailed(trainerGeneration_, QString::fromStdString(e.what()));
    }
}

} // namespace hs
