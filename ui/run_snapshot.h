#pragma once
// Copies of a trainer's state for the GUI thread: the fixed setup of a run
// and by-value updates. Called on the thread that owns the trainer (the
// worker, or the CLI's main thread when it renders charts).

#include "run_model.h"

#include <deque>

namespace hs {

/// The run's fixed facts, for RunModel::reset().
RunSetup makeSetup(const Trainer& trainer);

/// What to include in an update besides the epoch records.
struct UpdateContents {
    bool evaluations = true;   ///< validation and test evaluations
    bool field = true;         ///< decision field (2-D data only)
    bool weights = true;       ///< weight values per layer
    int fieldSize = 120;       ///< grid points per side
    /// Data with more than 2 features: the setup's plane (RunSetup::plane)
    /// and its bounds; without them such data gets no field.
    const InputPlane* plane = nullptr;
    PlaneBounds planeBounds;

    /// Draws the field of `setup`'s data in its plane (see above); `setup`
    /// must outlive the contents.
    UpdateContents& withPlaneOf(const RunSetup& setup);
};

/// The bounds of the decision field for a setup's points (a 15 % margin),
/// the same the view draws.
PlaneBounds fieldBounds(const RunSetup& setup);

/// An update sharing the trainer's history (its records so far), with the
/// step history and the requested snapshots.
TrainingUpdate makeUpdate(const Trainer& trainer, const UpdateContents& contents);

/// The parts of a live update that different views draw, in the order they
/// are to be applied (epochs, steps, evaluations, decision field, weights;
/// empty parts left out); each part carries the update's counters and the
/// summary stays with the first. Applied one after another they leave a
/// RunModel as the whole update would.
std::deque<TrainingUpdate> splitByView(TrainingUpdate update);

} // namespace hs
