#include "history_panel.h"

#include "run_history.h"
#include "views/view_style.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace hs {

namespace {

QString optionalText(const std::optional<double>& v, bool percent = false)
{
    if (!v)
        return QStringLiteral("–");
    return percent ? QStringLiteral("%1 %").arg(*v * 100.0, 0, 'f', 1) : style::formatValue(*v, 4);
}

} // namespace

HistoryPanel::HistoryPanel(RunHistory* history, QWidget* parent)
    : QWidget(parent)
    , history_(history)
{
    setObjectName(QStringLiteral("historyPanel"));
    tree_ = new QTreeWidget(this);
    tree_->setObjectName(QStringLiteral("historyTree"));
    tree_->setColumnCount(ColumnCount);
    tree_->setHeaderLabels({tr("Run"), tr("Ended"), tr("Changes from the previous run"), tr("Status"),
                            tr("Best val loss"), tr("Best val acc."), tr("AUC"), tr("Epochs")});
    tree_->setRootIsDecorated(false);
    tree_->setUniformRowHeights(true);
    tree_->setAlternatingRowColors(true);
    tree_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    tree_->setEditTriggers(QAbstractItemView::EditKeyPressed);
    tree_->header()->setStretchLastSection(false);
    tree_->header()->setSectionResizeMode(Changes, QHeaderView::Stretch);
    tree_->setToolTip(tr("Every run that ended is kept here. Double-click (or Return) re-opens it; select two or more "
                         "and press Ctrl+D to compare them."));

    // Return and double-click open through the view's activation, so that
    // Return still ends the editing of a name.
    open_ = makeAction(tr("&Open"), {}, tr("Re-open the run: its settings and every chart (Return or double-click)"));
    connect(open_, &QAction::triggered, this, [this] {
        const QStringList ids = selectedIds();
        if (ids.size() == 1)
            emit openRequested(ids.first());
    });
    compare_ = makeAction(tr("&Compare"), QKeySequence(Qt::CTRL | Qt::Key_D),
                          tr("Overlay the curves and metrics of the selected runs"));
    connect(compare_, &QAction::triggered, this, [this] { emit compareRequested(selectedIds()); });
    lockstep_ = makeAction(tr("&Lockstep"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L),
                           tr("Train the selected runs' settings again at the same time, one epoch at a time for "
                              "all, and watch them side by side"));
    connect(lockstep_, &QAction::triggered, this, [this] { emit lockstepRequested(selectedIds()); });
    sameStart_ = makeAction(tr("Same &start"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
                            tr("Start the next runs from the selected run's initial weights and batch order, so that "
                               "only the knob you change differs (again to turn off)"));
    sameStart_->setCheckable(true);
    connect(sameStart_, &QAction::triggered, this, [this](bool on) {
        const QStringList ids = selectedIds();
        emit sameStartRequested(on && ids.size() == 1 ? ids.first() : QString());
    });
    rename_ = makeAction(tr("&Rename"), QKeySequence(Qt::Key_F2), tr("Give the run a name"));
    connect(rename_, &QAction::triggered, this, [this] {
        if (QTreeWidgetItem* item = tree_->currentItem())
            tree_->editItem(item, Name);
    });
    pin_ = makeAction(tr("&Pin"), QKeySequence(Qt::CTRL | Qt::Key_P), tr("Keep the run at the top of the list (again to unpin)"));
    connect(pin_, &QAction::triggered, this, [this] {
        const QStringList ids = selectedIds();
        const RunEntry* first = ids.isEmpty() ? nullptr : history_->find(ids.first());
        const bool pin = first && !first->pinned;
        QString error;
        for (const QString& id : ids)
            if (!history_->setPinned(id, pin, &error))
                emit errorOccurred(error);
        selectIds(ids);
    });
    delete_ = makeAction(tr("&Delete"), QKeySequence(QKeySequence::Delete), tr("Delete the selected runs (Ctrl+Z undoes)"));
    connect(delete_, &QAction::triggered, this, &HistoryPanel::removeSelected);
    undo_ = makeAction(tr("&Undo Delete"), QKeySequence(QKeySequence::Undo), tr("Bring back the last deleted run"));
    connect(undo_, &QAction::triggered, this, [this] {
        QString error;
        if (!history_->undoRemove(&error))
            emit errorOccurred(error);
    });
    import_ = makeAction(tr("&Import…"), {}, tr("Add a run folder written by hyperscope-cli train --out"));
    connect(import_, &QAction::triggered, this, &HistoryPanel::importRequested);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    for (QAction* a : {open_, compare_, lockstep_, sameStart_, rename_, pin_, delete_, undo_, import_}) {
        auto* b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setAutoRaise(true);
        bar->addWidget(b);
    }
    sameStartLabel_ = new QLabel(this);
    sameStartLabel_->setToolTip(tr("The next runs start from these initial weights and batch order."));
    bar->addWidget(sameStartLabel_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(tree_, 1);
    setSameStartLabel({});

    connect(history_, &RunHistory::changed, this, &HistoryPanel::rebuild);
    connect(tree_, &QTreeWidget::itemSelectionChanged, this, &HistoryPanel::updateActions);
    connect(tree_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        emit openRequested(item->data(Name, Qt::UserRole).toString());
    });
    connect(tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
        if (rebuilding_ || column != Name)
            return;
        const QString id = item->data(Name, Qt::UserRole).toString();
        QString text = item->text(Name);
        text.remove(QStringLiteral("★ "));
        // Renaming rebuilds the list, which must not happen inside the
        // item's own signal.
        QMetaObject::invokeMethod(this, [this, id, text] {
            QString error;
            if (!history_->rename(id, text, &error))
                emit errorOccurred(error);
            selectIds({id});
        }, Qt::QueuedConnection);
    });
    rebuild();
}

QAction* HistoryPanel::makeAction(const QString& text, const QKeySequence& key, const QString& tip)
{
    auto* a = new QAction(text, this);
    if (!key.isEmpty())
        a->setShortcut(key);
    // Keys act only while the history has the focus: Return, Delete and
    // Ctrl+Z mean other things elsewhere in the window.
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    a->setToolTip(key.isEmpty() ? tip : tr("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    a->setStatusTip(tip);
    addAction(a);
    return a;
}

void HistoryPanel::rebuild()
{
    const QStringList selected = selectedIds();
    rebuilding_ = true;
    tree_->clear();
    const QList<RunEntry>& runs = history_->runs();
    QList<int> order;
    for (int i = static_cast<int>(runs.size()) - 1; i >= 0; --i)
        if (runs[i].pinned)
            order << i;
    for (int i = static_cast<int>(runs.size()) - 1; i >= 0; --i)
        if (!runs[i].pinned)
            order << i;
    for (int i : order) {
        const RunEntry& e = runs[i];
        auto* item = new QTreeWidgetItem(tree_);
        item->setData(Name, Qt::UserRole, e.id);
        item->setText(Name, (e.pinned ? QStringLiteral("★ ") : QString()) + e.name);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
        item->setText(Time, e.created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        const auto changes = history_->changesFromPrevious(i);
        item->setText(Changes, QString::fromStdString(describeChanges(changes)));
        QString all;
        for (const auto& c : changes)
            all += QString::fromStdString(c.key + ": " + c.before + " → " + c.after) + QLatin1Char('\n');
        item->setToolTip(Changes, all.trimmed().isEmpty() ? tr("No change from the previous run") : all.trimmed());
        item->setText(Status, e.status);
        item->setText(BestValLoss, optionalText(e.bestValLoss));
        item->setText(BestValAccuracy, optionalText(e.bestValAccuracy, true));
        item->setText(Auc, optionalText(e.auc));
        item->setText(Epochs, QString::number(e.epochs));
        for (int c : {BestValLoss, BestValAccuracy, Auc, Epochs})
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(Name, QStringLiteral("%1\n%2").arg(e.name, QDir::toNativeSeparators(e.dir)));
        if (!e.problem.isEmpty()) {
            item->setForeground(Name, style::alertColor());
            item->setToolTip(Name, tr("This folder cannot be read: %1").arg(e.problem));
            item->setToolTip(Status, e.problem);
        }
        if (e.status == QLatin1String("diverged"))
            item->setForeground(Status, style::alertColor());
    }
    for (int c = 0; c < ColumnCount; ++c)
        if (c != Changes)
            tree_->resizeColumnToContents(c);
    rebuilding_ = false;
    selectIds(selected);
    updateActions();
}

QStringList HistoryPanel::selectedIds() const
{
    QStringList ids;
    for (int i = 0; i < tree_->topLevelItemCount(); ++i)
        if (QTreeWidgetItem* item = tree_->topLevelItem(i); item->isSelected())
            ids << item->data(Name, Qt::UserRole).toString();
    return ids;
}

void HistoryPanel::selectIds(const QStringList& ids)
{
    for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = tree_->topLevelItem(i);
        const bool on = ids.contains(item->data(Name, Qt::UserRole).toString());
        item->setSelected(on);
        if (on)
            tree_->setCurrentItem(item, 0, QItemSelectionModel::NoUpdate);
    }
}

void HistoryPanel::setSameStartLabel(const QString& name)
{
    sameStartLabel_->setText(name.isEmpty() ? QString() : tr("Same start as <b>%1</b>").arg(name.toHtmlEscaped()));
    const QSignalBlocker block(sameStart_);
    sameStart_->setChecked(!name.isEmpty());
}

void HistoryPanel::updateActions()
{
    const QStringList ids = selectedIds();
    const RunEntry* one = ids.size() == 1 ? history_->find(ids.first()) : nullptr;
    open_->setEnabled(one && one->problem.isEmpty());
    compare_->setEnabled(ids.size() >= 2);
    lockstep_->setEnabled(ids.size() >= 2
                          && std::all_of(ids.begin(), ids.end(), [this](const QString& id) {
                                 const RunEntry* e = history_->find(id);
                                 return e && e->problem.isEmpty();
                             }));
    sameStart_->setEnabled(sameStart_->isChecked() || (one && one->hasInitialWeights));
    rename_->setEnabled(one != nullptr);
    pin_->setEnabled(!ids.isEmpty());
    delete_->setEnabled(!ids.isEmpty());
    undo_->setEnabled(history_->canUndoRemove());
}

void HistoryPanel::removeSelected()
{
    const QStringList ids = selectedIds();
    if (ids.isEmpty())
        return;
    QString error;
    for (const QString& id : ids)
        if (!history_->remove(id, &error))
            emit errorOccurred(error);
}

} // namespace hs
