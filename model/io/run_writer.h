#pragma once
// The files of a run folder (DESIGN.md, "Headless CLI"): config.json,
// history.csv, metrics.json, roc.csv, pr.csv and weights.json. The GUI's run
// history and the CLI write and read the same format. Every file is written
// atomically.

#include "core/range_check.h"
#include "train/cross_validation.h"
#include "train/trainer.h"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace hs {

/// One row per epoch: epoch, train_loss, val_loss, train_accuracy,
/// val_accuracy, lr, grad_norm_L1…Lk, then penalty, update_ratio_L*,
/// weight_norm_L*, dead_fraction_L*, saturated_fraction_L*, lr_reduced,
/// steps, epoch_seconds. Values that do not exist (no validation set,
/// regression accuracy) are empty cells.
std::string historyCsv(const EpochSpan& history, int layers);

/// Metrics of an evaluation as metrics.json; `summary` adds the run's
/// status, stopped and best epochs. Undefined values (AUC with one class
/// present) are null.
nlohmann::json metricsJson(const Evaluation& evaluation, const std::vector<std::string>& classNames,
                           const RunSummary* summary);

/// ROC points per class (`class,threshold,fpr,tpr`; binary: the positive
/// class only; K classes: one-vs-rest per class).
std::string rocCsv(const Evaluation& evaluation, const std::vector<std::string>& classNames);
/// Precision-recall points per class (`class,threshold,precision,recall`).
std::string prCsv(const Evaluation& evaluation, const std::vector<std::string>& classNames);

/// Writes every file of a finished (or stopped, or diverged) run into
/// `dir`, creating it. Final metrics use trainer.reportSubset(). Throws
/// FileError naming the file that could not be written.
void writeRunFolder(const std::filesystem::path& dir, const Trainer& trainer, double threshold = 0.5);

/// Writes metrics.json, roc.csv and pr.csv of an evaluation into `dir`.
void writeEvaluationFiles(const std::filesystem::path& dir, const Evaluation& evaluation,
                          const std::vector<std::string>& classNames, const RunSummary* summary);

/// cross_validation.json: per fold its status and metrics, then mean and std.
nlohmann::json crossValidationJson(const CrossValidation& cv);
/// A plain-text table of the same, for the terminal.
std::string crossValidationTable(const CrossValidation& cv);

} // namespace hs
