#include "views/learning_rate_view.h"

#include "run_model.h"
#include "views/series_sync.h"
#include "views/view_style.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace hs {

LearningRateView::LearningRateView(RunModel* model, QWidget* parent)
    : ViewBase(model, parent)
{
    log_ = new QCheckBox(tr("Log scale"));
    chart_ = style::makeChart();
    setChartTitle(chart_, tr("Learning rate"));
    planned_ = new QLineSeries;
    planned_->setObjectName("planned");
    planned_->setName(tr("planned schedule"));
    QPen dashed(QColor(0x55, 0x55, 0x55), 1.5, Qt::DashLine);
    dashed.setCosmetic(true);
    planned_->setPen(dashed);
    actual_ = new QLineSeries;
    actual_->setObjectName("actual");
    actual_->setName(tr("actual"));
    QPen solid(style::trainColor(), 3.0);
    solid.setCosmetic(true);
    actual_->setPen(solid);
    x_ = style::makeValueAxis(tr("epoch"));
    yLinear_ = style::makeValueAxis(tr("learning rate"));
    yLog_ = style::makeLogAxis({});
    yLog_->setParent(this); // until the log scale is chosen, the chart does not own it
    setAxisTitle(yLog_, tr("learning rate, log scale"), tr("lr (log)"));
    setAxisTitle(yLinear_, tr("learning rate"), tr("lr"));
    chart_->addAxis(x_, Qt::AlignBottom);
    chart_->addAxis(yLinear_, Qt::AlignLeft);
    // The plan is drawn over the actual rate: where they agree the dashes
    // show on the solid line, where they part both are visible.
    for (auto* s : {actual_, planned_}) {
        chart_->addSeries(s);
        s->attachAxis(x_);
        s->attachAxis(yLinear_);
    }

    auto* layout = new QVBoxLayout(content());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* controls = addControlBar(layout);
    controls->addStretch(1);
    controls->addWidget(log_);
    layout->addWidget(makeChartView(chart_, content()), 1);

    connect(log_, &QCheckBox::toggled, this, [this] { rebuild(); });
    connect(model_, &RunModel::runReset, this, &LearningRateView::rebuild);
    connect(model_, &RunModel::stepsChanged, this, &LearningRateView::updateActual);
    connect(model_, &RunModel::epochsAppended, this, [this] {
        if (model_->steps().empty())
            updateActual();
    });
    rebuild();
}

bool LearningRateView::logScale() const
{
    return log_->isChecked();
}

void LearningRateView::setLogScale(bool log)
{
    log_->setChecked(log);
}

void LearningRateView::rebuild()
{
    const bool log = log_->isChecked();
    if (log != chart_->axes(Qt::Vertical).contains(yLog_)) {
        QAbstractAxis* from = log ? static_cast<QAbstractAxis*>(yLinear_) : yLog_;
        QAbstractAxis* to = log ? static_cast<QAbstractAxis*>(yLog_) : yLinear_;
        chart_->removeAxis(from);
        from->setParent(this);
        chart_->addAxis(to, Qt::AlignLeft);
        for (auto* s : chart_->series())
            s->attachAxis(to);
    }
    const auto& preview = model_->setup().schedulePreview;
    std::vector<XYPoint> points;
    points.reserve(preview.size());
    for (const XYPoint& p : preview)
        if (std::isfinite(p.y) && (!log || p.y > 0))
            points.push_back(p);
    budget_ = displayBudgetForWidth(width());
    planned_->replace(toPoints(points, budget_));
    if (preview.empty())
        setEmptyText(tr("Press Train to see the learning-rate schedule"));
    else
        setEmptyText({});
    updateActual();
}

void LearningRateView::updateActual()
{
    const bool log = log_->isChecked();
    const double spe = std::max(1, model_->setup().stepsPerEpoch);
    std::vector<XYPoint> points;
    const auto& steps = model_->steps();
    if (!steps.empty()) {
        points.reserve(steps.size());
        for (const auto& p : steps)
            if (std::isfinite(p.lr) && (!log || p.lr > 0))
                points.push_back({double(p.step) / spe, p.lr});
    } else {
        for (const auto& r : model_->history())
            if (std::isfinite(r.lr) && (!log || r.lr > 0))
                points.push_back({double(r.epoch), r.lr});
    }
    actual_->replace(toPoints(points, budget_));
    if (!points.empty())
        setEmptyText({});
    updateAxes();
}

void LearningRateView::onResize()
{
    // Redrawn at two points per pixel when the width changed by a quarter.
    const std::size_t budget = displayBudgetForWidth(width());
    if (budget * 4 < budget_ * 3 || budget * 4 > budget_ * 5)
        rebuild();
    else
        updateAxes();
}

void LearningRateView::updateAxes()
{
    double lo = INFINITY, hi = -INFINITY, xMax = 1.0;
    for (auto* s : {planned_, actual_})
        if (auto e = yExtent(s)) {
            lo = std::min(lo, e->first);
            hi = std::max(hi, e->second);
            xMax = std::max(xMax, s->at(s->count() - 1).x());
        }
    xMax = std::max(xMax, double(model_->setup().config.training.epochs));
    style::setEpochRange(x_, 0.0, xMax, xTicksFor(chart_));
    if (!std::isfinite(lo)) {
        lo = 1e-3;
        hi = 1e-1;
    }
    if (log_->isChecked())
        style::setDecadeRange(yLog_, lo, hi, decadeTicksFor(chart_));
    else
        style::setNiceRange(yLinear_, lo, hi * 1.08, true, -INFINITY, INFINITY, yTicksFor(chart_));
}

QString LearningRateView::csvData() const
{
    QString out = QStringLiteral("series,epoch,lr\n");
    for (auto* s : {planned_, actual_})
        for (const QPointF& p : s->points())
            out += QStringLiteral("%1,%2,%3\n").arg(s->objectName(), QString::number(p.x(), 'g', 9),
                                                    QString::number(p.y(), 'g', 9));
    return out;
}

} // namespace hs
