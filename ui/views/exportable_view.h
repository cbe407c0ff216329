#pragma once
// What every view offers to export: a title, a file name stem, a vector-safe
// rendering into any QPainter (PNG, SVG, PDF, clipboard all go through it),
// and the plotted data as CSV. chart_export.h does the file work.

#include <QRectF>
#include <QSize>
#include <QString>

class QPainter;
class QWidget;

namespace hs {

class ExportableView {
public:
    virtual ~ExportableView() = default;

    /// Human-readable title, e.g. "Loss".
    virtual QString title() const = 0;
    /// File name without extension, e.g. "loss".
    virtual QString fileStem() const = 0;
    /// Draws the whole view (every chart, legend and label) into `target` of
    /// an active painter, at the painter's resolution: text stays text on
    /// vector devices (SVG, PDF). Does not resize the widget.
    virtual void renderTo(QPainter& painter, const QRectF& target) = 0;
    /// The plotted data as CSV: a header line, then one row per point.
    virtual QString csvData() const = 0;
    /// The widget itself (for context menus and offscreen rendering).
    virtual QWidget* widget() = 0;
};

} // namespace hs
