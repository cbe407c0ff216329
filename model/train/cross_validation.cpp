#include "train/cross_validation.h"

#include "data/kfold.h"

#include <cmath>

namespace hs {
namespace {

std::map<std::string, double> headline(const Evaluation& e)
{
    std::map<std::string, double> m;
    if (e.task == Task::Regression) {
        m["rmse"] = e.regression.rmse;
        m["mae"] = e.regression.mae;
        m["r2"] = e.regression.r2;
    } else {
        const ClassificationReport& r = e.classification;
        m["accuracy"] = r.accuracy;
        m["precision"] = r.precision;
        m["recall"] = r.recall;
        m["specificity"] = r.specificity;
        m["f1"] = r.f1;
        if (r.rocAuc)
            m["roc_auc"] = *r.rocAuc;
        if (r.averagePrecision)
            m["average_precision"] = *r.averagePrecision;
    }
    m["loss"] = e.loss;
    return m;
}

} // namespace

CrossValidation crossValidate(const RunConfig& config, int k, TrainingObserver& observer, RunControl& control,
                              const std::function<void(int, const Trainer&)>& afterFold)
{
    if (auto problems = config.validate(); !problems.empty())
        throw ConfigError(problems);
    const Dataset all = loadDataset(config);
    const auto folds = stratifiedKFold(all, k, config.data.seed);
    CrossValidation cv;
    cv.folds = k;
    // Each fold's held-out part is its validation set; there is no test set.
    RunConfig foldConfig = config;
    foldConfig.data.split = {1.0 - 1.0 / k, 1.0 / k, 0.0};
    for (int f = 0; f < k && !control.stopRequested(); ++f) {
        DataSplit split;
        split.train = all.subset(folds[f].first);
        split.val = all.subset(folds[f].second);
        split.test = all.emptyLike();
        Trainer trainer(foldConfig, prepareSplit(foldConfig, std::move(split)));
        FoldOutcome outcome;
        outcome.fold = f + 1;
        outcome.summary = trainer.run(observer, control);
        outcome.heldOut = trainer.evaluate(Subset::Validation);
        outcome.metrics = headline(outcome.heldOut);
        if (afterFold)
            afterFold(f + 1, trainer);
        cv.outcomes.push_back(std::move(outcome));
    }
    std::map<std::string, std::vector<double>> values;
    for (const auto& o : cv.outcomes)
        for (const auto& [name, v] : o.metrics)
            values[name].push_back(v);
    for (const auto& [name, v] : values) {
        double sum = 0.0;
        for (double x : v)
            sum += x;
        const double mean = sum / static_cast<double>(v.size());
        double squares = 0.0;
        for (double x : v)
            squares += (x - mean) * (x - mean);
        cv.mean[name] = mean;
        cv.stddev[name] = v.size() > 1 ? std::sqrt(squares / static_cast<double>(v.size() - 1)) : 0.0;
    }
    return cv;
}

} // namespace hs
