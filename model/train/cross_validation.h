#pragma once
// Stratified k-fold cross-validation: the run's whole data set is cut into
// k folds; each fold in turn is held out as the validation set while a fresh
// network (same seed) trains on the rest. Reported per fold and as mean and
// standard deviation.

#include "train/trainer.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace hs {

struct FoldOutcome {
    int fold = 0;                        ///< 1-based
    RunSummary summary;
    Evaluation heldOut;                  ///< metrics on the held-out fold
    std::map<std::string, double> metrics; ///< headline numbers (accuracy, f1, roc_auc, … or rmse, r2)
};

struct CrossValidation {
    int folds = 0;
    std::vector<FoldOutcome> outcomes;
    std::map<std::string, double> mean, stddev; ///< over folds where a metric is defined; sample std (n − 1)
};

/// Runs k folds of a valid config (k in 2 … samples). `afterFold` sees
/// each finished trainer (e.g. to write its run folder). Stops early, with
/// the folds done so far, when `control` requests a stop.
CrossValidation crossValidate(const RunConfig& config, int k, TrainingObserver& observer, RunControl& control,
                              const std::function<void(int fold, const Trainer&)>& afterFold = {});

} // namespace hs
