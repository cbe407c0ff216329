#pragma once
// The weights file, format "hyperscope-weights/1" (JSON):
//   {"format": "hyperscope-weights/1", "config": {...resolved run config...},
//    "layers": [{"name": "dense1", "kind": "dense", "in": 2, "out": 8,
//                "weight": [...out × in values, row-major...], "bias": [...]},
//               {"name": "batch_norm1", "kind": "batch_norm", "features": 8,
//                "gamma": [...], "beta": [...], "running_mean": [...], "running_var": [...]}, ...]}
// Row-major weights are PyTorch's nn.Linear layout, so a run can be
// cross-checked against another framework from identical weights.

#include "nn/network.h"
#include "train/run_config.h"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>

namespace hs {

nlohmann::json weightsToJson(const Network& network, const RunConfig& config);
void saveWeights(const std::filesystem::path& path, const Network& network, const RunConfig& config);

/// Copies the weights in `json` into `network`. The file must describe the
/// same architecture; otherwise std::invalid_argument says which layer
/// differs and how. `source` names the file in messages.
void loadWeights(const nlohmann::json& json, Network& network, std::string_view source);
void loadWeightsFile(const std::filesystem::path& path, Network& network);

} // namespace hs
