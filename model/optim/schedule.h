#pragma once
// Learning-rate schedules: the lr for every step of a run.
//
// Epoch-based types are PyTorch 1.13's closed forms evaluated at the epoch
// index, so the lr is constant within an epoch:
//   constant     lr0
//   step         lr0·γ^⌊e/stepSize⌋                      (StepLR; He et al., "Deep residual
//                                                         learning for image recognition", CVPR 2016)
//   multistep    lr0·γ^(number of milestones ≤ e)         (MultiStepLR; same)
//   exponential  lr0·γ^e                                  (ExponentialLR)
//   inverse_time lr0 / (1 + decayRate·e/decaySteps)       (Keras InverseTimeDecay; Bottou,
//                                                         "Stochastic gradient descent tricks", 2012)
//   cosine       η_min + (lr0−η_min)(1 + cos(π·T_cur/T_max))/2, T_max = period or the run;
//                after T_max the lr stays at η_min (PyTorch's closed form would rise again).
//                With restarts, T_cur and T_i as CosineAnnealingWarmRestarts stepped once per
//                epoch (T_0 = period or the run, T_i ← T_i·T_mult at each restart).
//                Loshchilov & Hutter, "SGDR: stochastic gradient descent with warm restarts",
//                ICLR 2017.
//   plateau      lr0, multiplied by `factor` (not below minLr) whenever endEpoch() has seen
//                more than `patience` epochs without improvement (ReduceLROnPlateau; Krizhevsky
//                et al. 2012, see plateau.h).
// Step-based types use the global step gs = e·stepsPerEpoch + s:
//   cyclic       triangular policy between lr0 and maxLr, half cycle
//                round(cycleEpochs·stepsPerEpoch) steps (at least 1). Smith, "Cyclical
//                learning rates for training neural networks", WACV 2017.
// Linear warm-up composes with every type: the lr is multiplied by
//   start + (1 − start)·min(1, gs/W), W = round(warmupEpochs·stepsPerEpoch) steps
// (W = 0: no warm-up). Goyal et al., "Accurate, large minibatch SGD: training
// ImageNet in 1 hour", 2017.
//
// Learning rates are in the optimizer's lr units; epochs and steps are 0-based.

#include "optim/plateau.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs {

/// Which schedule and its parameters (training.schedule in the run config). Only
/// the fields the type uses (and the warm-up fields) are validated.
struct ScheduleSpec {
    std::string type = "constant";  ///< one of scheduleTypes()
    int stepSize = 10;              ///< step: epochs between drops (>= 1)
    double gamma = 0.5;             ///< step, multistep, exponential: factor per drop / per epoch, (0, 1]
    std::vector<int> milestones;    ///< multistep: epochs (>= 0, ascending) at which lr is multiplied by gamma
    double decayRate = 0.5;         ///< inverse_time: lr0 / (1 + decayRate·epoch/decaySteps), >= 0
    double decaySteps = 10;         ///< inverse_time, in epochs (> 0)
    int period = 0;                 ///< cosine: T_max (or T_0 with restarts) in epochs (>= 0); 0 = the whole run
    bool restarts = false;          ///< cosine: SGDR warm restarts
    double periodMult = 1.0;        ///< cosine with restarts: T_mult (>= 1)
    double minLr = 0.0;             ///< cosine eta_min; plateau min_lr (>= 0)
    double maxLr = 0.1;             ///< cyclic: upper bound (> 0; the lower bound is the optimizer lr)
    double cycleEpochs = 4.0;       ///< cyclic: half-cycle length in epochs (> 0), converted to steps
    double warmupEpochs = 0.0;      ///< linear warm-up, in epochs (>= 0), composable with any type; 0 = off
    double warmupStartFactor = 0.1; ///< warm-up starts at this fraction of the scheduled lr, (0, 1]
    // reduce-on-plateau (PyTorch ReduceLROnPlateau, threshold_mode 'rel')
    std::string monitor = "val_loss"; ///< val_loss/train_loss (mode min) or val_accuracy/train_accuracy (mode max)
    double factor = 0.1;            ///< lr multiplier per reduction, (0, 1)
    int patience = 10;              ///< epochs without improvement tolerated (>= 0)
    int cooldown = 0;               ///< epochs after a reduction during which bad epochs are not counted (>= 0)
    double threshold = 1e-4;        ///< relative improvement needed, [0, 1)
};

class LearningRateSchedule {
public:
    /// baseLr > 0 (the optimizer lr), epochs >= 1, stepsPerEpoch >= 1. Throws
    /// std::invalid_argument naming the field ("training.schedule.gamma = 0 is out of
    /// range: must be in (0, 1]") on an unknown type or an out-of-range value.
    LearningRateSchedule(const ScheduleSpec& spec, double baseLr, int epochs, int stepsPerEpoch);

    /// Learning rate for step stepInEpoch (0-based, < stepsPerEpoch) of epoch (0-based,
    /// >= 0; epochs past the run continue the formula), including warm-up and any
    /// plateau reductions so far. Always finite and >= 0. std::invalid_argument on a
    /// negative epoch or a step outside [0, stepsPerEpoch).
    double learningRate(int epoch, int stepInEpoch) const;

    /// Reduce-on-plateau bookkeeping after an epoch with the monitored value (in the
    /// monitor's units); returns true if lr was reduced. No-op (false) for other types.
    bool endEpoch(double monitoredValue);

    /// The whole run's learning rate, one value per step (epochs × stepsPerEpoch), as
    /// if no plateau reduction happened. Does not change state. O(epochs × steps)
    /// memory: for display use planned() on a sample of steps.
    std::vector<double> preview() const;

    /// The planned rate at global step `step` (0-based, in [0, epochs × stepsPerEpoch)),
    /// warm-up included, as if no plateau reduction happened: preview()[step].
    double planned(std::int64_t step) const;

    /// Restore the initial state (plateau counters and lr).
    void reset();

    const ScheduleSpec& spec() const { return spec_; }
    double baseLr() const { return baseLr_; }
    int epochs() const { return epochs_; }
    int stepsPerEpoch() const { return stepsPerEpoch_; }
    /// Warm-up length in steps (0 = no warm-up).
    double warmupSteps() const { return warmupSteps_; }

private:
    enum class Kind { Constant, Step, MultiStep, Exponential, InverseTime, Cosine, Cyclic, Plateau };

    double scheduled(int epoch, int stepInEpoch) const;   // without plateau reductions
    double warmupFactor(double globalStep) const;
    double cosine(int epoch) const;

    ScheduleSpec spec_;
    Kind kind_;
    double baseLr_;
    int epochs_;
    int stepsPerEpoch_;
    double warmupSteps_ = 0.0;    // integer-valued
    double halfCycleSteps_ = 1.0; // integer-valued, cyclic
    std::optional<ReduceOnPlateau> plateau_;   // Kind::Plateau only
};

/// Checks the fields spec.type uses and the warm-up fields, as the constructor does.
void validate(const ScheduleSpec& spec);

/// The accepted ScheduleSpec::type values: constant, step, multistep, exponential,
/// inverse_time, cosine, cyclic, plateau.
const std::vector<std::string>& scheduleTypes();

/// The accepted ScheduleSpec::monitor values: val_loss, train_loss, val_accuracy, train_accuracy.
const std::vector<std::string>& plateauMonitors();

/// True if a larger value of the metric is better: names ending in "_accuracy".
bool isMaximizedMetric(std::string_view monitor);

} // namespace hs
