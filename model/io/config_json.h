#pragma once
// The run configuration's JSON form (the public contract in DESIGN.md):
// reading with a message for every unknown key, wrong type and bad value;
// writing the fully resolved config; and `--set key.path=value` overrides.

#include "train/run_config.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hs {

/// The largest run-config file the front ends read (1 MB; a full config is
/// about 2 KB). Pass it to readFile(path, kMaxConfigFileBytes, "a run config").
inline constexpr std::uintmax_t kMaxConfigFileBytes = 1'000'000;

/// A parsed config and every problem found (structure, types, validate()).
struct ConfigParse {
    RunConfig config;
    std::vector<std::string> problems;
    bool ok() const { return problems.empty(); }
};

/// Reads a config from a JSON value. Missing keys take their defaults
/// (some depend on the optimizer type: momentum 0.9 for momentum/nesterov,
/// eps 1e-10 for adagrad, weight_decay 0.01 for adamw). Top-level "title"
/// and "description" (strings, for presets) are accepted and ignored.
ConfigParse configFromJson(const nlohmann::json& json);
/// Parses JSON text; a syntax error is one problem naming `source`, line and
/// column. Text longer than kMaxConfigFileBytes or nested deeper than 64
/// levels is refused unread (one problem); this never throws for bad input.
ConfigParse configFromText(std::string_view text, std::string_view source = "config");

/// The complete, resolved config: every key, so a run can be repeated exactly.
nlohmann::json configToJson(const RunConfig& config);
std::string configToText(const RunConfig& config);

/// Applies `key.path=value` to a JSON config. The value is read as JSON when
/// it parses (numbers, true, [8,8], "text"), else as a plain string. Throws
/// std::invalid_argument for a malformed assignment.
void applyOverride(nlohmann::json& json, std::string_view assignment);

/// Parses JSON text into a value, or throws ConfigError naming source, line
/// and column: syntax errors, numbers beyond double range (1e999), nesting
/// deeper than 64 levels (which recursive JSON code could not survive).
nlohmann::json parseJson(std::string_view text, std::string_view source);

} // namespace hs
