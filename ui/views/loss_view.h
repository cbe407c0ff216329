#pragma once
// Training and validation loss per epoch (linear or log scale) with markers
// for the best epoch, learning-rate reductions, early stopping and
// divergence; accuracy per epoch in a second chart beneath (classification).

#include "views/series_sync.h"
#include "views/view_base.h"

#include <QList>
#include <QPointF>

class QCheckBox;
class QChart;
class QChartView;
class QLineSeries;
class QLogValueAxis;
class QScatterSeries;
class QValueAxis;

namespace hs {

class LossView : public ViewBase {
    Q_OBJECT
public:
    explicit LossView(RunModel* model, QWidget* parent = nullptr);

    QString title() const override { return QStringLiteral("Loss"); }
    QString fileStem() const override { return QStringLiteral("loss"); }
    /// epoch, train_loss, val_loss, train_accuracy, val_accuracy, lr, lr_reduced: one row per epoch.
    QString csvData() const override;

    bool logScale() const;
    void setLogScale(bool log);
    /// The epoch the best-epoch marker points at (0 = none).
    int markedBestEpoch() const { return markedBest_; }
    /// The accuracy chart (classification, and a tile tall enough for two charts).
    bool accuracyShown() const;

private:
    void rebuild();
    void appendEpochs();
    void updateAxesAndMarkers();
    void updateEmptyState();
    void resetScan();
    void onResize() override;

    QCheckBox* log_;
    QChart *lossChart_, *accChart_;
    QChartView* accView_;
    QLineSeries *trainLoss_, *valLoss_, *trainAcc_, *valAcc_, *stopLine_, *divergedLine_;
    QScatterSeries *best_, *lrDrops_;
    QValueAxis *x_, *yLinear_, *accX_, *accY_;
    QLogValueAxis* yLog_;
    SeriesSync syncTrainLoss_, syncValLoss_, syncTrainAcc_, syncValAcc_, syncOverlay_;
    QLineSeries* accOverlay_ = nullptr; // accuracy on the loss chart's right axis (short tiles)
    QValueAxis* accRight_ = nullptr;
    bool overlay_ = false;
    bool overlayOfValidation_ = true;
    int markedBest_ = 0;
    // Incremental scan of the history for the markers.
    std::size_t scanned_ = 0;
    double bestValue_ = 0.0;
    int bestSoFar_ = 0;
    bool bestUsesVal_ = false;
    QList<QPointF> drops_;
    int lastStatus_ = -1;
};

} // namespace hs
