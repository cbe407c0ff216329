#pragma once
// TensorFlow Playground's main picture: the model's output over the 2-D
// input plane (a DecisionField) as a coloured field, with the training
// points (filled) and validation points (hollow) on top, a colour legend and
// the feature names on the axes (normalized units, as the network sees them).
//   binary: diverging blue (class 0) – white (p = 0.5) – orange (class 1)
//           by p(class 1), so the 0.5 boundary shows as the white seam;
//   K classes: the predicted class's colour, stronger with confidence;
//   regression: viridis over the output's range.
// QImage-backed and drawn with QPainter, so it scales to any DPI and exports
// as vector points over the field image.

#include "train/decision_field.h"
#include "views/view_base.h"

#include <QImage>

#include <optional>

namespace hs {

class DecisionBoundaryCanvas : public PaintedCanvas {
    Q_OBJECT
public:
    explicit DecisionBoundaryCanvas(RunModel* model, QWidget* parent = nullptr);
    void refreshField();
    void paintContent(QPainter& painter, const QRectF& rect) const override;
    const QImage& fieldImage() const { return image_; }
    /// The field's colour for a score and predicted class (see the file comment).
    QColor colorFor(float score, int predicted) const;
    QSize sizeHint() const override { return {560, 520}; }
    bool hasHeightForWidth() const override { return false; }

    /// Forgets the cached point layer (a new run's points).
    void invalidatePoints() { pointsLayer_ = QImage(); }
    /// The screen's cached point layer (null before the first repaint; test accessor).
    const QImage& pointLayer() const { return pointsLayer_; }

private:
    void paintLegend(QPainter& p, const QRectF& box) const;
    void paintPoints(QPainter& p, const QRectF& plot) const;
    void paintCachedPoints(QPainter& p, const QRectF& plot) const;

    RunModel* model_;
    QImage image_;
    PlaneBounds bounds_;
    double valueMin_ = 0.0, valueMax_ = 1.0; ///< regression colour range
    // On screen, the points (up to 4,500 antialiased circles, ~10 ms) are
    // drawn once into this layer and copied on each repaint; only the field
    // changes while training. Exports draw them as vectors.
    mutable QImage pointsLayer_;
    mutable QPoint pointsOrigin_;
};

class DecisionBoundaryView : public ViewBase {
    Q_OBJECT
public:
    explicit DecisionBoundaryView(RunModel* model, QWidget* parent = nullptr);

    QString title() const override { return QStringLiteral("Decision boundary"); }
    QString fileStem() const override { return QStringLiteral("decision_boundary"); }
    /// kind,x1,x2,value: the field's grid points (value = score), then the
    /// training and validation points (value = class or target).
    QString csvData() const override;

    /// Test accessors.
    bool hasField() const { return !canvas_->fieldImage().isNull(); }
    QSize fieldSize() const { return canvas_->fieldImage().size(); }
    int trainPointCount() const;
    int validationPointCount() const;
    const DecisionBoundaryCanvas* canvas() const { return canvas_; }

private:
    void refresh();

    DecisionBoundaryCanvas* canvas_;
};

} // namespace hs
