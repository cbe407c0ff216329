#pragma once
// The trials of a search as a table: trial number, the swept knobs, status,
// then the metrics (the ranking metric first). Sorting goes by value
// (SortRole), trials without a value always last; the best trial by the
// ranking metric is bold on a highlighted row.

#include "io/sweep.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QStringList>

#include <vector>

namespace hs {

class SweepResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// Numbers (double, NaN when missing) or text for sorting.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit SweepResultsModel(QObject* parent = nullptr);

    /// Clears the table for a search that ranks by `metric`, with these knob columns.
    void reset(const std::string& metric, const QStringList& knobs);
    void addResult(const TrialResult& result);
    void setResults(const std::vector<TrialResult>& results);

    const std::vector<TrialResult>& results() const { return results_; }
    const TrialResult& result(int row) const { return results_.at(static_cast<std::size_t>(row)); }
    const std::string& metric() const { return metric_; }
    QStringList knobs() const { return knobs_; }
    /// Row of the best trial by metric(), -1 if none has it.
    int bestRow() const { return best_; }
    /// Column of the ranking metric.
    int metricColumn() const { return 2 + static_cast<int>(knobs_.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The table as CSV, in the order of `rows` (model rows; all when empty).
    QString csv(const QList<int>& rows = {}) const;

private:
    void updateColumns(const TrialResult& result);
    void updateBest();
    /// Column c's metric name ("" for trial, knobs and status).
    std::string metricAt(int column) const;

    std::string metric_;
    QStringList knobs_;
    std::vector<std::string> metrics_; // the ranking metric first, then the rest by name
    std::vector<TrialResult> results_;
    int best_ = -1;
};

/// Sorts by SweepResultsModel::SortRole: numbers numerically with missing
/// values last in either direction, text alphabetically.
class SweepSortProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

/// The keys a search varies: the grid's, then the random ranges'.
QStringList sweepKnobKeys(const SweepSpec& spec);
/// "lr" for "training.optimizer.lr": the last part of a config key.
QString shortKnobName(const QString& key);
/// A knob's value as the table shows it: 0.0123, relu, [16,16].
QString knobText(const nlohmann::json& value);

} // namespace hs
