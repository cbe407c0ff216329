#pragma once
// ROC and precision-recall curves side by side. Binary tasks: the positive
// class's curves, a threshold slider (and spin box) that sets
// RunModel::threshold(), the operating point marked on both curves and the
// metrics at that threshold. K classes: one one-vs-rest curve per class
// (hs::rocCurve on row k of the probabilities), areas in the legend, the
// macro averages in the titles.

#include "metrics/curves.h"
#include "views/view_base.h"

#include <optional>
#include <vector>

class QChart;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QSlider;
class QValueAxis;

namespace hs {

enum class Subset;

class CurvesView : public ViewBase {
    Q_OBJECT
public:
    explicit CurvesView(RunModel* model, QWidget* parent = nullptr);

    QString title() const override { return QStringLiteral("ROC and precision-recall"); }
    QString fileStem() const override { return QStringLiteral("curves"); }
    /// curve,class,x,y,threshold: ROC rows (x = FPR, y = TPR) then PR rows (x = recall, y = precision).
    QString csvData() const override;

    Subset requestedSubset() const;
    void setSubset(Subset subset);
    std::optional<Subset> shownSubset() const { return shown_; }

    /// Test accessors.
    QSlider* thresholdSlider() const { return slider_; }
    QDoubleSpinBox* thresholdSpinBox() const { return spin_; }
    int curveCount() const { return int(roc_.size()); }
    QString metricsText() const;
    /// The operating point drawn on the ROC curve (binary only).
    std::optional<OperatingPoint> operatingPointShown() const { return point_; }

private:
    void rebuildCurves();
    void updateThreshold();
    void clearCurves();
    void onResize() override;

    QComboBox* subset_;
    QSlider* slider_;
    QDoubleSpinBox* spin_;
    QWidget* thresholdBox_;
    QLabel* metrics_;
    QChart *rocChart_, *prChart_;
    QValueAxis *rocX_, *rocY_, *prX_, *prY_;
    QLineSeries *chance_, *noSkill_;
    QScatterSeries *rocPoint_, *prPoint_;
    std::vector<QLineSeries*> rocSeries_, prSeries_;
    QLineSeries* macroRoc_ = nullptr;   // K > 2: the macro-average ROC curve
    RocCurve macroRocCurve_;

    std::vector<RocCurve> roc_;
    std::vector<PrCurve> pr_;
    std::vector<int> curveClass_;
    std::vector<int> positive_;     ///< binary: label == 1
    std::vector<double> scores_;    ///< binary: p(class 1)
    std::optional<OperatingPoint> point_;
    std::optional<Subset> shown_;
};

} // namespace hs
