#pragma once
// Lesson presets: complete run configs with a title and a short explanation
// of what to look at, compiled in from resources/presets/*.json so that the
// CLI (`train --preset NAME`) and the GUI's Presets menu list the same ones.

#include "train/run_config.h"

#include <string>
#include <vector>

namespace hs {

struct Preset {
    std::string name;        ///< file name without .json, e.g. "lr_too_high"
    std::string title;       ///< short, for menus
    std::string description; ///< two to four sentences: what to look at and why
    std::string json;        ///< the whole file
};

/// Every preset, sorted by name.
const std::vector<Preset>& presetCatalog();
/// The preset called `name`, or nullptr.
const Preset* findPreset(const std::string& name);
/// The preset's run config; throws ConfigError if it does not validate.
RunConfig presetConfig(const Preset& preset);

} // namespace hs
