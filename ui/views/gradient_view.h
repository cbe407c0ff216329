#pragma once
// Per-layer training health over epochs: gradient norm (default), update
// ratio, weight norm, dead-unit or saturated fraction — one line per dense
// layer, beside bars of the latest epoch per layer.
//
// For the gradient norm the axis is logarithmic and two shaded bands mark
// trouble: "vanishing" below 1e-5 and "exploding" above 1e3. The bands are
// absolute thresholds (simple, and they match what the lessons say); they
// are drawn only where the axis reaches them, so a healthy run shows none.

#include "views/series_sync.h"
#include "views/view_base.h"

#include <vector>

class QAreaSeries;
class QChart;
class QComboBox;
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace hs {

struct LayerStats;

class GradientView : public ViewBase {
    Q_OBJECT
public:
    enum class Metric { GradNorm, UpdateRatio, WeightNorm, DeadFraction, SaturatedFraction };
    Q_ENUM(Metric)

    static constexpr double kVanishing = 1e-5;
    static constexpr double kExploding = 1e3;

    explicit GradientView(RunModel* model, QWidget* parent = nullptr);

    QString title() const override { return QStringLiteral("Gradients"); }
    QString fileStem() const override { return QStringLiteral("gradients"); }
    /// epoch, then the shown metric per layer (e.g. grad_norm_L1, grad_norm_L2 …): one row per epoch.
    QString csvData() const override;

    Metric metric() const;
    void setMetric(Metric metric);
    static double valueOf(const LayerStats& stats, Metric metric);
    static QString metricKey(Metric metric);   ///< "grad_norm" …
    static bool isLogMetric(Metric metric);
    /// Layers between two labels under the bars (1: every layer labelled).
    int barLabelStep() const;

private:
    void rebuild();
    void appendEpochs();
    void updateAxesAndBars();
    void updateBarWidths();
    void relabelBars();
    void updateEmptyText();
    void onResize() override;
    bool wasRunning_ = false;
    // Up to this many layers the line chart has a legend and the bars say
    // "L1"; deeper networks get numbered bars as the key.
    static constexpr int kLegendLayers = 6;
    int barLabelStep_ = 0;
    bool keyedByBars_ = false;

    QComboBox* metric_;
    QLabel* bandNote_;
    QChart *lines_, *bars_;
    QValueAxis *x_, *yLinear_, *barLinear_;
    QLogValueAxis *yLog_, *barLog_;
    QValueAxis* barX_;
    QAreaSeries *vanishing_, *exploding_;
    QLineSeries *vanishingLo_, *vanishingHi_, *explodingLo_, *explodingHi_;
    std::vector<QLineSeries*> layerLines_, layerBars_;
    std::vector<SeriesSync> syncs_;
};

} // namespace hs
