#pragma once
// Two or more runs from the history side by side: their training (solid)
// and validation (dashed) loss and accuracy, learning rate and total
// gradient norm per epoch, their ROC and precision-recall curves (the
// positive class; the first class of a K-class run), their test confusion
// matrices side by side, and a table with each run's metrics and the config
// values that differ between them. One colour per run in every chart, the
// legend by run name. Exports like every view.

#include "io/run_reader.h"
#include "views/view_base.h"

#include <QList>

class QChart;
class QCheckBox;
class QGridLayout;
class QTableWidget;

namespace hs {

class ConfusionHeatMap;

/// A run to compare: its name and its folder's contents.
struct ComparedRun {
    QString name;
    RunFolder folder;
};

class CompareView : public ViewBase {
    Q_OBJECT
public:
    explicit CompareView(QWidget* parent = nullptr);

    QString title() const override { return tr("Run comparison"); }
    QString fileStem() const override { return QStringLiteral("compare"); }
    /// chart,run,series,x,y: every plotted point.
    QString csvData() const override;

    /// Shows these runs (fewer than two: the empty state).
    void setRuns(QList<ComparedRun> runs);
    const QList<ComparedRun>& runs() const { return runs_; }
    /// The metrics and differences table (tests read it).
    QTableWidget* table() const { return table_; }
    /// The runs' test confusion matrices, in run order (none for regression runs).
    QList<ConfusionHeatMap*> confusionMaps() const { return heatMaps_; }
    /// The run's colour (the same in every chart).
    static QColor runColor(int index);
    /// The loss chart's logarithmic axis (the control bar's check box).
    void setLogLoss(bool on);
    bool logLoss() const;

private:
    struct Chart {
        QChart* chart = nullptr;
        QString id;
        bool log = false;
    };
    void rebuild();
    void fillTable();
    void fillConfusions();
    void addSeries(Chart& c, int run, const QString& series, const std::vector<std::pair<double, double>>& points,
                   bool dashed, bool inLegend);
    void finishAxes(Chart& c, const QString& xTitle, const QString& yTitle, bool unit);

    QList<ComparedRun> runs_;
    QList<Chart> charts_;
    QTableWidget* table_ = nullptr;
    QCheckBox* logLoss_ = nullptr;
    QWidget* confusions_ = nullptr;
    QList<ConfusionHeatMap*> heatMaps_;
};

} // namespace hs
