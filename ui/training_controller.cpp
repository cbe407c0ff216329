#include "training_controller.h"

#include "io/config_json.h"
#include "run_model.h"
#include "run_snapshot.h"

#include <QRandomGenerator>
#include <QTimer>

#include <chrono>

namespace hs {

TrainingController::TrainingController(RunModel* model, QObject* parent)
    : QObject(parent)
    , model_(model)
{
    qRegisterMetaType<RunSetup>();
    qRegisterMetaType<TrainingUpdate>();
    runConfig_ = config_;
    worker_ = new TrainingWorker(&shared_);
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &TrainingWorker::setupReady, this, &TrainingController::onSetup, Qt::QueuedConnection);
    connect(worker_, &TrainingWorker::updateReady, this, &TrainingController::onUpdate, Qt::QueuedConnection);
    connect(worker_, &TrainingWorker::idle, this, &TrainingController::onIdle, Qt::QueuedConnection);
    connect(worker_, &TrainingWorker::runEnded, this, &TrainingController::onRunEnded, Qt::QueuedConnection);
    connect(worker_, &TrainingWorker::failed, this, &TrainingController::onFailed, Qt::QueuedConnection);
    // Archived runs are reported whatever the generation: a reset right
    // after a run ended must not lose it from the history.
    connect(worker_, &TrainingWorker::runArchived, this, [this](quint64, const QString& dir) { emit runArchived(dir); },
            Qt::QueuedConnection);
    connect(worker_, &TrainingWorker::archiveFailed, this,
            [this](quint64, const QString& message) { emit archiveFailed(message); }, Qt::QueuedConnection);
    thread_.setObjectName(QStringLiteral("hyperscope-training"));
    thread_.start();
}

TrainingController::~TrainingController()
{
    // Abandon the run (the worker checks the generation between batches),
    // release a pause or a speed-limit sleep, then join.
    shared_.generation.fetch_add(1, std::memory_order_acq_rel);
    shared_.control.requestStop();
    shared_.wake();
    thread_.quit();
    thread_.wait();
}

bool TrainingController::isActive() const
{
    return state_ == State::Idle || state_ == State::Training || state_ == State::Paused;
}

bool TrainingController::isEnded(State state)
{
    return state == State::Finished || state == State::StoppedEarly || state == State::Stopped
           || state == State::Diverged;
}

QString TrainingController::stateText(State state)
{
    switch (state) {
    case State::Idle: return tr("idle");
    case State::Training: return tr("training");
    case State::Paused: return tr("paused");
    case State::Finished: return tr("finished");
    case State::StoppedEarly: return tr("stopped early");
    case State::Stopped: return tr("stopped");
    case State::Diverged: return tr("diverged");
    case State::Failed: return tr("failed");
    }
    return {};
}

double TrainingController::epochsPerSecond() const
{
    return shared_.epochsPerSecond.load(std::memory_order_relaxed);
}

void TrainingController::setEpochsPerSecond(double epochsPerSecond)
{
    epochsPerSecond = epochsPerSecond > 0.0 ? epochsPerSecond : 0.0;
    if (epochsPerSecond == this->epochsPerSecond())
        return;
    shared_.epochsPerSecond.store(epochsPerSecond, std::memory_order_relaxed);
    shared_.wake();
    emit epochsPerSecondChanged(epochsPerSecond);
}

void TrainingController::setConfig(const RunConfig& config)
{
    if (configToText(config) == configToText(config_))
        return;
    config_ = config;
    if (state_ == State::Training) {
        setConfigPending(configToText(config_) != configToText(runConfig_));
        return;
    }
    reset();
}

void TrainingController::setArchiveDirectory(const QString& dir)
{
    extras_.archiveRoot = dir.toStdString();
}

QString TrainingController::archiveDirectory() const
{
    return QString::fromStdString(extras_.archiveRoot.string());
}

void TrainingController::setInitialWeights(const QString& weightsFile, const QString& label)
{
    if (weightsFile.toStdString() == extras_.initialWeights.string())
        return;
    extras_.initialWeights = weightsFile.toStdString();
    extras_.initialWeightsSource = label.toStdString();
    if (state_ == State::Training)
        setConfigPending(true);
    else
        reset();
}

QString TrainingController::initialWeightsFile() const
{
    return QString::fromStdString(extras_.initialWeights.string());
}

QString TrainingController::initialWeightsLabel() const
{
    return QString::fromStdString(extras_.initialWeightsSource);
}

void TrainingController::showRun(RunSetup setup, TrainingUpdate update)
{
    flushStages();
    ++generation_;
    shared_.generation.store(generation_, std::memory_order_release);
    shared_.control.reset();
    shared_.wake();
    pauseRequested_ = stopRequested_ = stepsPosted_ = false;
    runConfig_ = setup.config;
    setConfigPending(false);
    setupGeneration_ = generation_;
    State state = State::Finished;
    if (update.summary) {
        message_ = QString::fromStdString(update.summary->message);
        switch (update.summary->status) {
        case RunStatus::StoppedEarly: state = State::StoppedEarly; break;
        case RunStatus::Stopped: state = State::Stopped; break;
        case RunStatus::Diverged: state = State::Diverged; break;
        case RunStatus::Running:
        case RunStatus::Finished: break;
        }
    }
    if (model_) {
        model_->reset(std::move(setup));
        model_->apply(std::move(update));
    }
    setState(state);
    emitProgress();
}

void TrainingController::setConfigPending(bool pending)
{
    if (pending == configPending_)
        return;
    configPending_ = pending;
    emit configPendingChanged(pending);
}

void TrainingController::post(Command command)
{
    const std::uint64_t sequence = ++sequence_;
    if (command == Command::Train)
        trainSequence_ = sequence;
    if (command == Command::Step || command == Command::StepEpoch)
        stepsPosted_ = true;
    QMetaObject::invokeMethod(
        worker_,
        [worker = worker_, command, generation = generation_, sequence, config = runConfig_, extras = extras_] {
            worker->execute(command, generation, sequence, config, extras);
        },
        Qt::QueuedConnection);
}

void TrainingController::reset()
{
    flushStages(); // the parts left belong to the run being discarded; applied before the model's reset

    ++generation_;
    shared_.generation.store(generation_, std::memory_order_release);
    // The old generation's loop leaves at its next batch whatever these flags
    // say, so clearing them now cannot lose a request.
    shared_.control.reset();
    shared_.wake();
    pauseRequested_ = stopRequested_ = stepsPosted_ = false;
    runConfig_ = config_;
    setConfigPending(false);
    message_.clear();
    if (model_ && model_->running())
        model_->setRunning(false);
    if (runConfig_.validate().empty()) {
        post(Command::Prepare); // the setup arrives in onSetup()
    } else if (model_) {
        RunSetup placeholder;
        placeholder.config = runConfig_;
        model_->reset(std::move(placeholder));
    }
    setState(State::Idle);
}

void TrainingController::reseed()
{
    const quint64 seed = QRandomGenerator::global()->bounded(1u, 1'000'000'000u);
    config_.training.seed = seed;
    emit seedChanged(seed);
    reset();
}

void TrainingController::startTraining()
{
    shared_.control.reset();
    post(Command::Train);
    if (model_)
        model_->setRunning(true);
    setState(State::Training);
}

void TrainingController::train()
{
    switch (state_) {
    case State::Training:
        if (pauseRequested_)
            resume();
        return;
    case State::Paused:
        resume();
        return;
    case State::Idle:
        if (stopRequested_)
            return;
        startTraining();
        return;
    case State::Finished:
    case State::StoppedEarly:
    case State::Stopped:
    case State::Diverged:
    case State::Failed:
        reset();
        startTraining();
        return;
    }
}

void TrainingController::pause()
{
    if (state_ != State::Training || pauseRequested_ || stopRequested_)
        return;
    pauseRequested_ = true;
    shared_.control.setPaused(true);
    shared_.wake();
    emit stateChanged(state_); // the pause action shows the request at once
}

void TrainingController::resume()
{
    if (stopRequested_)
        return;
    if (state_ == State::Training && pauseRequested_) {
        // The worker may not have seen the pause yet; if it has, onIdle()
        // restarts it.
        pauseRequested_ = false;
        shared_.control.setPaused(false);
        emit stateChanged(state_);
    } else if (state_ == State::Paused) {
        startTraining();
    }
}

void TrainingController::togglePause()
{
    if (state_ == State::Training)
        pauseRequested_ ? resume() : pause();
    else
        train();
}

void TrainingController::step()
{
    if (state_ == State::Training || stopRequested_)
        return;
    if (!isActive())
        reset();
    shared_.control.reset();
    post(Command::Step);
}

void TrainingController::stepEpoch()
{
    if (state_ == State::Training || stopRequested_)
        return;
    if (!isActive())
        reset();
    shared_.control.reset();
    post(Command::StepEpoch);
}

void TrainingController::stop()
{
    if (stopRequested_)
        return;
    if (state_ == State::Training) {
        stopRequested_ = true;
        shared_.control.requestStop();
        shared_.wake();
        emit stateChanged(state_);
    } else if (state_ == State::Paused || (state_ == State::Idle && stepsPosted_)) {
        // Nothing is looping, but queued steps may be: they see the stop too.
        stopRequested_ = true;
        shared_.control.requestStop();
        post(Command::Finish);
    }
}

void TrainingController::setState(State state)
{
    if (state == state_)
        return;
    state_ = state;
    emit stateChanged(state);
}

void TrainingController::emitProgress()
{
    if (!model_)
        return;
    const RunSetup& setup = model_->setup();
    const int epochs = runConfig_.training.epochs;
    const double rate = model_->samplesPerSecond();
    double eta = -1.0;
    if (rate > 0.0 && state_ == State::Training) {
        const double remainingSteps = static_cast<double>(epochs) * setup.stepsPerEpoch
                                      - static_cast<double>(model_->totalSteps());
        eta = std::max(0.0, remainingSteps) * setup.batchSize / rate;
    }
    emit progress(model_->epoch(), epochs, setup.stepsPerEpoch, rate, eta);
}

void TrainingController::onSetup(quint64 generation, RunSetup setup)
{
    flushStages();
    if (generation != generation_ || !model_)
        return;
    setupGeneration_ = generation;
    model_->reset(std::move(setup));
    if (state_ == State::Training)
        model_->setRunning(true);
    emitProgress();
}

void TrainingController::onUpdate(quint64 generation, TrainingUpdate update)
{
    flushStages(); // the previous update is shown in full before the next
    if (generation != generation_ || !model_) {
        shared_.updatesInFlight.fetch_sub(1, std::memory_order_acq_rel);
        return;
    }
    cycleStart_ = std::chrono::steady_clock::now();
    if (update.summary || state_ != State::Training)
        stages_.push_back(std::move(update));
    else
        stages_ = splitByView(std::move(update));
    applyStage();
    emitProgress();
}

void TrainingController::applyStage()
{
    if (stages_.empty())
        return;
    TrainingUpdate part = std::move(stages_.front());
    stages_.pop_front();
    if (model_)
        model_->apply(std::move(part));
    if (stages_.empty()) {
        endCycle();
        return;
    }
    // Zero timers run after the posted repaints of the part just applied.
    QTimer::singleShot(0, this, [this, token = ++stageToken_] {
        if (token == stageToken_)
            applyStage();
    });
}

void TrainingController::flushStages()
{
    if (stages_.empty())
        return;
    ++stageToken_;
    while (!stages_.empty())
        applyStage();
}

void TrainingController::endCycle()
{
    // The update is done once the repaints it caused are: a zero timer runs
    // after the posted paint requests. Only then may the next one come.
    QTimer::singleShot(0, this, [this, start = cycleStart_] {
        const auto cycle = std::chrono::steady_clock::now() - start;
        shared_.guiCycleMicros.store(std::chrono::duration_cast<std::chrono::microseconds>(cycle).count(),
                                     std::memory_order_relaxed);
        shared_.updatesInFlight.fetch_sub(1, std::memory_order_acq_rel);
    });
}

void TrainingController::onIdle(quint64 generation, quint64 sequence)
{
    flushStages();
    if (generation != generation_)
        return;
    if (state_ == State::Training) {
        if (sequence != trainSequence_)
            return; // a step that finished before Train started
        if (pauseRequested_) {
            pauseRequested_ = false;
            if (model_)
                model_->setRunning(false);
            setState(State::Paused);
            emitProgress();
        } else {
            post(Command::Train); // resumed before the worker answered the pause
        }
    } else if (state_ == State::Idle || state_ == State::Paused) {
        setState(State::Paused);
    }
}

void TrainingController::onRunEnded(quint64 generation, int status, const QString& message)
{
    flushStages();
    if (generation != generation_ || isEnded(state_))
        return;
    pauseRequested_ = stopRequested_ = false;
    State state = State::Stopped;
    switch (static_cast<RunStatus>(status)) {
    case RunStatus::Finished: state = State::Finished; break;
    case RunStatus::StoppedEarly: state = State::StoppedEarly; break;
    case RunStatus::Stopped: state = State::Stopped; break;
    case RunStatus::Diverged: state = State::Diverged; break;
    case RunStatus::Running: return;
    }
    message_ = message;
    if (model_)
        model_->setRunning(false);
    setState(state);
    emitProgress();
    emit runEnded(state, message);
}

void TrainingController::onFailed(quint64 generation, const QString& message)
{
    flushStages();
    if (generation != generation_ || state_ == State::Failed)
        return;
    pauseRequested_ = stopRequested_ = false;
    message_ = message;
    if (model_ && setupGeneration_ != generation_) { // keep the charts of a run that failed midway
        RunSetup placeholder;
        placeholder.config = runConfig_;
        model_->reset(std::move(placeholder));
    } else if (model_) {
        model_->setRunning(false);
    }
    setState(State::Failed);
    emit errorOccurred(message);
}

} // namespace hs
