#pragma once
// The one entry point that the GUI, the CLI and the tests all drive. A
// Trainer owns a run: its data, network, optimizer, schedule and history.
// run() trains to the end; step() does exactly one mini-batch, so front ends
// can single-step and tests can check exact updates.
//
// Determinism: every random draw comes from seeded hs::Rng streams, so the
// same config gives bit-identical histories with the same thread count.

#include "metrics/classification.h"
#include "metrics/regression.h"
#include "nn/network.h"
#include "optim/optimizer.h"
#include "optim/schedule.h"
#include "train/decimate.h"
#include "train/early_stopping.h"
#include "train/epoch_log.h"
#include "train/observer.h"
#include "train/prepared_data.h"
#include "train/run_config.h"
#include "train/run_control.h"
#include "train/step_history.h"
#include "train/step_update.h"

#include <memory>
#include <optional>
#include <vector>

namespace hs {

/// Which part of the data an evaluation uses.
enum class Subset { Train, Validation, Test };
std::string_view toString(Subset subset);

/// A model's outputs on one subset and the metrics computed from them.
struct Evaluation {
    Subset subset = Subset::Test;
    Task task = Task::Classification;
    IndexVector labels;                 ///< classification
    MatrixD probabilities;              ///< classification: K × n, double so that outside scores keep every digit (binary: rows p(0), p(1))
    Matrix targets, predictions;        ///< regression: outputs × n
    ClassificationReport classification;
    RegressionReport regression;
    double loss = 0.0;
    /// False when the model's outputs are not finite (a diverged run): the
    /// metrics are then undefined and left empty, and `problem` says why.
    bool valid = true;
    std::string problem;
};

/// The config failed validation; what() lists every problem, one per line.
class ConfigError : public std::invalid_argument {
public:
    explicit ConfigError(const std::vector<std::string>& problems);
    const std::vector<std::string>& problems() const { return problems_; }

private:
    std::vector<std::string> problems_;
};

class Trainer {
public:
    /// A run diverges when a step's loss is NaN or infinite, or when it
    /// exceeds this many times the first step's loss (or this many times 1,
    /// if the first loss is smaller).
    static constexpr double kExplosionFactor = 1e4;

    /// Validates the config (throws ConfigError), builds the data (throws
    /// std::invalid_argument or data errors) and draws the initial weights.
    explicit Trainer(RunConfig config);
    /// The same with data prepared by the caller (e.g. one fold of k-fold
    /// cross-validation); the config's data section is not read again.
    Trainer(RunConfig config, PreparedData data);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    /// Trains until the last epoch, early stopping, divergence or a stop
    /// request. Pause requests block between batches.
    RunSummary run(TrainingObserver& observer, RunControl& control);
    /// One mini-batch (and the end-of-epoch work when it completes an epoch).
    /// Returns false, doing nothing, when the run is already over.
    bool step(TrainingObserver& observer);
    /// Steps until the current epoch is complete; false if the run is over.
    bool stepEpoch(TrainingObserver& observer);
    /// Ends the run now (status Stopped unless it already ended) and does
    /// the final work: restoring the best weights, evaluation.
    void finish(TrainingObserver& observer, RunStatus status = RunStatus::Stopped);
    bool finished() const { return summary_.status != RunStatus::Running; }

    const RunConfig& config() const { return config_; }
    const PreparedData& data() const { return data_; }
    const Network& network() const { return network_; }
    /// Replace the initial weights (e.g. from a weights file) before the first step.
    Network& mutableNetwork() { return network_; }

    int stepsPerEpoch() const { return stepsPerEpoch_; }
    int batchSize() const { return batchSize_; }
    /// Completed epochs.
    int epoch() const { return epoch_; }
    /// Steps done in the current epoch.
    int stepInEpoch() const { return stepInEpoch_; }
    std::int64_t totalSteps() const { return totalSteps_; }
    /// One record per completed epoch.
    const EpochLog& history() const { return *history_; }
    /// The same log, for a reader on another thread (the GUI): it holds the
    /// run's whole capacity (config epochs), so its first n records may be
    /// read while the run appends more, once n was handed over (epoch_log.h).
    std::shared_ptr<const EpochLog> sharedHistory() const { return history_; }
    const StepHistory& stepHistory() const { return stepHistory_; }
    const RunSummary& summary() const { return summary_; }
    /// The whole run's planned learning rate (before any plateau reduction) for
    /// display: (x = epochs completed after the step, i.e. (step + 1) / stepsPerEpoch,
    /// y = lr), every step when the run has at most kPreviewSamples steps, else
    /// kPreviewSamples evenly spaced steps (first and last included), then
    /// min/max-decimated to at most `maxPoints` (decimate.h). Bounded time and
    /// memory for any run length.
    std::vector<XYPoint> schedulePreview(std::size_t maxPoints = 2000) const;
    static constexpr std::int64_t kPreviewSamples = 200000;

    /// Evaluation-mode outputs and metrics of the current weights on a
    /// subset (at a decision threshold for binary tasks). Empty subsets give
    /// an empty, well-defined evaluation.
    Evaluation evaluate(Subset subset, double threshold = 0.5) const;
    /// The subset final metrics are reported on: test, else validation, else training.
    Subset reportSubset() const;

private:
    void setUp();
    void startEpoch();
    void endEpoch(TrainingObserver& observer);
    bool checkFinite(double loss);
    /// False (with the summary's divergence set) when a training step's loss
    /// is not finite or has exploded: kExplosionFactor times its first value.
    bool checkTrainingLoss(double loss);
    void applyPenaltyGradient();
    double penalty() const;
    void clipGradients();
    std::optional<double> monitored(const EpochRecord& record, const std::string& monitor) const;

    RunConfig config_;
    PreparedData data_;
    Network network_;
    std::unique_ptr<Optimizer> optimizer_;
    std::unique_ptr<LearningRateSchedule> schedule_;
    StepUpdate update_;
    std::optional<EarlyStopping> earlyStopping_;
    Rng shuffleRng_, dropoutRng_, jitterRng_;

    Matrix trainTargets_;          ///< 1 × n class indices or outputs × n values
    std::vector<Eigen::Index> order_; ///< this epoch's order of the training columns
    Matrix batchX_, batchY_;       ///< the current batch, gathered in that order (plus jitter)
    Vector bestParameters_;
    std::vector<Vector> bestRunningMean_, bestRunningVar_;
    Matrix gradLogits_;

    int batchSize_ = 1, stepsPerEpoch_ = 1;
    int epoch_ = 0, stepInEpoch_ = 0;
    std::int64_t totalSteps_ = 0;
    double lossSum_ = 0.0;
    Eigen::Index correctSum_ = 0, seenSum_ = 0;
    std::vector<double> gradNormSum_, updateRatioSum_, saturatedSum_;
    std::vector<Eigen::Array<bool, Eigen::Dynamic, 1>> everActive_;
    std::vector<Eigen::Index> activationCount_;
    double epochStartSeconds_ = 0.0;
    double lastLr_ = 0.0;
    double firstLoss_ = -1.0;      ///< the first step's loss (-1 before it)
    int bestEpoch_ = 0;
    double bestValue_ = 0.0;

    std::shared_ptr<EpochLog> history_;
    StepHistory stepHistory_;
    RunSummary summary_;
};

} // namespace hs
