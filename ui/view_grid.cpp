#include "view_grid.h"

#include "view_frame.h"
#include "views/exportable_view.h"

#include <QApplication>
#include <QDataStream>
#include <QEvent>
#include <QIODevice>
#include <QSplitter>
#include <QStackedLayout>
#include <QVBoxLayout>

namespace hs {

ViewGrid::ViewGrid(QWidget* parent)
    : QWidget(parent)
{
    stack_ = new QStackedLayout(this);
    stack_->setContentsMargins(0, 0, 0, 0);
    dashboard_ = new QWidget(this);
    auto* d = new QVBoxLayout(dashboard_);
    d->setContentsMargins(0, 0, 0, 0);
    single_ = new QWidget(this);
    auto* s = new QVBoxLayout(single_);
    s->setContentsMargins(0, 0, 0, 0);
    stack_->addWidget(dashboard_);
    stack_->addWidget(single_);
}

void ViewGrid::setViews(const QList<ExportableView*>& views)
{
    Q_ASSERT(views.size() == SlotCount);
    auto splitter = [this](Qt::Orientation o, QWidget* parent) {
        auto* sp = new QSplitter(o, parent);
        sp->setChildrenCollapsible(false);
        sp->setHandleWidth(5);
        splitters_ << sp;
        return sp;
    };
    for (int i = 0; i < SlotCount; ++i) {
        auto* f = new ViewFrame(views[i], this);
        f->setMinimumSize(160, 120);
        connect(f, &ViewFrame::maximizeToggled, this, [this, i] { toggleMaximized(i); });
        connect(f, &ViewFrame::activated, this, [this, i] { setCurrent(i); });
        frames_ << f;
        hidden_ << false;
        // Clicks anywhere inside a view make it current.
        f->installEventFilter(this);
        for (QWidget* w : f->findChildren<QWidget*>())
            w->installEventFilter(this);
    }
    // [ boundary | loss  lr        ]
    // [          | confusion curves ]
    // [ gradients      | weights    ]
    QSplitter* outer = splitter(Qt::Vertical, dashboard_);
    QSplitter* top = splitter(Qt::Horizontal, outer);
    QSplitter* right = splitter(Qt::Vertical, top);
    QSplitter* row1 = splitter(Qt::Horizontal, right);
    QSplitter* row2 = splitter(Qt::Horizontal, right);
    QSplitter* bottom = splitter(Qt::Horizontal, outer);
    top->insertWidget(0, frames_[Boundary]);
    row1->addWidget(frames_[Loss]);
    row1->addWidget(frames_[LearningRate]);
    row2->addWidget(frames_[Confusion]);
    row2->addWidget(frames_[Curves]);
    bottom->addWidget(frames_[Gradients]);
    bottom->addWidget(frames_[Weights]);
    outer->setStretchFactor(0, 2);
    outer->setStretchFactor(1, 1);
    top->setStretchFactor(0, 2);
    top->setStretchFactor(1, 3);
    for (QSplitter* sp : {row1, row2, bottom, right})
        for (int i = 0; i < sp->count(); ++i)
            sp->setStretchFactor(i, 1);
    // Initial proportions (stretch factors only share out extra space, so
    // size hints would otherwise decide): the boundary gets a large square.
    outer->setSizes({650, 350});
    top->setSizes({380, 620});
    right->setSizes({500, 500});
    for (QSplitter* sp : {row1, row2, bottom})
        sp->setSizes({500, 500});
    dashboard_->layout()->addWidget(outer);
    setCurrent(Boundary);
}

ExportableView* ViewGrid::currentView() const
{
    return frames_.isEmpty() ? nullptr : frames_[current_]->view();
}

void ViewGrid::setCurrent(int index)
{
    if (index < 0 || index >= count())
        return;
    const bool changed = index != current_ || !frames_[index]->isCurrent();
    for (int i = 0; i < count(); ++i)
        frames_[i]->setCurrent(i == index);
    current_ = index;
    if (changed)
        emit currentChanged(index);
}

void ViewGrid::maximize(int index)
{
    if (index < 0 || index >= count() || index == maximized_)
        return;
    if (maximized_ >= 0)
        restore();
    ViewFrame* f = frames_[index];
    maximizedFrom_ = qobject_cast<QSplitter*>(f->parentWidget());
    maximizedIndex_ = maximizedFrom_ ? maximizedFrom_->indexOf(f) : 0;
    single_->layout()->addWidget(f);
    f->show();
    f->setMaximized(true);
    maximized_ = index;
    stack_->setCurrentWidget(single_);
    setCurrent(index);
    emit maximizedChanged(index);
}

void ViewGrid::restore()
{
    if (maximized_ < 0)
        return;
    ViewFrame* f = frames_[maximized_];
    if (maximizedFrom_)
        maximizedFrom_->insertWidget(maximizedIndex_, f);
    f->setMaximized(false);
    f->setVisible(!hidden_[maximized_]);
    maximized_ = -1;
    maximizedFrom_ = nullptr;
    stack_->setCurrentWidget(dashboard_);
    updateSplitters();
    emit maximizedChanged(-1);
}

void ViewGrid::toggleMaximized(int index)
{
    if (maximized_ == index)
        restore();
    else
        maximize(index);
}

void ViewGrid::setViewVisible(int index, bool visible)
{
    if (index < 0 || index >= count() || hidden_[index] == !visible)
        return;
    hidden_[index] = !visible;
    if (maximized_ == index && !visible)
        restore();
    if (maximized_ != index)
        frames_[index]->setVisible(visible);
    updateSplitters();
    emit viewVisibilityChanged(index, visible);
}

bool ViewGrid::isViewVisible(int index) const
{
    return index >= 0 && index < count() && !hidden_[index];
}

void ViewGrid::updateSplitters()
{
    // A splitter whose views are all hidden must not keep an empty area:
    // innermost first (they were created outer to inner).
    for (int s = static_cast<int>(splitters_.size()) - 1; s >= 0; --s) {
        QSplitter* sp = splitters_[s];
        bool any = false;
        for (int i = 0; i < sp->count(); ++i) {
            QWidget* w = sp->widget(i);
            const int frame = frames_.indexOf(qobject_cast<ViewFrame*>(w));
            any = any || (frame >= 0 ? !hidden_[frame] : !w->isHidden());
        }
        if (s > 0)
            sp->setVisible(any);
    }
}

QByteArray ViewGrid::saveState() const
{
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s << quint32(1) << qint32(splitters_.size());
    for (QSplitter* sp : splitters_)
        s << sp->saveState();
    s << hidden_;
    return out;
}

void ViewGrid::restoreState(const QByteArray& state)
{
    QDataStream s(state);
    quint32 version = 0;
    qint32 n = 0;
    s >> version >> n;
    if (version != 1 || n != splitters_.size())
        return;
    for (QSplitter* sp : splitters_) {
        QByteArray one;
        s >> one;
        sp->restoreState(one);
    }
    QList<bool> hidden;
    s >> hidden;
    if (s.status() != QDataStream::Ok || hidden.size() != hidden_.size())
        return;
    for (int i = 0; i < hidden.size(); ++i)
        setViewVisible(i, !hidden[i]);
}

bool ViewGrid::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::ContextMenu) {
        for (QObject* o = watched; o; o = o->parent()) {
            const int i = frames_.indexOf(qobject_cast<ViewFrame*>(o));
            if (i >= 0) {
                setCurrent(i);
                break;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace hs
