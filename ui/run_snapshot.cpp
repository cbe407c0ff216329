#include "run_snapshot.h"

namespace hs {

RunSetup makeSetup(const Trainer& trainer)
{
    RunSetup s;
    const PreparedData& data = trainer.data();
    s.config = trainer.config();
    for (const auto& name : data.classNames)
        s.classNames << QString::fromStdString(name);
    for (const auto& name : data.featureNames)
        s.featureNames << QString::fromStdString(name);
    s.layerCount = trainer.network().layerCount();
    s.stepsPerEpoch = trainer.stepsPerEpoch();
    s.batchSize = trainer.batchSize();
    s.schedulePreview = trainer.schedulePreview();
    s.task = data.task;
    const Eigen::Index features = data.split.train.features();
    if (features >= 2) {
        if (features == 2) {
            s.trainPoints = data.split.train.x;
            s.valPoints = data.split.val.x;
        } else {
            // A picture of more dimensions: the slice through the mean along
            // the two directions in which the training inputs vary most.
            s.plane = inputPlane(data.split.train.x);
            s.trainPoints = projectOnto(*s.plane, data.split.train.x);
            s.valPoints = projectOnto(*s.plane, data.split.val.x);
        }
        if (data.task == Task::Classification) {
            s.trainLabels = data.split.train.labels;
            s.valLabels = data.split.val.labels;
        } else {
            s.trainTargets = data.split.train.targets;
            s.valTargets = data.split.val.targets;
        }
    }
    return s;
}

TrainingUpdate makeUpdate(const Trainer& trainer, const UpdateContents& contents)
{
    TrainingUpdate u;
    u.history = trainer.sharedHistory();
    u.historySize = trainer.history().size();
    u.steps = trainer.stepHistory().points();
    u.totalSteps = trainer.totalSteps();
    u.epoch = trainer.epoch();
    u.stepInEpoch = trainer.stepInEpoch();
    if (contents.evaluations) {
        if (trainer.data().split.val.samples() > 0)
            u.validation = trainer.evaluate(Subset::Validation);
        if (trainer.data().split.test.samples() > 0)
            u.test = trainer.evaluate(Subset::Test);
    }
    if (contents.field && trainer.network().spec().inputs == 2) {
        const PlaneBounds bounds = boundsOf(trainer.data().split.train.x, 0.15);
        u.field = decisionField(trainer.network(), trainer.data().task, bounds, contents.fieldSize, contents.fieldSize,
                                0.5, trainer.config().training.threads);
    } else if (contents.field && contents.plane && contents.plane->origin.size() == trainer.network().spec().inputs) {
        u.field = decisionField(trainer.network(), trainer.data().task, *contents.plane, contents.planeBounds,
                                contents.fieldSize, contents.fieldSize, 0.5, trainer.config().training.threads);
    }
    if (contents.weights) {
        std::vector<std::vector<float>> weights;
        for (int l = 0; l < trainer.network().layerCount(); ++l) {
            const auto w = trainer.network().weight(l);
            weights.emplace_back(w.data(), w.data() + w.size());
        }
        u.weights = std::move(weights);
    }
    if (trainer.finished())
        u.summary = trainer.summary();
    return u;
}

std::deque<TrainingUpdate> splitByView(TrainingUpdate update)
{
    std::deque<TrainingUpdate> parts;
    auto counters = [&update] {
        TrainingUpdate part;
        part.totalSteps = update.totalSteps;
        part.epoch = update.epoch;
        part.stepInEpoch = update.stepInEpoch;
        part.samplesPerSecond = update.samplesPerSecond;
        return part;
    };
    TrainingUpdate steps = counters(), evaluations = counters(), field = counters(), weights = counters();
    steps.steps = std::move(update.steps);
    update.steps.clear();
    evaluations.validation = std::move(update.validation);
    evaluations.test = std::move(update.test);
    field.field = std::move(update.field);
    weights.weights = std::move(update.weights);
    update.validation.reset();
    update.test.reset();
    update.field.reset();
    update.weights.reset();
    parts.push_back(std::move(update));
    if (!steps.steps.empty())
        parts.push_back(std::move(steps));
    if (evaluations.validation || evaluations.test)
        parts.push_back(std::move(evaluations));
    if (field.field)
        parts.push_back(std::move(field));
    if (weights.weights)
        parts.push_back(std::move(weights));
    return parts;
}

UpdateContents& UpdateContents::withPlaneOf(const RunSetup& setup)
{
    if (setup.plane) {
        plane = &*setup.plane;
        planeBounds = fieldBounds(setup);
    }
    return *this;
}

PlaneBounds fieldBounds(const RunSetup& setup)
{
    return boundsOf(setup.trainPoints, 0.15);
}

} // namespace hs
