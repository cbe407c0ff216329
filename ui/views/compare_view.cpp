#include "views/compare_view.h"

#include "metrics/curves.h"

#include "core/range_check.h"
#include "io/config_diff.h"
#include "io/config_json.h"
#include "views/confusion_view.h"
#include "views/series_sync.h"
#include "views/view_style.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QGridLayout>
#include <QHeaderView>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <set>

namespace hs {

namespace {

enum ChartIndex { LossChart, AccuracyChart, LrChart, GradChart, RocChart, PrChart, ChartCount };

using Points = std::vector<std::pair<double, double>>;

Points perEpoch(const std::vector<EpochRecord>& history, const std::function<std::optional<double>(const EpochRecord&)>& f)
{
    Points out;
    for (const auto& r : history)
        if (const auto v = f(r); v && std::isfinite(*v))
            out.emplace_back(r.epoch, *v);
    return out;
}

// K one-vs-rest ROC curves: scikit-learn's macro average (metrics/curves.h),
// so that K-class runs compare on one curve each; one curve: itself.
Points rocCurveOf(const std::vector<CurvePoints>& curves)
{
    if (curves.size() < 2) {
        Points out;
        if (!curves.empty())
            for (std::size_t i = 0; i < curves.front().x.size(); ++i)
                out.emplace_back(curves.front().x[i], curves.front().y[i]);
        return out;
    }
    std::vector<RocCurve> roc;
    for (const CurvePoints& c : curves)
        roc.push_back(RocCurve{c.x, c.y, {}});
    const RocCurve mean = macroAverageRoc(roc);
    Points out;
    for (std::size_t i = 0; i < mean.fpr.size(); ++i)
        out.emplace_back(mean.fpr[i], mean.tpr[i]);
    return out;
}

Points curve(const std::vector<CurvePoints>& curves)
{
    Points out;
    if (!curves.empty())
        for (std::size_t i = 0; i < curves.front().x.size(); ++i)
            out.emplace_back(curves.front().x[i], curves.front().y[i]);
    return out;
}

QString metricText(const nlohmann::json& metrics, const char* key, bool percent = false)
{
    const auto it = metrics.find(key);
    if (it == metrics.end() || !it->is_number())
        return QStringLiteral("–");
    const double v = it->get<double>();
    return percent ? QStringLiteral("%1 %").arg(v * 100.0, 0, 'f', 1) : style::formatValue(v, 4);
}

} // namespace

CompareView::CompareView(QWidget* parent)
    : ViewBase(nullptr, parent)
{
    auto* layout = new QVBoxLayout(content());
    layout->setContentsMargins(0, 0, 0, 0);
    QHBoxLayout* bar = addControlBar(layout);
    logLoss_ = new QCheckBox(tr("Log loss axis"));
    logLoss_->setObjectName(QStringLiteral("compareLogLoss"));
    logLoss_->setToolTip(tr("A logarithmic loss axis, so that a diverging or a much better run does not squash the others"));
    bar->addWidget(logLoss_);
    bar->addStretch(1);
    connect(logLoss_, &QCheckBox::toggled, this, [this](bool on) {
        charts_[LossChart].log = on;
        rebuild();
    });
    auto* grid = new QGridLayout;
    grid->setSpacing(0);
    const QString ids[ChartCount] = {QStringLiteral("loss"), QStringLiteral("accuracy"), QStringLiteral("lr"),
                                     QStringLiteral("grad_norm"), QStringLiteral("roc"), QStringLiteral("pr")};
    for (int i = 0; i < ChartCount; ++i) {
        Chart c;
        c.chart = style::makeChart();
        c.id = ids[i];
        c.log = i == GradChart || i == LrChart;
        charts_ << c;
        grid->addWidget(makeChartView(c.chart, content()), i / 3, i % 3);
    }
    layout->addLayout(grid, 3);
    // Below the charts: the table, and beside it the confusion matrices.
    auto* bottom = new QHBoxLayout;
    layout->addLayout(bottom, 2);
    confusions_ = new QWidget(content());
    confusions_->setObjectName(QStringLiteral("compareConfusions"));
    new QHBoxLayout(confusions_);
    table_ = new QTableWidget(content());
    table_->setObjectName(QStringLiteral("compareTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setToolTip(tr("Each run's test metrics and the settings that differ between the runs."));
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    bottom->addWidget(table_, 1);
    bottom->addWidget(confusions_, 1);
    setToolTip(tr("Solid lines: training set; dashed: validation set. One colour per run in every chart."));
    rebuild();
}

QColor CompareView::runColor(int index)
{
    return style::paletteColor(index);
}

void CompareView::setLogLoss(bool on)
{
    logLoss_->setChecked(on);
}

bool CompareView::logLoss() const
{
    return logLoss_->isChecked();
}

void CompareView::setRuns(QList<ComparedRun> runs)
{
    runs_ = std::move(runs);
    rebuild();
}

void CompareView::addSeries(Chart& c, int run, const QString& series, const Points& points, bool dashed, bool inLegend)
{
    auto* s = new QLineSeries;
    s->setObjectName(QStringLiteral("%1/%2/%3").arg(c.id, series).arg(run));
    s->setName(runs_[run].name);
    QPen pen(runColor(run), dashed ? 1.5 : 2.0, dashed ? Qt::DashLine : Qt::SolidLine);
    pen.setCosmetic(true);
    s->setPen(pen);
    std::vector<XYPoint> xy;
    for (const auto& [x, y] : points)
        if (!c.log || y > 0)
            xy.push_back({x, y});
    s->replace(toPoints(xy));
    c.chart->addSeries(s);
    if (!inLegend)
        for (QLegendMarker* m : c.chart->legend()->markers(s))
            m->setVisible(false);
}

void CompareView::finishAxes(Chart& c, const QString& xTitle, const QString& yTitle, bool unit)
{
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    for (QAbstractSeries* a : c.chart->series())
        for (const QPointF& p : static_cast<QXYSeries*>(a)->points()) {
            xlo = std::min(xlo, p.x()), xhi = std::max(xhi, p.x());
            ylo = std::min(ylo, p.y()), yhi = std::max(yhi, p.y());
        }
    if (!(xlo <= xhi))
        xlo = 0, xhi = 1, ylo = unit || c.log ? 0.1 : 0, yhi = 1;
    auto* x = style::makeValueAxis(xTitle);
    if (unit)
        style::setNiceRange(x, 0, 1, true, 0, 1);
    else
        style::setEpochRange(x, std::max(0.0, xlo - 1), xhi);
    c.chart->addAxis(x, Qt::AlignBottom);
    QAbstractAxis* y = nullptr;
    if (c.log) {
        auto* axis = style::makeLogAxis(yTitle);
        style::setDecadeRange(axis, ylo, yhi);
        y = axis;
    } else {
        auto* axis = style::makeValueAxis(yTitle);
        if (unit)
            style::setNiceRange(axis, 0, 1, true, 0, 1);
        else
            style::setNiceRange(axis, ylo, yhi);
        y = axis;
    }
    c.chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : c.chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
}

void CompareView::rebuild()
{
    for (Chart& c : charts_) {
        c.chart->removeAllSeries();
        for (QAbstractAxis* a : c.chart->axes())
            c.chart->removeAxis(a), delete a;
    }
    fillConfusions();
    if (runs_.size() < 2) {
        setEmptyText(tr("Select two or more runs in the run history and press Compare (Ctrl+D)"));
        table_->clear();
        return;
    }
    setEmptyText({});
    for (int r = 0; r < runs_.size(); ++r) {
        const auto& h = runs_[r].folder.history;
        addSeries(charts_[LossChart], r, QStringLiteral("train"), perEpoch(h, [](auto& e) { return e.trainLoss; }), false, true);
        addSeries(charts_[LossChart], r, QStringLiteral("val"), perEpoch(h, [](auto& e) { return e.valLoss; }), true, false);
        addSeries(charts_[AccuracyChart], r, QStringLiteral("train"), perEpoch(h, [](auto& e) { return e.trainAccuracy; }), false, true);
        addSeries(charts_[AccuracyChart], r, QStringLiteral("val"), perEpoch(h, [](auto& e) { return e.valAccuracy; }), true, false);
        addSeries(charts_[LrChart], r, QStringLiteral("lr"), perEpoch(h, [](auto& e) { return e.lr; }), false, true);
        // All layers' gradients as one norm: √Σ‖g_l‖², so runs of different depth compare.
        addSeries(charts_[GradChart], r, QStringLiteral("total"), perEpoch(h, [](const EpochRecord& e) {
            double sum = 0.0;
            for (const auto& l : e.layers)
                sum += l.gradNorm * l.gradNorm;
            return std::optional<double>(std::sqrt(sum));
        }), false, true);
        addSeries(charts_[RocChart], r, QStringLiteral("roc"), rocCurveOf(runs_[r].folder.roc), false, true);
        addSeries(charts_[PrChart], r, QStringLiteral("pr"), curve(runs_[r].folder.pr), false, true);
    }
    setChartTitle(charts_[LossChart].chart, tr("Loss (dashed: validation)"), tr("Loss"));
    setChartTitle(charts_[AccuracyChart].chart, tr("Accuracy (dashed: validation)"), tr("Accuracy"));
    setChartTitle(charts_[LrChart].chart, tr("Learning rate"), tr("LR"));
    setChartTitle(charts_[GradChart].chart, tr("Gradient norm, all layers"), tr("Gradient norm"));
    // K classes: the macro-average ROC, and the P-R curve of the first class
    // against the rest (a P-R average needs the scores, not the curves).
    bool multiClass = false;
    QString firstClass;
    for (const auto& run : runs_)
        if (run.folder.pr.size() > 1) {
            multiClass = true;
            firstClass = QString::fromStdString(run.folder.pr.front().className);
        }
    setChartTitle(charts_[RocChart].chart, multiClass ? tr("ROC (test set, macro average)") : tr("ROC (test set)"), tr("ROC"));
    setChartTitle(charts_[PrChart].chart,
                  multiClass ? tr("Precision-recall (test set, %1 vs rest)").arg(firstClass) : tr("Precision-recall (test set)"),
                  tr("P-R"));
    finishAxes(charts_[LossChart], tr("epoch"), tr("loss"), false);
    finishAxes(charts_[AccuracyChart], tr("epoch"), tr("accuracy"), false);
    finishAxes(charts_[LrChart], tr("epoch"), tr("learning rate"), false);
    finishAxes(charts_[GradChart], tr("epoch"), tr("‖∇‖"), false);
    finishAxes(charts_[RocChart], tr("false positive rate"), tr("true positive rate"), true);
    finishAxes(charts_[PrChart], tr("recall"), tr("precision"), true);
    fillTable();
}

// The test confusion matrices side by side, titled by run in its colour;
// regression runs (no matrix) leave the strip hidden.
void CompareView::fillConfusions()
{
    auto* row = static_cast<QHBoxLayout*>(confusions_->layout());
    row->setContentsMargins(8, 4, 8, 4);
    while (QLayoutItem* item = row->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    heatMaps_.clear();
    bool any = false;
    for (int r = 0; r < runs_.size() && runs_.size() >= 2; ++r) {
        const nlohmann::json& m = runs_[r].folder.metrics;
        CountMatrix counts;
        QStringList names;
        if (m.contains("confusion_matrix") && m["confusion_matrix"].is_array() && !m["confusion_matrix"].empty()) {
            const auto& rows = m["confusion_matrix"];
            const auto k = static_cast<Eigen::Index>(rows.size());
            counts = CountMatrix::Zero(k, k);
            for (Eigen::Index a = 0; a < k; ++a)
                for (Eigen::Index p = 0; p < k && rows[a].is_array() && p < static_cast<Eigen::Index>(rows[a].size()); ++p)
                    counts(a, p) = rows[a][p].is_number_integer() ? rows[a][p].get<std::int64_t>() : 0;
            if (m.contains("class_names") && m["class_names"].is_array())
                for (const auto& n : m["class_names"])
                    names << QString::fromStdString(n.is_string() ? n.get<std::string>() : n.dump());
            any = true;
        }
        auto* cell = new QWidget(confusions_);
        auto* column = new QVBoxLayout(cell);
        column->setContentsMargins(0, 0, 0, 0);
        auto* title = new QLabel(tr("%1: test confusion").arg(runs_[r].name), cell);
        title->setAlignment(Qt::AlignHCenter);
        QFont f = style::labelFont();
        f.setBold(true);
        title->setFont(f);
        QPalette pal = title->palette();
        pal.setColor(QPalette::WindowText, runColor(r));
        title->setPalette(pal);
        auto* map = new ConfusionHeatMap(cell);
        map->setMinimumSize(160, 140);
        map->setData(counts, names);
        column->addWidget(title);
        column->addWidget(map, 1);
        row->addWidget(cell, 1);
        heatMaps_ << map;
    }
    confusions_->setVisible(any);
}

void CompareView::fillTable()
{
    struct Row {
        QString label;
        std::function<QString(const ComparedRun&)> value;
    };
    auto best = [](const ComparedRun& r, bool loss) {
        std::optional<double> v;
        for (const auto& e : r.folder.history) {
            const auto x = loss ? e.valLoss : e.valAccuracy;
            if (x && std::isfinite(*x) && (!v || (loss ? *x < *v : *x > *v)))
                v = x;
        }
        return !v ? QStringLiteral("–") : loss ? style::formatValue(*v, 4) : QStringLiteral("%1 %").arg(*v * 100, 0, 'f', 1);
    };
    // The settings that differ first (the knob is the point of a
    // comparison), then the outcome.
    QList<Row> rows = {
        {tr("status"), [](const ComparedRun& r) { return QString::fromStdString(std::string(toString(r.folder.summary.status))); }},
    };
    std::vector<nlohmann::json> configs;
    for (const auto& r : runs_)
        configs.push_back(configToJson(r.folder.config));
    std::set<std::pair<std::string, std::string>> keys; // (key, short key)
    for (std::size_t i = 1; i < configs.size(); ++i)
        for (const auto& c : configDiff(configs[0], configs[i]))
            keys.insert({c.key, c.shortKey});
    for (const auto& [key, shortKey] : keys) {
        std::string path = key;
        std::replace(path.begin(), path.end(), '.', '/');
        path.insert(path.begin(), '/');
        const nlohmann::json::json_pointer pointer(path);
        rows.push_back({QString::fromStdString(shortKey), [pointer](const ComparedRun& r) {
                            const nlohmann::json j = configToJson(r.folder.config);
                            if (!j.contains(pointer))
                                return QStringLiteral("–");
                            const auto& v = j.at(pointer);
                            return QString::fromStdString(v.is_string()         ? v.get<std::string>()
                                                          : v.is_number_float() ? formatNumber(v.get<double>())
                                                                                : v.dump());
                        }});
    }
    rows += {
        {tr("epochs"), [](const ComparedRun& r) { return QString::number(r.folder.history.size()); }},
        {tr("best val loss"), [best](const ComparedRun& r) { return best(r, true); }},
        {tr("best val accuracy"), [best](const ComparedRun& r) { return best(r, false); }},
    };
    for (const auto& [key, label, percent] : {std::tuple{"accuracy", tr("test accuracy"), true},
                                              {"roc_auc", tr("ROC AUC"), false},
                                              {"average_precision", tr("average precision"), false},
                                              {"f1", tr("F1"), false}, {"precision", tr("precision"), false},
                                              {"recall", tr("recall"), false}, {"rmse", tr("RMSE"), false}})
        rows.push_back({label, [key, percent](const ComparedRun& r) { return metricText(r.folder.metrics, key, percent); }});
    rows.push_back({tr("best epoch"), [](const ComparedRun& r) { return QString::number(r.folder.summary.bestEpoch); }});
    // A metric no run has (RMSE of classifiers) is left out.
    rows.erase(std::remove_if(rows.begin(), rows.end(), [this](const Row& row) {
                   return std::all_of(runs_.begin(), runs_.end(),
                                      [&](const ComparedRun& r) { return row.value(r) == QStringLiteral("–"); });
               }),
               rows.end());
    table_->clear();
    table_->setRowCount(static_cast<int>(rows.size()));
    table_->setColumnCount(static_cast<int>(runs_.size()));
    for (int c = 0; c < runs_.size(); ++c) {
        auto* header = new QTableWidgetItem(runs_[c].name);
        header->setForeground(runColor(c));
        table_->setHorizontalHeaderItem(c, header);
    }
    for (int r = 0; r < rows.size(); ++r) {
        table_->setVerticalHeaderItem(r, new QTableWidgetItem(rows[r].label));
        for (int c = 0; c < runs_.size(); ++c)
            table_->setItem(r, c, new QTableWidgetItem(rows[r].value(runs_[c])));
    }

}

QString CompareView::csvData() const
{
    QString out = QStringLiteral("chart,run,series,x,y\n");
    for (const Chart& c : charts_)
        for (QAbstractSeries* a : c.chart->series()) {
            auto* s = static_cast<QXYSeries*>(a);
            QString run = s->name();
            if (run.contains(QLatin1Char(',')) || run.contains(QLatin1Char('"')))
                run = QLatin1Char('"') + run.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
            const QString series = s->objectName().section(QLatin1Char('/'), 1, 1);
            for (const QPointF& p : s->points())
                out += QStringLiteral("%1,%2,%3,%4,%5\n").arg(c.id, run, series).arg(p.x(), 0, 'g', 17).arg(p.y(), 0, 'g', 17);
        }
    return out;
}

} // namespace hs
