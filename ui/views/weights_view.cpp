#include "views/weights_view.h"

#include "run_model.h"
#include "views/view_style.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLegend>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace hs {

int WeightsView::binsFor(std::size_t n)
{
    return std::clamp(int(std::ceil(2.0 * std::cbrt(double(n)))), 5, 60);
}

WeightsView::Histogram WeightsView::histogram(const std::vector<float>& values, int bins, double lo, double hi)
{
    Histogram h;
    std::size_t finite = 0, nearZero = 0;
    double vmin = INFINITY, vmax = -INFINITY;
    for (float v : values)
        if (std::isfinite(v)) {
            ++finite;
            vmin = std::min<double>(vmin, v);
            vmax = std::max<double>(vmax, v);
            if (std::abs(v) < kNearZero)
                ++nearZero;
        }
    if (!(lo < hi)) {
        lo = finite ? vmin : -1.0;
        hi = finite ? vmax : 1.0;
    }
    if (hi - lo < 1e-9) {
        lo -= kNearZero;
        hi += kNearZero;
    }
    if (bins <= 0)
        bins = binsFor(finite);
    h.lo = lo;
    h.hi = hi;
    h.values = finite;
    h.counts.assign(std::size_t(bins), 0);
    h.nearZeroFraction = finite ? double(nearZero) / double(finite) : 0.0;
    const double width = (hi - lo) / bins;
    for (float v : values) {
        if (!std::isfinite(v) || v < lo || v > hi)
            continue;
        const int b = std::min(bins - 1, int((v - lo) / width));
        ++h.counts[std::size_t(std::max(0, b))];
    }
    return h;
}

WeightsView::WeightsView(RunModel* model, QWidget* parent)
    : ViewBase(model, parent)
{
    shared_ = new QCheckBox(tr("Shared x range"));
    shared_->setToolTip(tr("Put every layer on the same weight axis"));
    grid_ = new QWidget(content());
    gridLayout_ = new QGridLayout(grid_);
    gridLayout_->setContentsMargins(0, 0, 0, 0);
    gridLayout_->setSpacing(0);
    auto* layout = new QVBoxLayout(content());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* controls = addControlBar(layout);
    controls->addStretch(1);
    controls->addWidget(shared_);
    layout->addWidget(grid_, 1);

    connect(shared_, &QCheckBox::toggled, this, &WeightsView::refresh);
    connect(model_, &RunModel::runReset, this, &WeightsView::refresh);
    connect(model_, &RunModel::weightsChanged, this, &WeightsView::refresh);
    connect(model_, &RunModel::statusChanged, this, [this] {
        if (histograms_.empty())
            refresh();
    });
    refresh();
}

bool WeightsView::sharedRange() const
{
    return shared_->isChecked();
}

void WeightsView::setSharedRange(bool shared)
{
    shared_->setChecked(shared);
}

void WeightsView::ensureCharts(int layers)
{
    if (int(views_.size()) == layers)
        return;
    for (auto* v : views_)
        delete v;
    views_.clear();
    cols_ = 0;
    for (int l = 0; l < layers; ++l) {
        QChart* chart = style::makeChart();
        chart->legend()->hide();
        QFont tf = style::labelFont();
        tf.setBold(true);
        chart->setTitleFont(tf);
        auto* upper = new QLineSeries(chart);
        auto* area = new QAreaSeries(upper);
        area->setObjectName(QStringLiteral("hist_%1").arg(l + 1));
        QColor fill = style::layerColor(l);
        fill.setAlpha(150);
        area->setBrush(fill);
        area->setPen(QPen(style::layerColor(l).darker(120), 1.2));
        chart->addSeries(area);
        auto* x = style::makeValueAxis(tr("weight value"));
        auto* y = style::makeValueAxis(tr("count"));
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        area->attachAxis(x);
        area->attachAxis(y);
        auto* view = makeChartView(chart, grid_);
        view->setMinimumSize(60, 48);
        views_.push_back(view);
    }
    arrangeCharts();
}

void WeightsView::arrangeCharts()
{
    const int n = int(views_.size());
    if (n == 0)
        return;
    // The columns that give the largest cells of a histogram's shape (about
    // 4 : 3) in the grid's area; before layout, a square-ish grid.
    const QSize area = grid_->size();
    int cols = n <= 3 ? n : int(std::ceil(std::sqrt(double(n))));
    if (area.width() > 1 && area.height() > 1) {
        double best = 0;
        for (int c = 1; c <= n; ++c) {
            const int rows = (n + c - 1) / c;
            const double scale = std::min(area.width() / double(c) / 4.0, area.height() / double(rows) / 3.0);
            if (scale > best + 1e-9) {
                best = scale;
                cols = c;
            }
        }
    }
    const int rows = (n + cols - 1) / cols;
    // Too small for readable axes: a miniature of each histogram under its
    // title (Qt Charts would elide every tick label to "…"); maximizing the
    // tile brings the axes back.
    const bool miniature = area.width() > 1 && (area.width() / cols < 170 || area.height() / rows < 130);
    if (cols != cols_) {
        cols_ = cols;
        for (auto* v : views_)
            gridLayout_->removeWidget(v);
        for (int l = 0; l < n; ++l)
            gridLayout_->addWidget(views_[std::size_t(l)], l / cols, l % cols);
        // Equal cells, whatever each chart's size hint (its title's length).
        for (int c = 0; c < gridLayout_->columnCount(); ++c)
            gridLayout_->setColumnStretch(c, c < cols ? 1 : 0);
        for (int r = 0; r < gridLayout_->rowCount(); ++r)
            gridLayout_->setRowStretch(r, r < rows ? 1 : 0);
    }
    miniature_ = miniature;
    for (auto* v : views_)
        for (QAbstractAxis* axis : v->chart()->axes()) { // Qt's setters ignore unchanged values
            axis->setLabelsVisible(!miniature);
            axis->setTitleVisible(!miniature);
        }
}

void WeightsView::refresh()
{
    const auto& weights = model_->weights();
    const int layers = int(weights.size());
    histograms_.clear();
    if (layers == 0) {
        ensureCharts(0);
        setEmptyText(model_->running() ? tr("Training… the weight histograms appear at the first snapshot")
                                       : tr("Press Train to see the weight histograms"));
        return;
    }
    setEmptyText({});
    ensureCharts(layers);

    double lo = 0, hi = 0;
    int bins = 0;
    if (shared_->isChecked()) {
        lo = INFINITY;
        hi = -INFINITY;
        std::size_t most = 0;
        for (const auto& w : weights) {
            for (float v : w)
                if (std::isfinite(v)) {
                    lo = std::min<double>(lo, v);
                    hi = std::max<double>(hi, v);
                }
            most = std::max(most, w.size());
        }
        if (!std::isfinite(lo))
            lo = hi = 0;
        bins = binsFor(most);
    }
    for (int l = 0; l < layers; ++l) {
        Histogram h = histogram(weights[std::size_t(l)], bins, lo, hi);
        QChart* chart = views_[std::size_t(l)]->chart();
        auto* area = static_cast<QAreaSeries*>(chart->series().value(0));
        // Step outline: (x0, 0), (x0, c0), (x1, c0), (x1, c1), …, (xn, 0).
        QList<QPointF> pts;
        const double width = (h.hi - h.lo) / double(h.counts.size());
        pts.reserve(qsizetype(2 * h.counts.size() + 2));
        pts.append(QPointF(h.lo, 0));
        int top = 0;
        for (std::size_t b = 0; b < h.counts.size(); ++b) {
            const double x0 = h.lo + width * double(b);
            pts.append(QPointF(x0, h.counts[b]));
            pts.append(QPointF(x0 + width, h.counts[b]));
            top = std::max(top, h.counts[b]);
        }
        pts.append(QPointF(h.hi, 0));
        area->upperSeries()->replace(pts);
        auto* x = static_cast<QValueAxis*>(chart->axes(Qt::Horizontal).value(0));
        auto* y = static_cast<QValueAxis*>(chart->axes(Qt::Vertical).value(0));
        // Interval before range: Qt Charts lays out every tick of the new range
        // with the old interval, which never ends when a diverged run's
        // weights jump from ±1 to ±1e12.
        const double step = style::niceStep(h.hi - h.lo, std::clamp(xTicksFor(chart) / 2, 2, 5));
        x->setTickType(QValueAxis::TicksDynamic);
        x->setTickAnchor(0.0);
        x->setTickInterval(step);
        x->setRange(h.lo, h.hi);
        x->setLabelFormat(style::tickLabelFormat(step, std::max(std::abs(h.lo), std::abs(h.hi))));
        style::setNiceRange(y, 0, std::max(1.0, top * 1.08), true, -INFINITY, INFINITY, yTicksFor(chart));
        y->setLabelFormat(QStringLiteral("%.0f"));
        if (y->tickInterval() < 1)
            y->setTickInterval(1);
        const QString layer = style::layerLabel(model_->setup(), l, weights);
        const QString zero = QString::number(100.0 * h.nearZeroFraction, 'f', 1);
        // A miniature's cell has room for the layer's name only (Qt would elide the rest).
        setChartTitle(chart, tr("%1 · %2 weights · %3% with |w| &lt; 1e-3").arg(layer).arg(h.values).arg(zero),
                      miniature_ ? tr("L%1").arg(l + 1)
                                 : tr("L%1 · %2% |w| &lt; 1e-3")
                                       .arg(l + 1)
                                       .arg(QString::number(100.0 * h.nearZeroFraction, 'f', 0)));
        histograms_.push_back(std::move(h));
    }
}

QString WeightsView::csvData() const
{
    QString out = QStringLiteral("layer,bin_start,bin_end,count\n");
    for (std::size_t l = 0; l < histograms_.size(); ++l) {
        const auto& h = histograms_[l];
        const double width = (h.hi - h.lo) / double(h.counts.size());
        for (std::size_t b = 0; b < h.counts.size(); ++b)
            out += QStringLiteral("%1,%2,%3,%4\n")
                       .arg(l + 1)
                       .arg(QString::number(h.lo + width * double(b), 'g', 9),
                            QString::number(h.lo + width * double(b + 1), 'g', 9))
                       .arg(h.counts[b]);
    }
    return out;
}

} // namespace hs
