#include "views/curves_view.h"

#include "run_model.h"
#include "views/series_sync.h"
#include "views/view_style.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalBlocker>
#include <QSlider>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace hs {

namespace {

constexpr int kSliderSteps = 1000;

void setUnitAxis(QValueAxis* axis)
{
    axis->setRange(0.0, 1.0);
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setTickCount(6);
    axis->setMinorTickCount(1);
    axis->setLabelFormat(QStringLiteral("%.1f"));
}

QScatterSeries* makePoint(const QString& id)
{
    auto* s = new QScatterSeries;
    s->setObjectName(id);
    s->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    s->setMarkerSize(13);
    s->setColor(style::markerColor());
    s->setBorderColor(Qt::white);
    return s;
}

QString fixed(const std::optional<double>& v, int digits = 3)
{
    return v ? QString::number(*v, 'f', digits) : QStringLiteral("–");
}

} // namespace

CurvesView::CurvesView(RunModel* model, QWidget* parent)
    : ViewBase(model, parent)
{
    subset_ = new QComboBox;
    subset_->addItem(tr("Validation"), int(Subset::Validation));
    subset_->addItem(tr("Test"), int(Subset::Test));
    subset_->setToolTip(tr("The subset the curves are computed on"));
    slider_ = new QSlider(Qt::Horizontal);
    slider_->setRange(0, kSliderSteps);
    slider_->setPageStep(50);
    slider_->setMinimumWidth(40);
    spin_ = new QDoubleSpinBox;
    spin_->setRange(0.0, 1.0);
    spin_->setDecimals(3);
    spin_->setSingleStep(0.01);
    thresholdBox_ = new QWidget;
    auto* tl = new QHBoxLayout(thresholdBox_);
    tl->setContentsMargins(0, 0, 0, 0);
    auto* thresholdLabel = new QLabel(tr("Threshold"));
    thresholdLabel->setToolTip(tr("Decision threshold: p(positive) ≥ threshold → predicted positive"));
    thresholdLabel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred); // the slider gives way, not the word
    tl->addWidget(thresholdLabel);
    tl->addWidget(slider_, 1);
    tl->addWidget(spin_);
    metrics_ = new QLabel;
    metrics_->setContentsMargins(8, 2, 8, 2);
    metrics_->setWordWrap(true);
    metrics_->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    metrics_->setFont(style::labelFont());

    rocChart_ = style::makeChart();
    setChartTitle(rocChart_, tr("ROC curve"), tr("ROC"));
    rocX_ = style::makeValueAxis({});
    rocY_ = style::makeValueAxis({});
    setAxisTitle(rocX_, tr("false positive rate (1 − specificity)"), tr("FPR"));
    setAxisTitle(rocY_, tr("true positive rate (recall)"), tr("TPR"));
    prChart_ = style::makeChart();
    setChartTitle(prChart_, tr("Precision–recall curve"), tr("Precision–recall"));
    prX_ = style::makeValueAxis(tr("recall"));
    prY_ = style::makeValueAxis(tr("precision"));
    for (auto* a : {rocX_, rocY_, prX_, prY_})
        setUnitAxis(a);
    rocChart_->addAxis(rocX_, Qt::AlignBottom);
    rocChart_->addAxis(rocY_, Qt::AlignLeft);
    prChart_->addAxis(prX_, Qt::AlignBottom);
    prChart_->addAxis(prY_, Qt::AlignLeft);

    chance_ = new QLineSeries;
    chance_->setObjectName("chance");
    chance_->setName(tr("chance (AUC 0.5)"));
    chance_->setPen(QPen(style::mutedColor(), 1.5, Qt::DashLine));
    chance_->append(0, 0);
    chance_->append(1, 1);
    rocChart_->addSeries(chance_);
    chance_->attachAxis(rocX_);
    chance_->attachAxis(rocY_);
    noSkill_ = new QLineSeries;
    noSkill_->setObjectName("no_skill");
    noSkill_->setPen(QPen(style::mutedColor(), 1.5, Qt::DashLine));
    prChart_->addSeries(noSkill_);
    noSkill_->attachAxis(prX_);
    noSkill_->attachAxis(prY_);
    rocPoint_ = makePoint("roc_point");
    prPoint_ = makePoint("pr_point");
    // The points are added last (on top) when curves are built.

    auto* layout = new QVBoxLayout(content());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* controls = addControlBar(layout);
    controls->addWidget(new QLabel(tr("Subset:")));
    controls->addWidget(subset_);
    controls->addSpacing(16);
    controls->addWidget(thresholdBox_, 1);
    auto* charts = new QHBoxLayout;
    charts->setSpacing(0);
    charts->addWidget(makeChartView(rocChart_, content()), 1);
    charts->addWidget(makeChartView(prChart_, content()), 1);
    layout->addWidget(metrics_);
    layout->addLayout(charts, 1);

    connect(slider_, &QSlider::valueChanged, this,
            [this](int v) { model_->setThreshold(double(v) / kSliderSteps); });
    connect(spin_, &QDoubleSpinBox::valueChanged, this, [this](double v) { model_->setThreshold(v); });
    connect(subset_, &QComboBox::currentIndexChanged, this, &CurvesView::rebuildCurves);
    connect(model_, &RunModel::runReset, this, &CurvesView::rebuildCurves);
    connect(model_, &RunModel::evaluationChanged, this, &CurvesView::rebuildCurves);
    connect(model_, &RunModel::thresholdChanged, this, &CurvesView::updateThreshold);
    connect(model_, &RunModel::statusChanged, this, [this] {
        if (roc_.empty())
            rebuildCurves();
    });
    rebuildCurves();
}

Subset CurvesView::requestedSubset() const
{
    return Subset(subset_->currentData().toInt());
}

void CurvesView::setSubset(Subset subset)
{
    subset_->setCurrentIndex(subset_->findData(int(subset)));
}

void CurvesView::clearCurves()
{
    for (auto* s : rocSeries_) {
        rocChart_->removeSeries(s);
        delete s;
    }
    for (auto* s : prSeries_) {
        prChart_->removeSeries(s);
        delete s;
    }
    if (macroRoc_) {
        rocChart_->removeSeries(macroRoc_);
        delete macroRoc_;
        macroRoc_ = nullptr;
    }
    macroRocCurve_ = {};
    rocSeries_.clear();
    prSeries_.clear();
    roc_.clear();
    pr_.clear();
    curveClass_.clear();
    positive_.clear();
    scores_.clear();
    point_.reset();
    shown_.reset();
    if (rocChart_->series().contains(rocPoint_))
        rocChart_->removeSeries(rocPoint_);
    if (prChart_->series().contains(prPoint_))
        prChart_->removeSeries(prPoint_);
    rocPoint_->setParent(this);
    prPoint_->setParent(this);
}

void CurvesView::rebuildCurves()
{
    clearCurves();
    const RunSetup& setup = model_->setup();
    if (setup.task != Task::Classification) {
        setEmptyText(tr("ROC and precision-recall curves need a classification task"));
        return;
    }
    const Subset asked = requestedSubset();
    const Subset other = asked == Subset::Validation ? Subset::Test : Subset::Validation;
    const Evaluation* eval = nullptr;
    for (Subset s : {asked, other})
        if (const auto& e = model_->evaluation(s); e && e->labels.size() > 0) {
            eval = &*e;
            shown_ = s;
            break;
        }
    if (!eval) {
        setEmptyText(!model_->setup().holdsOut()
                         ? tr("No curves: this run has no validation or test samples to evaluate. Give the split "
                              "(Data → Train / val / test) a validation or test share.")
                     : model_->running() ? tr("Training… the curves appear at the first evaluation")
                                         : tr("Press Train to see the ROC and precision-recall curves"));
        return;
    }
    if (!eval->valid || eval->probabilities.rows() < 2 || eval->probabilities.cols() != eval->labels.size()
        || !eval->probabilities.allFinite()) {
        setEmptyText(tr("No curves: %1")
                         .arg(eval->problem.empty() ? tr("the model's outputs are not usable probabilities")
                                                    : QString::fromStdString(eval->problem)));
        return;
    }
    setEmptyText({});
    const int k = int(eval->probabilities.rows());
    const Eigen::Index n = eval->labels.size();
    const bool binary = k == 2;
    const auto& report = eval->classification;

    auto addCurve = [&](int cls, const std::vector<int>& positive, const std::vector<double>& scores) {
        RocCurve roc = rocCurve(positive, scores);
        PrCurve pr = precisionRecallCurve(positive, scores);
        const std::optional<double> auc =
            std::size_t(cls) < report.perClassRocAuc.size() ? report.perClassRocAuc[std::size_t(cls)] : std::nullopt;
        const std::optional<double> ap = std::size_t(cls) < report.perClassAveragePrecision.size()
            ? report.perClassAveragePrecision[std::size_t(cls)]
            : std::nullopt;
        const QColor color = binary ? style::trainColor() : style::classColor(cls);
        const QString name = style::classLabel(setup, cls).toHtmlEscaped();
        const int digits = binary ? 3 : 2;

        auto* rs = new QLineSeries;
        rs->setObjectName(QStringLiteral("roc_%1").arg(cls));
        rs->setName(tr("%1 (AUC %2)").arg(name, fixed(auc, digits)));
        QPen pen(color, binary ? 2.5 : 2.0);
        pen.setCosmetic(true);
        rs->setPen(pen);
        std::vector<XYPoint> pts;
        for (std::size_t i = 0; i < roc.fpr.size(); ++i)
            pts.push_back({roc.fpr[i], roc.tpr[i]});
        rs->replace(toPoints(pts));
        rocChart_->addSeries(rs);
        rs->attachAxis(rocX_);
        rs->attachAxis(rocY_);
        rocSeries_.push_back(rs);

        auto* ps = new QLineSeries;
        ps->setObjectName(QStringLiteral("pr_%1").arg(cls));
        ps->setName(tr("%1 (AP %2)").arg(name, fixed(ap, digits)));
        ps->setPen(pen);
        pts.clear();
        // Drawn as steps, as sklearn's PrecisionRecallDisplay does: between
        // recall levels the precision of the higher recall holds, so the area
        // under the drawn curve is the average precision.
        for (std::size_t i = 0; i < pr.recall.size(); ++i) {
            if (i > 0)
                pts.push_back({pr.recall[i], pr.precision[i - 1]});
            pts.push_back({pr.recall[i], pr.precision[i]});
        }
        ps->replace(toPoints(pts));
        prChart_->addSeries(ps);
        ps->attachAxis(prX_);
        ps->attachAxis(prY_);
        prSeries_.push_back(ps);

        roc_.push_back(std::move(roc));
        pr_.push_back(std::move(pr));
        curveClass_.push_back(cls);
    };

    std::vector<int> positive(std::size_t(n), 0);
    std::vector<double> scores(std::size_t(n), 0.0);
    const int first = binary ? 1 : 0;
    double positiveRateSum = 0;
    for (int cls = first; cls < k; ++cls) {
        int positives = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
            positive[std::size_t(i)] = eval->labels[i] == cls ? 1 : 0;
            positives += positive[std::size_t(i)];
            scores[std::size_t(i)] = eval->probabilities(cls, i);
        }
        positiveRateSum += double(positives) / double(n);
        try {
            addCurve(cls, positive, scores);
        } catch (const std::exception& error) {
            clearCurves();
            setEmptyText(tr("No curves: %1").arg(QString::fromUtf8(error.what())));
            return;
        }
        if (binary) {
            positive_ = positive;
            scores_ = scores;
        }
    }
    if (!binary) {
        // scikit-learn's macro-average ROC: per-class TPRs interpolated onto
        // every class's FPRs and averaged, drawn over the classes.
        macroRocCurve_ = macroAverageRoc(roc_);
        if (!macroRocCurve_.fpr.empty()) {
            macroRoc_ = new QLineSeries;
            macroRoc_->setObjectName(QStringLiteral("roc_macro"));
            macroRoc_->setName(tr("macro average (AUC %1)")
                                   .arg(fixed(trapezoidArea(macroRocCurve_.fpr, macroRocCurve_.tpr), 2)));
            QPen pen(style::markerColor(), 3.0, Qt::DashDotLine);
            pen.setCosmetic(true);
            macroRoc_->setPen(pen);
            std::vector<XYPoint> pts;
            for (std::size_t i = 0; i < macroRocCurve_.fpr.size(); ++i)
                pts.push_back({macroRocCurve_.fpr[i], macroRocCurve_.tpr[i]});
            macroRoc_->replace(toPoints(pts));
            rocChart_->addSeries(macroRoc_);
            macroRoc_->attachAxis(rocX_);
            macroRoc_->attachAxis(rocY_);
        }
    }
    const double baseline = positiveRateSum / double(k - first);
    noSkill_->replace({QPointF(0, baseline), QPointF(1, baseline)});
    noSkill_->setName(binary ? tr("no skill (positive rate %1)").arg(QString::number(baseline, 'f', 2))
                             : tr("no skill (mean %1)").arg(QString::number(baseline, 'f', 2)));

    const QString which = *shown_ == Subset::Test ? tr("test set") : tr("validation set");
    if (binary) {
        setChartTitle(rocChart_, tr("ROC curve, %1 — AUC %2").arg(which, fixed(report.rocAuc)),
                      tr("ROC · AUC %1").arg(fixed(report.rocAuc)));
        setChartTitle(prChart_, tr("Precision–recall, %1 — AP %2").arg(which, fixed(report.averagePrecision)),
                      tr("PR · AP %1").arg(fixed(report.averagePrecision)));
    } else {
        setChartTitle(rocChart_, tr("ROC one-vs-rest, %1 — macro AUC %2").arg(which, fixed(report.rocAuc)),
                      // the text above the charts says that the areas are macro averages
                      tr("ROC · AUC %1").arg(fixed(report.rocAuc)));
        setChartTitle(prChart_, tr("Precision–recall one-vs-rest — macro AP %1").arg(fixed(report.averagePrecision)),
                      tr("PR · AP %1").arg(fixed(report.averagePrecision)));
    }
    // Many classes: the legend goes beside the plot (never over it).
    onResize();

    thresholdBox_->setVisible(binary);
    if (binary) {
        rocChart_->addSeries(rocPoint_);
        rocPoint_->attachAxis(rocX_);
        rocPoint_->attachAxis(rocY_);
        prChart_->addSeries(prPoint_);
        prPoint_->attachAxis(prX_);
        prPoint_->attachAxis(prY_);
    }
    updateThreshold();
}

void CurvesView::updateThreshold()
{
    const double t = model_->threshold();
    {
        const QSignalBlocker b1(slider_), b2(spin_);
        slider_->setValue(int(std::lround(t * kSliderSteps)));
        spin_->setValue(t);
    }
    point_.reset();
    if (!shown_) {
        metrics_->clear();
        return;
    }
    std::optional<ClassificationReport> report;
    try {
        report = model_->reportAtThreshold(*shown_);
    } catch (const std::exception&) {
        // An unusable evaluation already shows the empty state.
    }
    if (!positive_.empty()) {
        point_ = operatingPoint(positive_, scores_, t);
        rocPoint_->replace({QPointF(point_->fpr, point_->tpr)});
        prPoint_->replace({QPointF(point_->recall, point_->precision)});
        const QString name = tr("threshold %1").arg(QString::number(t, 'f', 2));
        rocPoint_->setName(name);
        prPoint_->setName(name);
        if (report)
            metrics_->setText(tr("At threshold %1:  accuracy %2 · precision %3 · recall %4 · specificity %5 · F1 %6")
                                  .arg(QString::number(t, 'f', 2), QString::number(report->accuracy, 'f', 3),
                                       QString::number(report->precision, 'f', 3),
                                       QString::number(report->recall, 'f', 3),
                                       QString::number(report->specificity, 'f', 3),
                                       QString::number(report->f1, 'f', 3)));
    } else if (report) {
        metrics_->setText(tr("Macro averages:  accuracy %1 · precision %2 · recall %3 · F1 %4 · ROC AUC %5 · AP %6")
                              .arg(QString::number(report->accuracy, 'f', 3),
                                   QString::number(report->macro.precision, 'f', 3),
                                   QString::number(report->macro.recall, 'f', 3),
                                   QString::number(report->macro.f1, 'f', 3), fixed(report->rocAuc),
                                   fixed(report->averagePrecision)));
    }
}

void CurvesView::onResize()
{
    // Small tiles: the areas are in the titles, the legends would squeeze
    // the plots to nothing. Many classes: the legend beside the plot.
    const bool binary = rocSeries_.size() <= 1;
    for (auto* axis : {rocX_, rocY_, prX_, prY_})
        axis->setTickCount(isCompact() ? 3 : 6);
    for (auto* chart : {rocChart_, prChart_}) {
        chart->legend()->setVisible(!isCompact());
        chart->legend()->setAlignment(binary ? Qt::AlignBottom : Qt::AlignRight);
        chart->legend()->setFont(binary ? style::labelFont() : style::smallFont());
    }
}

QString CurvesView::metricsText() const
{
    return metrics_->text();
}

QString CurvesView::csvData() const
{
    QString out = QStringLiteral("curve,class,x,y,threshold\n");
    auto num = [](double v) { return std::isfinite(v) ? QString::number(v, 'g', 9) : QStringLiteral("inf"); };
    for (std::size_t c = 0; c < roc_.size(); ++c)
        for (std::size_t i = 0; i < roc_[c].fpr.size(); ++i)
            out += QStringLiteral("roc,%1,%2,%3,%4\n")
                       .arg(curveClass_[c])
                       .arg(num(roc_[c].fpr[i]), num(roc_[c].tpr[i]), num(roc_[c].thresholds[i]));
    for (std::size_t i = 0; i < macroRocCurve_.fpr.size(); ++i)
        out += QStringLiteral("roc,macro,%1,%2,\n").arg(num(macroRocCurve_.fpr[i]), num(macroRocCurve_.tpr[i]));
    for (std::size_t c = 0; c < pr_.size(); ++c)
        for (std::size_t i = 0; i < pr_[c].recall.size(); ++i)
            out += QStringLiteral("pr,%1,%2,%3,%4\n")
                       .arg(curveClass_[c])
                       .arg(num(pr_[c].recall[i]), num(pr_[c].precision[i]),
                            i < pr_[c].thresholds.size() ? num(pr_[c].thresholds[i]) : QString());
    return out;
}

} // namespace hs
