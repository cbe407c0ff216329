#include "view_frame.h"

#include "chart_export.h"
#include "views/exportable_view.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace hs {

ViewFrame::ViewFrame(ExportableView* view, QWidget* parent)
    : QFrame(parent)
    , view_(view)
{
    setFrameShape(QFrame::StyledPanel);
    setObjectName(QStringLiteral("frame_") + view->fileStem());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(1, 1, 1, 1);
    layout->setSpacing(0);

    header_ = new QWidget(this);
    header_->setAutoFillBackground(true);
    header_->setToolTip(tr("Double-click to maximize or restore this view."));
    auto* h = new QHBoxLayout(header_);
    h->setContentsMargins(6, 1, 2, 1);
    h->setSpacing(2);
    title_ = new QLabel(view->title(), header_);
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    title_->setToolTip(header_->toolTip());
    h->addWidget(title_, 1);

    auto* exportButton = new QToolButton(header_);
    exportButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    exportButton->setAutoRaise(true);
    exportButton->setPopupMode(QToolButton::InstantPopup);
    exportButton->setToolTip(tr("Export this chart as PNG, SVG, PDF or CSV, or copy it."));
    auto* menu = new QMenu(exportButton);
    menu->addActions(exportActions(view, this));
    exportButton->setMenu(menu);
    h->addWidget(exportButton);

    maximize_ = new QToolButton(header_);
    maximize_->setAutoRaise(true);
    connect(maximize_, &QToolButton::clicked, this, &ViewFrame::maximizeToggled);
    h->addWidget(maximize_);
    setMaximized(false);

    layout->addWidget(header_);
    layout->addWidget(view->widget(), 1);
    header_->installEventFilter(this);
    title_->installEventFilter(this);
    setCurrent(false);
}

QString ViewFrame::title() const { return view_->title(); }

void ViewFrame::setMaximized(bool maximized)
{
    maximize_->setIcon(style()->standardIcon(maximized ? QStyle::SP_TitleBarNormalButton : QStyle::SP_TitleBarMaxButton));
    maximize_->setToolTip(maximized ? tr("Restore the dashboard of all views (Ctrl+0).")
                                    : tr("Show this view alone, as large as the window allows."));
}

void ViewFrame::setCurrent(bool current)
{
    current_ = current;
    QPalette p = palette();
    const QColor base = p.color(QPalette::Window);
    p.setColor(QPalette::Window, current ? p.color(QPalette::Highlight).lighter(170) : base.darker(106));
    header_->setPalette(p);
}

bool ViewFrame::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::MouseButtonDblClick) {
        emit maximizeToggled();
        return true;
    }
    if (event->type() == QEvent::MouseButtonPress)
        emit activated();
    return QFrame::eventFilter(watched, event);
}

} // namespace hs
