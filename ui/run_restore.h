#pragma once
// Rebuilds what the views drew for a run from its folder (io/run_reader.h),
// so a re-opened run looks exactly as it did live. The data come back from
// the config's seeds, the final weights from weights.json; evaluations, the
// decision field and the weight values are recomputed from those (the
// same code the worker uses, run_snapshot.h), and the per-epoch and
// per-step histories are read from history.csv and steps.csv.
//
// The work (building the data set, one forward pass per subset and over
// the decision grid) takes milliseconds for the bundled and generated sets.

#include "io/run_reader.h"
#include "run_model.h"

#include <QString>

namespace hs {

struct RestoredRun {
    RunSetup setup;
    TrainingUpdate update;
    /// Set when something could not be restored exactly (a diverged run's
    /// weights are not finite, so no evaluation): for the status bar.
    QString note;
};

/// Throws RunFolderError (or std::invalid_argument from the weights file)
/// with a message naming the file when the folder does not describe a run
/// this build can rebuild.
RestoredRun restoreRun(const RunFolder& folder);

} // namespace hs
