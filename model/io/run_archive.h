#pragma once
// A run folder written as a whole: every file goes into a hidden partial
// folder beside the target, which is renamed into place only when complete.
// A crash or a full disk mid-write leaves the earlier runs and the target
// name untouched (at worst a ".partial-*" folder that listRunFolders()
// skips and removePartialFolders() clears).
//
// Besides the public files of writeRunFolder() the archive holds
// `initial_weights.json` (the weights before the first step, for "same
// start" comparisons) and `steps.csv` (the decimated per-step loss and
// learning rate, which history.csv does not carry).

#include "train/step_history.h"
#include "train/trainer.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hs {

/// steps.csv: `step,loss,lr`, one row per kept step.
std::string stepsCsv(const std::vector<StepHistory::Point>& points);

/// Writes the finished (or stopped, or diverged) run of `trainer` to
/// `root/name` (root is created if needed; an existing `name` gets a "-2",
/// "-3"… suffix). `initialWeightsJson` is the text of initial_weights.json
/// (empty: none). Returns the folder written. Throws FileError naming the
/// file or folder that could not be written; the partial folder is removed.
std::filesystem::path archiveRun(const std::filesystem::path& root, const std::string& name, const Trainer& trainer,
                                 std::string_view initialWeightsJson);

/// Deletes the ".partial-*" folders an interrupted archiveRun() left in `root`.
void removePartialFolders(const std::filesystem::path& root);

} // namespace hs
