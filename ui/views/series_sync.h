#pragma once
// Keeping a chart series in step with a growing history without reading it
// again: each update feeds only the new records to a min/max envelope
// (min_max_envelope.h) and redraws the series from it. A series never holds
// more than `budget` points however long the run, every spike and dip stays
// visible, and an update costs the new records plus the points drawn, not
// the history (a long run's history may live on disk: epoch_log.h).

#include "train/decimate.h"
#include "train/min_max_envelope.h"

#include <QList>
#include <QPointF>

#include <functional>
#include <optional>

class QXYSeries;
class QChart;
class QAbstractSeries;

namespace hs {

/// Points drawn per series at most.
inline constexpr std::size_t kDisplayBudget = 2000;

/// Points worth drawing across a plot `pixels` wide: two per pixel column
/// (a min/max pair, so decimation loses nothing visible), within [300,
/// kDisplayBudget]. Qt Charts recomputes a series' whole path, and strokes
/// it again for its hit-test shape, on every change, so points beyond what
/// the screen can show cost time on every live update.
std::size_t displayBudgetForWidth(double pixels);

class SeriesSync {
public:
    /// value(i) is the y of record i (nullopt or non-finite = no point);
    /// x(i) its x.
    using Value = std::function<std::optional<double>(std::size_t)>;
    using X = std::function<double(std::size_t)>;

    explicit SeriesSync(QXYSeries* series = nullptr) : series_(series), envelope_(kDisplayBudget) {}
    void setSeries(QXYSeries* series) { series_ = series; }
    /// Only values > 0 are drawn (for log axes).
    void setPositiveOnly(bool positive) { positiveOnly_ = positive; }
    /// Empties the series and forgets what was drawn.
    void reset();
    /// Brings the series up to `count` records: reads records from the
    /// last update's count on (all of them after reset(), or when count
    /// shrank).
    void update(std::size_t count, const X& x, const Value& value);
    /// The points budget for update(); a change of more than a quarter makes
    /// the next update() read the whole history again. True if it did.
    bool setBudget(std::size_t budget);
    std::size_t budget() const { return budget_; }

private:
    bool accept(const std::optional<double>& v) const;

    QXYSeries* series_;
    MinMaxEnvelope envelope_;
    std::size_t budget_ = kDisplayBudget;
    std::size_t consumed_ = 0;
    bool positiveOnly_ = false;
};

/// Points → QList<QPointF> after decimation to `budget`.
QList<QPointF> toPoints(const std::vector<XYPoint>& points, std::size_t budget = kDisplayBudget);

/// Shows or hides a series and its legend marker.
void setSeriesShown(QChart* chart, QAbstractSeries* series, bool shown);

/// Smallest and largest y of a series' points (nullopt if empty).
std::optional<std::pair<double, double>> yExtent(const QXYSeries* series);

} // namespace hs
