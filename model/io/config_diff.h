#pragma once
// The differences between two run configs as short readable items
// ("lr 0.03 → 0.3", "hidden [8,8] → [16,16]"), for the run history and the
// comparison table. Works on the JSON form, so any key added to the config
// shows up without changes here.

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace hs {

struct ConfigChange {
    std::string key;       ///< full path, "training.optimizer.lr"
    std::string shortKey;  ///< last component, or "parent.last" where the last one is ambiguous ("optimizer.type")
    std::string before, after; ///< values as text; "–" when the key is absent on that side
};

/// Leaf-by-leaf differences (arrays compare whole), in key order. Both
/// arguments are JSON objects (configToJson()); anything else compares as one value.
std::vector<ConfigChange> configDiff(const nlohmann::json& before, const nlohmann::json& after);

/// "lr 0.03 → 0.3, hidden [8,8] → [16,16]"; at most `maxItems` items, then
/// "+N more". Empty when there is no difference.
std::string describeChanges(const std::vector<ConfigChange>& changes, std::size_t maxItems = 4);

} // namespace hs
