#include "views/gradient_view.h"

#include "views/axis_title_fit.h"

#include "run_model.h"
#include "views/view_style.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QFontMetricsF>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace hs {

namespace {

constexpr double kLogFloor = 1e-12; // zero values are drawn here on log axes

void swapVerticalAxis(QChart* chart, QAbstractAxis* to, QObject* keeper)
{
    const auto current = chart->axes(Qt::Vertical);
    if (current.contains(to))
        return;
    for (auto* from : current) {
        chart->removeAxis(from);
        from->setParent(keeper);
    }
    chart->addAxis(to, Qt::AlignLeft);
    for (auto* s : chart->series())
        s->attachAxis(to);
}

QString metricTitle(GradientView::Metric m)
{
    switch (m) {
    case GradientView::Metric::GradNorm: return QObject::tr("gradient norm ‖∇θ‖, log scale");
    case GradientView::Metric::UpdateRatio: return QObject::tr("update ratio ‖Δθ‖ / ‖θ‖, log scale");
    case GradientView::Metric::WeightNorm: return QObject::tr("weight norm ‖W‖, log scale");
    case GradientView::Metric::DeadFraction: return QObject::tr("dead ReLU units (fraction)");
    case GradientView::Metric::SaturatedFraction: return QObject::tr("saturated outputs (fraction)");
    }
    return {};
}

QString metricShortTitle(GradientView::Metric m)
{
    switch (m) {
    case GradientView::Metric::GradNorm: return QObject::tr("‖∇θ‖ (log)");
    case GradientView::Metric::UpdateRatio: return QObject::tr("‖Δθ‖/‖θ‖ (log)");
    case GradientView::Metric::WeightNorm: return QObject::tr("‖W‖ (log)");
    case GradientView::Metric::DeadFraction: return QObject::tr("dead");
    case GradientView::Metric::SaturatedFraction: return QObject::tr("saturated");
    }
    return {};
}

QString metricName(GradientView::Metric m)
{
    switch (m) {
    case GradientView::Metric::GradNorm: return QObject::tr("Gradient norm");
    case GradientView::Metric::UpdateRatio: return QObject::tr("Update ratio");
    case GradientView::Metric::WeightNorm: return QObject::tr("Weight norm");
    case GradientView::Metric::DeadFraction: return QObject::tr("Dead units");
    case GradientView::Metric::SaturatedFraction: return QObject::tr("Saturated outputs");
    }
    return {};
}

QLineSeries* bandEdge(QObject* parent)
{
    auto* s = new QLineSeries(parent);
    return s;
}

QAreaSeries* makeBand(const QString& id, const QString& name, QLineSeries* upper, QLineSeries* lower, QColor color)
{
    auto* band = new QAreaSeries(upper, lower);
    band->setObjectName(id);
    band->setName(name);
    color.setAlpha(45);
    band->setBrush(color);
    QColor edge = color;
    edge.setAlpha(120);
    band->setPen(QPen(edge, 1.0, Qt::DotLine));
    return band;
}

} // namespace

GradientView::GradientView(RunModel* model, QWidget* parent)
    : ViewBase(model, parent)
{
    metric_ = new QComboBox;
    for (Metric m : {Metric::GradNorm, Metric::UpdateRatio, Metric::WeightNorm, Metric::DeadFraction,
                     Metric::SaturatedFraction})
        metric_->addItem(metricName(m), int(m));

    lines_ = style::makeChart();
    x_ = style::makeValueAxis(tr("epoch"));
    yLinear_ = style::makeValueAxis({});
    yLinear_->setParent(this); // until the linear scale is chosen, the chart does not own it
    yLog_ = style::makeLogAxis({});
    lines_->addAxis(x_, Qt::AlignBottom);
    lines_->addAxis(yLog_, Qt::AlignLeft);

    vanishingLo_ = bandEdge(this);
    vanishingHi_ = bandEdge(this);
    explodingLo_ = bandEdge(this);
    explodingHi_ = bandEdge(this);
    vanishing_ = makeBand("vanishing", tr("vanishing (&lt; 1e-5)"), vanishingHi_, vanishingLo_, style::paletteColor(4));
    exploding_ = makeBand("exploding", tr("exploding (&gt; 1e3)"), explodingHi_, explodingLo_, style::alertColor());
    for (auto* band : {vanishing_, exploding_}) {
        lines_->addSeries(band);
        band->attachAxis(x_);
        band->attachAxis(yLog_);
    }

    bars_ = style::makeChart();
    bars_->legend()->hide();
    // Layer l's bar stands at x = l on a value axis: its labels thin out by
    // a tick interval, where a category axis would give every layer a slot
    // and elide each label that does not fit it.
    barX_ = new QValueAxis;
    barX_->setTickType(QValueAxis::TicksDynamic);
    barX_->setTickAnchor(1.0);
    barX_->setTitleText(tr("layer"));
    QFont tf = style::labelFont();
    tf.setBold(true);
    barX_->setTitleFont(tf);
    barX_->setLabelsFont(style::smallFont());
    barX_->setGridLineVisible(false);
    barLinear_ = style::makeValueAxis({});
    barLinear_->setParent(this);
    barLog_ = style::makeLogAxis({});
    // The bars share the lines' ticks: where the labels do not fit beside
    // the bars, the lines' axis reads for both.
    setLabelsRepeated(barLinear_);
    setLabelsRepeated(barLog_);
    bars_->addAxis(barX_, Qt::AlignBottom);
    bars_->addAxis(barLog_, Qt::AlignLeft);

    auto* layout = new QVBoxLayout(content());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* controls = addControlBar(layout);
    controls->addWidget(new QLabel(tr("Show:")));
    controls->addWidget(metric_);
    controls->addStretch(1);
    bandNote_ = new QLabel;
    bandNote_->setObjectName(QStringLiteral("bandNote"));
    bandNote_->setTextFormat(Qt::RichText);
    bandNote_->hide();
    controls->addWidget(bandNote_);
    auto* charts = new QHBoxLayout;
    charts->setSpacing(0);
    charts->addWidget(makeChartView(lines_, content()), 5);
    charts->addWidget(makeChartView(bars_, content()), 2);
    layout->addLayout(charts, 1);

    connect(bars_, &QChart::plotAreaChanged, this, &GradientView::updateBarWidths);
    connect(metric_, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
    connect(model_, &RunModel::runReset, this, &GradientView::rebuild);
    connect(model_, &RunModel::epochsAppended, this, &GradientView::appendEpochs);
    connect(model_, &RunModel::weightsChanged, this, [this] {
        // Layer labels learn the output width from the weights.
        for (std::size_t l = 0; l < layerLines_.size(); ++l)
            layerLines_[l]->setName(style::layerLabel(model_->setup(), int(l), model_->weights()));
    });
    connect(model_, &RunModel::statusChanged, this, [this] {
        if (model_->history().empty())
            updateEmptyText();
        // The epoch axis grows in steps while the run is live and fits the
        // data once it has ended.
        if (model_->running() != wasRunning_) {
            wasRunning_ = model_->running();
            updateAxesAndBars();
        }
    });
    rebuild();
}

GradientView::Metric GradientView::metric() const
{
    return Metric(metric_->currentData().toInt());
}

void GradientView::setMetric(Metric metric)
{
    metric_->setCurrentIndex(metric_->findData(int(metric)));
}

double GradientView::valueOf(const LayerStats& s, Metric m)
{
    switch (m) {
    case Metric::GradNorm: return s.gradNorm;
    case Metric::UpdateRatio: return s.updateRatio;
    case Metric::WeightNorm: return s.weightNorm;
    case Metric::DeadFraction: return s.deadFraction;
    case Metric::SaturatedFraction: return s.saturatedFraction;
    }
    return 0.0;
}

QString GradientView::metricKey(Metric m)
{
    switch (m) {
    case Metric::GradNorm: return QStringLiteral("grad_norm");
    case Metric::UpdateRatio: return QStringLiteral("update_ratio");
    case Metric::WeightNorm: return QStringLiteral("weight_norm");
    case Metric::DeadFraction: return QStringLiteral("dead_fraction");
    case Metric::SaturatedFraction: return QStringLiteral("saturated_fraction");
    }
    return {};
}

bool GradientView::isLogMetric(Metric m)
{
    return m == Metric::GradNorm || m == Metric::UpdateRatio || m == Metric::WeightNorm;
}

void GradientView::rebuild()
{
    const Metric m = metric();
    const bool log = isLogMetric(m);
    const int layers = std::max(0, model_->setup().layerCount);

    // One line and one bar per layer; recreated only when the count changes.
    if (int(layerLines_.size()) != layers) {
        for (auto* s : layerLines_) {
            lines_->removeSeries(s);
            delete s;
        }
        for (auto* s : layerBars_) {
            bars_->removeSeries(s);
            delete s;
        }
        layerLines_.clear();
        layerBars_.clear();
        syncs_.clear();
        for (int l = 0; l < layers; ++l) {
            auto* line = new QLineSeries;
            line->setObjectName(QStringLiteral("layer_%1").arg(l + 1));
            QPen pen(style::layerColor(l), 2.0);
            pen.setCosmetic(true);
            line->setPen(pen);
            lines_->addSeries(line);
            line->attachAxis(x_);
            line->attachAxis(lines_->axes(Qt::Vertical).value(0));
            layerLines_.push_back(line);
            syncs_.emplace_back(line);
            syncs_.back().setBudget(displayBudgetForWidth(0.65 * width()));

            auto* bar = new QLineSeries;
            bar->setObjectName(QStringLiteral("bar_%1").arg(l + 1));
            QPen barPen(style::layerColor(l), 24.0, Qt::SolidLine, Qt::FlatCap);
            bar->setPen(barPen);
            bars_->addSeries(bar);
            bar->attachAxis(barX_);
            bar->attachAxis(bars_->axes(Qt::Vertical).value(0));
            layerBars_.push_back(bar);
        }
        barLabelStep_ = 0;
        relabelBars();
        // Deep nets: the numbered bars beside the plot, in the lines' colours,
        // are the key, and a note above names the shaded bands. A legend of
        // every layer would not fit a tile: Qt cuts it off, and the last
        // layers' colours would be named nowhere.
        keyedByBars_ = layers > kLegendLayers;
        lines_->legend()->setVisible(!keyedByBars_);
        lines_->legend()->setAlignment(layers > 4 ? Qt::AlignRight : Qt::AlignTop);
        barX_->setRange(0.5, std::max(1, layers) + 0.5);
    }
    for (int l = 0; l < layers; ++l)
        layerLines_[std::size_t(l)]->setName(style::layerLabel(model_->setup(), l, model_->weights()));

    swapVerticalAxis(lines_, log ? static_cast<QAbstractAxis*>(yLog_) : yLinear_, this);
    swapVerticalAxis(bars_, log ? static_cast<QAbstractAxis*>(barLog_) : barLinear_, this);
    setAxisTitle(yLog_, metricTitle(m), metricShortTitle(m));
    setAxisTitle(yLinear_, metricTitle(m), metricShortTitle(m));
    // The bars share the lines' axis title; repeating it only crowds them.
    barLog_->setTitleVisible(false);
    barLinear_->setTitleVisible(false);
    setChartTitle(lines_, tr("%1 per layer").arg(metricName(m)));
    for (auto& sync : syncs_)
        sync.reset();
    appendEpochs();
}

void GradientView::appendEpochs()
{
    const auto& h = model_->history();
    const Metric m = metric();
    const bool log = isLogMetric(m);
    auto x = [&h](std::size_t i) { return double(h[i].epoch); };
    for (std::size_t l = 0; l < syncs_.size(); ++l)
        syncs_[l].update(h.size(), x, [&](std::size_t i) -> std::optional<double> {
            if (l >= h[i].layers.size())
                return std::nullopt;
            const double v = valueOf(h[i].layers[l], m);
            return log ? std::max(v, kLogFloor) : v;
        });
    updateEmptyText();
    updateAxesAndBars();
}

void GradientView::onResize()
{
    const std::size_t budget = displayBudgetForWidth(0.65 * width()) /* the lines take about two thirds, the bars the rest */;
    bool redraw = false;
    for (auto& sync : syncs_)
        redraw |= sync.setBudget(budget);
    if (redraw)
        appendEpochs(); // calls updateAxesAndBars()
    else
        updateAxesAndBars();
}

void GradientView::updateEmptyText()
{
    if (!model_->history().empty())
        setEmptyText({});
    else if (const auto& s = model_->summary(); s && !s->message.empty())
        setEmptyText(tr("No epoch was completed: %1").arg(QString::fromStdString(s->message)));
    else
        setEmptyText(model_->running() ? tr("Training… gradients appear after the first epoch")
                                       : tr("Press Train to see the gradients per layer"));
}

void GradientView::updateAxesAndBars()
{
    const auto& h = model_->history();
    const Metric m = metric();
    const bool log = isLogMetric(m);
    double lastEpoch = h.empty() ? 1.0 : double(h.back().epoch);
    if (model_->running())
        lastEpoch = style::liveEpochEnd(lastEpoch, model_->setup().config.training.epochs);
    style::setEpochRange(x_, h.empty() ? 0.0 : h.front().epoch - 1.0, lastEpoch, xTicksFor(lines_));

    double lo = INFINITY, hi = -INFINITY;
    for (auto* s : layerLines_)
        if (auto e = yExtent(s)) {
            lo = std::min(lo, e->first);
            hi = std::max(hi, e->second);
        }
    double yMin = 0, yMax = 1;
    if (log) {
        if (!std::isfinite(lo)) {
            lo = 1e-3;
            hi = 1.0;
        }
        // The bars share the lines' ticks, so the two read as one scale.
        const int ticks = decadeTicksFor(lines_);
        style::setDecadeRange(yLog_, lo, hi, ticks);
        style::setDecadeRange(barLog_, lo, hi, ticks);
        yMin = yLog_->min();
        yMax = yLog_->max();
    } else {
        if (!std::isfinite(lo))
            hi = 1.0;
        style::setNiceRange(yLinear_, 0.0, std::clamp(hi, 0.05, 1.0), true, 0.0, 1.0);
        barLinear_->setRange(yLinear_->min(), yLinear_->max());
        barLinear_->setTickType(yLinear_->tickType());
        barLinear_->setTickAnchor(yLinear_->tickAnchor());
        barLinear_->setTickInterval(yLinear_->tickInterval());
        barLinear_->setLabelFormat(yLinear_->labelFormat());
        yMin = yLinear_->min();
    }

    // Bands, clipped to the visible range.
    const bool bands = m == Metric::GradNorm && !h.empty();
    const double x0 = x_->min(), x1 = x_->max();
    const bool showVanishing = bands && yMin < kVanishing;
    const bool showExploding = bands && yMax > kExploding;
    if (showVanishing) {
        vanishingLo_->replace({QPointF(x0, yMin), QPointF(x1, yMin)});
        const double top = std::min(kVanishing, yMax);
        vanishingHi_->replace({QPointF(x0, top), QPointF(x1, top)});
    }
    if (showExploding) {
        const double bottom = std::max(kExploding, yMin);
        explodingLo_->replace({QPointF(x0, bottom), QPointF(x1, bottom)});
        explodingHi_->replace({QPointF(x0, yMax), QPointF(x1, yMax)});
    }
    setSeriesShown(lines_, vanishing_, showVanishing);
    setSeriesShown(lines_, exploding_, showExploding);
    QStringList shaded;
    for (auto [shown, band] : {std::pair{showVanishing, vanishing_}, std::pair{showExploding, exploding_}})
        if (shown)
            shaded << QStringLiteral("<span style=\"color:%1\">&#9632;</span> %2")
                          .arg(band->pen().color().name(), band->name());
    const QString note = shaded.isEmpty() ? QString() : tr("shaded: %1").arg(shaded.join(QStringLiteral(" &nbsp; ")));
    if (bandNote_->text() != note)
        bandNote_->setText(note);
    bandNote_->setVisible(keyedByBars_ && !note.isEmpty());

    // Bars: a thick vertical segment per layer from the axis floor.
    const double barFloor = log ? barLog_->min() : 0.0;
    updateBarWidths();
    for (std::size_t l = 0; l < layerBars_.size(); ++l) {
        auto* bar = layerBars_[l];
        if (h.empty() || l >= h.back().layers.size()) {
            bar->clear();
            continue;
        }
        double v = valueOf(h.back().layers[l], m);
        if (!std::isfinite(v))
            v = log ? yMax : 1.0;
        if (log)
            v = std::max(v, kLogFloor);
        bar->replace({QPointF(l + 1.0, barFloor), QPointF(l + 1.0, v)});
    }
    const QString barTitle = h.empty() ? tr("Latest epoch") : tr("Epoch %1").arg(h.back().epoch);
    setChartTitle(bars_, barTitle, barTitle);
}

void GradientView::relabelBars()
{
    const int layers = int(layerBars_.size());
    const QString format = layers > kLegendLayers ? QStringLiteral("%.0f") : QStringLiteral("L%.0f");
    // Every step-th layer is labelled once labels would be wider than their
    // slots (Qt would elide them to "…").
    const QFontMetricsF metrics(barX_->labelsFont());
    const double needed = metrics.horizontalAdvance(QString(format).replace(QStringLiteral("%.0f"), QString::number(layers))) + 16.0;
    const double slot = layers > 0 ? bars_->plotArea().width() / layers : 0.0;
    int step = 1;
    if (slot > 0)
        while (step < layers && step * slot < needed)
            ++step;
    if (step == barLabelStep_ && barX_->labelFormat() == format)
        return;
    barLabelStep_ = step;
    barX_->setLabelFormat(format);
    barX_->setTickInterval(step);
}

int GradientView::barLabelStep() const
{
    return barLabelStep_;
}

void GradientView::updateBarWidths()
{
    relabelBars();
    const QRectF plot = bars_->plotArea();
    const double slot = layerBars_.empty() ? 24.0 : plot.width() / double(layerBars_.size());
    const double width = std::clamp(slot * 0.6, 4.0, 48.0);
    for (auto* bar : layerBars_) {
        QPen pen = bar->pen();
        if (pen.widthF() != width) {
            pen.setWidthF(width);
            bar->setPen(pen);
        }
    }
}

QString GradientView::csvData() const
{
    const Metric m = metric();
    const auto& h = model_->history();
    QString out = QStringLiteral("epoch");
    for (std::size_t l = 0; l < layerLines_.size(); ++l)
        out += QStringLiteral(",%1_L%2").arg(metricKey(m)).arg(l + 1);
    out += '\n';
    for (const auto& r : h) {
        out += QString::number(r.epoch);
        for (std::size_t l = 0; l < layerLines_.size(); ++l)
            out += ',' + (l < r.layers.size() ? QString::number(valueOf(r.layers[l], m), 'g', 9) : QString());
        out += '\n';
    }
    return out;
}

} // namespace hs
