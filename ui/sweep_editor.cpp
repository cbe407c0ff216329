#include "sweep_editor.h"

#include "views/view_style.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <cmath>

namespace hs {

namespace {

enum Column { KeyColumn, ModeColumn, ValuesColumn };

// Keys people sweep most; any other config key can be typed.
const QStringList kSuggestedKeys{
    QStringLiteral("training.optimizer.lr"),     QStringLiteral("training.batch_size"),
    QStringLiteral("training.epochs"),           QStringLiteral("training.optimizer.type"),
    QStringLiteral("training.optimizer.momentum"), QStringLiteral("training.optimizer.weight_decay"),
    QStringLiteral("training.regularization.l2"), QStringLiteral("training.regularization.l1"),
    QStringLiteral("model.hidden"),              QStringLiteral("model.activation"),
    QStringLiteral("model.init"),                QStringLiteral("model.dropout"),
    QStringLiteral("model.batch_norm"),          QStringLiteral("model.residual"),
    QStringLiteral("training.schedule.type"),    QStringLiteral("data.noise"),
    QStringLiteral("data.samples"),              QStringLiteral("data.seed"),
};

const QStringList kMetrics{QStringLiteral("val_loss"), QStringLiteral("val_accuracy"), QStringLiteral("accuracy"),
                           QStringLiteral("f1"),       QStringLiteral("roc_auc"),      QStringLiteral("average_precision"),
                           QStringLiteral("precision"), QStringLiteral("recall"),      QStringLiteral("train_loss"),
                           QStringLiteral("rmse"),     QStringLiteral("r2")};

QString modeName(SweepEditor::Mode mode)
{
    switch (mode) {
    case SweepEditor::Mode::Grid: return SweepEditor::tr("grid: these values");
    case SweepEditor::Mode::Uniform: return SweepEditor::tr("random: uniform");
    case SweepEditor::Mode::LogUniform: return SweepEditor::tr("random: log-uniform");
    case SweepEditor::Mode::Integer: return SweepEditor::tr("random: whole numbers");
    }
    return {};
}

QString jsonText(const nlohmann::json& v)
{
    return v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString::fromStdString(v.dump());
}

} // namespace

SweepEditor::SweepEditor(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* heading = new QLabel(tr("<b>Knobs to search</b> (the rest comes from the config panel)"));
    heading->setWordWrap(true);
    layout->addWidget(heading);
    axes_ = new QTableWidget(0, 3, this);
    axes_->setObjectName(QStringLiteral("sweepAxes"));
    axes_->setHorizontalHeaderLabels({tr("Config key"), tr("Search"), tr("Values or lo : hi")});
    axes_->horizontalHeader()->setSectionResizeMode(KeyColumn, QHeaderView::Stretch);
    axes_->horizontalHeader()->setSectionResizeMode(ModeColumn, QHeaderView::ResizeToContents);
    axes_->horizontalHeader()->setSectionResizeMode(ValuesColumn, QHeaderView::Stretch);
    axes_->verticalHeader()->hide();
    axes_->setSelectionBehavior(QAbstractItemView::SelectRows);
    axes_->setToolTip(tr("Grid: comma-separated values, e.g. 0.01, 0.1, 1 or relu, tanh or [8], [16,16].\n"
                         "Random: a range lo : hi, drawn for every trial."));
    axes_->setMinimumHeight(150);
    axes_->setMaximumHeight(260);
    layout->addWidget(axes_);
    auto* rowButtons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add knob"));
    auto* remove = new QPushButton(tr("Remove"));
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addStretch(1);
    layout->addLayout(rowButtons);
    connect(add, &QPushButton::clicked, this, [this] { addAxis(kSuggestedKeys[0], Mode::LogUniform, QStringLiteral("1e-3 : 1")); });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = axes_->currentRow();
        if (row >= 0)
            axes_->removeRow(row);
        updateSummary();
    });
    editors_ << add << remove;

    auto* form = new QFormLayout;
    trials_ = new QSpinBox;
    trials_->setObjectName(QStringLiteral("sweepTrials"));
    trials_->setRange(1, 10000);
    trials_->setValue(12);
    trials_->setToolTip(tr("Random draws per grid point: the search's budget"));
    form->addRow(tr("Random draws:"), trials_);
    folds_ = new QSpinBox;
    folds_->setObjectName(QStringLiteral("sweepFolds"));
    folds_->setRange(0, 20);
    folds_->setSpecialValueText(tr("off"));
    folds_->setToolTip(tr("k ≥ 2: every trial is a stratified k-fold cross-validation, ranked by the means over its folds"));
    form->addRow(tr("k-fold:"), folds_);
    metric_ = new QComboBox;
    metric_->setObjectName(QStringLiteral("sweepMetric"));
    metric_->addItems(kMetrics);
    metric_->setToolTip(tr("Trials are ranked by this metric: val_loss is the best validation loss of the run;\n"
                           "accuracy, f1, roc_auc … are measured on the test part (the validation part without one)"));
    form->addRow(tr("Rank by:"), metric_);
    jobs_ = new QSpinBox;
    jobs_->setObjectName(QStringLiteral("sweepJobs"));
    jobs_->setRange(1, std::max(1, QThread::idealThreadCount()) * 4);
    jobs_->setValue(std::max(1, QThread::idealThreadCount()));
    jobs_->setToolTip(tr("Trials trained at once, each on one thread (default: this machine's cores)"));
    form->addRow(tr("Parallel trials:"), jobs_);
    seed_ = new QSpinBox;
    seed_->setRange(1, 1'000'000);
    seed_->setToolTip(tr("Seed of the random draws (each trial keeps the config's own seeds)"));
    form->addRow(tr("Draw seed:"), seed_);
    auto* outRow = new QHBoxLayout;
    out_ = new QLineEdit;
    out_->setObjectName(QStringLiteral("sweepOut"));
    out_->setToolTip(tr("Every trial is written here as a run folder, with sweep.json and results.csv"));
    auto* browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, &SweepEditor::browse);
    outRow->addWidget(out_, 1);
    outRow->addWidget(browse);
    form->addRow(tr("Folder:"), outRow);
    layout->addLayout(form);
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("sweepSummary"));
    summary_->setWordWrap(true);
    layout->addWidget(summary_);
    editors_ << trials_ << folds_ << metric_ << jobs_ << seed_ << out_ << browse;

    connect(axes_, &QTableWidget::cellChanged, this, &SweepEditor::updateSummary);
    for (QSpinBox* box : {trials_, folds_, jobs_, seed_})
        connect(box, &QSpinBox::valueChanged, this, &SweepEditor::updateSummary);
    connect(metric_, &QComboBox::currentIndexChanged, this, &SweepEditor::updateSummary);
    connect(out_, &QLineEdit::textChanged, this, &SweepEditor::changed);

    addAxis(QStringLiteral("training.optimizer.lr"), Mode::LogUniform, QStringLiteral("1e-3 : 3"));
    addAxis(QStringLiteral("model.hidden"), Mode::Grid, QStringLiteral("[8], [16,16]"));
}

void SweepEditor::clearAxes()
{
    axes_->setRowCount(0);
    updateSummary();
}

void SweepEditor::addAxis(const QString& key, Mode mode, const QString& values)
{
    const int row = axes_->rowCount();
    axes_->insertRow(row);
    auto* keyBox = new QComboBox;
    keyBox->setEditable(true);
    keyBox->addItems(kSuggestedKeys);
    keyBox->setCurrentText(key);
    keyBox->lineEdit()->setCursorPosition(0); // show where the key starts: "training.optimizer…"
    keyBox->setMinimumContentsLength(18);
    auto* modeBox = new QComboBox;
    for (Mode m : {Mode::Grid, Mode::Uniform, Mode::LogUniform, Mode::Integer})
        modeBox->addItem(modeName(m), static_cast<int>(m));
    modeBox->setCurrentIndex(static_cast<int>(mode));
    axes_->setCellWidget(row, KeyColumn, keyBox);
    axes_->setCellWidget(row, ModeColumn, modeBox);
    axes_->setItem(row, ValuesColumn, new QTableWidgetItem(values));
    connect(keyBox, &QComboBox::currentTextChanged, this, &SweepEditor::updateSummary);
    connect(modeBox, &QComboBox::currentIndexChanged, this, &SweepEditor::updateSummary);
    updateSummary();
}

int SweepEditor::axisCount() const
{
    return axes_->rowCount();
}

bool SweepEditor::readSpec(SweepSpec* spec, QString* error) const
{
    SweepSpec s;
    for (int row = 0; row < axes_->rowCount(); ++row) {
        const QString key = static_cast<QComboBox*>(axes_->cellWidget(row, KeyColumn))->currentText().trimmed();
        const auto mode = static_cast<Mode>(static_cast<QComboBox*>(axes_->cellWidget(row, ModeColumn))->currentData().toInt());
        QString values = axes_->item(row, ValuesColumn) ? axes_->item(row, ValuesColumn)->text() : QString();
        values.remove(QLatin1Char(' '));
        try {
            if (key.isEmpty())
                throw std::invalid_argument("no config key");
            if (values.isEmpty())
                throw std::invalid_argument(mode == Mode::Grid ? "no values" : "no range lo : hi");
            if (mode == Mode::Grid) {
                s.grid.push_back(parseGridAxis((key + QLatin1Char('=') + values).toStdString()));
            } else {
                QString range = values.replace(QLatin1Char(','), QLatin1Char(':'));
                if (mode == Mode::LogUniform)
                    range += QStringLiteral(":log");
                if (mode == Mode::Integer)
                    range += QStringLiteral(":int");
                s.random.push_back(parseRandomAxis((key + QLatin1Char('=') + range).toStdString()));
            }
        } catch (const std::exception& e) {
            if (error)
                *error = tr("Row %1 (%2): %3").arg(row + 1).arg(key, QString::fromStdString(e.what()));
            return false;
        }
    }
    if (s.grid.empty() && s.random.empty()) {
        if (error)
            *error = tr("Add at least one knob to search.");
        return false;
    }
    s.trials = trials_->value();
    s.seed = static_cast<std::uint64_t>(seed_->value());
    s.metric = metric_->currentText().toStdString();
    s.folds = folds_->value();
    if (s.folds == 1) {
        if (error)
            *error = tr("k-fold needs at least 2 folds (0 turns it off).");
        return false;
    }
    if (spec)
        *spec = std::move(s);
    return true;
}

void SweepEditor::setSpec(const SweepSpec& spec)
{
    axes_->setRowCount(0);
    for (const GridAxis& g : spec.grid) {
        QStringList values;
        for (const auto& v : g.values)
            values << jsonText(v);
        addAxis(QString::fromStdString(g.key), Mode::Grid, values.join(QStringLiteral(", ")));
    }
    for (const RandomAxis& r : spec.random)
        addAxis(QString::fromStdString(r.key), r.integer ? Mode::Integer : r.log ? Mode::LogUniform : Mode::Uniform,
                QStringLiteral("%1 : %2").arg(r.lo, 0, 'g', 17).arg(r.hi, 0, 'g', 17));
    trials_->setValue(spec.trials);
    seed_->setValue(static_cast<int>(std::min<std::uint64_t>(spec.seed, 1'000'000)));
    folds_->setValue(spec.folds);
    const int m = metric_->findText(QString::fromStdString(spec.metric));
    if (m >= 0)
        metric_->setCurrentIndex(m);
    updateSummary();
}

int SweepEditor::jobs() const { return jobs_->value(); }
void SweepEditor::setJobs(int jobs) { jobs_->setValue(jobs); }
QString SweepEditor::outputDirectory() const { return out_->text().trimmed(); }
void SweepEditor::setOutputDirectory(const QString& dir) { out_->setText(dir); }

QStringList SweepEditor::logKeys() const
{
    SweepSpec s;
    QStringList keys;
    if (readSpec(&s, nullptr))
        for (const RandomAxis& r : s.random)
            if (r.log)
                keys << QString::fromStdString(r.key);
    return keys;
}

int SweepEditor::trialCount() const
{
    SweepSpec s;
    if (!readSpec(&s, nullptr))
        return 0;
    const double n = sweepTrialCount(s);
    return n > 1e9 ? 1'000'000'000 : static_cast<int>(n);
}

void SweepEditor::setEditable(bool editable)
{
    axes_->setEnabled(editable);
    for (QWidget* w : editors_)
        w->setEnabled(editable);
}

void SweepEditor::updateSummary()
{
    SweepSpec s;
    QString error;
    if (readSpec(&s, &error) && sweepTrialCount(s) > kMaxSweepTrials)
        error = tr("%1 trials is too many: a search has at most %2. Use fewer values, or random draws over ranges.")
                    .arg(QLocale().toString(sweepTrialCount(s), 'g', sweepTrialCount(s) < 1e15 ? 15 : 3))
                    .arg(QLocale().toString(static_cast<qlonglong>(kMaxSweepTrials)));
    if (!error.isEmpty()) {
        summary_->setText(QStringLiteral("<span style='color:%1'>%2</span>").arg(style::alertColor().name(), error.toHtmlEscaped()));
    } else {
        const int n = trialCount();
        QString text = n == 1 ? tr("1 trial") : tr("%1 trials").arg(n);
        if (s.folds >= 2)
            text += tr(" × %1 folds = %2 runs").arg(s.folds).arg(static_cast<long long>(n) * s.folds);
        if (s.random.empty())
            text += tr(" (the grid: every combination)");
        else if (!s.grid.empty())
            text += tr(" (each grid point × %1 random draws)").arg(s.trials);
        text += tr(", ranked by %1 (%2 is better).")
                    .arg(QString::fromStdString(s.metric), metricIsMaximized(s.metric) ? tr("higher") : tr("lower"));
        summary_->setText(text);
    }
    emit changed();
}

void SweepEditor::browse()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the search"), out_->text());
    if (!dir.isEmpty())
        out_->setText(dir);
}

} // namespace hs
