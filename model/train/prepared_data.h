#pragma once
// The data side of a run: the data set the config names (generated, bundled
// or read from CSV), split into train/validation/test and normalized with
// statistics of the training part only.

#include "data/dataset.h"
#include "data/normalize.h"
#include "data/split.h"
#include "train/run_config.h"

namespace hs {

struct PreparedData {
    DataSplit split;          ///< normalized
    Normalizer normalizer;    ///< fitted on split.train before normalizing
    Task task = Task::Classification;
    int classes = 0;          ///< classification: K ≥ 2
    int outputs = 1;          ///< regression: target columns
    std::vector<std::string> featureNames, classNames;
};

/// Builds the data of a valid config. Throws std::invalid_argument (or the
/// data module's errors) with a readable message when the data cannot be had.
PreparedData prepareData(const RunConfig& config);

} // namespace hs
