#pragma once
// The common frame of every view: an empty state (a short grey centred
// sentence instead of empty axes), the export context menu, a renderer
// that draws the view's current layout into any painter, and small const
// accessors that tests use to check what is plotted.
//
// renderTo() walks the visible children of the content: a QChartView is
// drawn by rendering its scene (so legends and text stay vector, see
// TOOLCHAIN.md on PDF), a PaintedCanvas by its own paint code, a
// QTableWidget and a QLabel as text. Controls (combo boxes, sliders) are
// not drawn: every chart says in its title what it shows.

#include "views/exportable_view.h"

#include <QStringList>
#include <QWidget>

class QChart;
class QAbstractAxis;
class QBoxLayout;
class QChartView;
class QHBoxLayout;
class QLabel;
class QStackedLayout;
class QXYSeries;

namespace hs {

class RunModel;

/// A widget whose content is painted by paintContent(), on screen and on
/// export alike.
class PaintedCanvas : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    virtual void paintContent(QPainter& painter, const QRectF& rect) const = 0;

protected:
    void paintEvent(QPaintEvent*) override;
};

class ViewBase : public QWidget, public ExportableView {
    Q_OBJECT
public:
    explicit ViewBase(RunModel* model, QWidget* parent = nullptr);

    void renderTo(QPainter& painter, const QRectF& target) override;
    QWidget* widget() override { return this; }

    /// The sentence shown instead of the content, empty when content shows.
    QString emptyText() const { return emptyText_; }
    bool isEmptyState() const { return !emptyText_.isEmpty(); }

    /// Test accessors: ids (object names) of the visible XY series of every
    /// chart, and the number of points of one (-1 if there is none).
    QStringList seriesIds() const;
    int seriesCount() const { return static_cast<int>(seriesIds().size()); }
    int pointCount(const QString& id) const;
    QXYSeries* findSeries(const QString& id) const;
    QList<QChart*> charts() const;

    /// Small tiles (the main window's grid) get compact charts: no chart
    /// titles unless a compact one is given, smaller legend and axis fonts,
    /// short axis titles, fewer ticks. Exports draw what the widget shows.
    bool isCompact() const { return compact_; }

protected:
    /// The widget to put the view's layout on.
    QWidget* content() const { return content_; }
    /// Shows `text` instead of the content (empty = show the content).
    void setEmptyText(const QString& text);
    /// A row for controls (combo boxes, check boxes, sliders) above the
    /// content; renderTo() leaves it out of exports.
    QHBoxLayout* addControlBar(QBoxLayout* layout);
    /// A chart view with our settings (antialiasing, no frame).
    QChartView* makeChartView(QChart* chart, QWidget* parent);

    void setChartTitle(QChart* chart, const QString& full, const QString& compact = {});
    /// An axis title with a short form for compact tiles.
    void setAxisTitle(QAbstractAxis* axis, const QString& full, const QString& compact);
    /// Tick counts that fit the chart's current size (8 / 6 before layout).
    int xTicksFor(const QChart* chart) const;
    int yTicksFor(const QChart* chart) const;
    /// Labelled decades that fit a log y axis of the chart (12 before layout).
    int decadeTicksFor(const QChart* chart) const;
    /// Called after every resize (and when compactness changes): views
    /// recompute what depends on the size (ticks, layouts).
    virtual void onResize() {}

    void resizeEvent(QResizeEvent* event) override;

    RunModel* model_;

private:
    void renderWidget(QPainter& painter, QWidget* w);
    /// A hidden view (a tile behind a maximized one, or one never shown)
    /// has pending layouts; deliver them so that it exports at its size.
    static void ensureLaidOut(QWidget* w);
    void applyCompact(QChart* chart) const;
    /// onResize() again once the charts have their new sizes: a view is
    /// resized before its layout resizes the charts, so ticks fitted in
    /// resizeEvent() are fitted to the old sizes (or to none, before the
    /// first layout).
    void scheduleChartsResized();

    QStackedLayout* stack_ = nullptr;
    QLabel* emptyLabel_ = nullptr;
    QWidget* content_ = nullptr;
    QString emptyText_;
    bool compact_ = false;
    bool chartsResizedPending_ = false;
};

} // namespace hs
