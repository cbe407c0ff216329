#pragma once
// One look for every view: the Okabe–Ito colour-blind-safe palette (Okabe &
// Ito 2008, "Color Universal Design"), consistent colours per class, per
// layer and per subset, fonts that follow the application font (so they
// scale with it and with the screen), and the Qt Charts boilerplate.

#include "core/types.h"

#include <QColor>
#include <QFont>
#include <QString>

#include <cmath>
#include <vector>

class QAbstractAxis;
class QChart;
class QLogValueAxis;
class QValueAxis;

namespace hs {

struct RunSetup;

namespace style {

/// Okabe–Ito colours, in the order classes and layers use them: blue,
/// orange, bluish green, vermillion, sky blue, reddish purple, yellow, then
/// three extensions for 10-class data (dark grey, brown, grey).
QColor paletteColor(int index);
/// Class k's colour (class 0 blue, class 1 orange, as in the binary field).
inline QColor classColor(int k) { return paletteColor(k); }
/// Layer l's (0-based) colour.
inline QColor layerColor(int l) { return paletteColor(l); }
QColor trainColor();        ///< blue
QColor validationColor();   ///< orange
QColor markerColor();       ///< black: best epoch, operating point
QColor alertColor();        ///< vermillion: divergence, exploding gradients
QColor mutedColor();        ///< grey: baselines, empty-state text
/// Sequential colormap (viridis, perceptually uniform), t in [0, 1].
QColor sequential(double t);
/// Readable text colour (black or white) on a background.
QColor textOn(const QColor& background);

QFont titleFont();          ///< application font, bold, 1.2×
QFont labelFont();          ///< application font
QFont smallFont();          ///< application font, 0.9×

/// A chart with our look: white background, antialiased, no animation,
/// legend on top outside the plot area, tight margins.
QChart* makeChart(const QString& title = {});
QValueAxis* makeValueAxis(const QString& title);
QLogValueAxis* makeLogAxis(const QString& title);

/// A "nice" tick step (1, 2 or 5 × 10^k) giving at most `maxTicks` intervals
/// over `span`; at least `minimum`.
double niceStep(double span, int maxTicks, double minimum = 0.0);
/// Sets an epoch axis: [lo, hi] widened to nice integers with integer ticks.
void setEpochRange(QValueAxis* axis, double lo, double hi, int maxTicks = 8);
/// The end of an epoch axis while a run is live: the first of 1, 1.5, 2, 3,
/// 4, 5, 6, 8 × 10^k at or above `epoch`, but not past `planned` (> 0). A
/// range that grows in such steps changes a few times per decade instead of
/// with every update, and every change makes Qt Charts recompute each series
/// on the chart.
double liveEpochEnd(double epoch, double planned);
/// Sets a linear axis to [lo, hi] padded and rounded to nice numbers.
/// The result is clipped to [floor, ceiling] (e.g. [0, 1] for accuracy).
void setNiceRange(QValueAxis* axis, double lo, double hi, bool includeZero = false, double floor = -INFINITY,
                  double ceiling = INFINITY, int maxTicks = 6);
/// Sets a log axis to whole decades around [lo, hi] (both > 0), labelled
/// at most maxTicks times: a range of more decades gets a tick every second,
/// third, … decade (Qt Charts elides every label to "…" once they are
/// closer than a line of text, which a few hundred pixels reach at a dozen
/// decades).
void setDecadeRange(QLogValueAxis* axis, double lo, double hi, int maxTicks = 12);

/// A printf label format for ticks `step` apart on an axis reaching
/// ±maxAbs: fixed decimals for ordinary ranges, %g for huge or tiny ones.
QString tickLabelFormat(double step, double maxAbs);

/// "loss (binary cross-entropy)" etc. for the run's task.
QString lossAxisTitle(const RunSetup& setup);
/// "L1 (2→8)" for dense layer l (0-based), from the run's shape.
QString layerLabel(const RunSetup& setup, int layer, const std::vector<std::vector<float>>& weights = {});
/// Class names of the run, "class k" where missing.
QString className(const RunSetup& setup, int k);

/// The class's name for legends and titles: "class 3" for a bare number.
QString classLabel(const RunSetup& setup, int k);

/// Number formatting for legends and tables.
QString formatValue(double value, int digits = 3);

} // namespace style
} // namespace hs
