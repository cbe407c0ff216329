#include "io/presets.h"

#include "data/embedded_files.h"
#include "io/config_json.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace hs {

namespace detail {
extern const EmbeddedFile kEmbeddedPresets[];
extern const std::size_t kEmbeddedPresetsCount;
} // namespace detail

const std::vector<Preset>& presetCatalog()
{
    static const std::vector<Preset> catalog = [] {
        std::vector<Preset> v;
        for (std::size_t i = 0; i < detail::kEmbeddedPresetsCount; ++i) {
            const auto& file = detail::kEmbeddedPresets[i];
            Preset p;
            p.name = file.name;
            p.json.assign(reinterpret_cast<const char*>(file.data), file.size);
            const auto j = nlohmann::json::parse(p.json, nullptr, false);
            if (j.is_object()) {
                p.title = j.value("title", p.name);
                p.description = j.value("description", std::string());
            }
            v.push_back(std::move(p));
        }
        std::sort(v.begin(), v.end(), [](const Preset& a, const Preset& b) { return a.name < b.name; });
        return v;
    }();
    return catalog;
}

const Preset* findPreset(const std::string& name)
{
    for (const auto& p : presetCatalog())
        if (p.name == name)
            return &p;
    return nullptr;
}

RunConfig presetConfig(const Preset& preset)
{
    ConfigParse parsed = configFromText(preset.json, "preset " + preset.name);
    if (!parsed.ok())
        throw ConfigError(parsed.problems);
    return parsed.config;
}

} // namespace hs
