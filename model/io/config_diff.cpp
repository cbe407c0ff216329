#include "io/config_diff.h"

#include "core/range_check.h"

#include <nlohmann/json.hpp>

#include <map>

namespace hs {

using nlohmann::json;

namespace {

void flatten(const json& j, const std::string& prefix, std::map<std::string, json>& out)
{
    if (j.is_object() && !j.empty()) {
        for (const auto& [key, value] : j.items())
            flatten(value, prefix.empty() ? key : prefix + "." + key, out);
    } else {
        out[prefix] = j;
    }
}

std::string text(const json& j)
{
    if (j.is_string())
        return j.get<std::string>();
    if (j.is_number_float())
        return formatNumber(j.get<double>());
    return j.dump();
}

std::string lastPart(const std::string& key)
{
    const auto dot = key.rfind('.');
    return dot == std::string::npos ? key : key.substr(dot + 1);
}

std::string lastTwoParts(const std::string& key)
{
    const auto dot = key.rfind('.');
    if (dot == std::string::npos)
        return key;
    const auto before = key.rfind('.', dot - 1);
    return before == std::string::npos || dot == 0 ? key : key.substr(before + 1);
}

} // namespace

std::vector<ConfigChange> configDiff(const json& before, const json& after)
{
    std::map<std::string, json> a, b;
    flatten(before, {}, a);
    flatten(after, {}, b);
    // A last component that names two keys ("seed" of data and of training)
    // is qualified by its parent.
    std::map<std::string, int> uses;
    std::map<std::string, json> all = a;
    all.insert(b.begin(), b.end());
    for (const auto& [key, value] : all)
        ++uses[lastPart(key)];
    std::vector<ConfigChange> out;
    for (const auto& [key, value] : all) {
        const auto ia = a.find(key), ib = b.find(key);
        if (ia != a.end() && ib != b.end() && ia->second == ib->second)
            continue;
        ConfigChange c;
        c.key = key;
        c.shortKey = uses[lastPart(key)] > 1 ? lastTwoParts(key) : lastPart(key);
        c.before = ia == a.end() ? "–" : text(ia->second);
        c.after = ib == b.end() ? "–" : text(ib->second);
        out.push_back(std::move(c));
    }
    return out;
}

std::string describeChanges(const std::vector<ConfigChange>& changes, std::size_t maxItems)
{
    std::string out;
    for (std::size_t i = 0; i < changes.size() && i < maxItems; ++i)
        out += (i ? ", " : "") + changes[i].shortKey + " " + changes[i].before + " → " + changes[i].after;
    if (changes.size() > maxItems)
        out += ", +" + std::to_string(changes.size() - maxItems) + " more";
    return out;
}

} // namespace hs
