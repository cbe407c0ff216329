#pragma once
// The learning-rate schedule: the whole run's plan (dashed) as soon as the
// run is set up, and the rate actually used (solid) drawn over it as
// training goes — they part where reduce-on-plateau lowers the rate.
// x is in epochs (step / steps per epoch); the rate axis can be logarithmic.

#include "views/view_base.h"

class QCheckBox;
class QChart;
class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace hs {

class LearningRateView : public ViewBase {
    Q_OBJECT
public:
    explicit LearningRateView(RunModel* model, QWidget* parent = nullptr);

    QString title() const override { return QStringLiteral("Learning rate"); }
    QString fileStem() const override { return QStringLiteral("learning_rate"); }
    /// series,epoch,lr: the planned schedule (decimated as drawn) then the actual rate.
    QString csvData() const override;

    bool logScale() const;
    void setLogScale(bool log);

private:
    void rebuild();
    void updateActual();
    void updateAxes();
    void onResize() override;
    std::size_t budget_ = 2000;   // points per series for the current width

    QCheckBox* log_;
    QChart* chart_;
    QLineSeries *planned_, *actual_;
    QValueAxis *x_, *yLinear_;
    QLogValueAxis* yLog_;
};

} // namespace hs
