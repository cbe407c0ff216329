#pragma once
// Axis titles that give way to their labels in a small chart.
//
// Qt Charts gives a horizontal axis at most 40 % of the chart's height and a
// vertical one 40 % of its width; an axis that needs more is squeezed and its
// labels and title are elided to "...". In the main window's smallest tiles
// that left ROC and precision-recall charts with "..." under every tick. Once
// a chart is laid out, the fitter hides the title of every axis on a side
// where text came out elided, so that the tick labels get the room; if text
// on that side is still elided, it hides the labels of the axes there that
// repeat another chart's scale (setLabelsRepeated()). When the chart is
// resized, what was hidden comes back and the check runs again.

#include <QString>

class QAbstractAxis;
class QChart;

namespace hs {

/// Watches `chart` (its layouts and resizes) for the rest of its life.
void fitAxisTitles(QChart* chart);

/// Marks `axis` as repeating the scale of a chart beside it, so that the
/// fitter may hide its labels when they do not fit (its grid stays).
void setLabelsRepeated(QAbstractAxis* axis);

/// Whether Qt Charts elided `text` (it ends them with "...").
bool isElided(const QString& text);

} // namespace hs
