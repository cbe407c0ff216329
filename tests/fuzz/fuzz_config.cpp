// Fuzz target: run-config JSON (hs::configFromText), the files people write
// by hand. configFromText never throws: every problem, a syntax error
// included, is a readable message in ConfigParse::problems. A config that
// parses must survive a round trip through its resolved form unchanged.
// An input starting with "set:" is instead a list of `--set key=value`
// lines (hs::applyOverride) applied to {}.

#include "io/config_json.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void checkParse(const hs::ConfigParse& parsed)
{
    for (const std::string& problem : parsed.problems)
        check(!problem.empty());
    if (!parsed.ok())
        return;
    // The resolved config reads back as itself.
    const std::string text = hs::configToText(parsed.config);
    const hs::ConfigParse again = hs::configFromText(text, "resolved");
    check(again.ok());
    check(hs::configToText(again.config) == text);
}

void fuzzOverrides(std::string_view lines)
{
    nlohmann::json json = nlohmann::json::object();
    while (!lines.empty()) {
        const std::size_t end = std::min(lines.find('\n'), lines.size());
        try {
            hs::applyOverride(json, lines.substr(0, end));
        } catch (const std::invalid_argument& e) {
            check(e.what()[0] != '\0');
        }
        lines.remove_prefix(std::min(end + 1, lines.size()));
    }
    checkParse(hs::configFromJson(json));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (text.starts_with("set:")) {
        fuzzOverrides(text.substr(4));
        return 0;
    }
    checkParse(hs::configFromText(text, "fuzz.json"));
    return 0;
}
