#include "run_model.h"

namespace hs {

RunModel::RunModel(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<TrainingUpdate>();
}

void RunModel::reset(RunSetup setup)
{
    setup_ = std::move(setup);
    history_.clear();
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
    if (!u.newEpochs.empty()) {
        const int first = static_cast<int>(history_.size());
        history_.insert(history_.end(), std::make_move_iterator(u.newEpochs.begin()),
                        std::make_move_iterator(u.newEpochs.end()));
        emit epochsAppended(first);
    }
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
