#include "views/series_sync.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace hs {

bool SeriesSync::accept(const std::optional<double>& v) const
{
    return v && std::isfinite(*v) && (!positiveOnly_ || *v > 0);
}

void SeriesSync::reset()
{
    consumed_ = 0;
    envelope_.reset(budget_);
    if (series_)
        series_->clear();
}

std::size_t displayBudgetForWidth(double pixels)
{
    if (!(pixels > 0))
        return kDisplayBudget;
    return std::clamp<std::size_t>(std::size_t(2.0 * pixels), 300, kDisplayBudget);
}

bool SeriesSync::setBudget(std::size_t budget)
{
    budget = std::max<std::size_t>(budget, 4);
    if (budget * 4 >= budget_ * 3 && budget * 4 <= budget_ * 5)
        return false;
    budget_ = budget;
    reset();   // the next update() redraws the history at the new budget
    return true;
}

void SeriesSync::update(std::size_t count, const X& x, const Value& value)
{
    if (!series_)
        return;
    if (count < consumed_)
        reset();
    if (count == consumed_)
        return;
    const bool wasRaw = envelope_.width() == 1;
    const std::size_t drawnBefore = std::size_t(series_->count());
    for (std::size_t i = consumed_; i < count; ++i)
        if (const auto v = value(i); accept(v))
            envelope_.add(i, x(i), *v);
    consumed_ = count;
    const std::vector<XYPoint> points = envelope_.points();
    // While every record is drawn, one or two new points go in with append()
    // (QXYSeries::append(list) redraws the series once per point in Qt 6.4);
    // anything more, or a change of the envelope, with one replace().
    if (wasRaw && envelope_.width() == 1 && points.size() >= drawnBefore && points.size() - drawnBefore <= 2) {
        for (std::size_t i = drawnBefore; i < points.size(); ++i)
            series_->append(points[i].x, points[i].y);
        return;
    }
    QList<QPointF> list;
    list.reserve(static_cast<qsizetype>(points.size()));
    for (const auto& p : points)
        list.append(QPointF(p.x, p.y));
    series_->replace(list);
}

QList<QPointF> toPoints(const std::vector<XYPoint>& points, std::size_t budget)
{
    QList<QPointF> out;
    if (points.size() <= budget) {
        out.reserve(static_cast<qsizetype>(points.size()));
        for (const auto& p : points)
            out.append(QPointF(p.x, p.y));
        return out;
    }
    const auto kept = decimate(points, budget);
    out.reserve(static_cast<qsizetype>(kept.size()));
    for (const auto& p : kept)
        out.append(QPointF(p.x, p.y));
    return out;
}

void setSeriesShown(QChart* chart, QAbstractSeries* series, bool shown)
{
    series->setVisible(shown);
    for (auto* marker : chart->legend()->markers(series))
        marker->setVisible(shown);
}

std::optional<std::pair<double, double>> yExtent(const QXYSeries* series)
{
    if (!series || series->count() == 0)
        return std::nullopt;
    double lo = INFINITY, hi = -INFINITY;
    for (const QPointF& p : series->points()) {
        lo = std::min(lo, p.y());
        hi = std::max(hi, p.y());
    }
    return std::make_pair(lo, hi);
}

} // namespace hs
