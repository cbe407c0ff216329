#pragma once
// One swept knob against the ranking metric, a point per trial: the knob's
// axis is logarithmic where the search drew it log-uniformly or its values
// span two decades, categorical for activations and layer lists; the metric
// is logarithmic for losses spanning two decades. The best trial is a
// larger vermillion point, the selected one a black ring. The knob is
// chosen in the view's control bar.

#include "io/sweep.h"
#include "views/view_base.h"

#include <vector>

class QChart;
class QComboBox;

namespace hs {

class KnobScatterView : public ViewBase {
    Q_OBJECT
public:
    explicit KnobScatterView(QWidget* parent = nullptr);

    QString title() const override { return tr("Knob against metric"); }
    QString fileStem() const override { return QStringLiteral("knob_scatter"); }
    /// trial,knob,metric: one row per plotted point.
    QString csvData() const override;

    void setData(const std::vector<TrialResult>& results, const QStringList& knobs, const std::string& metric,
                 const QStringList& logKnobs = {});
    void setSelectedTrial(int trial);
    /// The knob on the x axis (a key of setData's knobs).
    void setKnob(const QString& key);
    QString knob() const;
    /// Test accessors: the axes' kinds.
    bool xIsLog() const { return xLog_; }
    bool yIsLog() const { return yLog_; }
    bool xIsCategorical() const { return xCategorical_; }

private:
    void rebuild();

    QChart* chart_ = nullptr;
    QComboBox* knobBox_ = nullptr;
    std::vector<TrialResult> results_;
    QStringList knobs_, logKnobs_;
    std::string metric_;
    int selected_ = 0;
    bool xLog_ = false, yLog_ = false, xCategorical_ = false;
};

} // namespace hs
