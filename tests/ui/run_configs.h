#pragma once
// Run configs shared by the GUI tests that train through the real worker.

#include "train/run_config.h"

namespace hs::testing {

/// 200 spiral points, 140 for training: 7 steps of 20 per epoch.
inline RunConfig smallConfig(int epochs = 12)
{
    RunConfig c;
    c.data.samples = 200;
    c.model.hidden = {8};
    c.training.epochs = epochs;
    c.training.batchSize = 20;
    return c;
}

/// Long enough (about 20 s at full speed) that it never finishes within a
/// test. Not more: the setup holds the planned learning rate of every step.
inline RunConfig endlessConfig()
{
    RunConfig c;
    c.data.samples = 1000;
    c.model.hidden = {32, 32};
    c.training.epochs = 20'000;
    c.training.batchSize = 10;
    return c;
}

} // namespace hs::testing
