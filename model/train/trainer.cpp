#include "train/trainer.h"

#include "core/denormals.h"

#include "data/augment.h"

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace hs {
namespace {

double now()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::string joinLines(const std::vector<std::string>& lines)
{
    std::string out;
    for (const auto& l : lines)
        out += (out.empty() ? "" : "\n") + l;
    return out;
}

const RunConfig& validated(const RunConfig& config)
{
    if (auto problems = config.validate(); !problems.empty())
        throw ConfigError(problems);
    return config;
}

NetworkSpec networkSpec(const RunConfig& config, const PreparedData& data)
{
    NetworkSpec spec;
    spec.inputs = static_cast<int>(data.split.train.features());
    spec.hidden = config.model.hidden;
    spec.loss = lossFor(data.task, data.classes);
    spec.outputs = outputUnits(spec.loss, data.task == Task::Regression ? data.outputs : data.classes);
    spec.activation.kind = parseActivation(config.model.activation).value_or(Activation::Tanh);
    spec.activation.slope = config.model.leakySlope;
    spec.activation.alpha = config.model.eluAlpha;
    spec.init = parseInit(config.model.init).value_or(Init::XavierUniform);
    spec.initScale = config.model.initScale;
    spec.batchNorm = config.model.batchNorm;
    spec.residual = config.model.residual;
    spec.dropout = config.model.dropout;
    // Refuse an absurd network before allocating it (the data's real width is known only now).
    if (std::string problem = networkSizeProblem(config.model, spec.inputs, spec.outputs); !problem.empty())
        throw ConfigError({problem});
    return spec;
}

Matrix targetsOf(const Dataset& d)
{
    if (d.task == Task::Regression)
        return d.targets;
    return d.labels.cast<Scalar>().transpose();
}

} // namespace

std::string_view toString(RunStatus status)
{
    switch (status) {
    case RunStatus::Running: return "running";
    case RunStatus::Finished: return "finished";
    case RunStatus::StoppedEarly: return "stopped_early";
    case RunStatus::Stopped: return "stopped";
    case RunStatus::Diverged: return "diverged";
    }
    return "unknown";
}

std::string_view toString(Subset subset)
{
    switch (subset) {
    case Subset::Train: return "train";
    case Subset::Validation: return "val";
    case Subset::Test: return "test";
    }
    return "unknown";
}

ConfigError::ConfigError(const std::vector<std::string>& problems)
    : std::invalid_argument(joinLines(problems))
    , problems_(problems)
{
}

Trainer::Trainer(RunConfig config)
    : config_(std::move(config))
    , data_(prepareData(validated(config_)))
    , network_(networkSpec(config_, data_))
    , shuffleRng_(Rng(config_.training.seed).derive(1))
    , dropoutRng_(Rng(config_.training.seed).derive(2))
    , jitterRng_(Rng(config_.training.seed).derive(3))
{
    setUp();
}

Trainer::Trainer(RunConfig config, PreparedData data)
    : config_(std::move(config))
    , data_((validated(config_), std::move(data)))
    , network_(networkSpec(config_, data_))
    , shuffleRng_(Rng(config_.training.seed).derive(1))
    , dropoutRng_(Rng(config_.training.seed).derive(2))
    , jitterRng_(Rng(config_.training.seed).derive(3))
{
    setUp();
}

void Trainer::setUp()
{
    // The network splits its large products over its own team of threads
    // (no global state: trainers of a sweep run side by side).
    network_.setThreads(config_.training.threads);
    Rng weightRng(config_.training.seed);
    network_.initialize(weightRng);

    const Eigen::Index n = data_.split.train.samples();
    const int requested = config_.training.batchSize;
    // 0, or more than the training set, means full batch.
    batchSize_ = static_cast<int>(requested <= 0 || requested > n ? n : requested);
    if (requested > n)
        data_.notes.push_back("training.batch_size = " + std::to_string(requested) + " is more than the "
                              + std::to_string(n) + " training samples: every step uses the full batch of "
                              + std::to_string(n));
    stepsPerEpoch_ = static_cast<int>((n + batchSize_ - 1) / batchSize_);

    OptimizerSpec optimizerSpec = config_.training.optimizer;
    optimizer_ = makeOptimizer(optimizerSpec);
    optimizer_->reset(network_.parameterCount());
    schedule_ = std::make_unique<LearningRateSchedule>(config_.training.schedule, optimizerSpec.lr,
                                                       config_.training.epochs, stepsPerEpoch_);
    const auto& es = config_.training.earlyStopping;
    if (es.enabled)
        earlyStopping_.emplace(es.monitor, es.patience, es.minDelta);

    trainTargets_ = targetsOf(data_.split.train);
    order_.resize(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < order_.size(); ++i)
        order_[i] = static_cast<Eigen::Index>(i);
    if (config_.training.shuffle || config_.training.jitter > 0.0) {
        batchX_.resize(data_.split.train.x.rows(), batchSize_);
        batchY_.resize(trainTargets_.rows(), batchSize_);
    }
    network_.reserve(batchSize_);
    gradLogits_.resize(network_.spec().outputs, batchSize_);
    update_.reset(network_);

    const int layers = network_.layerCount();
    gradNormSum_.assign(layers, 0.0);
    updateRatioSum_.assign(layers, 0.0);
    saturatedSum_.assign(layers, 0.0);
    activationCount_.assign(layers, 0);
    everActive_.resize(layers);
    for (int l = 0; l + 1 < layers; ++l)
        everActive_[l].resize(network_.layout(l).out);
    history_ = std::make_shared<EpochLog>(layers, static_cast<std::size_t>(config_.training.epochs));
}

Trainer::~Trainer() = default;

RunSummary Trainer::run(TrainingObserver& observer, RunControl& control)
{
    while (!finished()) {
        control.waitWhilePaused();
        if (control.stopRequested()) {
            finish(observer, RunStatus::Stopped);
            break;
        }
        step(observer);
    }
    return summary_;
}

bool Trainer::stepEpoch(TrainingObserver& observer)
{
    if (finished())
        return false;
    const int startEpoch = epoch_;
    while (!finished() && epoch_ == startEpoch)
        step(observer);
    return true;
}

void Trainer::startEpoch()
{
    epochStartSeconds_ = now();
    lossSum_ = 0.0;
    correctSum_ = seenSum_ = 0;
    std::fill(gradNormSum_.begin(), gradNormSum_.end(), 0.0);
    std::fill(updateRatioSum_.begin(), updateRatioSum_.end(), 0.0);
    std::fill(saturatedSum_.begin(), saturatedSum_.end(), 0.0);
    std::fill(activationCount_.begin(), activationCount_.end(), 0);
    for (int l = 0; l + 1 < network_.layerCount(); ++l)
        everActive_[l].setConstant(false);

    if (config_.training.shuffle) {
        for (std::size_t i = 0; i < order_.size(); ++i)
            order_[i] = static_cast<Eigen::Index>(i);
        shuffleRng_.shuffle(order_);
    }
}

bool Trainer::step(TrainingObserver& observer)
{
    if (finished())
        return false;
    if (totalSteps_ == 0 && stepInEpoch_ == 0 && epoch_ == 0)
        observer.onStart(*this);
    if (stepInEpoch_ == 0)
        startEpoch();

    // The arithmetic of the step with denormals flushed (core/denormals.h);
    // observers and evaluations run in the default mode.
    std::optional<FlushDenormals> flush(std::in_place);
    const Eigen::Index start = static_cast<Eigen::Index>(stepInEpoch_) * batchSize_;
    const Matrix& trainX = data_.split.train.x;
    const Eigen::Index n = std::min<Eigen::Index>(batchSize_, trainX.cols() - start);
    const bool gather = config_.training.shuffle || config_.training.jitter > 0.0;
    if (gather) {
        // The batch's columns in this epoch's order, gathered into a buffer
        // that stays in cache for the step's products. (Gathering the whole
        // set once an epoch cost two more passes over it through memory: for
        // 60,000 images 360 MB, and a second copy of the data.)
        // Split over the threads only when each part copies ≥ 64 KiB.
        const Eigen::Index minSlice = std::max<Eigen::Index>(1, 16384 / std::max<Eigen::Index>(1, trainX.rows()));
        network_.forEachSlice(n, minSlice, [&](Eigen::Index begin, Eigen::Index count) {
            for (Eigen::Index i = begin; i < begin + count; ++i) {
                const Eigen::Index from = order_[static_cast<std::size_t>(start + i)];
                batchX_.col(i) = trainX.col(from);
                batchY_.col(i) = trainTargets_.col(from);
            }
        });
        // Augmentation on the copy: the stored training data stays clean.
        if (config_.training.jitter > 0.0)
            jitter(batchX_.leftCols(n), config_.training.jitter, jitterRng_);
    }
    const Matrix& xs = gather ? batchX_ : trainX;
    const Matrix& ys = gather ? batchY_ : trainTargets_;
    const auto x = xs.middleCols(gather ? 0 : start, n);
    const auto y = ys.middleCols(gather ? 0 : start, n);
    const double lr = schedule_->learningRate(epoch_, stepInEpoch_);
    lastLr_ = lr;

    const auto logits = network_.forwardTrain(x, dropoutRng_);
    auto grad = gradLogits_.leftCols(n);
    const double loss = lossAndGradient<Scalar>(network_.spec().loss, logits, y, grad);
    if (!checkTrainingLoss(loss)) {
        flush.reset();
        finish(observer, RunStatus::Diverged);
        return true;
    }
    if (data_.task == Task::Classification)
        correctSum_ += countCorrect<Scalar>(network_.spec().loss, logits, y);
    network_.backward(x, grad);
    applyPenaltyGradient();
    clipGradients();

    // Statistics of this step, per layer.
    const Activation act = network_.spec().activation.kind;
    for (int l = 0; l < network_.layerCount(); ++l) {
        const auto& s = network_.layout(l);
        if (!s.hidden)
            continue;
        const auto h = network_.activationOutput(l).array();
        if (canDie(act))
            everActive_[l] = everActive_[l] || (h.rowwise().maxCoeff() > Scalar(0));
        if (act == Activation::Sigmoid || act == Activation::Tanh) {
            // A branch-free count over the contiguous activations (the columns
            // are whole), which the compiler vectorizes; a branchy count of a
            // boolean expression cost a sixth of a small network's step. The
            // counts are 32-bit, in runs short enough for that: 16 lanes a
            // vector rather than 8 of 64 bits.
            const Scalar* v = h.data();
            const Eigen::Index size = h.size();
            constexpr Eigen::Index kRun = Eigen::Index(1) << 30;
            double saturated = 0.0;
            for (Eigen::Index begin = 0; begin < size; begin += kRun) {
                const Eigen::Index end = std::min(size, begin + kRun);
                std::uint32_t count = 0;
                if (act == Activation::Sigmoid)
                    for (Eigen::Index i = begin; i < end; ++i)
                        count += static_cast<std::uint32_t>((v[i] < Scalar(0.01)) | (v[i] > Scalar(0.99)));
                else
                    for (Eigen::Index i = begin; i < end; ++i)
                        count += static_cast<std::uint32_t>(std::abs(v[i]) > Scalar(0.99));
                saturated += static_cast<double>(count);
            }
            saturatedSum_[l] += saturated;
        }
        activationCount_[l] += h.size();
    }

    update_.apply(network_, *optimizer_, lr);
    // The previous parameters are finite, so the new ones are too exactly
    // when every change is finite, and the full finiteness scan is needed
    // only when a change is not (or overflowed).
    const auto& norms = update_.norms();
    const bool changesFinite = std::all_of(norms.begin(), norms.end(),
                                           [](const StepUpdate::LayerNorms& n) { return std::isfinite(n.change); });
    if (!changesFinite && !network_.parameters().allFinite()) {
        network_.parameters() = update_.previous();
        checkFinite(std::numeric_limits<double>::quiet_NaN());
        flush.reset();
        finish(observer, RunStatus::Diverged);
        return true;
    }
    for (int l = 0; l < network_.layerCount(); ++l) {
        const StepUpdate::LayerNorms& n = norms[static_cast<std::size_t>(l)];
        gradNormSum_[l] += n.gradient;
        updateRatioSum_[l] += n.before > 0.0 ? n.change / n.before : 0.0;
    }

    lossSum_ += loss * static_cast<double>(n);
    seenSum_ += n;
    ++stepInEpoch_;
    ++totalSteps_;
    stepHistory_.add(totalSteps_, loss, lr);
    flush.reset();
    observer.onStep(*this, StepRecord{epoch_ + 1, stepInEpoch_, totalSteps_, loss, lr});
    if (stepInEpoch_ == stepsPerEpoch_)
        endEpoch(observer);
    return true;
}

bool Trainer::checkFinite(double loss)
{
    if (std::isfinite(loss))
        return true;
    summary_.divergedEpoch = epoch_ + 1;
    summary_.divergedStep = stepInEpoch_ + 1;
    std::ostringstream message;
    message << "diverged at epoch " << summary_.divergedEpoch << ", step " << summary_.divergedStep << ": "
            << (std::isnan(loss) ? "the loss or the weights became NaN" : "the loss became infinite")
            << " (learning rate " << lastLr_ << "); try a smaller learning rate or gradient clipping";
    summary_.message = message.str();
    return false;
}

bool Trainer::checkTrainingLoss(double loss)
{
    if (!checkFinite(loss))
        return false;
    if (firstLoss_ < 0.0)
        firstLoss_ = loss;
    // Bounded activations (tanh, sigmoid) and losses from logits keep a
    // blown-up network finite: its logits grow with the learning rate, and
    // so does the loss, without ever reaching Inf. A loss this many times its
    // starting value (at least 1, so that a near-perfect start does not make
    // ordinary noise look like an explosion) is divergence too.
    const double bound = kExplosionFactor * std::max(firstLoss_, 1.0);
    if (loss <= bound)
        return true;
    summary_.divergedEpoch = epoch_ + 1;
    summary_.divergedStep = stepInEpoch_ + 1;
    std::ostringstream message;
    message << "diverged at epoch " << summary_.divergedEpoch << ", step " << summary_.divergedStep
            << ": the loss exploded to " << loss << ", more than " << kExplosionFactor << " times its first value "
            << firstLoss_ << " (learning rate " << lastLr_ << "); try a smaller learning rate or gradient clipping";
    summary_.message = message.str();
    return false;
}

void Trainer::applyPenaltyGradient()
{
    const double l1 = config_.training.l1, l2 = config_.training.l2;
    if (l1 == 0.0 && l2 == 0.0)
        return;
    for (int l = 0; l < network_.layerCount(); ++l) {
        const auto& s = network_.layout(l);
        const auto w = network_.parameters().segment(s.weight, Eigen::Index(s.in) * s.out).array();
        auto g = network_.gradients().segment(s.weight, Eigen::Index(s.in) * s.out).array();
        if (l1 != 0.0)
            g += static_cast<Scalar>(l1) * w.sign();
        if (l2 != 0.0)
            g += static_cast<Scalar>(2.0 * l2) * w;
    }
}

double Trainer::penalty() const
{
    const double l1 = config_.training.l1, l2 = config_.training.l2;
    if (l1 == 0.0 && l2 == 0.0)
        return 0.0;
    double total = 0.0;
    for (int l = 0; l < network_.layerCount(); ++l) {
        const auto w = network_.weight(l).template cast<double>();
        total += l1 * w.cwiseAbs().sum() + l2 * w.squaredNorm();
    }
    return total;
}

void Trainer::clipGradients()
{
    auto& g = network_.gradients();
    if (const double c = config_.training.clipValue; c > 0.0)
        g = g.cwiseMax(static_cast<Scalar>(-c)).cwiseMin(static_cast<Scalar>(c));
    if (const double c = config_.training.clipNorm; c > 0.0) {
        // As torch.nn.utils.clip_grad_norm_: scale by c / (‖g‖ + 1e-6) when that is below 1.
        const double total = g.norm();
        const double coefficient = c / (total + 1e-6);
        if (coefficient < 1.0)
            g *= static_cast<Scalar>(coefficient);
    }
}

std::optional<double> Trainer::monitored(const EpochRecord& r, const std::string& monitor) const
{
    if (monitor == "val_loss")
        return r.valLoss;
    if (monitor == "val_accuracy")
        return r.valAccuracy;
    if (monitor == "train_accuracy")
        return r.trainAccuracy;
    return r.trainLoss;
}

void Trainer::endEpoch(TrainingObserver& observer)
{
    EpochRecord record;
    record.epoch = epoch_ + 1;
    record.steps = totalSteps_;
    record.trainLoss = lossSum_ / static_cast<double>(seenSum_);
    if (data_.task == Task::Classification)
        record.trainAccuracy = static_cast<double>(correctSum_) / static_cast<double>(seenSum_);
    const Dataset& val = data_.split.val;
    if (val.samples() > 0) {
        Matrix logits;
        network_.predictLogits(val.x, logits);
        const Matrix targets = targetsOf(val);
        record.valLoss = loss<Scalar>(network_.spec().loss, logits, targets);
        if (data_.task == Task::Classification)
            record.valAccuracy = static_cast<double>(countCorrect<Scalar>(network_.spec().loss, logits, targets))
                                 / static_cast<double>(val.samples());
        if (!std::isfinite(*record.valLoss)) {
            stepInEpoch_ = stepsPerEpoch_ - 1;
            checkFinite(*record.valLoss);
            summary_.divergedStep = stepsPerEpoch_;
            finish(observer, RunStatus::Diverged);
            return;
        }
    }
    record.penalty = penalty();
    record.lr = lastLr_;
    const double steps = static_cast<double>(stepsPerEpoch_);
    record.layers.resize(network_.layerCount());
    for (int l = 0; l < network_.layerCount(); ++l) {
        auto& s = record.layers[l];
        s.gradNorm = gradNormSum_[l] / steps;
        s.updateRatio = updateRatioSum_[l] / steps;
        s.weightNorm = static_cast<double>(network_.weight(l).norm());
        if (network_.layout(l).hidden) {
            if (canDie(network_.spec().activation.kind))
                s.deadFraction = 1.0 - static_cast<double>(everActive_[l].count()) / static_cast<double>(everActive_[l].size());
            if (activationCount_[l] > 0)
                s.saturatedFraction = saturatedSum_[l] / static_cast<double>(activationCount_[l]);
        }
    }

    if (config_.training.schedule.type == "plateau")
        if (auto value = monitored(record, config_.training.schedule.monitor))
            record.lrReduced = schedule_->endEpoch(*value);

    // The best epoch: by the early-stopping monitor, else by validation (or training) loss.
    if (earlyStopping_) {
        if (auto value = monitored(record, earlyStopping_->monitor());
            value && earlyStopping_->update(record.epoch, *value)) {
            bestEpoch_ = record.epoch;
            if (config_.training.earlyStopping.restoreBest) {
                bestParameters_ = network_.parameters();
                bestRunningMean_.clear();
                bestRunningVar_.clear();
                for (int l = 0; l < network_.layerCount(); ++l) {
                    bestRunningMean_.push_back(network_.runningMean(l));
                    bestRunningVar_.push_back(network_.runningVar(l));
                }
            }
        }
    } else {
        const double value = record.valLoss.value_or(record.trainLoss);
        if (bestEpoch_ == 0 || value < bestValue_) {
            bestEpoch_ = record.epoch;
            bestValue_ = value;
        }
    }
    record.epochSeconds = now() - epochStartSeconds_;

    history_->push_back(record);
    ++epoch_;
    stepInEpoch_ = 0;
    observer.onEpoch(*this, record);

    if (earlyStopping_ && earlyStopping_->shouldStop())
        finish(observer, RunStatus::StoppedEarly);
    else if (epoch_ >= config_.training.epochs)
        finish(observer, RunStatus::Finished);
}

void Trainer::finish(TrainingObserver& observer, RunStatus status)
{
    if (finished())
        return;
    summary_.status = status;
    summary_.epochsRun = epoch_;
    summary_.stoppedEpoch = epoch_;
    summary_.bestEpoch = bestEpoch_;
    if (earlyStopping_ && config_.training.earlyStopping.restoreBest && bestParameters_.size() > 0) {
        network_.parameters() = bestParameters_;
        for (int l = 0; l < network_.layerCount(); ++l) {
            network_.runningMean(l) = bestRunningMean_[l];
            network_.runningVar(l) = bestRunningVar_[l];
        }
        summary_.restoredBest = true;
    }
    std::ostringstream message;
    switch (status) {
    case RunStatus::Finished: message << "finished " << epoch_ << " epochs"; break;
    case RunStatus::StoppedEarly:
        message << "stopped early after epoch " << epoch_ << ": no improvement in "
                << config_.training.earlyStopping.monitor << " for " << config_.training.earlyStopping.patience
                << " epochs";
        break;
    case RunStatus::Stopped: message << "stopped by request after " << epoch_ << " epochs"; break;
    case RunStatus::Diverged: message << summary_.message; break;
    case RunStatus::Running: break;
    }
    if (summary_.restoredBest)
        message << "; restored the weights of epoch " << bestEpoch_;
    summary_.message = message.str();
    observer.onFinished(*this, summary_);
}

Subset Trainer::reportSubset() const
{
    if (data_.split.test.samples() > 0)
        return Subset::Test;
    if (data_.split.val.samples() > 0)
        return Subset::Validation;
    return Subset::Train;
}

std::vector<XYPoint> Trainer::schedulePreview(std::size_t maxPoints) const
{
    // Every step of a short run; a long run (10^6 epochs of batch 1 would be
    // 10^11 steps) is sampled evenly, so time and memory stay bounded. The
    // min/max decimation then keeps a cyclic schedule's envelope visible.
    const std::int64_t total = std::int64_t(config_.training.epochs) * stepsPerEpoch_;
    const std::int64_t samples = std::min(total, kPreviewSamples);
    std::vector<XYPoint> points;
    points.reserve(std::size_t(samples));
    for (std::int64_t i = 0; i < samples; ++i) {
        const std::int64_t step = samples == total ? i : (samples > 1 ? i * (total - 1) / (samples - 1) : 0);
        points.push_back({double(step + 1) / stepsPerEpoch_, schedule_->planned(step)});
    }
    return decimate(points, maxPoints);
}

Evaluation Trainer::evaluate(Subset subset, double threshold) const
{
    const Dataset& d = subset == Subset::Train        ? data_.split.train
                       : subset == Subset::Validation ? data_.split.val
                                                      : data_.split.test;
    Evaluation e;
    e.subset = subset;
    e.task = data_.task;
    Matrix logits;
    network_.predictLogits(d.x, logits);
    const Matrix targets = targetsOf(d);
    if (d.samples() > 0)
        e.loss = loss<Scalar>(network_.spec().loss, logits, targets);
    if (!logits.allFinite() || !std::isfinite(e.loss)) {
        e.valid = false;
        e.problem = "the model's outputs are not finite numbers (the run diverged), so its metrics are undefined";
        e.labels = d.labels;
        return e;
    }
    if (data_.task == Task::Regression) {
        e.targets = d.targets;
        e.predictions = logits;
        e.regression = evaluateRegression(e.targets, e.predictions);
        return e;
    }
    Matrix outputs(logits.rows(), logits.cols());
    outputActivation<Scalar>(network_.spec().loss, logits, outputs);
    if (network_.spec().loss == LossKind::BinaryCrossEntropy) {
        e.probabilities.resize(2, outputs.cols());
        e.probabilities.row(1) = outputs.row(0).cast<double>();
        e.probabilities.row(0) = (1.0 - e.probabilities.row(1).array()).matrix();
    } else {
        e.probabilities = outputs.cast<double>();
    }
    e.labels = d.labels;
    e.classification = evaluateClassification(e.labels, e.probabilities, threshold);
    return e;
}

} // namespace hs
