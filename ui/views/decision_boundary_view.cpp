#include "views/decision_boundary_view.h"

#include "run_model.h"
#include "views/view_style.h"

#include <QPainter>
#include <QPainterPath>
#include <QScopeGuard>
#include <QVBoxLayout>

#include <cmath>

namespace hs {

namespace {

// Points drawn at most; beyond, every k-th (evenly spread, deterministic).
constexpr Eigen::Index kMaxTrainPoints = 3000, kMaxValPoints = 1500;

Eigen::Index pointStride(Eigen::Index count, Eigen::Index cap)
{
    return std::max<Eigen::Index>(1, (count + cap - 1) / cap);
}

QColor blend(const QColor& base, const QColor& over, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    auto mix = [t](int a, int b) { return int(std::lround(a + (b - a) * t)); };
    return QColor(mix(base.red(), over.red()), mix(base.green(), over.green()), mix(base.blue(), over.blue()));
}

const QColor kWhite(255, 255, 255);

} // namespace

DecisionBoundaryCanvas::DecisionBoundaryCanvas(RunModel* model, QWidget* parent)
    : PaintedCanvas(parent)
    , model_(model)
{
}

QColor DecisionBoundaryCanvas::colorFor(float score, int predicted) const
{
    const RunSetup& setup = model_->setup();
    if (setup.task == Task::Regression) {
        const double span = valueMax_ - valueMin_;
        const double t = span > 0 ? (score - valueMin_) / span : 0.5;
        return blend(style::sequential(t), kWhite, 0.12);
    }
    const int k = std::max<int>(2, int(setup.classNames.size()));
    if (k == 2) {
        const double d = std::clamp(2.0 * (double(score) - 0.5), -1.0, 1.0);
        const QColor target = d < 0 ? style::classColor(0) : style::classColor(1);
        return blend(kWhite, target, 0.62 * std::pow(std::abs(d), 0.8));
    }
    const double c = std::clamp((double(score) - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0);
    return blend(kWhite, style::classColor(predicted), 0.12 + 0.5 * c);
}

void DecisionBoundaryCanvas::refreshField()
{
    const auto& field = model_->field();
    const RunSetup& setup = model_->setup();
    // Where the points go and (regression) their colours: the point layer
    // holds while these stay.
    const PlaneBounds boundsBefore = bounds_;
    const double minBefore = valueMin_, maxBefore = valueMax_;
    auto forgetMovedPoints = qScopeGuard([&] {
        const bool moved = bounds_.xMin != boundsBefore.xMin || bounds_.xMax != boundsBefore.xMax
                           || bounds_.yMin != boundsBefore.yMin || bounds_.yMax != boundsBefore.yMax;
        const bool recoloured = setup.task == Task::Regression && (valueMin_ != minBefore || valueMax_ != maxBefore);
        if (moved || recoloured)
            invalidatePoints();
    });
    if (setup.trainPoints.rows() == 2)
        bounds_ = boundsOf(setup.trainPoints, 0.15);
    if (!field || field->width < 1 || field->height < 1
        || field->score.size() != std::size_t(field->width) * std::size_t(field->height)) {
        image_ = QImage();
        update();
        return;
    }
    bounds_ = field->bounds;
    valueMin_ = INFINITY;
    valueMax_ = -INFINITY;
    for (float v : field->score)
        if (std::isfinite(v)) {
            valueMin_ = std::min<double>(valueMin_, v);
            valueMax_ = std::max<double>(valueMax_, v);
        }
    if (!std::isfinite(valueMin_)) {
        valueMin_ = 0;
        valueMax_ = 1;
    }
    QImage img(field->width, field->height, QImage::Format_RGB32);
    for (int y = 0; y < field->height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
        for (int x = 0; x < field->width; ++x) {
            const std::size_t i = std::size_t(y) * std::size_t(field->width) + std::size_t(x);
            const int predicted = i < field->predicted.size() ? field->predicted[i] : 0;
            const float s = field->score[i];
            line[x] = std::isfinite(s) ? colorFor(s, predicted).rgb() : qRgb(0xDD, 0xDD, 0xDD);
        }
    }
    image_ = img;
    update();
}

void DecisionBoundaryCanvas::paintContent(QPainter& p, const QRectF& rect) const
{
    const RunSetup& setup = model_->setup();
    p.save();
    const QFont label = style::labelFont(), small = style::smallFont();
    QFont axisFont = label;
    axisFont.setBold(true);
    const QFontMetricsF fm(label), sfm(small), afm(axisFont);
    const QFont titleFont = style::titleFont();
    const QFontMetricsF tfm(titleFont);

    const double legendW = std::clamp(rect.width() * 0.24, 130.0, 220.0);
    const double left = afm.height() * 1.5 + sfm.horizontalAdvance(QStringLiteral("−0.00")) + 10;
    const double top = tfm.height() * 1.6;
    const double bottom = sfm.height() + afm.height() * 1.6 + 8;
    const double side = std::max(60.0, std::min(rect.width() - left - legendW - 16, rect.height() - top - bottom));
    const double used = left + side + 16 + legendW;
    const double x0 = rect.left() + std::max(0.0, (rect.width() - used) / 2);
    const QRectF plot(x0 + left, rect.top() + top, side, side);

    // Title.
    p.setFont(titleFont);
    p.setPen(QColor(0x22, 0x22, 0x22));
    QString title;
    const int k = int(setup.classNames.size());
    if (setup.task == Task::Regression)
        title = QObject::tr("Model output over the input plane");
    else if (k <= 2)
        title = QObject::tr("Decision boundary: p(%1)").arg(style::classLabel(setup, 1));
    else
        title = QObject::tr("Decision regions: predicted class");
    if (setup.plane)   // more than 2 features: say which slice this is
        title += QObject::tr(" · slice through the mean");
    p.drawText(QRectF(plot.left(), rect.top(), rect.right() - plot.left(), top), Qt::AlignLeft | Qt::AlignVCenter,
               tfm.elidedText(title, Qt::ElideRight, rect.right() - plot.left()));

    // Field (or a blank plane before the first snapshot).
    if (!image_.isNull())
        p.drawImage(plot, image_);
    else
        p.fillRect(plot, QColor(0xFA, 0xFA, 0xFA));

    auto mapX = [&](double x) { return plot.left() + (x - bounds_.xMin) / (bounds_.xMax - bounds_.xMin) * plot.width(); };
    auto mapY = [&](double y) { return plot.bottom() - (y - bounds_.yMin) / (bounds_.yMax - bounds_.yMin) * plot.height(); };

    // Points: training filled, validation hollow.
    if (p.device() == this)
        paintCachedPoints(p, plot);
    else
        paintPoints(p, plot);

    // Frame, ticks and axis titles.
    p.setPen(QPen(QColor(0x88, 0x88, 0x88), 1.0));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
    p.setFont(small);
    p.setPen(QColor(0x33, 0x33, 0x33));
    auto ticks = [](double lo, double hi) {
        std::vector<double> out;
        const double step = style::niceStep(hi - lo, 5);
        for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9; v += step)
            out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
        return out;
    };
    for (double v : ticks(bounds_.xMin, bounds_.xMax)) {
        const double x = mapX(v);
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        p.drawText(QRectF(x - 40, plot.bottom() + 5, 80, sfm.height()), Qt::AlignHCenter | Qt::AlignTop,
                   QString::number(v, 'g', 3));
    }
    for (double v : ticks(bounds_.yMin, bounds_.yMax)) {
        const double y = mapY(v);
        p.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
        p.drawText(QRectF(plot.left() - 80 - 6, y - sfm.height() / 2, 80, sfm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(v, 'g', 3));
    }
    p.setFont(axisFont);
    p.setPen(QColor(0x22, 0x22, 0x22));
    QString xName = setup.featureNames.value(0, QStringLiteral("x₁")) + QObject::tr(" (normalized)");
    QString yName = setup.featureNames.value(1, QStringLiteral("x₂")) + QObject::tr(" (normalized)");
    if (setup.plane) {
        // Principal components of the normalized inputs; points are projections.
        auto percent = [](double share) { return QString::number(100.0 * share, 'f', 0); };
        xName = QObject::tr("principal component 1 (%1 % of variance)").arg(percent(setup.plane->explainedU));
        // A plot narrower than the long name gets the short one (it was cut at both ends).
        if (afm.horizontalAdvance(xName) > plot.width())
            xName = QObject::tr("PC 1 (%1 % of variance)").arg(percent(setup.plane->explainedU));
        if (afm.horizontalAdvance(xName) > plot.width())
            xName = QObject::tr("PC 1 (%1 %)").arg(percent(setup.plane->explainedU));
        yName = QObject::tr("PC 2 (%1 %)").arg(percent(setup.plane->explainedV));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + sfm.height() + 6, plot.width(), afm.height() * 1.5),
               Qt::AlignCenter, afm.elidedText(xName, Qt::ElideRight, plot.width()));
    p.save();
    p.translate(x0 + afm.height() * 0.75, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-plot.height() / 2, -afm.height() * 0.75, plot.height(), afm.height() * 1.5), Qt::AlignCenter,
               afm.elidedText(yName, Qt::ElideRight, plot.height()));
    p.restore();

    paintLegend(p, QRectF(plot.right() + 16, plot.top(), legendW, plot.height()));
    p.restore();
}

void DecisionBoundaryCanvas::paintPoints(QPainter& p, const QRectF& plot) const
{
    const RunSetup& setup = model_->setup();
    const double side = plot.width();
    auto mapX = [&](double x) { return plot.left() + (x - bounds_.xMin) / (bounds_.xMax - bounds_.xMin) * plot.width(); };
    auto mapY = [&](double y) { return plot.bottom() - (y - bounds_.yMin) / (bounds_.yMax - bounds_.yMin) * plot.height(); };
    p.save();
    p.setClipRect(plot);
    const double r = std::clamp(side / 110.0, 2.5, 5.5);
    auto pointColor = [&](bool classification, const IndexVector& labels, const Matrix& targets, Eigen::Index i) {
        if (classification)
            return i < labels.size() ? style::classColor(labels[i]) : style::mutedColor();
        if (targets.rows() > 0 && i < targets.cols())
            return style::sequential((targets(0, i) - valueMin_) / std::max(1e-12, valueMax_ - valueMin_));
        return style::mutedColor();
    };
    const bool classification = setup.task == Task::Classification;
    if (setup.trainPoints.rows() == 2) {
        // White rims stand out on class colours; on the continuous colormap
        // a point can match the field (a good fit), so it gets a dark rim.
        p.setPen(classification ? QPen(Qt::white, 1.0) : QPen(QColor(0, 0, 0, 150), 0.8));
        for (Eigen::Index i = 0; i < setup.trainPoints.cols(); i += pointStride(setup.trainPoints.cols(), kMaxTrainPoints)) {
            p.setBrush(pointColor(classification, setup.trainLabels, setup.trainTargets, i));
            p.drawEllipse(QPointF(mapX(setup.trainPoints(0, i)), mapY(setup.trainPoints(1, i))), r, r);
        }
    }
    if (setup.valPoints.rows() == 2) {
        p.setBrush(Qt::white);
        for (Eigen::Index i = 0; i < setup.valPoints.cols(); i += pointStride(setup.valPoints.cols(), kMaxValPoints)) {
            p.setPen(QPen(pointColor(classification, setup.valLabels, setup.valTargets, i), std::max(1.6, r * 0.45)));
            p.drawEllipse(QPointF(mapX(setup.valPoints(0, i)), mapY(setup.valPoints(1, i))), r, r);
        }
    }
    p.restore();

}

void DecisionBoundaryCanvas::paintCachedPoints(QPainter& p, const QRectF& plot) const
{
    // Whole device pixels around the plot, so the copy is exact.
    const QPoint origin(int(std::floor(plot.left())), int(std::floor(plot.top())));
    const QSize size(int(std::ceil(plot.right())) - origin.x(), int(std::ceil(plot.bottom())) - origin.y());
    const qreal dpr = devicePixelRatioF();
    if (pointsLayer_.isNull() || pointsOrigin_ != origin || pointsLayer_.deviceIndependentSize().toSize() != size
        || pointsLayer_.devicePixelRatio() != dpr) {
        pointsLayer_ = QImage((QSizeF(size) * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
        pointsLayer_.setDevicePixelRatio(dpr);
        pointsLayer_.fill(Qt::transparent);
        pointsOrigin_ = origin;
        QPainter layer(&pointsLayer_);
        layer.setRenderHints(p.renderHints());
        layer.translate(-QPointF(origin));
        paintPoints(layer, plot);
    }
    p.drawImage(QPointF(origin), pointsLayer_);
}

void DecisionBoundaryCanvas::paintLegend(QPainter& p, const QRectF& box) const
{
    const RunSetup& setup = model_->setup();
    const QFont label = style::labelFont(), small = style::smallFont();
    const QFontMetricsF fm(label), sfm(small);
    const double line = fm.height() * 1.35;
    double y = box.top();
    p.setFont(label);
    p.setPen(QColor(0x22, 0x22, 0x22));
    const int k = int(setup.classNames.size());
    const bool classification = setup.task == Task::Classification;

    auto gradientBar = [&](const QString& heading, double lo, double hi, auto colorAt, const QString& loName,
                           const QString& hiName) {
        p.setFont(label);
        p.setPen(QColor(0x22, 0x22, 0x22));
        p.drawText(QRectF(box.left(), y, box.width(), line), Qt::AlignLeft | Qt::AlignVCenter, heading);
        y += line;
        const double barH = std::min(box.height() * 0.45, 200.0);
        const QRectF bar(box.left(), y + sfm.height() * 0.5, 16, barH);
        QLinearGradient g(bar.bottomLeft(), bar.topLeft());
        for (int i = 0; i <= 20; ++i)
            g.setColorAt(i / 20.0, colorAt(lo + (hi - lo) * i / 20.0));
        p.fillRect(bar, g);
        p.setPen(QColor(0x88, 0x88, 0x88));
        p.drawRect(bar);
        p.setFont(small);
        p.setPen(QColor(0x33, 0x33, 0x33));
        for (int i = 0; i <= 2; ++i) {
            const double v = lo + (hi - lo) * i / 2.0;
            const double yy = bar.bottom() - bar.height() * i / 2.0;
            QString text = QString::number(v, 'g', 3);
            if (i == 0 && !loName.isEmpty())
                text += "  " + loName;
            if (i == 2 && !hiName.isEmpty())
                text += "  " + hiName;
            p.drawText(QRectF(bar.right() + 6, yy - sfm.height() / 2, box.width() - 22, sfm.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, sfm.elidedText(text, Qt::ElideRight, box.width() - 22));
        }
        y = bar.bottom() + line;
    };

    if (!classification) {
        gradientBar(QObject::tr("model output"), valueMin_, valueMax_,
                    [this](double v) { return colorFor(float(v), 0); }, {}, {});
    } else if (k <= 2) {
        gradientBar(QObject::tr("p(%1)").arg(style::classLabel(setup, 1)), 0.0, 1.0,
                    [this](double v) { return colorFor(float(v), v >= 0.5 ? 1 : 0); }, style::classLabel(setup, 0),
                    style::classLabel(setup, 1));
    } else {
        // Two short lines: one long one is cut at the edge of a narrow legend.
        p.drawText(QRectF(box.left(), y, box.width(), line), Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("class"));
        y += line;
        p.setFont(small);
        p.drawText(QRectF(box.left(), y, box.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                   sfm.elidedText(QObject::tr("paler = less sure"), Qt::ElideRight, int(box.width())));
        y += line;
        const double row = std::min(line, (box.height() * 0.6) / std::max(1, k));
        for (int c = 0; c < k; ++c) {
            p.fillRect(QRectF(box.left(), y + row * 0.15, row * 0.7, row * 0.7), style::classColor(c));
            p.setPen(QColor(0x22, 0x22, 0x22));
            p.drawText(QRectF(box.left() + row, y, box.width() - row, row), Qt::AlignLeft | Qt::AlignVCenter,
                       sfm.elidedText(style::className(setup, c), Qt::ElideRight, box.width() - row));
            y += row;
        }
        y += line * 0.5;
    }

    // Point symbols.
    const double r = 5;
    p.setFont(small);
    p.setPen(QPen(Qt::white, 1.0));
    p.setBrush(QColor(0x55, 0x55, 0x55));
    p.drawEllipse(QPointF(box.left() + 8, y + line / 2), r, r);
    p.setPen(QColor(0x22, 0x22, 0x22));
    // Many samples: every k-th is drawn (a solid cloud hides nothing more,
    // and tens of thousands of circles took a second to paint).
    auto shown = [](const QString& name, Eigen::Index n, Eigen::Index cap) {
        const Eigen::Index k = pointStride(n, cap);
        return k > 1 ? QObject::tr("%1 (1 in %2)").arg(name).arg(k) : name;
    };
    p.drawText(QRectF(box.left() + 20, y, box.width() - 20, line), Qt::AlignLeft | Qt::AlignVCenter,
               shown(QObject::tr("training"), model_->setup().trainPoints.cols(), kMaxTrainPoints));
    y += line;
    p.setBrush(Qt::white);
    p.setPen(QPen(QColor(0x55, 0x55, 0x55), 2.0));
    p.drawEllipse(QPointF(box.left() + 8, y + line / 2), r, r);
    p.setPen(QColor(0x22, 0x22, 0x22));
    p.drawText(QRectF(box.left() + 20, y, box.width() - 20, line), Qt::AlignLeft | Qt::AlignVCenter,
               shown(QObject::tr("validation"), model_->setup().valPoints.cols(), kMaxValPoints));
}

DecisionBoundaryView::DecisionBoundaryView(RunModel* model, QWidget* parent)
    : ViewBase(model, parent)
{
    canvas_ = new DecisionBoundaryCanvas(model, content());
    auto* layout = new QVBoxLayout(content());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(canvas_);
    connect(model_, &RunModel::runReset, this, [this] {
        canvas_->invalidatePoints(); // another run's points
        refresh();
    });
    connect(model_, &RunModel::fieldChanged, this, &DecisionBoundaryView::refresh);
    connect(model_, &RunModel::statusChanged, this, [this] {
        if (model_->setup().featureNames.isEmpty()) {
            canvas_->invalidatePoints();
            refresh();
        }
    });
    refresh();
}

void DecisionBoundaryView::refresh()
{
    const RunSetup& setup = model_->setup();
    canvas_->refreshField();
    const int features = int(setup.featureNames.size());
    if (features == 0 && !model_->field())
        setEmptyText(tr("Press Train to see the decision boundary"));
    else if (setup.trainPoints.rows() != 2 && !model_->field())
        setEmptyText(tr("The decision boundary needs at least 2 input features: this data has %1").arg(features));
    else
        setEmptyText({});
}

int DecisionBoundaryView::trainPointCount() const
{
    return model_->setup().trainPoints.rows() == 2 ? int(model_->setup().trainPoints.cols()) : 0;
}

int DecisionBoundaryView::validationPointCount() const
{
    return model_->setup().valPoints.rows() == 2 ? int(model_->setup().valPoints.cols()) : 0;
}

QString DecisionBoundaryView::csvData() const
{
    QString out = QStringLiteral("kind,x1,x2,value\n");
    const auto& field = model_->field();
    if (field && field->width > 1 && field->height > 1) {
        const auto& b = field->bounds;
        for (int y = 0; y < field->height; ++y)
            for (int x = 0; x < field->width; ++x) {
                const double fx = b.xMin + (b.xMax - b.xMin) * x / (field->width - 1);
                const double fy = b.yMax - (b.yMax - b.yMin) * y / (field->height - 1);
                out += QStringLiteral("field,%1,%2,%3\n")
                           .arg(QString::number(fx, 'g', 6), QString::number(fy, 'g', 6),
                                QString::number(field->score[std::size_t(y) * field->width + x], 'g', 6));
            }
    }
    const RunSetup& s = model_->setup();
    auto points = [&](const char* kind, const Matrix& pts, const IndexVector& labels, const Matrix& targets) {
        if (pts.rows() != 2)
            return;
        for (Eigen::Index i = 0; i < pts.cols(); ++i) {
            const QString value = i < labels.size() ? QString::number(labels[i])
                : (targets.rows() > 0 && i < targets.cols()) ? QString::number(targets(0, i), 'g', 6)
                                                             : QString();
            out += QStringLiteral("%1,%2,%3,%4\n")
                       .arg(QLatin1String(kind), QString::number(pts(0, i), 'g', 6), QString::number(pts(1, i), 'g', 6),
                            value);
        }
    };
    points("train", s.trainPoints, s.trainLabels, s.trainTargets);
    points("validation", s.valPoints, s.valLabels, s.valTargets);
    return out;
}

} // namespace hs
