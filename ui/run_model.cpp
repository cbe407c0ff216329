#include "run_model.h"

#include <algorithm>

namespace hs {

RunModel::RunModel(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<TrainingUpdate>();
}

void RunModel::reset(RunSetup setup)
{
    setup_ = std::move(setup);
    history_.reset();
    ownHistory_.reset();
    historySize_ = 0;
    steps_.clear();
    totalSteps_ = 0;
    epoch_ = stepInEpoch_ = 0;
    samplesPerSecond_ = 0.0;
    validation_.reset();
    test_.reset();
    field_.reset();
    weights_.clear();
    summary_.reset();
    running_ = false;
    emit runReset();
    emit statusChanged();
}

void RunModel::apply(TrainingUpdate u)
{
    totalSteps_ = u.totalSteps;
    epoch_ = u.epoch;
    stepInEpoch_ = u.stepInEpoch;
    samplesPerSecond_ = u.samplesPerSecond;
    std::size_t first = historySize_;
    if (u.history) {
        if (u.history != history_) {
            history_ = std::move(u.history);
            ownHistory_.reset();
            historySize_ = first = 0;
        }
        historySize_ = std::max(historySize_, u.historySize);
    }
    if (!u.newEpochs.empty()) {
        if (!ownHistory_) {
            // Start an own log from what is shown (a shared history is only read).
            auto own = std::make_shared<EpochLog>(EpochLog::fromRecords(history().toVector()));
            ownHistory_ = own;
            history_ = std::move(own);
        }
        for (const auto& r : u.newEpochs)
            ownHistory_->push_back(r);
        historySize_ = ownHistory_->size();
    }
    if (historySize_ != first)
        emit epochsAppended(static_cast<int>(first));
    if (!u.steps.empty()) {
        steps_ = std::move(u.steps);
        emit stepsChanged();
    }
    if (u.validation || u.test) {
        if (u.validation)
            validation_ = std::move(u.validation);
        if (u.test)
            test_ = std::move(u.test);
        emit evaluationChanged();
    }
    if (u.field) {
        field_ = std::move(u.field);
        emit fieldChanged();
    }
    if (u.weights) {
        weights_ = std::move(*u.weights);
        emit weightsChanged();
    }
    if (u.summary) {
        summary_ = std::move(u.summary);
        running_ = false;
    }
    emit statusChanged();
}

const std::optional<Evaluation>& RunModel::evaluation(Subset subset) const
{
    return subset == Subset::Test ? test_ : validation_;
}

void RunModel::setThreshold(double threshold)
{
    if (threshold == threshold_)
        return;
    threshold_ = threshold;
    emit thresholdChanged(threshold);
}

std::optional<ClassificationReport> RunModel::reportAtThreshold(Subset subset) const
{
    const auto& e = evaluation(subset);
    if (!e || e->task != Task::Classification)
        return std::nullopt;
    if (e->probabilities.rows() != 2 || threshold_ == e->classification.threshold)
        return e->classification;
    return evaluateClassification(e->labels, e->probabilities, threshold_);
}

void RunModel::setRunning(bool running)
{
    running_ = running;
    emit statusChanged();
}

} // namespace hs
