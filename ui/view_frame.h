#pragma once
// One view in the main window's dashboard: a slim header (title, export
// menu, maximize/restore button) above the view. Double-clicking the header
// maximizes or restores the view.

#include <QFrame>

class QLabel;
class QToolButton;

namespace hs {

class ExportableView;

class ViewFrame : public QFrame {
    Q_OBJECT
public:
    explicit ViewFrame(ExportableView* view, QWidget* parent = nullptr);

    ExportableView* view() const { return view_; }
    QString title() const;

    /// Highlights the header of the view that menu commands act on.
    void setCurrent(bool current);
    bool isCurrent() const { return current_; }
    /// Switches the button between "maximize" and "restore".
    void setMaximized(bool maximized);

signals:
    void maximizeToggled();
    /// The user clicked into the frame.
    void activated();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    ExportableView* view_;
    QWidget* header_;
    QLabel* title_;
    QToolButton* maximize_;
    bool current_ = false;
};

} // namespace hs
