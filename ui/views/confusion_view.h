#pragma once
// The confusion matrix as a heat map (rows actual, columns predicted; the
// colour is the row-normalized share, so every class reads alike whatever
// its size) with the count and the row percentage in each cell, beside a
// per-class precision / recall / F1 table. Follows RunModel::threshold()
// through RunModel::reportAtThreshold().

#include "metrics/classification.h"
#include "views/view_base.h"

#include <optional>

class QBoxLayout;
class QComboBox;
class QLabel;
class QTableWidget;

namespace hs {

enum class Subset;

/// Paints a confusion matrix; also used on its own by the export.
class ConfusionHeatMap : public PaintedCanvas {
    Q_OBJECT
public:
    using PaintedCanvas::PaintedCanvas;
    void setData(const CountMatrix& counts, const QStringList& classNames);
    void paintContent(QPainter& painter, const QRectF& rect) const override;
    /// "count\nrow%" as drawn ("0" for an empty cell).
    QString cellText(int row, int column) const;
    const CountMatrix& counts() const { return counts_; }
    QSize sizeHint() const override { return {420, 420}; }

    /// How a cell of `cell` pixels shows its numbers, the widest count
    /// having `digits` digits: the count over the row percentage where both
    /// are readable, else the count alone, larger (the colour still gives
    /// the share), else nothing.
    struct CellLayout {
        bool text = false;     ///< any number at all
        bool twoLines = false; ///< count and percentage
        double countPx = 0.0, percentPx = 0.0;
    };
    static CellLayout cellLayout(double cell, int digits);

private:
    CountMatrix counts_;
    QStringList names_;
};

class ConfusionView : public ViewBase {
    Q_OBJECT
public:
    explicit ConfusionView(RunModel* model, QWidget* parent = nullptr);

    QString title() const override { return QStringLiteral("Confusion matrix"); }
    QString fileStem() const override { return QStringLiteral("confusion"); }
    /// actual,predicted,count,row_fraction: one row per cell.
    QString csvData() const override;

    /// The subset asked for (validation by default) and the one shown (the
    /// other one when the asked one is absent).
    Subset requestedSubset() const;
    void setSubset(Subset subset);
    std::optional<Subset> shownSubset() const { return shown_; }

    /// Test accessors.
    int classCount() const { return int(heat_->counts().rows()); }
    std::int64_t count(int actual, int predicted) const { return heat_->counts()(actual, predicted); }
    QString cellText(int actual, int predicted) const { return heat_->cellText(actual, predicted); }
    const QTableWidget* metricsTable() const { return table_; }
    const std::optional<ClassificationReport>& report() const { return report_; }

private:
    void refresh();
    void onResize() override;

    QBoxLayout* body_;
    QComboBox* subset_;
    QLabel* caption_;
    ConfusionHeatMap* heat_;
    QTableWidget* table_;
    std::optional<ClassificationReport> report_;
    std::optional<Subset> shown_;
};

} // namespace hs
