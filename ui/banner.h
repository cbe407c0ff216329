#pragma once
// The message strip above the views: what went wrong or what to know, with
// at most one action ("Use learning rate 0.8") and a close button. One
// message at a time replaces the previous one, so errors never pile up as a
// chain of modal dialogs.

#include <QWidget>

#include <functional>

class QLabel;
class QToolButton;

namespace hs {

class Banner : public QWidget {
    Q_OBJECT
public:
    enum class Kind { Info, Warning, Error };

    explicit Banner(QWidget* parent = nullptr);

    /// Shows `text` (rich text) in the kind's colours; with an action text,
    /// a button that hides the banner and then calls `action`.
    void showMessage(Kind kind, const QString& text, const QString& actionText = {}, std::function<void()> action = {});
    /// Hides the banner and forgets its action.
    void dismiss();

    /// The text shown (empty when hidden).
    QString text() const;
    Kind kind() const { return kind_; }

private:
    QLabel* icon_ = nullptr;
    QLabel* text_ = nullptr;
    QToolButton* action_ = nullptr;
    std::function<void()> callback_;
    Kind kind_ = Kind::Info;
};

} // namespace hs
