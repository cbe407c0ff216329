#include "banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace hs {

Banner::Banner(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("banner"));
    setAutoFillBackground(true);
    auto* h = new QHBoxLayout(this);
    h->setContentsMargins(8, 4, 4, 4);
    icon_ = new QLabel(this);
    text_ = new QLabel(this);
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::RichText);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    action_ = new QToolButton(this);
    action_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(action_, &QToolButton::clicked, this, [this] {
        auto callback = callback_;
        dismiss();
        if (callback)
            callback();
    });
    auto* close = new QToolButton(this);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss this message."));
    connect(close, &QToolButton::clicked, this, &Banner::dismiss);
    h->addWidget(icon_, 0, Qt::AlignTop);
    h->addWidget(text_, 1);
    h->addWidget(action_, 0, Qt::AlignTop);
    h->addWidget(close, 0, Qt::AlignTop);
    hide();
}

void Banner::showMessage(Kind kind, const QString& text, const QString& actionText, std::function<void()> action)
{
    QColor background;
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    switch (kind) {
    case Kind::Info: background = QColor(225, 238, 252); break;
    case Kind::Warning:
        background = QColor(255, 243, 205);
        icon = QStyle::SP_MessageBoxWarning;
        break;
    case Kind::Error:
        background = QColor(253, 226, 226);
        icon = QStyle::SP_MessageBoxCritical;
        break;
    }
    QPalette p = palette();
    p.setColor(QPalette::Window, background);
    p.setColor(QPalette::WindowText, QColor(30, 30, 30));
    setPalette(p);
    kind_ = kind;
    setProperty("kind", static_cast<int>(kind));
    icon_->setPixmap(style()->standardIcon(icon).pixmap(20, 20));
    text_->setText(text);
    action_->setText(actionText);
    action_->setVisible(!actionText.isEmpty());
    callback_ = std::move(action);
    show();
}

void Banner::dismiss()
{
    hide();
    text_->clear();
    callback_ = nullptr;
}

QString Banner::text() const
{
    return isHidden() ? QString() : text_->text();
}

} // namespace hs
