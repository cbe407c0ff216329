#include "views/axis_title_fit.h"

#include <QAbstractAxis>
#include <QChart>
#include <QGraphicsLayout>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QMetaObject>

#include <algorithm>

namespace hs {

namespace {

// Set on an axis whose title or labels the fitter hid (and only then shows again).
constexpr char kTitleHidden[] = "hsTitleHiddenToFit";
constexpr char kLabelsHidden[] = "hsLabelsHiddenToFit";
constexpr char kLabelsRepeated[] = "hsLabelsRepeated";

QString textOf(const QGraphicsItem* item)
{
    if (auto* t = dynamic_cast<const QGraphicsTextItem*>(item))
        return t->toPlainText();
    if (auto* t = dynamic_cast<const QGraphicsSimpleTextItem*>(item))
        return t->text();
    return {};
}

// The sides of the plot area where a visible text of the chart is elided.
void collectElidedSides(const QGraphicsItem* item, const QRectF& plot, Qt::Alignment& sides)
{
    for (const QGraphicsItem* child : item->childItems()) {
        if (!child->isVisible())
            continue;
        if (isElided(textOf(child))) {
            const QPointF c = child->sceneBoundingRect().center();
            if (c.y() > plot.bottom())
                sides |= Qt::AlignBottom;
            else if (c.y() < plot.top())
                sides |= Qt::AlignTop;
            else if (c.x() < plot.left())
                sides |= Qt::AlignLeft;
            else if (c.x() > plot.right())
                sides |= Qt::AlignRight;
        }
        collectElidedSides(child, plot, sides);
    }
}

bool hasTitle(const QAbstractAxis* axis)
{
    return axis->isTitleVisible() && !axis->titleText().isEmpty();
}

// First the titles on a side with elided text; once a side has none left,
// the repeated labels there.
void hideWhereElided(QChart* chart)
{
    // A layout may be pending (a resize since the check was queued): the
    // texts are those of the chart's current size only after it.
    if (chart->layout())
        chart->layout()->activate();
    Qt::Alignment sides;
    collectElidedSides(chart, chart->mapRectToScene(chart->plotArea()), sides);
    if (!sides)
        return;
    const QList<QAbstractAxis*> axes = chart->axes();
    for (const Qt::Alignment side : {Qt::AlignLeft, Qt::AlignRight, Qt::AlignTop, Qt::AlignBottom}) {
        if (!(sides & side))
            continue;
        auto onSide = [side](const QAbstractAxis* a) { return a->alignment() & side; };
        const bool titled = std::any_of(axes.begin(), axes.end(), [&](auto* a) { return onSide(a) && hasTitle(a); });
        for (QAbstractAxis* axis : axes) {
            if (!onSide(axis))
                continue;
            if (titled && hasTitle(axis)) {
                axis->setTitleVisible(false);
                axis->setProperty(kTitleHidden, true);
            } else if (!titled && axis->labelsVisible() && axis->property(kLabelsRepeated).toBool()) {
                axis->setLabelsVisible(false);
                axis->setProperty(kLabelsHidden, true);
            }
        }
    }
}

void showHidden(QChart* chart)
{
    for (QAbstractAxis* axis : chart->axes()) {
        if (axis->property(kTitleHidden).toBool()) {
            axis->setProperty(kTitleHidden, false);
            axis->setTitleVisible(true);
        }
        if (axis->property(kLabelsHidden).toBool()) {
            axis->setProperty(kLabelsHidden, false);
            axis->setLabelsVisible(true);
        }
    }
}

} // namespace

bool isElided(const QString& text)
{
    return text.endsWith(QLatin1String("...")) || text.endsWith(QChar(0x2026));
}

void fitAxisTitles(QChart* chart)
{
    // The labels get their (elided) text while the layout runs, which also
    // moves the plot area: look once it is done.
    QObject::connect(chart, &QChart::plotAreaChanged, chart, [chart] {
        QMetaObject::invokeMethod(chart, [chart] { hideWhereElided(chart); }, Qt::QueuedConnection);
    });
    QObject::connect(chart, &QGraphicsWidget::geometryChanged, chart, [chart] { showHidden(chart); });
}

void setLabelsRepeated(QAbstractAxis* axis)
{
    axis->setProperty(kLabelsRepeated, true);
}

} // namespace hs
