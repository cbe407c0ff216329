#pragma once
// The main window's central dashboard: every view in a resizable layout of
// splitters (the decision boundary large on the left), any of which can be
// maximized to fill the area and restored, hidden and shown. One view is
// "current": the one menu commands such as Export chart act on.

#include <QList>
#include <QWidget>

class QSplitter;
class QStackedLayout;

namespace hs {

class ExportableView;
class ViewFrame;

class ViewGrid : public QWidget {
    Q_OBJECT
public:
    /// Slots of the dashboard, in the order views are given to setViews().
    enum Slot { Boundary, Loss, LearningRate, Gradients, Confusion, Curves, Weights, SlotCount };

    explicit ViewGrid(QWidget* parent = nullptr);

    /// Places the views (SlotCount of them, in Slot order).
    void setViews(const QList<ExportableView*>& views);
    int count() const { return static_cast<int>(frames_.size()); }
    ViewFrame* frame(int index) const { return frames_.value(index); }

    int current() const { return current_; }
    void setCurrent(int index);
    ExportableView* currentView() const;

    /// The maximized view, or -1 when the dashboard shows.
    int maximized() const { return maximized_; }
    void maximize(int index);
    void restore();
    void toggleMaximized(int index);

    void setViewVisible(int index, bool visible);
    bool isViewVisible(int index) const;

    /// Splitter sizes and hidden views, for QSettings.
    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

signals:
    void currentChanged(int index);
    void maximizedChanged(int index);
    void viewVisibilityChanged(int index, bool visible);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateSplitters();

    QStackedLayout* stack_ = nullptr;
    QWidget* dashboard_ = nullptr;
    QWidget* single_ = nullptr;
    QList<QSplitter*> splitters_;
    QList<ViewFrame*> frames_;
    QList<bool> hidden_;
    int current_ = 0;
    int maximized_ = -1;
    QSplitter* maximizedFrom_ = nullptr;
    int maximizedIndex_ = 0;
};

} // namespace hs
