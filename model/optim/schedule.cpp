#include "optim/schedule.h"

#include "optim/spec_check.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace hs {

using namespace optim_detail;

namespace {

std::string joined(const std::vector<std::string>& names)
{
    std::string text = "one of";
    for (std::size_t i = 0; i < names.size(); ++i)
        text.append(i == 0 ? " " : ", ").append(names[i]);
    return text;
}

void checkOneOf(std::string_view field, const std::string& value,
                const std::vector<std::string>& allowed)
{
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
        throwOutOfRange(field, "\"" + value + "\"", joined(allowed));
}

} // namespace

const std::vector<std::string>& scheduleTypes()
{
    static const std::vector<std::string> types{"constant", "step",   "multistep", "exponential",
                                                "inverse_time", "cosine", "cyclic", "plateau"};
    return types;
}

const std::vector<std::string>& plateauMonitors()
{
    static const std::vector<std::string> monitors{"val_loss", "train_loss", "val_accuracy",
                                                   "train_accuracy"};
    return monitors;
}

bool isMaximizedMetric(std::string_view monitor)
{
    return monitor.ends_with("_accuracy");
}

void validate(const ScheduleSpec& spec)
{
    checkOneOf("training.schedule.type", spec.type, scheduleTypes());
    const std::string& type = spec.type;
    if (type == "step" || type == "multistep" || type == "exponential")
        checkOpenClosed("training.schedule.gamma", spec.gamma, 0.0, 1.0);
    if (type == "step")
        checkAtLeast("training.schedule.step_size", spec.stepSize, 1);
    if (type == "multistep") {
        for (std::size_t i = 0; i < spec.milestones.size(); ++i) {
            const std::string field = "training.schedule.milestones[" + std::to_string(i) + "]";
            checkAtLeast(field, spec.milestones[i], 0);
            if (i > 0 && spec.milestones[i] < spec.milestones[i - 1])
                throwOutOfRange(field, std::to_string(spec.milestones[i]),
                                "at least the previous milestone (ascending order)");
        }
    }
    if (type == "inverse_time") {
        checkNonNegative("training.schedule.decay_rate", spec.decayRate);
        checkPositive("training.schedule.decay_steps", spec.decaySteps);
    }
    if (type == "cosine") {
        checkAtLeast("training.schedule.period", spec.period, 0);
        checkNonNegative("training.schedule.min_lr", spec.minLr);
        if (spec.restarts && !(spec.periodMult >= 1.0 && std::isfinite(spec.periodMult)))
            throwOutOfRange("training.schedule.period_mult", spec.periodMult, "finite and >= 1");
    }
    if (type == "cyclic") {
        checkPositive("training.schedule.max_lr", spec.maxLr);
        checkPositive("training.schedule.cycle_epochs", spec.cycleEpochs);
    }
    if (type == "plateau") {
        checkOneOf("training.schedule.monitor", spec.monitor, plateauMonitors());
        // The remaining plateau fields are checked by ReduceOnPlateau's constructor;
        // build a throwaway one so that validate() alone reports them too.
        ReduceOnPlateau(1.0, false, spec.factor, spec.patience, spec.cooldown, spec.threshold,
                        spec.minLr);
    }
    checkNonNegative("training.schedule.warmup_epochs", spec.warmupEpochs);
    if (spec.warmupEpochs > 0.0)
        checkOpenClosed("training.schedule.warmup_start_factor", spec.warmupStartFactor, 0.0, 1.0);
}

LearningRateSchedule::LearningRateSchedule(const ScheduleSpec& spec, double baseLr, int epochs,
                                           int stepsPerEpoch)
    : spec_(spec), kind_(Kind::Constant), baseLr_(baseLr), epochs_(epochs),
      stepsPerEpoch_(stepsPerEpoch)
{
    checkPositive("training.optimizer.lr", baseLr);
    checkAtLeast("training.epochs", epochs, 1);
    checkAtLeast("steps per epoch", stepsPerEpoch, 1);
    validate(spec);

    static constexpr Kind kinds[] = {Kind::Constant,    Kind::Step,   Kind::MultiStep,
                                     Kind::Exponential, Kind::InverseTime, Kind::Cosine,
                                     Kind::Cyclic,      Kind::Plateau};
    const auto& types = scheduleTypes();
    kind_ = kinds[std::find(types.begin(), types.end(), spec.type) - types.begin()];

    // Step counts kept as integer-valued doubles: no overflow for absurd epoch counts.
    warmupSteps_ = std::round(spec.warmupEpochs * stepsPerEpoch);
    halfCycleSteps_ = std::max(1.0, std::round(spec.cycleEpochs * stepsPerEpoch));
    if (!std::isfinite(warmupSteps_))
        throwOutOfRange("training.schedule.warmup_epochs", spec.warmupEpochs,
                        "finite once multiplied by the steps per epoch");
    if (kind_ == Kind::Cyclic && !std::isfinite(halfCycleSteps_))
        throwOutOfRange("training.schedule.cycle_epochs", spec.cycleEpochs,
                        "finite once multiplied by the steps per epoch");
    if (kind_ == Kind::Plateau)
        plateau_.emplace(baseLr, isMaximizedMetric(spec.monitor), spec.factor, spec.patience,
                         spec.cooldown, spec.threshold, spec.minLr);
}

double LearningRateSchedule::learningRate(int epoch, int stepInEpoch) const
{
    if (epoch < 0 || stepInEpoch < 0 || stepInEpoch >= stepsPerEpoch_)
        throw std::invalid_argument("LearningRateSchedule::learningRate: epoch "
                                    + std::to_string(epoch) + ", step " + std::to_string(stepInEpoch)
                                    + " is outside epoch >= 0, 0 <= step < "
                                    + std::to_string(stepsPerEpoch_));
    const double globalStep = double(epoch) * stepsPerEpoch_ + stepInEpoch;
    const double lr = plateau_ ? plateau_->lr() : scheduled(epoch, stepInEpoch);
    return lr * warmupFactor(globalStep);
}

bool LearningRateSchedule::endEpoch(double monitoredValue)
{
    return plateau_ ? plateau_->update(monitoredValue) : false;
}

std::vector<double> LearningRateSchedule::preview() const
{
    std::vector<double> lrs;
    lrs.reserve(std::size_t(epochs_) * std::size_t(stepsPerEpoch_));
    for (int e = 0; e < epochs_; ++e)
        for (int s = 0; s < stepsPerEpoch_; ++s)
            lrs.push_back(scheduled(e, s) * warmupFactor(double(e) * stepsPerEpoch_ + s));
    return lrs;
}

double LearningRateSchedule::planned(std::int64_t step) const
{
    const auto e = static_cast<int>(step / stepsPerEpoch_);
    const auto s = static_cast<int>(step % stepsPerEpoch_);
    return scheduled(e, s) * warmupFactor(double(e) * stepsPerEpoch_ + s);
}

void LearningRateSchedule::reset()
{
    if (plateau_)
        plateau_->reset();
}

double LearningRateSchedule::warmupFactor(double globalStep) const
{
    if (warmupSteps_ <= 0.0 || globalStep >= warmupSteps_)
        return 1.0;
    const double start = spec_.warmupStartFactor;
    return start + (1.0 - start) * (globalStep / warmupSteps_);
}

double LearningRateSchedule::scheduled(int epoch, int stepInEpoch) const
{
    const double e = epoch;
    switch (kind_) {
    case Kind::Constant:
    case Kind::Plateau:
        return baseLr_;
    case Kind::Step:
        return baseLr_ * std::pow(spec_.gamma, double(epoch / spec_.stepSize));
    case Kind::MultiStep: {
        const auto passed = std::upper_bound(spec_.milestones.begin(), spec_.milestones.end(), epoch)
                            - spec_.milestones.begin();
        return baseLr_ * std::pow(spec_.gamma, double(passed));
    }
    case Kind::Exponential:
        return baseLr_ * std::pow(spec_.gamma, e);
    case Kind::InverseTime:
        return baseLr_ / (1.0 + spec_.decayRate * e / spec_.decaySteps);
    case Kind::Cosine:
        return cosine(epoch);
    case Kind::Cyclic: {
        // Smith (2017), triangular policy.
        const double it = e * stepsPerEpoch_ + stepInEpoch;
        const double ss = halfCycleSteps_;
        const double cycle = std::floor(1.0 + it / (2.0 * ss));
        const double x = std::abs(it / ss - 2.0 * cycle + 1.0);
        return baseLr_ + (spec_.maxLr - baseLr_) * std::max(0.0, 1.0 - x);
    }
    }
    return baseLr_;
}

double LearningRateSchedule::cosine(int epoch) const
{
    const double etaMin = spec_.minLr;
    const double period = spec_.period > 0 ? spec_.period : epochs_;
    double tCur = epoch;
    double tI = period;
    if (!spec_.restarts) {
        if (tCur >= tI)
            return etaMin;   // documented: no second half-wave after T_max
    } else if (spec_.periodMult == 1.0) {
        tCur = std::fmod(tCur, tI);
    } else {
        // CosineAnnealingWarmRestarts stepped once per epoch: restart when T_cur
        // reaches T_i, carrying the remainder, and T_i ← T_i·T_mult. Jump to one
        // cycle before the right one with the closed form (PyTorch's explicit-epoch
        // branch; a T_mult near 1 would otherwise mean millions of cycles), then
        // step. Both are exact for integer T_mult.
        const double mult = spec_.periodMult;
        const double cycles =
            std::floor(std::log(tCur / tI * (mult - 1.0) + 1.0) / std::log(mult)) - 1.0;
        const double grown = cycles > 0.0 ? std::pow(mult, cycles) : 1.0;
        if (cycles > 0.0 && std::isfinite(grown)) {
            tCur -= tI * (grown - 1.0) / (mult - 1.0);
            tI *= grown;
        }
        while (tCur >= tI) {
            tCur -= tI;
            tI *= mult;
        }
    }
    return etaMin + (baseLr_ - etaMin) * (1.0 + std::cos(std::numbers::pi * tCur / tI)) / 2.0;
}

} // namespace hs
