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

void SeriesSync::update(std::size_t count, const X& x, const Value& value, std::size_t budget)
{
    if (!series_)
        return;
    if (budget == 0)
        budget = budget_;
    if (count < consumed_) {
        reset();
    }
    // New records are appended as they are; only when the series outgrows
    // the budget is the whole history decimated again, to two thirds of the
    // budget, so the O(n) pass runs once per budget/3 new points, not per update.
    if (count - consumed_ + std::size_t(series_->count()) <= budget) {
        QList<QPointF> added;
        for (std::size_t i = consumed_; i < count; ++i)
            if (const auto v = value(i); accept(v))
                added.append(QPointF(x(i), *v));
        // QXYSeries::append(list) redraws the series once per point (Qt 6.4):
        // more than a couple of new points go in with one replace().
        if (added.size() <= 2)
            for (const QPointF& p : added)
                series_->append(p);
        else
            series_->replace(series_->points() + added);
        consumed_ = count;
        return;
    }
    std::vector<XYPoint> all;
    all.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        if (const auto v = value(i); accept(v))
            all.push_back({x(i), *v});
    series_->replace(toPoints(all, all.size() <= budget ? budget : budget * 2 / 3));
    consumed_ = count;
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
