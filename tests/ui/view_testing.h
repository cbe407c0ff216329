#pragma once
// Real runs for the view and export tests: a tiny Trainer trained
// synchronously on the test's thread and loaded into a RunModel, exactly as
// the training controller would load it.

#include "run_model.h"
#include "run_snapshot.h"
#include "train/run_control.h"
#include "train/trainer.h"

namespace hs::testing {

class NullObserver : public TrainingObserver {};

/// Circle, 2 classes, 200 samples, one hidden layer of 6, 12 epochs.
inline RunConfig circleConfig()
{
    RunConfig c;
    c.data.dataset = "circle";
    c.data.samples = 200;
    c.model.hidden = {6};
    c.training.epochs = 12;
    c.training.batchSize = 16;
    return c;
}

/// Blobs, 10 classes in 2-D, 500 samples, 8 epochs.
inline RunConfig blobsConfig()
{
    RunConfig c;
    c.data.dataset = "blobs";
    c.data.classes = 10;
    c.data.samples = 500;
    c.model.hidden = {16};
    c.training.epochs = 8;
    return c;
}

/// Plane regression, 200 samples, 8 epochs.
inline RunConfig planeConfig()
{
    RunConfig c;
    c.data.dataset = "plane";
    c.data.samples = 200;
    c.model.task = "regression";
    c.model.hidden = {6};
    c.training.epochs = 8;
    return c;
}

/// Circle with ten sigmoid layers of 16 (11 layers in all), 2 epochs: a
/// deep network, as in the vanishing-gradient preset.
inline RunConfig deepSigmoidConfig()
{
    RunConfig c = circleConfig();
    c.model.hidden = std::vector<int>(10, 16);
    c.model.activation = "sigmoid";
    c.training.epochs = 2;
    return c;
}

/// Plain SGD at lr 1e6 on a linear regression: diverges within an epoch.
inline RunConfig divergingConfig()
{
    RunConfig c;
    c.data.dataset = "plane";
    c.data.samples = 200;
    c.model.task = "regression";
    c.model.hidden = {};
    c.model.activation = "linear";
    c.training.optimizer.type = "sgd";
    c.training.optimizer.lr = 1e6;
    c.training.epochs = 100;
    return c;
}

/// circleConfig() with early stopping that ends it after 3 of 100 epochs
/// (patience 2, and no change counts as an improvement).
inline RunConfig earlyStopConfig()
{
    RunConfig c = circleConfig();
    c.training.epochs = 100;
    c.training.earlyStopping.enabled = true;
    c.training.earlyStopping.patience = 2;
    c.training.earlyStopping.minDelta = 10.0;
    return c;
}

/// Trains `config` to the end and loads the run into `model` (one update).
inline void trainInto(RunModel& model, const RunConfig& config)
{
    Trainer trainer(config);
    NullObserver observer;
    RunControl control;
    trainer.run(observer, control);
    model.reset(makeSetup(trainer));
    model.apply(makeUpdate(trainer, UpdateContents{}.withPlaneOf(model.setup())));
}

} // namespace hs::testing
