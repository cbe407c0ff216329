#include "views/view_base.h"

#include "chart_export.h"
#include "views/axis_title_fit.h"
#include "views/view_style.h"

#include <QAbstractAxis>
#include <QChart>
#include <QCoreApplication>
#include <QLayout>
#include <QResizeEvent>
#include <QChartView>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QPainter>
#include <QStackedLayout>
#include <QTableWidget>
#include <QXYSeries>

#include <algorithm>

namespace hs {

void PaintedCanvas::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    p.fillRect(rect(), Qt::white);
    paintContent(p, QRectF(rect()));
}

ViewBase::ViewBase(RunModel* model, QWidget* parent)
    : QWidget(parent)
    , model_(model)
{
    stack_ = new QStackedLayout(this);
    stack_->setContentsMargins(0, 0, 0, 0);
    content_ = new QWidget;
    emptyLabel_ = new QLabel;
    emptyLabel_->setAlignment(Qt::AlignCenter);
    emptyLabel_->setWordWrap(true);
    QFont f = style::labelFont();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    emptyLabel_->setFont(f);
    QPalette pal = emptyLabel_->palette();
    pal.setColor(QPalette::WindowText, style::mutedColor());
    emptyLabel_->setPalette(pal);
    stack_->addWidget(content_);
    stack_->addWidget(emptyLabel_);
    setAutoFillBackground(true);
    QPalette bg = palette();
    bg.setColor(QPalette::Window, Qt::white);
    setPalette(bg);
    // As small as a tile of the grid can get (its frame: 160 × 120), so
    // that a small tile shrinks the view instead of cutting off its bottom.
    setMinimumSize(160, 90);
    installExportMenu(this);
}

void ViewBase::setEmptyText(const QString& text)
{
    emptyText_ = text;
    emptyLabel_->setText(text);
    stack_->setCurrentWidget(text.isEmpty() ? content_ : static_cast<QWidget*>(emptyLabel_));
}

QHBoxLayout* ViewBase::addControlBar(QBoxLayout* layout)
{
    auto* bar = new QWidget(content_);
    bar->setProperty("hsNotExported", true);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(8, 4, 8, 0);
    layout->addWidget(bar);
    return row;
}

void ViewBase::setChartTitle(QChart* chart, const QString& full, const QString& compact)
{
    chart->setProperty("hsTitle", full);
    chart->setProperty("hsCompactTitle", compact);
    chart->setTitle(compact_ ? compact : full);
}

void ViewBase::setAxisTitle(QAbstractAxis* axis, const QString& full, const QString& compact)
{
    axis->setProperty("hsTitle", full);
    axis->setProperty("hsCompactTitle", compact);
    axis->setTitleText(compact_ ? compact : full);
}

void ViewBase::applyCompact(QChart* chart) const
{
    if (chart->property("hsTitle").isValid())
        chart->setTitle(chart->property(compact_ ? "hsCompactTitle" : "hsTitle").toString());
    else if (compact_ && !chart->title().isEmpty()) {
        chart->setProperty("hsTitle", chart->title());
        chart->setProperty("hsCompactTitle", QString());
        chart->setTitle({});
    }
    QFont title = style::titleFont();
    if (compact_)
        title.setPointSizeF(style::labelFont().pointSizeF());
    chart->setTitleFont(title);
    chart->legend()->setFont(compact_ ? style::smallFont() : style::labelFont());
    chart->setMargins(compact_ ? QMargins(2, 2, 6, 2) : QMargins(6, 4, 10, 4));
    for (QAbstractAxis* axis : chart->axes()) {
        QFont f = compact_ ? style::smallFont() : style::labelFont();
        f.setBold(true);
        axis->setTitleFont(f);
        if (axis->property("hsTitle").isValid())
            axis->setTitleText(axis->property(compact_ ? "hsCompactTitle" : "hsTitle").toString());
    }
}

int ViewBase::xTicksFor(const QChart* chart) const
{
    const double w = chart->size().width();
    if (w < 1)
        return 8;
    return std::clamp(int((w - 90) / 70), 2, 10);
}

int ViewBase::yTicksFor(const QChart* chart) const
{
    const double h = chart->size().height();
    if (h < 1)
        return 6;
    return std::clamp(int((h - 110) / 45), 2, 8);
}

int ViewBase::decadeTicksFor(const QChart* chart) const
{
    // Decade labels are short and evenly spread: one per ~24 px of the
    // plot, less the title and the bottom axis.
    const double h = chart->size().height();
    if (h < 1)
        return 12;
    return std::clamp(int((h - 80) / 24) + 1, 2, 12);
}

void ViewBase::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    const bool compact = width() < 600 || height() < 440;
    if (compact != compact_) {
        compact_ = compact;
        for (QChart* chart : charts())
            applyCompact(chart);
    }
    onResize();
}

QChartView* ViewBase::makeChartView(QChart* chart, QWidget* parent)
{
    applyCompact(chart);
    fitAxisTitles(chart);
    connect(chart, &QGraphicsWidget::geometryChanged, this, &ViewBase::scheduleChartsResized);
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setRenderHint(QPainter::TextAntialiasing);
    view->setFrameShape(QFrame::NoFrame);
    view->setMinimumSize(120, 90);
    view->setContextMenuPolicy(Qt::NoContextMenu);
    return view;
}

void ViewBase::scheduleChartsResized()
{
    if (chartsResizedPending_)
        return;
    chartsResizedPending_ = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            chartsResizedPending_ = false;
            onResize();
        },
        Qt::QueuedConnection);
}

QList<QChart*> ViewBase::charts() const
{
    QList<QChart*> out;
    for (auto* view : content_->findChildren<QChartView*>())
        if (view->chart())
            out << view->chart();
    return out;
}

QXYSeries* ViewBase::findSeries(const QString& id) const
{
    for (auto* chart : charts())
        for (auto* s : chart->series())
            if (s->objectName() == id && s->isVisible())
                if (auto* xy = qobject_cast<QXYSeries*>(s))
                    return xy;
    return nullptr;
}

QStringList ViewBase::seriesIds() const
{
    QStringList ids;
    for (auto* chart : charts())
        for (auto* s : chart->series())
            if (!s->objectName().isEmpty() && s->isVisible() && qobject_cast<QXYSeries*>(s))
                ids << s->objectName();
    return ids;
}

int ViewBase::pointCount(const QString& id) const
{
    auto* s = findSeries(id);
    return s ? static_cast<int>(s->count()) : -1;
}

void ViewBase::ensureLaidOut(QWidget* w)
{
    if (w->testAttribute(Qt::WA_PendingResizeEvent)) {
        QResizeEvent resize(w->size(), QSize());
        QCoreApplication::sendEvent(w, &resize); // lays out its children (and resizes a chart view's chart)
        w->setAttribute(Qt::WA_PendingResizeEvent, false);
    }
    if (w->layout())
        w->layout()->activate();
    for (QObject* child : w->children())
        if (auto* cw = qobject_cast<QWidget*>(child); cw && !cw->isWindow() && !cw->isHidden())
            ensureLaidOut(cw);
}

void ViewBase::renderTo(QPainter& painter, const QRectF& target)
{
    if (!isVisible())
        ensureLaidOut(this);
    painter.save();
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    painter.fillRect(target, Qt::white);
    const QSizeF size = this->size();
    const double s = std::min(target.width() / std::max(1.0, size.width()), target.height() / std::max(1.0, size.height()));
    painter.translate(target.center().x() - size.width() * s / 2, target.center().y() - size.height() * s / 2);
    painter.scale(s, s);
    if (isEmptyState()) {
        painter.setFont(emptyLabel_->font());
        painter.setPen(style::mutedColor());
        painter.drawText(QRectF(QPointF(0, 0), size).adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                         emptyText_);
    } else {
        renderWidget(painter, content_);
    }
    painter.restore();
}

void ViewBase::renderWidget(QPainter& painter, QWidget* w)
{
    for (QObject* child : w->children()) {
        auto* cw = qobject_cast<QWidget*>(child);
        if (!cw || !cw->isVisibleTo(this) || cw->isWindow() || cw->property("hsNotExported").toBool())
            continue;
        const QRectF geom(QPointF(cw->mapTo(this, QPoint(0, 0))), QSizeF(cw->size()));
        if (auto* view = qobject_cast<QChartView*>(cw)) {
            if (auto* chart = view->chart(); chart && chart->layout())
                chart->layout()->activate();
            view->scene()->render(&painter, geom, view->sceneRect(), Qt::IgnoreAspectRatio);
        } else if (auto* canvas = qobject_cast<PaintedCanvas*>(cw)) {
            painter.save();
            painter.setClipRect(geom);
            canvas->paintContent(painter, geom);
            painter.restore();
        } else if (auto* table = qobject_cast<QTableWidget*>(cw)) {
            painter.save();
            painter.setFont(table->font());
            const QFontMetricsF fm(table->font());
            const double rowH = std::max<double>(fm.height() * 1.5, table->verticalHeader()->defaultSectionSize());
            const bool vh = !table->verticalHeader()->isHidden(); // isVisible() is false offscreen, before show()
            double vhW = 0.0;
            if (vh) {
                QFont b = table->font();
                b.setBold(true);
                const QFontMetricsF bfm(b);
                for (int r = 0; r < table->rowCount(); ++r)
                    if (auto* item = table->verticalHeaderItem(r))
                        vhW = std::max(vhW, bfm.horizontalAdvance(item->text()) + 12);
            }
            const double scaleX = std::max(0.0, geom.width() - vhW)
                / std::max(1.0, double(table->horizontalHeader()->length()));
            auto colX = [&](int c) { return geom.left() + vhW + table->horizontalHeader()->sectionPosition(c) * scaleX; };
            auto colW = [&](int c) { return table->horizontalHeader()->sectionSize(c) * scaleX; };
            double y = geom.top();
            painter.setPen(QColor(0x22, 0x22, 0x22));
            QFont bold = table->font();
            bold.setBold(true);
            painter.setFont(bold);
            for (int c = 0; c < table->columnCount(); ++c)
                if (auto* item = table->horizontalHeaderItem(c))
                    painter.drawText(QRectF(colX(c), y, colW(c), rowH).adjusted(4, 0, -4, 0),
                                     Qt::AlignVCenter | Qt::AlignRight, item->text());
            y += rowH;
            painter.setPen(QColor(0xBB, 0xBB, 0xBB));
            painter.drawLine(QPointF(geom.left(), y), QPointF(geom.right(), y));
            for (int r = 0; r < table->rowCount() && y + rowH <= geom.bottom() + 1; ++r) {
                painter.setFont(bold);
                painter.setPen(QColor(0x22, 0x22, 0x22));
                if (vh)
                    if (auto* item = table->verticalHeaderItem(r))
                        painter.drawText(QRectF(geom.left(), y, vhW, rowH).adjusted(4, 0, -4, 0),
                                         Qt::AlignVCenter | Qt::AlignLeft, item->text());
                painter.setFont(table->font());
                for (int c = 0; c < table->columnCount(); ++c)
                    if (auto* item = table->item(r, c)) {
                        const QVariant fg = item->data(Qt::ForegroundRole);
                        painter.setPen(fg.isValid() ? fg.value<QBrush>().color() : QColor(0x22, 0x22, 0x22));
                        painter.drawText(QRectF(colX(c), y, colW(c), rowH).adjusted(4, 0, -4, 0),
                                         Qt::AlignVCenter | Qt::AlignRight, item->text());
                    }
                y += rowH;
            }
            painter.restore();
        } else if (auto* label = qobject_cast<QLabel*>(cw)) {
            painter.save();
            painter.setFont(label->font());
            painter.setPen(label->palette().color(QPalette::WindowText));
            int flags = int(label->alignment());
            if (label->wordWrap())
                flags |= Qt::TextWordWrap;
            const QMargins m = label->contentsMargins();
            painter.drawText(geom.adjusted(m.left() + label->margin(), m.top() + label->margin(),
                                           -m.right() - label->margin(), -m.bottom() - label->margin()),
                             flags, label->text());
            painter.restore();
        } else {
            renderWidget(painter, cw);
        }
    }
}

} // namespace hs
