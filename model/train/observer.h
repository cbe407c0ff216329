#pragma once
// What a run reports while it trains. Front ends implement TrainingObserver:
// the CLI prints progress, the GUI copies snapshots into queued signals.
// Callbacks run on the training thread, between batches; they may call const
// Trainer methods (e.g. to evaluate a snapshot) but must not keep references
// into the trainer's buffers beyond the call.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hs {

class Trainer;

/// Per dense layer (output layer included), averaged over the epoch's steps.
struct LayerStats {
    double gradNorm = 0.0;          ///< L2 norm of the layer's whole parameter gradient (W, b, γ, β)
    double updateRatio = 0.0;       ///< ‖Δθ‖ / ‖θ‖ of the layer's parameters per step
    double weightNorm = 0.0;        ///< ‖W‖ (Frobenius) at the end of the epoch
    double deadFraction = 0.0;      ///< ReLU: share of units that output 0 for every sample of the epoch
    double saturatedFraction = 0.0; ///< sigmoid/tanh: share of outputs within 1% of a bound
};

/// One epoch's numbers. Losses are data losses (mean per sample); the
/// regularization penalty is reported on its own.
struct EpochRecord {
    int epoch = 0;                          ///< 1-based
    std::int64_t steps = 0;                 ///< optimizer steps so far
    double trainLoss = 0.0;                 ///< mean over the epoch's batches, weighted by batch size
    std::optional<double> trainAccuracy;    ///< classification only
    std::optional<double> valLoss;          ///< absent without a validation set
    std::optional<double> valAccuracy;
    double penalty = 0.0;                   ///< l1·Σ|w| + l2·Σw² at the end of the epoch
    double lr = 0.0;                        ///< learning rate of the epoch's last step
    double epochSeconds = 0.0;              ///< wall time of the epoch (training and validation)
    bool lrReduced = false;                 ///< reduce-on-plateau lowered the rate after this epoch
    std::vector<LayerStats> layers;
};

/// One optimizer step.
struct StepRecord {
    int epoch = 0;          ///< 1-based
    int stepInEpoch = 0;    ///< 1-based
    std::int64_t step = 0;  ///< 1-based, over the whole run
    double loss = 0.0;      ///< the batch's data loss
    double lr = 0.0;
};

enum class RunStatus { Running, Finished, StoppedEarly, Stopped, Diverged };
std::string_view toString(RunStatus status);

struct RunSummary {
    RunStatus status = RunStatus::Running;
    int epochsRun = 0;              ///< completed epochs
    int bestEpoch = 0;              ///< by the early-stopping monitor (or val_loss, else train_loss); 0 = none
    int stoppedEpoch = 0;           ///< the epoch after which training ended
    bool restoredBest = false;      ///< the final weights are those of bestEpoch
    int divergedEpoch = 0;          ///< 1-based, when diverged
    int divergedStep = 0;           ///< 1-based step within that epoch
    std::string message;            ///< one line for people ("diverged at epoch 3, step 17: loss is NaN")
};

class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual void onStart(const Trainer&) {}
    virtual void onStep(const Trainer&, const StepRecord&) {}
    virtual void onEpoch(const Trainer&, const EpochRecord&) {}
    virtual void onFinished(const Trainer&, const RunSummary&) {}
};

} // namespace hs
