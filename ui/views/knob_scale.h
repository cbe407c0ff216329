#pragma once
// How a swept knob or a metric is laid along an axis in the search's
// charts: numbers on a linear or a log scale (log when the search drew the
// knob log-uniformly, or all values are positive and span two decades or
// more), anything else (activations, layer lists, booleans) as evenly
// spaced categories in JSON's order ([4] < [8,8] < [16,16]; strings A to Z).

#include "io/sweep.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace hs {

struct KnobScale {
    bool categorical = false;
    bool log = false;
    double lo = 0.0, hi = 1.0; ///< numeric range (lo == hi for a single value)
    QStringList categories;

    /// The value's place on the axis in [0, 1]; NaN if it has none.
    double position(const nlohmann::json& value) const;
    double position(double value) const;
    /// The value at a place in [0, 1] (numeric scales).
    double valueAt(double t) const;
    /// Tick values for a numeric scale: whole decades on a log scale, else
    /// nice steps, at most `maxTicks` (with lo and hi when there are few).
    std::vector<double> ticks(int maxTicks) const;
};

/// The scale for knob `key` over these trials; `logHint`: the search drew it log-uniformly.
KnobScale knobScale(const std::vector<TrialResult>& results, const std::string& key, bool logHint);
/// The scale for a metric's finite values (log for positive losses spanning two decades).
KnobScale metricScale(const std::vector<TrialResult>& results, const std::string& metric);

/// A categorical value's label: the string itself, else its JSON ("[16,16]", "true").
QString categoryOf(const nlohmann::json& value);

/// True when every trial's value for `key` is a number.
bool knobIsNumeric(const std::vector<TrialResult>& results, const std::string& key);

} // namespace hs
