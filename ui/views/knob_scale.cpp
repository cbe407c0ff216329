#include "views/knob_scale.h"

#include "views/view_style.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace hs {

namespace {

KnobScale numericScale(const std::vector<double>& values, bool logHint)
{
    KnobScale s;
    if (values.empty())
        return s;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    s.lo = *lo;
    s.hi = *hi;
    s.log = *lo > 0.0 && (logHint || *hi / *lo >= 100.0);
    return s;
}

} // namespace

QString categoryOf(const nlohmann::json& v)
{
    return v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString::fromStdString(v.dump());
}

double KnobScale::position(double v) const
{
    if (!std::isfinite(v))
        return NAN;
    if (hi == lo)
        return 0.5;
    if (log)
        return v > 0.0 ? (std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo)) : NAN;
    return (v - lo) / (hi - lo);
}

double KnobScale::position(const nlohmann::json& value) const
{
    if (categorical) {
        const int i = static_cast<int>(categories.indexOf(categoryOf(value)));
        if (i < 0)
            return NAN;
        return categories.size() == 1 ? 0.5 : static_cast<double>(i) / static_cast<double>(categories.size() - 1);
    }
    return value.is_number() ? position(value.get<double>()) : NAN;
}

double KnobScale::valueAt(double t) const
{
    if (log)
        return std::exp(std::log(lo) + t * (std::log(hi) - std::log(lo)));
    return lo + t * (hi - lo);
}

std::vector<double> KnobScale::ticks(int maxTicks) const
{
    std::vector<double> out;
    if (categorical)
        return out;
    if (hi == lo)
        return {lo};
    if (log) {
        for (double e = std::ceil(std::log10(lo) - 1e-9); e <= std::floor(std::log10(hi) + 1e-9); e += 1.0)
            out.push_back(std::pow(10.0, e));
        if (out.size() < 2)
            out = {lo, hi};
        while (static_cast<int>(out.size()) > maxTicks) { // every other decade
            std::vector<double> fewer;
            for (std::size_t i = 0; i < out.size(); i += 2)
                fewer.push_back(out[i]);
            out = std::move(fewer);
        }
        return out;
    }
    const double step = style::niceStep(hi - lo, std::max(1, maxTicks - 1));
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
        out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    if (out.size() < 2)
        out = {lo, hi};
    return out;
}

bool knobIsNumeric(const std::vector<TrialResult>& results, const std::string& key)
{
    bool any = false;
    for (const auto& r : results) {
        const auto it = r.knobs.find(key);
        if (it == r.knobs.end() || it->second.is_null())
            continue;
        if (!it->second.is_number())
            return false;
        any = true;
    }
    return any;
}

KnobScale knobScale(const std::vector<TrialResult>& results, const std::string& key, bool logHint)
{
    if (knobIsNumeric(results, key)) {
        std::vector<double> values;
        for (const auto& r : results)
            if (const auto it = r.knobs.find(key); it != r.knobs.end() && it->second.is_number())
                values.push_back(it->second.get<double>());
        return numericScale(values, logHint);
    }
    KnobScale s;
    s.categorical = true;
    // JSON's own order: [4] < [8,8] < [16,16] (element by element), false < true, strings alphabetically.
    std::set<nlohmann::json> seen;
    for (const auto& r : results)
        if (const auto it = r.knobs.find(key); it != r.knobs.end())
            seen.insert(it->second);
    for (const auto& v : seen)
        s.categories << categoryOf(v);
    return s;
}

KnobScale metricScale(const std::vector<TrialResult>& results, const std::string& metric)
{
    std::vector<double> values;
    for (const auto& r : results)
        if (const auto it = r.metrics.find(metric); it != r.metrics.end() && std::isfinite(it->second))
            values.push_back(it->second);
    // Losses and errors may span decades; accuracies and AUCs stay linear.
    const bool lossLike = !metricIsMaximized(metric);
    KnobScale s = numericScale(values, false);
    s.log = s.log && lossLike;
    return s;
}

} // namespace hs
