#pragma once
// The GUI-side state of one run: everything the views draw, held by value
// on the GUI thread. The training controller fills it from the worker's
// snapshots (at most ~30 times a second); views only read it and listen to
// its signals. A finished run can be loaded into it the same way, so the
// views never know whether a run is live.

#include "metrics/classification.h"
#include "train/decision_field.h"
#include "train/observer.h"
#include "train/run_config.h"
#include "train/step_history.h"
#include "train/trainer.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

#include <optional>
#include <vector>

namespace hs {

/// Everything fixed at the start of a run.
struct RunSetup {
    RunConfig config;
    QStringList classNames;        ///< classification
    QStringList featureNames;
    int layerCount = 0;            ///< dense layers, output included
    int stepsPerEpoch = 1;
    int batchSize = 1;
    std::vector<XYPoint> schedulePreview; ///< planned lr over the whole run (x in epochs), decimated
    Task task = Task::Classification;
    /// The training and validation points in the plane of the decision-
    /// boundary view: for 2-D data the network's (normalized) inputs, for more
    /// features their projection onto `plane`; empty for 1 feature.
    Matrix trainPoints, valPoints;
    /// More than 2 features: the principal-component plane the decision
    /// field is drawn in (its origin, directions and explained variance).
    std::optional<InputPlane> plane;
    IndexVector trainLabels, valLabels;           ///< classification
    Matrix trainTargets, valTargets;              ///< regression

    /// Whether the run holds samples out to evaluate (a validation or test
    /// share): the confusion matrix and the curves need them.
    bool holdsOut() const { return config.data.split.val > 0 || config.data.split.test > 0; }
};

/// What the worker sends to the GUI thread, by value.
struct TrainingUpdate {
    /// A live run's history, shared with its trainer (not copied): the model
    /// shows its first `historySize` records, which the trainer no longer
    /// changes (epoch_log.h).
    std::shared_ptr<const EpochLog> history;
    std::size_t historySize = 0;
    /// Records to append to the model's own history (a re-opened run, tests);
    /// for a model that does not show a shared history.
    std::vector<EpochRecord> newEpochs;
    std::vector<StepHistory::Point> steps;        ///< the whole (decimated) per-step history
    std::int64_t totalSteps = 0;
    int epoch = 0;                                ///< completed epochs
    int stepInEpoch = 0;
    double samplesPerSecond = 0.0;
    std::optional<Evaluation> validation, test;   ///< latest evaluations, when refreshed
    std::optional<DecisionField> field;           ///< latest decision field (2-D data), when refreshed
    std::optional<std::vector<std::vector<float>>> weights; ///< per dense layer, when refreshed
    std::optional<RunSummary> summary;            ///< set once, when the run ends
};

class RunModel : public QObject {
    Q_OBJECT
public:
    explicit RunModel(QObject* parent = nullptr);

    /// Starts a new run: clears everything and emits runReset().
    void reset(RunSetup setup);
    /// Applies a worker update; emits the signals of what changed.
    void apply(TrainingUpdate update);

    const RunSetup& setup() const { return setup_; }
    /// One record per epoch shown (the shared history's first records, or
    /// the model's own).
    EpochSpan history() const { return {history_.get(), historySize_}; }
    /// The log the model reads its history from (null before the first epoch).
    const std::shared_ptr<const EpochLog>& historyLog() const { return history_; }
    const std::vector<StepHistory::Point>& steps() const { return steps_; }
    std::int64_t totalSteps() const { return totalSteps_; }
    int epoch() const { return epoch_; }
    int stepInEpoch() const { return stepInEpoch_; }
    double samplesPerSecond() const { return samplesPerSecond_; }
    /// Validation (if any) or test evaluation; the confusion/curve views pick one.
    const std::optional<Evaluation>& evaluation(Subset subset) const;
    const std::optional<DecisionField>& field() const { return field_; }
    const std::vector<std::vector<float>>& weights() const { return weights_; }
    bool running() const { return running_; }
    const std::optional<RunSummary>& summary() const { return summary_; }

    /// Binary decision threshold shared by the confusion matrix, the metrics
    /// and the operating point on the ROC/PR curves.
    double threshold() const { return threshold_; }
    void setThreshold(double threshold);
    /// The evaluation's report recomputed at threshold() (binary), or as is.
    std::optional<ClassificationReport> reportAtThreshold(Subset subset) const;

    /// Marks the run as training (before the first update arrives).
    void setRunning(bool running);

signals:
    void runReset();
    void epochsAppended(int firstNewIndex);
    void stepsChanged();
    void evaluationChanged();
    void fieldChanged();
    void weightsChanged();
    void thresholdChanged(double threshold);
    void statusChanged();

private:
    RunSetup setup_;
    std::shared_ptr<const EpochLog> history_;
    std::shared_ptr<EpochLog> ownHistory_;   // history_ when the model appends records itself
    std::size_t historySize_ = 0;
    std::vector<StepHistory::Point> steps_;
    std::int64_t totalSteps_ = 0;
    int epoch_ = 0, stepInEpoch_ = 0;
    double samplesPerSecond_ = 0.0;
    std::optional<Evaluation> validation_, test_;
    std::optional<DecisionField> field_;
    std::vector<std::vector<float>> weights_;
    std::optional<RunSummary> summary_;
    double threshold_ = 0.5;
    bool running_ = false;
};

} // namespace hs

Q_DECLARE_METATYPE(hs::TrainingUpdate)
