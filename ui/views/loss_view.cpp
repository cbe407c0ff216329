#include "views/loss_view.h"

#include "run_model.h"
#include "views/view_style.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace hs {

namespace {

QLineSeries* makeLine(const QString& id, const QString& name, const QColor& color, Qt::PenStyle style = Qt::SolidLine,
                      double width = 2.0)
{
    auto* s = new QLineSeries;
    s->setObjectName(id);
    s->setName(name);
    QPen pen(color, width, style);
    pen.setCosmetic(true);
    s->setPen(pen);
    return s;
}

QScatterSeries* makeMarker(const QString& id, const QString& name, const QColor& color,
                           QScatterSeries::MarkerShape shape, double size)
{
    auto* s = new QScatterSeries;
    s->setObjectName(id);
    s->setName(name);
    s->setMarkerShape(shape);
    s->setMarkerSize(size);
    s->setColor(color);
    s->setBorderColor(Qt::white);
    return s;
}

} // namespace

LossView::LossView(RunModel* model, QWidget* parent)
    : ViewBase(model, parent)
{
    log_ = new QCheckBox(tr("Log scale"));
    log_->setToolTip(tr("Logarithmic loss axis: shows slow late progress and divergence"));

    lossChart_ = style::makeChart();
    setChartTitle(lossChart_, tr("Loss per epoch"));
    trainLoss_ = makeLine("train_loss", tr("training"), style::trainColor());
    valLoss_ = makeLine("val_loss", tr("validation"), style::validationColor());
    best_ = makeMarker("best_epoch", tr("best epoch"), style::markerColor(), QScatterSeries::MarkerShapeStar, 16);
    lrDrops_ = makeMarker("lr_reduced", tr("lr reduced"), style::paletteColor(2), QScatterSeries::MarkerShapeTriangle, 12);
    stopLine_ = makeLine("stopped", tr("stopped early"), style::mutedColor(), Qt::DashLine, 1.5);
    divergedLine_ = makeLine("diverged", tr("diverged"), style::alertColor(), Qt::DashLine, 2.0);
    x_ = style::makeValueAxis(tr("epoch"));
    yLinear_ = style::makeValueAxis(tr("loss"));
    yLog_ = style::makeLogAxis(tr("loss"));
    // The axis not on the chart belongs to the view (a chart owns only the
    // axes added to it); without a parent it leaked with every view.
    yLog_->setParent(this);
    lossChart_->addAxis(x_, Qt::AlignBottom);
    lossChart_->addAxis(yLinear_, Qt::AlignLeft);
    for (QXYSeries* s : {static_cast<QXYSeries*>(trainLoss_), static_cast<QXYSeries*>(valLoss_),
                         static_cast<QXYSeries*>(stopLine_), static_cast<QXYSeries*>(divergedLine_),
                         static_cast<QXYSeries*>(lrDrops_), static_cast<QXYSeries*>(best_)}) {
        lossChart_->addSeries(s);
        s->attachAxis(x_);
        s->attachAxis(yLinear_);
    }
    // A tile too short for the accuracy chart shows accuracy on a right-hand
    // axis of the loss chart instead, so it is never out of sight.
    accOverlay_ = makeLine("accuracy_overlay", tr("accuracy (right)"), style::paletteColor(5), Qt::DotLine, 2.0);
    accRight_ = style::makeValueAxis({});
    setAxisTitle(accRight_, tr("accuracy"), tr("acc."));
    accRight_->setRange(0.0, 1.0);
    accRight_->setGridLineVisible(false);
    lossChart_->addAxis(accRight_, Qt::AlignRight);
    lossChart_->addSeries(accOverlay_);
    accOverlay_->attachAxis(x_);
    accOverlay_->attachAxis(accRight_);
    syncOverlay_.setSeries(accOverlay_);

    accChart_ = style::makeChart();
    setChartTitle(accChart_, tr("Accuracy per epoch"));
    trainAcc_ = makeLine("train_accuracy", tr("training"), style::trainColor());
    valAcc_ = makeLine("val_accuracy", tr("validation"), style::validationColor());
    accX_ = style::makeValueAxis(tr("epoch"));
    accY_ = style::makeValueAxis({});
    setAxisTitle(accY_, tr("accuracy"), tr("acc."));
    accChart_->addAxis(accX_, Qt::AlignBottom);
    accChart_->addAxis(accY_, Qt::AlignLeft);
    for (auto* s : {trainAcc_, valAcc_}) {
        accChart_->addSeries(s);
        s->attachAxis(accX_);
        s->attachAxis(accY_);
    }

    syncTrainLoss_.setSeries(trainLoss_);
    syncValLoss_.setSeries(valLoss_);
    syncTrainAcc_.setSeries(trainAcc_);
    syncValAcc_.setSeries(valAcc_);

    auto* lossView = makeChartView(lossChart_, content());
    accView_ = makeChartView(accChart_, content());
    auto* layout = new QVBoxLayout(content());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* controls = addControlBar(layout);
    controls->addStretch(1);
    controls->addWidget(log_);
    layout->addWidget(lossView, 3);
    layout->addWidget(accView_, 2);

    connect(log_, &QCheckBox::toggled, this, [this] { rebuild(); });
    connect(model_, &RunModel::runReset, this, &LossView::rebuild);
    connect(model_, &RunModel::epochsAppended, this, &LossView::appendEpochs);
    connect(model_, &RunModel::statusChanged, this, [this] {
        // Every update ends with statusChanged; the markers only need it
        // when the run's end (summary) or state changed.
        const int state = (model_->summary() ? 2 : 0) + (model_->running() ? 1 : 0);
        if (state == lastStatus_)
            return;
        lastStatus_ = state;
        updateEmptyState();
        updateAxesAndMarkers();
    });
    rebuild();
}

bool LossView::accuracyShown() const
{
    return !accView_->isHidden();
}

bool LossView::logScale() const
{
    return log_->isChecked();
}

void LossView::setLogScale(bool log)
{
    log_->setChecked(log);
}

void LossView::rebuild()
{
    const bool log = log_->isChecked();
    const bool isLog = lossChart_->axes(Qt::Vertical).contains(yLog_);
    if (log != isLog) {
        QAbstractAxis* from = log ? static_cast<QAbstractAxis*>(yLinear_) : yLog_;
        QAbstractAxis* to = log ? static_cast<QAbstractAxis*>(yLog_) : yLinear_;
        lossChart_->removeAxis(from); // detaches the series; the chart keeps ownership? no: give it back below
        from->setParent(this);
        lossChart_->addAxis(to, Qt::AlignLeft);
        for (auto* s : lossChart_->series())
            if (s != accOverlay_)
                s->attachAxis(to);
    }
    const QString lossTitle = style::lossAxisTitle(model_->setup());
    setAxisTitle(yLinear_, lossTitle, tr("loss"));
    setAxisTitle(yLog_, lossTitle + tr(", log scale"), tr("loss (log)"));
    for (auto* sync : {&syncTrainLoss_, &syncValLoss_}) {
        sync->setPositiveOnly(log);
        sync->reset();
    }
    syncTrainAcc_.reset();
    syncValAcc_.reset();
    syncOverlay_.reset();
    resetScan();
    appendEpochs();
    onResize();
}

void LossView::onResize()
{
    // A tile too short for two readable charts shows the loss only.
    const bool classification = model_->setup().task == Task::Classification;
    const bool show = classification && height() >= 340;
    // isHidden(), not isVisibleTo(): the content may be hidden behind the
    // empty state, and the chart's own flag is what must change.
    if (accView_->isHidden() == show)
        accView_->setVisible(show);
    overlay_ = classification && !show;
    accRight_->setVisible(overlay_);
    // Points for the width the charts now have (both charts are as wide).
    const std::size_t budget = displayBudgetForWidth(width());
    bool redraw = false;
    for (auto* sync : {&syncTrainLoss_, &syncValLoss_, &syncTrainAcc_, &syncValAcc_, &syncOverlay_})
        redraw |= sync->setBudget(budget);
    if (redraw)
        appendEpochs(); // calls updateAxesAndMarkers()
    else
        updateAxesAndMarkers();
}

void LossView::appendEpochs()
{
    const auto& h = model_->history();
    const std::size_t n = h.size();
    auto x = [&h](std::size_t i) { return double(h[i].epoch); };
    syncTrainLoss_.update(n, x, [&h](std::size_t i) { return std::optional<double>(h[i].trainLoss); });
    syncValLoss_.update(n, x, [&h](std::size_t i) { return h[i].valLoss; });
    if (model_->setup().task == Task::Classification) {
        syncTrainAcc_.update(n, x, [&h](std::size_t i) { return h[i].trainAccuracy; });
        syncValAcc_.update(n, x, [&h](std::size_t i) { return h[i].valAccuracy; });
        // The overlay shows the accuracy that tells about generalization:
        // validation's when there is a validation set.
        const bool val = n > 0 && h.front().valAccuracy.has_value();
        overlayOfValidation_ = val;
        syncOverlay_.update(n, x, [&h, val](std::size_t i) { return val ? h[i].valAccuracy : h[i].trainAccuracy; });
    }
    updateEmptyState();
    updateAxesAndMarkers();
}

void LossView::updateEmptyState()
{
    if (!model_->history().empty())
        setEmptyText({});
    else if (const auto& s = model_->summary(); s && !s->message.empty())
        setEmptyText(tr("No epoch was completed: %1").arg(QString::fromStdString(s->message)));
    else if (model_->running())
        setEmptyText(tr("Training… the loss curves appear after the first epoch"));
    else
        setEmptyText(tr("Press Train to see the loss curves"));
}

void LossView::updateAxesAndMarkers()
{
    const auto& h = model_->history();
    const auto& summary = model_->summary();
    const bool log = log_->isChecked();
    double lastEpoch = h.empty() ? 1.0 : double(h.back().epoch);
    if (model_->running())
        lastEpoch = style::liveEpochEnd(lastEpoch, model_->setup().config.training.epochs);
    style::setEpochRange(x_, h.empty() ? 0.0 : double(h.front().epoch) - 1, lastEpoch, xTicksFor(lossChart_));
    style::setEpochRange(accX_, h.empty() ? 0.0 : double(h.front().epoch) - 1, lastEpoch, xTicksFor(accChart_));

    // Loss range from what is drawn (decimation keeps the extremes).
    double lo = INFINITY, hi = -INFINITY;
    for (auto* s : {trainLoss_, valLoss_})
        if (auto e = yExtent(s)) {
            lo = std::min(lo, e->first);
            hi = std::max(hi, e->second);
        }
    if (!std::isfinite(lo)) {
        lo = log ? 0.1 : 0.0;
        hi = 1.0;
    }
    double yMin, yMax;
    if (log) {
        style::setDecadeRange(yLog_, lo, hi, decadeTicksFor(lossChart_));
        yMin = yLog_->min();
        yMax = yLog_->max();
    } else {
        style::setNiceRange(yLinear_, lo, hi, false, -INFINITY, INFINITY, yTicksFor(lossChart_));
        yMin = yLinear_->min();
        yMax = yLinear_->max();
    }

    // Best epoch: the summary's when the run ended, else the best so far.
    // Scanned incrementally: only the records that arrived since last time.
    if (scanned_ > h.size())
        resetScan();
    bool dropsAdded = false;
    for (; scanned_ < h.size(); ++scanned_) {
        const auto& r = h[scanned_];
        if (scanned_ == 0)
            bestUsesVal_ = r.valLoss.has_value();
        const double v = bestUsesVal_ ? r.valLoss.value_or(INFINITY) : r.trainLoss;
        if (std::isfinite(v) && v < bestValue_) {
            bestValue_ = v;
            bestSoFar_ = r.epoch;
        }
        if (r.lrReduced && std::isfinite(r.trainLoss) && (!log || r.trainLoss > 0)
            && drops_.size() < qsizetype(kDisplayBudget)) {
            drops_ << QPointF(r.epoch, r.trainLoss);
            dropsAdded = true;
        }
    }
    const int best = summary ? summary->bestEpoch : bestSoFar_;
    markedBest_ = 0;
    QList<QPointF> bestPoint;
    if (best > 0) {
        // Records are 1-based and contiguous: epoch e is at index e - first.
        const std::ptrdiff_t i = best - h.front().epoch;
        if (i >= 0 && i < std::ptrdiff_t(h.size())) {
            const auto& r = h[std::size_t(i)];
            const double y = r.valLoss.value_or(r.trainLoss);
            if (std::isfinite(y) && (!log || y > 0)) {
                bestPoint << QPointF(best, y);
                markedBest_ = best;
            }
        }
    }
    best_->replace(bestPoint);
    // A small tile's legend must fit one line: short names there.
    const bool compact = isCompact();
    trainLoss_->setName(compact ? tr("train") : tr("training"));
    valLoss_->setName(compact ? tr("val.") : tr("validation"));
    lrDrops_->setName(compact ? tr("lr cut") : tr("lr reduced"));
    accOverlay_->setName(overlayOfValidation_ ? tr("val. acc.") : tr("acc."));
    if (compact)
        best_->setName(markedBest_ ? tr("best %1").arg(markedBest_) : tr("best"));
    else
        best_->setName(markedBest_ ? (summary && summary->restoredBest ? tr("best epoch %1 (restored)").arg(markedBest_)
                                                                        : tr("best epoch %1").arg(markedBest_))
                                   : tr("best epoch"));
    setSeriesShown(lossChart_, best_, markedBest_ > 0);

    if (dropsAdded || lrDrops_->count() != drops_.size())
        lrDrops_->replace(drops_);
    setSeriesShown(lossChart_, lrDrops_, !drops_.isEmpty());

    const bool stopped = summary && summary->status == RunStatus::StoppedEarly && summary->stoppedEpoch > 0;
    if (stopped) {
        stopLine_->replace({QPointF(summary->stoppedEpoch, yMin), QPointF(summary->stoppedEpoch, yMax)});
        stopLine_->setName(compact ? tr("stop %1").arg(summary->stoppedEpoch)
                                   : tr("stopped early (epoch %1)").arg(summary->stoppedEpoch));
    } else {
        stopLine_->clear();
    }
    setSeriesShown(lossChart_, stopLine_, stopped);

    const bool diverged = summary && summary->status == RunStatus::Diverged && summary->divergedEpoch > 0;
    if (diverged) {
        const int spe = std::max(1, model_->setup().stepsPerEpoch);
        const double x = summary->divergedEpoch - 1 + double(summary->divergedStep) / spe;
        divergedLine_->replace({QPointF(x, yMin), QPointF(x, yMax)});
        divergedLine_->setName(compact ? tr("diverged %1").arg(summary->divergedEpoch)
                                       : tr("diverged (epoch %1, step %2)").arg(summary->divergedEpoch).arg(summary->divergedStep));
        x_->setMax(std::max(x_->max(), std::ceil(x)));
    } else {
        divergedLine_->clear();
    }
    setSeriesShown(lossChart_, divergedLine_, diverged);
    setSeriesShown(lossChart_, valLoss_, valLoss_->count() > 0 || (!h.empty() && h.back().valLoss));

    // Accuracy: a nice range inside [0, 1].
    double alo = INFINITY, ahi = -INFINITY;
    for (auto* s : {trainAcc_, valAcc_})
        if (auto e = yExtent(s)) {
            alo = std::min(alo, e->first);
            ahi = std::max(ahi, e->second);
        }
    if (!std::isfinite(alo)) {
        alo = 0;
        ahi = 1;
    }
    style::setNiceRange(accY_, alo, ahi, false, 0.0, 1.0, yTicksFor(accChart_));
    setSeriesShown(accChart_, valAcc_, valAcc_->count() > 0);
    setSeriesShown(lossChart_, accOverlay_, overlay_ && accOverlay_->count() > 0);
    accRight_->setTickCount(yTicksFor(lossChart_));
}

void LossView::resetScan()
{
    scanned_ = 0;
    bestValue_ = INFINITY;
    bestSoFar_ = 0;
    bestUsesVal_ = false;
    drops_.clear();
}

QString LossView::csvData() const
{
    QString out = QStringLiteral("epoch,train_loss,val_loss,train_accuracy,val_accuracy,lr,lr_reduced\n");
    auto num = [](const std::optional<double>& v) {
        return v ? QString::number(*v, 'g', 9) : QString();
    };
    for (const auto& r : model_->history())
        out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                   .arg(r.epoch)
                   .arg(num(r.trainLoss), num(r.valLoss), num(r.trainAccuracy), num(r.valAccuracy), num(r.lr))
                   .arg(r.lrReduced ? 1 : 0);
    return out;
}

} // namespace hs
