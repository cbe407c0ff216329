#pragma once
// Hyperparameter search: grid search (every combination of listed values)
// and random search (uniform or log-uniform ranges, Bergstra & Bengio 2012)
// over any config keys. Every trial is an ordinary run with its own run
// folder, so trials can be re-opened, compared, or run elsewhere (e.g. one
// per job of a cluster array) and collected again.

#include "train/run_control.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hs {

/// `key=v1,v2,…`: values are JSON where they parse ([8,8], 0.1, "relu") else strings.
struct GridAxis {
    std::string key;
    std::vector<nlohmann::json> values;
};

/// `key=lo:hi[:log][:int]`: uniform (or log-uniform) in [lo, hi]; whole numbers with int.
struct RandomAxis {
    std::string key;
    double lo = 0.0, hi = 1.0;
    bool log = false, integer = false;
};

struct SweepSpec {
    nlohmann::json base = nlohmann::json::object(); ///< the config every trial starts from
    std::vector<GridAxis> grid;
    std::vector<RandomAxis> random;
    int trials = 10;                 ///< random search: samples; with a grid: draws per grid point
    std::uint64_t seed = 1;          ///< random search draws
    std::string metric = "val_loss"; ///< what the results table is sorted by (see metricIsMaximized)
    /// ≥ 2: every trial is a stratified k-fold cross-validation (one run
    /// folder per fold, trial_NNN/fold_K, and trial_NNN/cross_validation.json);
    /// its metrics are the means over the folds. 0: one run per trial.
    int folds = 0;
};

GridAxis parseGridAxis(const std::string& text);     ///< throws std::invalid_argument
RandomAxis parseRandomAxis(const std::string& text); ///< throws std::invalid_argument
/// True for metrics where larger is better (accuracy, f1, roc_auc, …).
bool metricIsMaximized(const std::string& metric);

/// The most trials a sweep may have: every trial's config is built and
/// checked before anything runs, so a mistyped grid of 10¹⁰ points must be
/// refused at once, not fill the memory (10⁵ configs are ~200 MB; at ~1,000
/// small trials a minute they are already a day's work).
inline constexpr double kMaxSweepTrials = 100000;

/// How many trials `spec` describes (the grid's size times the random
/// draws), as a double so that absurd products do not overflow.
double sweepTrialCount(const SweepSpec& spec);

/// The trial configs (JSON, overrides applied to the base) in trial order:
/// the grid's cartesian product (last axis fastest), each combined with
/// `trials` random draws when random axes exist. Throws ConfigError (listing
/// the trial) if a trial's config is invalid, and std::invalid_argument for
/// more than kMaxSweepTrials trials, before anything runs.
std::vector<nlohmann::json> sweepTrials(const SweepSpec& spec);

struct TrialResult {
    int trial = 0;                                ///< 1-based
    std::map<std::string, nlohmann::json> knobs;  ///< the swept keys' values
    std::string status;                           ///< finished, stopped_early, diverged, stopped, failed
    std::string error;                            ///< when failed
    std::map<std::string, double> metrics;        ///< best/last losses and test metrics
    std::filesystem::path folder;                 ///< the run folder (with folds: holds fold_1 …)
    int folds = 0;                                ///< folds the metrics are the mean of (0: one run)
};

/// The run folder to open for a trial: its own folder, or its first fold's.
std::filesystem::path trialRunFolder(const TrialResult& trial);

/// Runs the trials on `jobs` threads (each trial single-threaded), writing
/// DIR/sweep.json (the spec), DIR/trial_NNN/ run folders and DIR/results.csv
/// (sorted by the metric, best first). Results do not depend on `jobs`.
/// With `onlyTrial` (1-based) just that trial runs and no table is written:
/// one job of a cluster array; collectSweep() gathers the folders later.
/// `progress` is called (from worker threads, serialized) after each trial.
std::vector<TrialResult> runSweep(const SweepSpec& spec, const std::filesystem::path& dir, int jobs, RunControl& control,
                                  const std::function<void(const TrialResult&, int done, int total)>& progress = {},
                                  std::optional<int> onlyTrial = std::nullopt);

/// Reads DIR/sweep.json and every DIR/trial_NNN/ folder present (trials run
/// here or elsewhere), and writes DIR/results.csv. Trials whose folder is
/// missing are listed with status "missing". Throws std::invalid_argument
/// naming the file when sweep.json or a folder cannot be read.
std::vector<TrialResult> collectSweep(const std::filesystem::path& dir);

nlohmann::json sweepToJson(const SweepSpec& spec);
SweepSpec sweepFromJson(const nlohmann::json& json);

/// The results table as CSV: trial, the knobs, status, metrics; best first.
std::string resultsCsv(std::vector<TrialResult> results, const std::string& metric);

} // namespace hs
