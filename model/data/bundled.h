#pragma once
// Real data sets compiled into the engine (from resources/datasets, see its
// LICENSE.md), so neither front end has to find files at run time.

#include "data/dataset.h"

#include <string>
#include <string_view>
#include <vector>

namespace hs {

/// "iris" (150 × 4, 3 classes), "breast_cancer" (569 × 30, benign = 0 /
/// malignant = 1) and "digits" (1797 × 64 pixel counts 0..16, classes "0".."9").
const std::vector<std::string>& bundledDatasetNames();

/// Whether `name` is one of bundledDatasetNames().
bool isBundledDataset(const std::string& name);

/// The embedded CSV text of a bundled set (header row, label column "label").
/// Throws std::invalid_argument for an unknown name.
std::string_view bundledCsv(const std::string& name);

/// Parses a bundled set into a classification Dataset (features in their
/// original units). Throws std::invalid_argument naming data.dataset for an
/// unknown name.
Dataset loadBundled(const std::string& name);

} // namespace hs
