#include "sweep_results_model.h"

#include "views/knob_scale.h"
#include "views/view_style.h"

#include <QColor>
#include <QFont>

#include <algorithm>
#include <cmath>

namespace hs {

QStringList sweepKnobKeys(const SweepSpec& spec)
{
    QStringList keys;
    for (const GridAxis& g : spec.grid)
        keys << QString::fromStdString(g.key);
    for (const RandomAxis& r : spec.random)
        if (!keys.contains(QString::fromStdString(r.key)))
            keys << QString::fromStdString(r.key);
    return keys;
}

QString shortKnobName(const QString& key)
{
    return key.section(QLatin1Char('.'), -1);
}

QString knobText(const nlohmann::json& value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    if (value.is_number_float())
        return style::formatValue(value.get<double>(), 4);
    return QString::fromStdString(value.dump());
}

SweepResultsModel::SweepResultsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void SweepResultsModel::reset(const std::string& metric, const QStringList& knobs)
{
    beginResetModel();
    metric_ = metric;
    knobs_ = knobs;
    metrics_ = {metric};
    results_.clear();
    best_ = -1;
    endResetModel();
}

void SweepResultsModel::updateColumns(const TrialResult& result)
{
    std::vector<std::string> added;
    for (const auto& [name, value] : result.metrics)
        if (std::find(metrics_.begin(), metrics_.end(), name) == metrics_.end())
            added.push_back(name);
    if (added.empty())
        return;
    std::vector<std::string> rest(metrics_.begin() + 1, metrics_.end());
    rest.insert(rest.end(), added.begin(), added.end());
    std::sort(rest.begin(), rest.end());
    // New metric names are rare (the first trial brings them all): a reset is simplest.
    beginResetModel();
    metrics_.resize(1);
    metrics_.insert(metrics_.end(), rest.begin(), rest.end());
    endResetModel();
}

void SweepResultsModel::addResult(const TrialResult& result)
{
    updateColumns(result);
    const int row = rowCount();
    beginInsertRows({}, row, row);
    results_.push_back(result);
    endInsertRows();
    updateBest();
}

void SweepResultsModel::setResults(const std::vector<TrialResult>& results)
{
    beginResetModel();
    results_.clear();
    endResetModel();
    for (const TrialResult& r : results)
        addResult(r);
}

void SweepResultsModel::updateBest()
{
    const bool maximize = metricIsMaximized(metric_);
    int best = -1;
    double bestValue = 0.0;
    for (int i = 0; i < rowCount(); ++i) {
        const auto it = results_[i].metrics.find(metric_);
        if (it == results_[i].metrics.end() || !std::isfinite(it->second))
            continue;
        const double v = it->second;
        // Ties go to the lower trial number, as in results.csv.
        const bool better = best < 0 || (maximize ? v > bestValue : v < bestValue)
                            || (v == bestValue && results_[i].trial < results_[best].trial);
        if (better) {
            best = i;
            bestValue = v;
        }
    }
    if (best == best_)
        return;
    const int old = best_;
    best_ = best;
    for (int row : {old, best})
        if (row >= 0)
            emit dataChanged(index(row, 0), index(row, columnCount() - 1), {Qt::FontRole, Qt::BackgroundRole});
}

int SweepResultsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(results_.size());
}

int SweepResultsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : 2 + static_cast<int>(knobs_.size() + metrics_.size());
}

std::string SweepResultsModel::metricAt(int column) const
{
    const int m = column - metricColumn();
    return m >= 0 && m < static_cast<int>(metrics_.size()) ? metrics_[static_cast<std::size_t>(m)] : std::string();
}

QVariant SweepResultsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const TrialResult& r = results_[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    const int knobs = static_cast<int>(knobs_.size());
    if (role == Qt::FontRole && index.row() == best_) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::BackgroundRole && index.row() == best_)
        return QColor(255, 236, 179); // a soft amber: the best trial
    if (role == Qt::ToolTipRole) {
        if (!r.error.empty())
            return QString::fromStdString(r.error);
        if (index.row() == best_)
            return tr("The best trial by %1").arg(QString::fromStdString(metric_));
        return {};
    }
    if (role == Qt::TextAlignmentRole)
        return column == 1 + knobs ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    if (column == 0)
        return r.trial;
    if (column <= knobs) {
        const auto it = r.knobs.find(knobs_[column - 1].toStdString());
        if (it == r.knobs.end())
            return {};
        if (role == SortRole && it->second.is_number())
            return it->second.get<double>();
        return knobText(it->second);
    }
    if (column == 1 + knobs) {
        QString status = QString::fromStdString(r.status);
        if (role == Qt::DisplayRole && r.folds > 0)
            status += tr(" (%1 folds)").arg(r.folds);
        return status;
    }
    const auto it = r.metrics.find(metricAt(column));
    if (it == r.metrics.end() || !std::isfinite(it->second))
        return role == SortRole ? QVariant(std::nan("")) : QVariant(QStringLiteral("—"));
    if (role == SortRole)
        return it->second;
    if (metricAt(column) == "epochs_run")
        return QString::number(it->second, 'f', 0);
    return QString::number(it->second, 'g', 5);
}

QVariant SweepResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    const int knobs = static_cast<int>(knobs_.size());
    if (role == Qt::ToolTipRole && section >= 1 && section <= knobs)
        return knobs_[section - 1];
    if (role == Qt::ToolTipRole && section == metricColumn())
        return tr("Trials are ranked by this metric (%1 is better)")
            .arg(metricIsMaximized(metric_) ? tr("larger") : tr("smaller"));
    if (role != Qt::DisplayRole)
        return {};
    if (section == 0)
        return tr("Trial");
    if (section <= knobs)
        return shortKnobName(knobs_[section - 1]);
    if (section == 1 + knobs)
        return tr("Status");
    const QString name = QString::fromStdString(metricAt(section));
    return section == metricColumn() ? name + (metricIsMaximized(metric_) ? QStringLiteral(" ▼") : QStringLiteral(" ▲"))
                                     : name;
}

QString SweepResultsModel::csv(const QList<int>& rows) const
{
    auto quoted = [](QString s) {
        if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')))
            return s;
        return QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    };
    QStringList header{QStringLiteral("trial")};
    header += knobs_;
    header << QStringLiteral("status");
    for (const auto& m : metrics_)
        header << QString::fromStdString(m);
    QString out = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    QList<int> order = rows;
    if (order.isEmpty())
        for (int i = 0; i < rowCount(); ++i)
            order << i;
    for (int row : order) {
        const TrialResult& r = results_[static_cast<std::size_t>(row)];
        QStringList cells{QString::number(r.trial)};
        for (const QString& k : knobs_) {
            const auto it = r.knobs.find(k.toStdString());
            cells << (it == r.knobs.end() ? QString() : quoted(categoryOf(it->second)));
        }
        cells << QString::fromStdString(r.status);
        for (const auto& m : metrics_) {
            const auto it = r.metrics.find(m);
            cells << (it == r.metrics.end() ? QString() : QString::number(it->second, 'g', 17));
        }
        out += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out;
}

bool SweepSortProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QVariant a = left.data(SweepResultsModel::SortRole), b = right.data(SweepResultsModel::SortRole);
    const bool numbers = a.typeId() == QMetaType::Double || a.typeId() == QMetaType::Int;
    if (!numbers || !(b.typeId() == QMetaType::Double || b.typeId() == QMetaType::Int))
        return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
    const double x = a.toDouble(), y = b.toDouble();
    // Missing values last whichever way the column is sorted.
    const bool descending = sortOrder() == Qt::DescendingOrder;
    if (std::isnan(x) != std::isnan(y))
        return descending ? std::isnan(x) : std::isnan(y);
    if (std::isnan(x))
        return false;
    return x < y;
}

} // namespace hs
