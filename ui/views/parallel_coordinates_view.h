#pragma once
// A search's trials as parallel coordinates (Inselberg 1985): one vertical
// axis per swept knob and a last one for the ranking metric, each trial a
// line through its values. Lines are coloured by the metric (viridis, dark =
// better), the best trial is drawn on top in vermillion, the trial selected
// in the results table in black; trials without the metric (failed,
// diverged) are grey and dashed and stop at the last knob. The metric axis
// puts better values at the top.

#include "io/sweep.h"
#include "views/view_base.h"

#include <vector>

namespace hs {

class ParallelCoordinatesCanvas : public PaintedCanvas {
    Q_OBJECT
public:
    using PaintedCanvas::PaintedCanvas;
    void setData(const std::vector<TrialResult>& results, const QStringList& knobs, const std::string& metric,
                 const QStringList& logKnobs);
    void setSelectedTrial(int trial);
    void paintContent(QPainter& painter, const QRectF& rect) const override;
    QSize sizeHint() const override { return {720, 420}; }

private:
    std::vector<TrialResult> results_;
    QStringList knobs_, logKnobs_;
    std::string metric_;
    int selected_ = 0;
};

class ParallelCoordinatesView : public ViewBase {
    Q_OBJECT
public:
    explicit ParallelCoordinatesView(QWidget* parent = nullptr);

    QString title() const override { return tr("Parallel coordinates"); }
    QString fileStem() const override { return QStringLiteral("parallel_coordinates"); }
    /// trial,<knobs…>,<metric>: one row per trial.
    QString csvData() const override;

    /// `logKnobs`: knobs the search drew log-uniformly (always on a log axis).
    void setData(const std::vector<TrialResult>& results, const QStringList& knobs, const std::string& metric,
                 const QStringList& logKnobs = {});
    /// Highlights a trial (1-based; 0 = none).
    void setSelectedTrial(int trial);

private:
    ParallelCoordinatesCanvas* canvas_ = nullptr;
    std::vector<TrialResult> results_;
    QStringList knobs_;
    std::string metric_;
};

} // namespace hs
