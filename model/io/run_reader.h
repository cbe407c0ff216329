#pragma once
// Reads a run folder back (the files run_writer.h and run_archive.h write):
// the resolved config, the per-epoch history, the per-step history, the
// summary and test metrics, and the ROC / precision-recall points. The GUI's
// run history re-opens and compares runs through it; folders written by
// `hyperscope-cli train` read the same way (they have no steps.csv).
//
// Every malformed input (a foreign or corrupt folder) ends in RunFolderError
// naming the file, the line and what is wrong; nothing here crashes on bad
// input, and files larger than a run can produce are refused unread.

#include "train/observer.h"
#include "train/run_config.h"
#include "train/step_history.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hs {

/// A run folder or one of its files is missing or malformed; what() names
/// the file and the problem ("history.csv: line 4: train_loss: 'abc' is not a number").
class RunFolderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One class's curve from roc.csv (x = fpr, y = tpr) or pr.csv (x = recall,
/// y = precision), in file order.
struct CurvePoints {
    std::string className;
    std::vector<double> x, y;
};

/// Everything a run folder holds that the views draw.
struct RunFolder {
    std::filesystem::path dir;
    RunConfig config;
    std::vector<EpochRecord> history;
    int layers = 0;                              ///< per-layer columns of history.csv
    std::vector<StepHistory::Point> steps;       ///< empty without steps.csv
    RunSummary summary;                          ///< from metrics.json (status Running if absent there)
    nlohmann::json metrics;                      ///< metrics.json as written
    std::vector<CurvePoints> roc, pr;            ///< empty when the files are absent (regression)
    bool hasWeights = false;                     ///< weights.json exists
    bool hasInitialWeights = false;              ///< initial_weights.json exists
};

/// Parses history.csv text (header names the columns; only `epoch` and
/// `train_loss` are required, empty cells are absent values). Throws
/// RunFolderError naming `source` and the line.
std::vector<EpochRecord> readHistoryCsv(std::string_view text, std::string_view source, int* layers = nullptr);
/// Parses steps.csv text (`step,loss,lr`).
std::vector<StepHistory::Point> readStepsCsv(std::string_view text, std::string_view source);
/// Parses roc.csv (`xColumn` = "fpr", `yColumn` = "tpr") or pr.csv
/// ("recall", "precision"): one CurvePoints per class, in order of appearance.
std::vector<CurvePoints> readCurveCsv(std::string_view text, std::string_view source, std::string_view xColumn,
                                      std::string_view yColumn);
/// The run's status and epochs from a metrics.json object (missing keys keep
/// their defaults; wrong types throw RunFolderError naming `source`).
RunSummary summaryFromMetrics(const nlohmann::json& metrics, std::string_view source);

/// Reads a whole folder: config.json, history.csv and metrics.json are
/// required; steps.csv, roc.csv and pr.csv are optional. The config must be
/// valid (its problems are listed in the message).
RunFolder readRunFolder(const std::filesystem::path& dir);

/// The largest history/steps/curve file a run folder may hold (64 MB).
inline constexpr std::uintmax_t kMaxRunFileBytes = 64'000'000;

} // namespace hs
