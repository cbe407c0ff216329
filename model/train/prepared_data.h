#pragma once
// The data side of a run: the data set the config names (generated, bundled
// or read from CSV, with any irrelevant noise features appended), split into
// train/validation/test, label noise applied to the training part, and
// normalized with statistics of the training part only.

#include "data/dataset.h"
#include "data/normalize.h"
#include "data/split.h"
#include "train/run_config.h"

#include <string>
#include <vector>

namespace hs {

struct PreparedData {
    DataSplit split;          ///< normalized
    Normalizer normalizer;    ///< fitted on split.train before normalizing
    Task task = Task::Classification;
    int classes = 0;          ///< classification: K ≥ 2
    int outputs = 1;          ///< regression: target columns
    std::vector<std::string> featureNames, classNames;
    std::vector<std::string> notes; ///< facts people should know (e.g. "skipped 3 incomplete rows")
};

/// The whole data set of a valid config, before splitting (noise features
/// appended). Throws std::invalid_argument or DataError with a readable message.
Dataset loadDataset(const RunConfig& config, std::vector<std::string>* notes = nullptr);

/// Label noise, normalization and bookkeeping for an already split data set
/// (used directly by k-fold cross-validation).
PreparedData prepareSplit(const RunConfig& config, DataSplit split);

/// loadDataset + splitDataset + prepareSplit.
PreparedData prepareData(const RunConfig& config);

} // namespace hs
