#include "views/knob_scatter_view.h"

#include "sweep_results_model.h"
#include "views/knob_scale.h"
#include "views/view_style.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace hs {

namespace {

QAbstractAxis* numericAxis(bool log, const QString& title, double lo, double hi)
{
    if (log) {
        auto* axis = style::makeLogAxis(title);
        style::setDecadeRange(axis, lo, hi);
        return axis;
    }
    auto* axis = style::makeValueAxis(title);
    style::setNiceRange(axis, lo, hi);
    return axis;
}

} // namespace

KnobScatterView::KnobScatterView(QWidget* parent)
    : ViewBase(nullptr, parent)
{
    auto* layout = new QVBoxLayout(content());
    layout->setContentsMargins(0, 0, 0, 0);
    QHBoxLayout* bar = addControlBar(layout);
    bar->addWidget(new QLabel(tr("Knob:")));
    knobBox_ = new QComboBox;
    knobBox_->setObjectName(QStringLiteral("scatterKnob"));
    knobBox_->setToolTip(tr("The swept knob on the horizontal axis"));
    bar->addWidget(knobBox_);
    bar->addStretch(1);
    chart_ = style::makeChart();
    layout->addWidget(makeChartView(chart_, content()), 1);
    connect(knobBox_, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
    setEmptyText(tr("The trials of a search appear here as they end."));
}

void KnobScatterView::setData(const std::vector<TrialResult>& results, const QStringList& knobs,
                              const std::string& metric, const QStringList& logKnobs)
{
    results_ = results;
    metric_ = metric;
    logKnobs_ = logKnobs;
    if (knobs != knobs_) {
        knobs_ = knobs;
        const QSignalBlocker block(knobBox_);
        knobBox_->clear();
        for (const QString& k : knobs)
            knobBox_->addItem(shortKnobName(k), k);
        // A log-uniform rate is usually the knob that matters most: show it first.
        if (!logKnobs.isEmpty())
            knobBox_->setCurrentIndex(std::max(0, knobBox_->findData(logKnobs.first())));
    }
    rebuild();
}

void KnobScatterView::setKnob(const QString& key)
{
    const int i = knobBox_->findData(key);
    if (i >= 0)
        knobBox_->setCurrentIndex(i);
}

QString KnobScatterView::knob() const
{
    return knobBox_->currentData().toString();
}

void KnobScatterView::setSelectedTrial(int trial)
{
    if (trial == selected_)
        return;
    selected_ = trial;
    rebuild();
}

void KnobScatterView::rebuild()
{
    chart_->removeAllSeries();
    for (QAbstractAxis* a : chart_->axes())
        chart_->removeAxis(a), delete a;
    const QString key = knob();
    if (results_.empty() || key.isEmpty()) {
        setEmptyText(tr("The trials of a search appear here as they end."));
        return;
    }
    setEmptyText({});
    const KnobScale xs = knobScale(results_, key.toStdString(), logKnobs_.contains(key));
    const KnobScale ys = metricScale(results_, metric_);
    xLog_ = xs.log;
    yLog_ = ys.log;
    xCategorical_ = xs.categorical;
    const QString metric = QString::fromStdString(metric_);
    setChartTitle(chart_, tr("%1 against %2").arg(metric, shortKnobName(key)));

    auto* trials = new QScatterSeries;
    trials->setName(tr("trials"));
    trials->setObjectName(QStringLiteral("trials"));
    trials->setColor(style::trainColor());
    trials->setBorderColor(style::trainColor().darker(130));
    trials->setMarkerSize(9);
    auto* best = new QScatterSeries;
    best->setName(tr("best"));
    best->setObjectName(QStringLiteral("best"));
    best->setColor(style::alertColor());
    best->setBorderColor(Qt::black);
    best->setMarkerSize(15);
    auto* selected = new QScatterSeries;
    selected->setName(tr("selected"));
    selected->setObjectName(QStringLiteral("selected"));
    selected->setColor(Qt::transparent);
    selected->setBorderColor(Qt::black);
    selected->setPen(QPen(Qt::black, 2.2));
    selected->setMarkerSize(20);

    const bool maximize = metricIsMaximized(metric_);
    int bestIndex = -1;
    for (std::size_t i = 0; i < results_.size(); ++i) {
        const auto m = results_[i].metrics.find(metric_);
        if (m == results_[i].metrics.end() || !std::isfinite(m->second))
            continue;
        const double v = m->second;
        const double bv = bestIndex < 0 ? 0.0 : results_[static_cast<std::size_t>(bestIndex)].metrics.at(metric_);
        if (bestIndex < 0 || (maximize ? v > bv : v < bv))
            bestIndex = static_cast<int>(i);
    }
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    for (std::size_t i = 0; i < results_.size(); ++i) {
        const TrialResult& r = results_[i];
        const auto k = r.knobs.find(key.toStdString());
        const auto m = r.metrics.find(metric_);
        if (k == r.knobs.end() || m == r.metrics.end() || !std::isfinite(m->second))
            continue;
        double x = NAN;
        if (xs.categorical)
            x = xs.categories.indexOf(categoryOf(k->second));
        else if (k->second.is_number())
            x = k->second.get<double>();
        const double y = m->second;
        if (!std::isfinite(x) || (xs.log && x <= 0) || (ys.log && y <= 0))
            continue;
        const QPointF pt(x, y);
        (static_cast<int>(i) == bestIndex ? best : trials)->append(pt);
        if (r.trial == selected_)
            selected->append(pt);
        xlo = std::min(xlo, x), xhi = std::max(xhi, x), ylo = std::min(ylo, y), yhi = std::max(yhi, y);
    }
    for (QScatterSeries* s : {trials, best, selected})
        chart_->addSeries(s);
    if (!(xlo <= xhi)) {
        xlo = 0, xhi = 1, ylo = ys.log ? 0.1 : 0, yhi = 1;
    }

    QAbstractAxis* x = nullptr;
    const QString xTitle = xs.log ? tr("%1 (log scale)").arg(key) : key;
    if (xs.categorical) {
        auto* axis = new QCategoryAxis;
        axis->setTitleText(key);
        axis->setTitleFont(style::labelFont());
        axis->setLabelsFont(style::smallFont());
        axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        axis->setRange(-0.5, xs.categories.size() - 0.5);
        for (int c = 0; c < xs.categories.size(); ++c)
            axis->append(xs.categories[c], c);
        axis->setGridLineVisible(false);
        x = axis;
    } else {
        x = numericAxis(xs.log, xTitle, xlo, xhi);
    }
    const QString yTitle = QStringLiteral("%1 (%2 is better)").arg(metric, maximize ? tr("higher") : tr("lower"));
    QAbstractAxis* y = numericAxis(ys.log, yTitle, ylo, yhi);
    chart_->addAxis(x, Qt::AlignBottom);
    chart_->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : chart_->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
}

QString KnobScatterView::csvData() const
{
    QString out = QStringLiteral("trial,%1,%2\n").arg(knob(), QString::fromStdString(metric_));
    const std::string key = knob().toStdString();
    for (const TrialResult& r : results_) {
        const auto k = r.knobs.find(key);
        const auto m = r.metrics.find(metric_);
        if (k == r.knobs.end() || m == r.metrics.end() || !std::isfinite(m->second))
            continue;
        QString value = categoryOf(k->second);
        if (value.contains(QLatin1Char(',')))
            value = QLatin1Char('"') + value.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
        out += QStringLiteral("%1,%2,%3\n").arg(r.trial).arg(value).arg(m->second, 0, 'g', 17);
    }
    return out;
}

} // namespace hs
