#pragma once
// A histogram of each dense layer's weights (biases excluded), one small
// chart per layer, with the share of near-zero weights (|w| < 1e-3) in the
// title: L1 regularization drives that share up, L2 only shrinks the spread.
// Bins follow the Rice rule (2·n^(1/3), 5 … 60) per layer; "shared x range"
// puts every layer on the same axis for comparison.

#include "views/view_base.h"

#include <vector>

class QCheckBox;
class QChart;
class QChartView;
class QGridLayout;

namespace hs {

class WeightsView : public ViewBase {
    Q_OBJECT
public:
    static constexpr double kNearZero = 1e-3;

    struct Histogram {
        double lo = 0.0, hi = 0.0;      ///< range of the bins
        std::vector<int> counts;        ///< equal-width bins over [lo, hi]
        double nearZeroFraction = 0.0;  ///< share of |w| < kNearZero
        std::size_t values = 0;
    };
    /// Histogram of `values` over [lo, hi] (the values' range when lo >= hi),
    /// `bins` bins (0 = Rice rule). Non-finite values are skipped.
    static Histogram histogram(const std::vector<float>& values, int bins = 0, double lo = 0.0, double hi = 0.0);
    static int binsFor(std::size_t n);

    explicit WeightsView(RunModel* model, QWidget* parent = nullptr);

    QString title() const override { return QStringLiteral("Weights"); }
    QString fileStem() const override { return QStringLiteral("weights"); }
    /// layer,bin_start,bin_end,count: one row per bin of every layer.
    QString csvData() const override;

    bool sharedRange() const;
    void setSharedRange(bool shared);
    int layerCount() const { return int(histograms_.size()); }
    const Histogram& layerHistogram(int layer) const { return histograms_.at(std::size_t(layer)); }
    /// How the histograms are laid out: columns of the grid, and whether
    /// they are miniatures without axis labels (a tile too small for them).
    int columns() const { return cols_; }
    bool miniature() const { return miniature_; }

private:
    void refresh();
    void ensureCharts(int layers);
    void arrangeCharts();
    void onResize() override
    {
        arrangeCharts();
        refresh();
    }

    QCheckBox* shared_;
    QWidget* grid_;
    QGridLayout* gridLayout_;
    std::vector<QChartView*> views_;
    int cols_ = 0;
    bool miniature_ = false;
    std::vector<Histogram> histograms_;
};

} // namespace hs
