#include "views/parallel_coordinates_view.h"

#include "sweep_results_model.h"
#include "views/knob_scale.h"
#include "views/view_style.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace hs {

namespace {

QString tickText(double v)
{
    return style::formatValue(v, 3);
}

} // namespace

void ParallelCoordinatesCanvas::setData(const std::vector<TrialResult>& results, const QStringList& knobs,
                                        const std::string& metric, const QStringList& logKnobs)
{
    results_ = results;
    knobs_ = knobs;
    metric_ = metric;
    logKnobs_ = logKnobs;
    update();
}

void ParallelCoordinatesCanvas::setSelectedTrial(int trial)
{
    if (trial == selected_)
        return;
    selected_ = trial;
    update();
}

void ParallelCoordinatesCanvas::paintContent(QPainter& p, const QRectF& rect) const
{
    const QFont label = style::labelFont(), small = style::smallFont(), title = style::titleFont();
    const QFontMetricsF fm(label, p.device()), sm(small, p.device());
    const int axes = static_cast<int>(knobs_.size()) + 1;
    std::vector<KnobScale> scales;
    for (const QString& k : knobs_)
        scales.push_back(knobScale(results_, k.toStdString(), logKnobs_.contains(k)));
    scales.push_back(metricScale(results_, metric_));
    const bool maximize = metricIsMaximized(metric_);

    const double top = rect.top() + fm.height() * 3.2, bottom = rect.bottom() - sm.height() * 2.2;
    const double sideLeft = std::max(60.0, fm.horizontalAdvance(shortKnobName(knobs_.value(0))) / 2 + 12);
    const double left = rect.left() + sideLeft, right = rect.right() - 70.0;
    auto xOf = [&](int axis) { return axes == 1 ? (left + right) / 2 : left + (right - left) * axis / (axes - 1); };
    // Better values at the top of the metric axis.
    auto yOf = [&](int axis, double t) {
        if (axis == axes - 1 && !maximize)
            t = 1.0 - t;
        return bottom - t * (bottom - top);
    };

    p.setFont(title);
    p.setPen(Qt::black);
    const int finite = static_cast<int>(std::count_if(results_.begin(), results_.end(), [&](const TrialResult& r) {
        const auto it = r.metrics.find(metric_);
        return it != r.metrics.end() && std::isfinite(it->second);
    }));
    p.drawText(QRectF(rect.left(), rect.top() + 4, rect.width(), fm.height() * 1.4), Qt::AlignHCenter | Qt::AlignTop,
               tr("Knobs → %1 (%2 trials, colour by %1, dark = better)")
                   .arg(QString::fromStdString(metric_))
                   .arg(results_.size()));
    if (results_.empty())
        return;

    // The trials' lines: worst first so that better ones lie on top.
    const KnobScale& m = scales.back();
    std::vector<int> order(results_.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    auto quality = [&](const TrialResult& r) { // 1 = best, 0 = worst, -1 = none
        const auto it = r.metrics.find(metric_);
        if (it == r.metrics.end() || !std::isfinite(it->second))
            return -1.0;
        const double t = m.position(it->second);
        return maximize ? t : 1.0 - t;
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return quality(results_[a]) < quality(results_[b]); });
    int best = -1;
    if (finite > 0)
        best = order.back();
    int selectedIndex = -1;
    for (int i : order)
        if (results_[i].trial == selected_)
            selectedIndex = i;
    p.setClipRect(rect);
    auto pathOf = [&](const TrialResult& r, bool withMetric) {
        QPainterPath path;
        bool started = false;
        for (int a = 0; a < axes; ++a) {
            double t = NAN;
            if (a < axes - 1) {
                const auto it = r.knobs.find(knobs_[a].toStdString());
                if (it != r.knobs.end())
                    t = scales[a].position(it->second);
            } else if (withMetric) {
                t = m.position(r.metrics.at(metric_));
            }
            if (!std::isfinite(t))
                continue;
            const QPointF pt(xOf(a), yOf(a, t));
            if (started)
                path.lineTo(pt);
            else
                path.moveTo(pt);
            started = true;
        }
        return path;
    };
    const double lineWidth = results_.size() > 200 ? 0.8 : 1.4;
    for (int i : order) {
        const TrialResult& r = results_[i];
        const double q = quality(r);
        if (i == best || i == selectedIndex)
            continue;
        QPen pen(q < 0 ? style::mutedColor() : style::sequential(0.92 * (1.0 - q)), lineWidth);
        if (q < 0)
            pen.setStyle(Qt::DashLine);
        QColor c = pen.color();
        c.setAlphaF(q < 0 ? 0.6 : 0.85);
        pen.setColor(c);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawPath(pathOf(r, q >= 0));
    }
    if (best >= 0) {
        p.setPen(QPen(style::alertColor(), 3.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPath(pathOf(results_[best], true));
    }
    if (selectedIndex >= 0 && selectedIndex != best) {
        p.setPen(QPen(Qt::black, 2.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPath(pathOf(results_[selectedIndex], quality(results_[selectedIndex]) >= 0));
    }

    // Axes over the lines, with their names and ticks.
    for (int a = 0; a < axes; ++a) {
        const double x = xOf(a);
        p.setPen(QPen(QColor(60, 60, 60), 1.2));
        p.drawLine(QPointF(x, top), QPointF(x, bottom));
        p.setFont(label);
        p.setPen(Qt::black);
        const QString name = a < axes - 1 ? shortKnobName(knobs_[a]) : QString::fromStdString(metric_);
        QString caption = name;
        if (scales[a].log)
            caption += tr(" (log)");
        p.drawText(QRectF(x - 90, top - fm.height() * 1.6, 180, fm.height() * 1.3), Qt::AlignHCenter | Qt::AlignBottom,
                   caption);
        p.setFont(small);
        auto tick = [&](double t, const QString& text) {
            const double y = yOf(a, t);
            p.setPen(QPen(QColor(60, 60, 60), 1.0));
            p.drawLine(QPointF(x - 4, y), QPointF(x, y));
            // Text on a white pad so that lines do not run through it.
            const double w = sm.horizontalAdvance(text) + 6;
            const QRectF box(x - 6 - w, y - sm.height() / 2, w, sm.height());
            QColor pad(Qt::white);
            pad.setAlphaF(0.8);
            p.fillRect(box, pad);
            p.setPen(Qt::black);
            p.drawText(box, Qt::AlignRight | Qt::AlignVCenter, text);
        };
        const KnobScale& s = scales[a];
        if (s.categorical) {
            for (int c = 0; c < s.categories.size(); ++c)
                tick(s.categories.size() == 1 ? 0.5 : double(c) / (s.categories.size() - 1), s.categories[c]);
        } else {
            for (double v : s.ticks(6))
                tick(s.position(v), tickText(v));
        }
    }
    p.setFont(small);
    p.setPen(style::mutedColor());
    QString foot = tr("vermillion: best trial");
    if (selected_ > 0 && (best < 0 || results_[best].trial != selected_))
        foot += tr(" · black: trial %1").arg(selected_);
    if (finite < static_cast<int>(results_.size()))
        foot += tr(" · grey dashed: no %1 (failed or diverged)").arg(QString::fromStdString(metric_));
    p.drawText(QRectF(rect.left(), rect.bottom() - sm.height() * 1.4, rect.width(), sm.height() * 1.3),
               Qt::AlignHCenter | Qt::AlignVCenter, foot);
}

ParallelCoordinatesView::ParallelCoordinatesView(QWidget* parent)
    : ViewBase(nullptr, parent)
{
    auto* layout = new QVBoxLayout(content());
    layout->setContentsMargins(0, 0, 0, 0);
    canvas_ = new ParallelCoordinatesCanvas(content());
    layout->addWidget(canvas_);
    setEmptyText(tr("The trials of a search appear here as they end."));
}

void ParallelCoordinatesView::setData(const std::vector<TrialResult>& results, const QStringList& knobs,
                                      const std::string& metric, const QStringList& logKnobs)
{
    results_ = results;
    knobs_ = knobs;
    metric_ = metric;
    canvas_->setData(results, knobs, metric, logKnobs);
    setEmptyText(results.empty() ? tr("The trials of a search appear here as they end.") : QString());
}

void ParallelCoordinatesView::setSelectedTrial(int trial)
{
    canvas_->setSelectedTrial(trial);
}

QString ParallelCoordinatesView::csvData() const
{
    SweepResultsModel table;
    table.reset(metric_, knobs_);
    table.setResults(results_);
    return table.csv();
}

} // namespace hs
