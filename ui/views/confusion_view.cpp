#include "views/confusion_view.h"

#include "run_model.h"
#include "views/view_style.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace hs {

namespace {

QColor heatColor(double f)
{
    // White → dark blue; slightly compressed so small shares still show.
    f = std::clamp(std::isfinite(f) ? f : 0.0, 0.0, 1.0);
    const double t = std::pow(f, 0.75);
    const QColor a(0xF7, 0xFB, 0xFF), b(0x08, 0x45, 0x94);
    auto mix = [t](int x, int y) { return int(std::lround(x + (y - x) * t)); };
    return QColor(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()));
}

QString percent(double f)
{
    return std::isfinite(f) ? QString::number(100.0 * f, 'f', 1) + '%' : QStringLiteral("–");
}

} // namespace

ConfusionHeatMap::CellLayout ConfusionHeatMap::cellLayout(double cell, int digits)
{
    // Bold digits are about 0.62 em wide, "100.0%" about 3.4 em.
    constexpr double kDigitEm = 0.62, kPercentEm = 3.4, kMinPx = 7.0, kReadablePercentPx = 9.0;
    const double room = cell - 4.0;
    CellLayout two;
    two.countPx = std::min(std::clamp(cell * 0.22, kMinPx, 22.0), room / (kDigitEm * std::max(1, digits)));
    two.percentPx = std::min(std::clamp(two.countPx * 0.8, kMinPx, 18.0), room / kPercentEm);
    if (two.percentPx >= kReadablePercentPx && cell >= 3.2 * two.countPx) {
        two.text = two.twoLines = true;
        return two;
    }
    CellLayout one;
    one.countPx = std::min(std::clamp(cell * 0.4, kMinPx, 22.0), room / (kDigitEm * std::max(1, digits)));
    one.percentPx = one.countPx;
    one.text = one.countPx >= kMinPx;
    return one;
}

void ConfusionHeatMap::setData(const CountMatrix& counts, const QStringList& classNames)
{
    counts_ = counts;
    names_ = classNames;
    update();
}

QString ConfusionHeatMap::cellText(int row, int column) const
{
    if (row < 0 || column < 0 || row >= counts_.rows() || column >= counts_.cols())
        return {};
    if (counts_(row, column) == 0)
        return QStringLiteral("0");
    const auto rowSum = counts_.row(row).sum();
    const double f = rowSum > 0 ? double(counts_(row, column)) / double(rowSum) : NAN;
    return QString::number(counts_(row, column)) + '\n' + percent(f);
}

void ConfusionHeatMap::paintContent(QPainter& p, const QRectF& rect) const
{
    const int k = int(counts_.rows());
    if (k == 0)
        return;
    p.save();
    const QFont labelFont = style::labelFont();
    QFont axisFont = labelFont;
    axisFont.setBold(true);
    const QFontMetricsF fm(labelFont), afm(axisFont);

    double nameWidth = 0;
    for (int i = 0; i < k; ++i)
        nameWidth = std::max(nameWidth, fm.horizontalAdvance(names_.value(i)));
    nameWidth = std::min(nameWidth, rect.width() * 0.25);
    const double left = afm.height() * 1.6 + nameWidth + 8;
    const double top = afm.height() * 1.6 + fm.height() + 6;
    const double avail = std::min(rect.width() - left - 8, rect.height() - top - 8);
    const double cell = std::max(4.0, avail / k);
    const QRectF grid(rect.left() + left, rect.top() + top, cell * k, cell * k);

    // Axis titles: "predicted" over the columns, "actual" beside the rows.
    p.setFont(axisFont);
    p.setPen(QColor(0x22, 0x22, 0x22));
    p.drawText(QRectF(grid.left(), rect.top() + 2, grid.width(), afm.height() * 1.4), Qt::AlignCenter,
               QObject::tr("predicted"));
    p.save();
    p.translate(rect.left() + afm.height() * 0.8, grid.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-grid.height() / 2, -afm.height() * 0.8, grid.height(), afm.height() * 1.6), Qt::AlignCenter,
               QObject::tr("actual"));
    p.restore();

    // Class names.
    p.setFont(labelFont);
    for (int i = 0; i < k; ++i) {
        const QString name = fm.elidedText(names_.value(i), Qt::ElideRight, nameWidth);
        p.drawText(QRectF(rect.left() + afm.height() * 1.6, grid.top() + i * cell, nameWidth, cell),
                   Qt::AlignVCenter | Qt::AlignRight, name);
        const QString column = fm.elidedText(names_.value(i), Qt::ElideRight, cell - 2);
        p.drawText(QRectF(grid.left() + i * cell, grid.top() - fm.height() - 4, cell, fm.height()),
                   Qt::AlignHCenter | Qt::AlignBottom, column);
    }

    // Cells.
    int digits = 1;
    for (int r = 0; r < k; ++r)
        for (int c = 0; c < k; ++c)
            digits = std::max(digits, int(QString::number(counts_(r, c)).size()));
    const CellLayout layout = cellLayout(cell, digits);
    QFont countFont = labelFont;
    countFont.setBold(true);
    countFont.setPixelSize(std::max(1, int(std::floor(layout.countPx))));
    QFont pctFont = labelFont;
    pctFont.setPixelSize(std::max(1, int(std::floor(layout.percentPx))));
    const bool twoLines = layout.twoLines;
    const bool anyText = layout.text;
    for (int r = 0; r < k; ++r) {
        const auto rowSum = counts_.row(r).sum();
        for (int c = 0; c < k; ++c) {
            const double f = rowSum > 0 ? double(counts_(r, c)) / double(rowSum) : NAN;
            const QRectF box(grid.left() + c * cell, grid.top() + r * cell, cell, cell);
            const QColor fill = rowSum > 0 ? heatColor(f) : QColor(0xF2, 0xF2, 0xF2);
            p.fillRect(box, fill);
            if (!anyText)
                continue;
            p.setPen(style::textOn(fill));
            if (counts_(r, c) == 0) {
                // Empty cells stay quiet so the mistakes stand out.
                p.setPen(QColor(0xB0, 0xB0, 0xB0));
                p.setFont(pctFont);
                p.drawText(box, Qt::AlignCenter, QStringLiteral("0"));
            } else if (twoLines) {
                p.setFont(countFont);
                p.drawText(box.adjusted(0, 0, 0, -box.height() * 0.45), Qt::AlignHCenter | Qt::AlignBottom,
                           QString::number(counts_(r, c)));
                p.setFont(pctFont);
                p.drawText(box.adjusted(0, box.height() * 0.55, 0, 0), Qt::AlignHCenter | Qt::AlignTop, percent(f));
            } else {
                p.setFont(countFont);
                p.drawText(box, Qt::AlignCenter, QString::number(counts_(r, c)));
            }
        }
    }
    // Grid lines and the diagonal outline.
    p.setPen(QPen(Qt::white, 1.0));
    for (int i = 1; i < k; ++i) {
        p.drawLine(QPointF(grid.left() + i * cell, grid.top()), QPointF(grid.left() + i * cell, grid.bottom()));
        p.drawLine(QPointF(grid.left(), grid.top() + i * cell), QPointF(grid.right(), grid.top() + i * cell));
    }
    p.setPen(QPen(QColor(0x88, 0x88, 0x88), 1.0));
    p.setBrush(Qt::NoBrush);
    p.drawRect(grid);
    p.restore();
}

ConfusionView::ConfusionView(RunModel* model, QWidget* parent)
    : ViewBase(model, parent)
{
    subset_ = new QComboBox;
    subset_->addItem(tr("Validation"), int(Subset::Validation));
    subset_->addItem(tr("Test"), int(Subset::Test));
    subset_->setToolTip(tr("The subset the matrix is computed on"));
    caption_ = new QLabel;
    caption_->setFont(style::titleFont());
    caption_->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    caption_->setContentsMargins(8, 4, 8, 4);
    caption_->setWordWrap(true);
    heat_ = new ConfusionHeatMap;
    heat_->setMinimumSize(90, 70);
    table_ = new QTableWidget;
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setColumnCount(4);
    table_->setHorizontalHeaderLabels({tr("precision"), tr("recall"), tr("F1"), tr("support")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setShowGrid(false);
    table_->setAlternatingRowColors(true);
    table_->setFrameShape(QFrame::NoFrame);
    table_->setMinimumSize(120, 60);

    auto* layout = new QVBoxLayout(content());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* controls = addControlBar(layout);
    controls->addWidget(new QLabel(tr("Subset:")));
    controls->addWidget(subset_);
    controls->addStretch(1);
    body_ = new QBoxLayout(QBoxLayout::LeftToRight);
    auto* body = body_;
    body->setContentsMargins(8, 0, 8, 8);
    body->addWidget(heat_, 3);
    body->addWidget(table_, 2);
    layout->addWidget(caption_);
    layout->addLayout(body, 1);

    connect(subset_, &QComboBox::currentIndexChanged, this, &ConfusionView::refresh);
    connect(model_, &RunModel::runReset, this, &ConfusionView::refresh);
    connect(model_, &RunModel::evaluationChanged, this, &ConfusionView::refresh);
    connect(model_, &RunModel::thresholdChanged, this, &ConfusionView::refresh);
    connect(model_, &RunModel::statusChanged, this, [this] {
        if (!report_)
            refresh();
    });
    refresh();
}

void ConfusionView::onResize()
{
    // Side by side when there is room, the table under the matrix in a tall tile.
    const auto direction = width() >= 1.25 * height() ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (body_->direction() != direction)
        body_->setDirection(direction);
    caption_->setFont(isCompact() ? style::labelFont() : style::titleFont());
    // A small tile has no room for a legible table: the matrix alone (the
    // caption keeps the accuracy; maximize the view for the table).
    table_->setVisible(!isCompact());
}

Subset ConfusionView::requestedSubset() const
{
    return Subset(subset_->currentData().toInt());
}

void ConfusionView::setSubset(Subset subset)
{
    subset_->setCurrentIndex(subset_->findData(int(subset)));
}

void ConfusionView::refresh()
{
    report_.reset();
    shown_.reset();
    const RunSetup& setup = model_->setup();
    if (setup.task != Task::Classification) {
        heat_->setData(CountMatrix(), {});
        setEmptyText(tr("The confusion matrix needs a classification task"));
        return;
    }
    const Subset asked = requestedSubset();
    const Subset other = asked == Subset::Validation ? Subset::Test : Subset::Validation;
    for (Subset s : {asked, other})
        if (const auto& e = model_->evaluation(s)) {
            shown_ = s;
            if (!e->valid) {
                heat_->setData(CountMatrix(), {});
                setEmptyText(tr("No confusion matrix: %1").arg(QString::fromStdString(e->problem)));
                return;
            }
            try {
                report_ = model_->reportAtThreshold(s);
            } catch (const std::exception& error) {
                heat_->setData(CountMatrix(), {});
                setEmptyText(tr("No confusion matrix: %1").arg(QString::fromUtf8(error.what())));
                return;
            }
            break;
        }
    if (!report_ || report_->classes == 0) {
        heat_->setData(CountMatrix(), {});
        report_.reset();
        setEmptyText(!model_->setup().holdsOut()
                         ? tr("No confusion matrix: this run has no validation or test samples to evaluate. Give "
                              "the split (Data → Train / val / test) a validation or test share.")
                     : model_->running() ? tr("Training… the confusion matrix appears at the first evaluation")
                                         : tr("Press Train to see the confusion matrix"));
        return;
    }
    setEmptyText({});
    const auto& r = *report_;
    QStringList names;
    for (int k = 0; k < r.classes; ++k)
        names << style::className(setup, k);
    heat_->setData(r.confusion, names);

    const QString subsetName = *shown_ == Subset::Test ? tr("test set") : tr("validation set");
    QString caption = tr("%1 · %2 samples · accuracy %3%")
                          .arg(subsetName.left(1).toUpper() + subsetName.mid(1))
                          .arg(r.samples)
                          .arg(QString::number(100.0 * r.accuracy, 'f', 1));
    if (r.classes == 2)
        caption += tr(" · threshold %1").arg(QString::number(model_->threshold(), 'f', 2));
    if (*shown_ != asked)
        caption += tr(" (no %1 in this run)").arg(asked == Subset::Test ? tr("test set") : tr("validation set"));
    caption_->setText(caption);

    table_->setRowCount(r.classes + 2);
    auto set = [this](int row, int col, const QString& text) {
        auto* item = table_->item(row, col);
        if (!item) {
            item = new QTableWidgetItem;
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(row, col, item);
        }
        item->setText(text);
    };
    auto row = [&](int i, const QString& name, double p, double rc, double f1, const QString& support) {
        auto* header = table_->verticalHeaderItem(i);
        if (!header) {
            header = new QTableWidgetItem;
            table_->setVerticalHeaderItem(i, header);
        }
        header->setText(name);
        set(i, 0, QString::number(p, 'f', 3));
        set(i, 1, QString::number(rc, 'f', 3));
        set(i, 2, QString::number(f1, 'f', 3));
        set(i, 3, support);
    };
    for (int k = 0; k < r.classes; ++k) {
        const auto& m = r.perClass[std::size_t(k)];
        row(k, names[k], m.precision, m.recall, m.f1, QString::number(m.support));
    }
    row(r.classes, tr("macro avg"), r.macro.precision, r.macro.recall, r.macro.f1, QString::number(r.samples));
    row(r.classes + 1, tr("weighted avg"), r.weighted.precision, r.weighted.recall, r.weighted.f1,
        QString::number(r.samples));
}

QString ConfusionView::csvData() const
{
    QString out = QStringLiteral("actual,predicted,count,row_fraction\n");
    const CountMatrix& c = heat_->counts();
    auto quote = [](QString s) {
        if (s.contains(',') || s.contains('"'))
            s = '"' + s.replace('"', QStringLiteral("\"\"")) + '"';
        return s;
    };
    for (int r = 0; r < c.rows(); ++r) {
        const auto rowSum = c.row(r).sum();
        for (int k = 0; k < c.cols(); ++k)
            out += QStringLiteral("%1,%2,%3,%4\n")
                       .arg(quote(style::className(model_->setup(), r)), quote(style::className(model_->setup(), k)))
                       .arg(c(r, k))
                       .arg(rowSum > 0 ? QString::number(double(c(r, k)) / double(rowSum), 'g', 6) : QString());
    }
    return out;
}

} // namespace hs
