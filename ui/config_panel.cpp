#include "config_panel.h"

#include "config_panel_detail.h"
#include "data/bundled.h"
#include "data/generators.h"
#include "network_editor.h"
#include "optim/optimizer.h"
#include "optim/schedule.h"
#include "sci_spin_box.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace hs {

using namespace config_detail;

ConfigPanel::ConfigPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);

    auto* content = new QWidget;
    auto* groups = new QVBoxLayout(content);
    groups->setContentsMargins(6, 6, 6, 6);
    groups->setSpacing(8);
    groups->addWidget(buildData());
    groups->addWidget(buildNetwork());
    groups->addWidget(buildOptimizer());
    groups->addWidget(buildSchedule());
    groups->addWidget(buildRegularization());
    groups->addWidget(buildStopping());
    groups->addWidget(buildReproducibility());
    groups->addStretch(1);

    scroll_ = new QScrollArea(this);
    scroll_->setWidget(content);
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll_->setMinimumWidth(content->minimumSizeHint().width() + scroll_->verticalScrollBar()->sizeHint().width() + 4);
    outer->addWidget(scroll_, 1);

    problemsLabel_ = new QLabel(this);
    problemsLabel_->setObjectName(QStringLiteral("problems"));
    problemsLabel_->setWordWrap(true);
    problemsLabel_->setTextFormat(Qt::RichText);
    problemsLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problemsLabel_->setMargin(6);
    problemsLabel_->setAutoFillBackground(true);
    {
        QPalette p = problemsLabel_->palette();
        p.setColor(QPalette::Window, QColor(253, 236, 236));
        p.setColor(QPalette::WindowText, QColor(160, 20, 20));
        problemsLabel_->setPalette(p);
    }
    problemsLabel_->setToolTip(tr("Problems with the current settings. Train stays disabled until they are fixed."));
    problemsLabel_->hide();
    outer->addWidget(problemsLabel_);

    // Scrolling the panel must not change the spin box or combo under the mouse.
    for (QWidget* w : content->findChildren<QWidget*>()) {
        if (qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w)) {
            w->setFocusPolicy(Qt::StrongFocus);
            w->installEventFilter(this);
        }
    }

    showConfig();
    updateVisibility();
    updateHints();
    validate();
}

bool ConfigPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Wheel) {
        auto* w = qobject_cast<QWidget*>(watched);
        if (w && !w->hasFocus()) {
            QCoreApplication::sendEvent(scroll_->verticalScrollBar(), event);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

// ---------------------------------------------------------------- factories

void ConfigPanel::registerField(const QString& key, QWidget* widget)
{
    widget->setObjectName(key);
    fields_.insert(key, widget);
}

QSpinBox* ConfigPanel::intSpin(const QString& key, int min, int max, const QString& suffix)
{
    auto* s = new QSpinBox(this);
    s->setRange(min, max);
    s->setSuffix(suffix);
    s->setKeyboardTracking(false);
    s->setAccelerated(true);
    s->setGroupSeparatorShown(max >= 100'000);
    registerField(key, s);
    return s;
}

QDoubleSpinBox* ConfigPanel::realSpin(const QString& key, double min, double max, int decimals, double step,
                                      const QString& suffix)
{
    auto* s = new QDoubleSpinBox(this);
    s->setRange(min, max);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    s->setSuffix(suffix);
    s->setKeyboardTracking(false);
    registerField(key, s);
    return s;
}

SciSpinBox* ConfigPanel::sciSpin(const QString& key, double min, double max, double logFloor)
{
    auto* s = new SciSpinBox(this);
    s->setRange(min, max);
    s->setLogFloor(logFloor);
    registerField(key, s);
    return s;
}

QComboBox* ConfigPanel::combo(const QString& key, const QStringList& names)
{
    auto* c = new QComboBox(this);
    for (const QString& n : names)
        c->addItem(n, n);
    registerField(key, c);
    return c;
}

QCheckBox* ConfigPanel::check(const QString& key, const QString& text)
{
    auto* c = new QCheckBox(text, this);
    registerField(key, c);
    return c;
}

QWidget* ConfigPanel::seedEdit(const QString& key, QLineEdit** edit)
{
    auto* e = new QLineEdit(this);
    e->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,20}")), e));
    registerField(key, e);
    auto* dice = new QToolButton(this);
    dice->setText(QStringLiteral("⚄"));
    dice->setToolTip(tr("Draw a new random seed."));
    connect(dice, &QToolButton::clicked, e, [e] {
        e->setText(QString::number(QRandomGenerator::global()->bounded(1u, 1'000'000'000u)));
        emit e->editingFinished();
    });
    *edit = e;
    return hbox(this, {e, dice});
}

void ConfigPanel::row(QFormLayout* form, const QString& label, QWidget* field, const QString& tip)
{
    form->addRow(label, field);
    field->setToolTip(tip);
    if (QWidget* l = form->labelForField(field))
        l->setToolTip(tip);
}

// ---------------------------------------------------------------- behaviour

namespace {

void selectData(QComboBox* combo, const QString& value)
{
    int index = combo->findData(value);
    if (index < 0) {
        combo->addItem(ConfigPanel::tr("%1 (unknown)").arg(value), value);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

} // namespace

void ConfigPanel::setConfig(const RunConfig& config)
{
    config_ = config;
    showConfig();
    updateVisibility();
    updateHints();
    validate();
    emit configChanged();
}

void ConfigPanel::showConfig()
{
    showing_ = true;
    std::vector<QSignalBlocker> blockers;
    blockers.reserve(static_cast<std::size_t>(fields_.size()));
    for (QWidget* w : std::as_const(fields_))
        blockers.emplace_back(w);
    const DataConfig& d = config_.data;
    selectData(dataset_, q(d.dataset));
    csvPath_->setText(q(d.path));
    labelColumn_->setText(q(d.labelColumn));
    selectData(task_, q(config_.model.task));
    samples_->setValue(d.samples);
    noise_->setValue(d.noise);
    classes_->setValue(d.classes);
    dimensions_->setValue(d.dimensions);
    positiveFraction_->setValue(d.positiveFraction);
    splitTrain_->setValue(d.split.train);
    splitVal_->setValue(d.split.val);
    splitTest_->setValue(d.split.test);
    selectData(normalize_, q(d.normalize));
    dataSeed_->setText(QString::number(d.seed));

    network_->setModelConfig(config_.model);

    const TrainingConfig& t = config_.training;
    const OptimizerSpec& o = t.optimizer;
    selectData(optimizerType_, q(o.type));
    lr_->setValue(o.lr);
    momentum_->setValue(o.momentum);
    nesterov_->setChecked(o.nesterov);
    beta1_->setValue(o.beta1);
    beta2_->setValue(o.beta2);
    eps_->setValue(o.eps);
    rho_->setValue(o.rho);
    weightDecay_->setValue(o.weightDecay);
    batchSize_->setValue(t.batchSize);
    shuffle_->setChecked(t.shuffle);
    clipNorm_->setValue(t.clipNorm);
    clipValue_->setValue(t.clipValue);

    const ScheduleSpec& s = t.schedule;
    selectData(scheduleType_, q(s.type));
    stepSize_->setValue(s.stepSize);
    gamma_->setValue(s.gamma);
    QStringList ms;
    for (int m : s.milestones)
        ms << QString::number(m);
    milestones_->setText(ms.join(QStringLiteral(", ")));
    decayRate_->setValue(s.decayRate);
    decaySteps_->setValue(s.decaySteps);
    period_->setValue(s.period);
    restarts_->setChecked(s.restarts);
    periodMult_->setValue(s.periodMult);
    minLr_->setValue(s.minLr);
    maxLr_->setValue(s.maxLr);
    cycleEpochs_->setValue(s.cycleEpochs);
    selectData(plateauMonitor_, q(s.monitor));
    factor_->setValue(s.factor);
    plateauPatience_->setValue(s.patience);
    cooldown_->setValue(s.cooldown);
    threshold_->setValue(s.threshold);
    warmupEpochs_->setValue(s.warmupEpochs);
    warmupStart_->setValue(s.warmupStartFactor);

    l1_->setValue(t.l1);
    l2_->setValue(t.l2);

    epochs_->setValue(t.epochs);
    const EarlyStoppingConfig& e = t.earlyStopping;
    earlyStopping_->setChecked(e.enabled);
    selectData(esMonitor_, q(e.monitor));
    esPatience_->setValue(e.patience);
    esMinDelta_->setValue(e.minDelta);
    esRestoreBest_->setChecked(e.restoreBest);

    trainingSeed_->setText(QString::number(t.seed));
    threads_->setValue(t.threads);
    showing_ = false;
}

void ConfigPanel::edited()
{
    if (showing_)
        return;
    updateVisibility();
    updateHints();
    validate();
    emit configChanged();
}

void ConfigPanel::setDataset(const std::string& name)
{
    if (name == config_.data.dataset)
        return;
    config_.data.dataset = name;
    // The toy sets know their task; bundled sets are classification.
    std::string task = config_.model.task;
    if (const GeneratorInfo* g = findGenerator(name))
        task = g->task == Task::Regression ? "regression" : "classification";
    else if (isBundledDataset(name))
        task = "classification";
    if (task != config_.model.task) {
        config_.model.task = task;
        const QSignalBlocker block(task_);
        selectData(task_, q(task));
    }
    edited();
}

void ConfigPanel::setOptimizerType(const std::string& type)
{
    OptimizerSpec& o = config_.training.optimizer;
    if (type == o.type)
        return;
    const std::string old = o.type;
    o.type = type;
    // The usual defaults of the new type, as the JSON reader applies them.
    o.momentum = type == "momentum" || type == "nesterov" ? 0.9 : 0.0;
    o.nesterov = type == "nesterov";
    if (type == "adagrad")
        o.eps = 1e-10;
    else if (old == "adagrad" && o.eps == 1e-10)
        o.eps = 1e-8;
    if (type == "adamw" && o.weightDecay == 0.0)
        o.weightDecay = 0.01;
    else if (old == "adamw" && o.weightDecay == 0.01)
        o.weightDecay = 0.0;
    {
        const QSignalBlocker b1(momentum_), b2(nesterov_), b3(eps_), b4(weightDecay_);
        momentum_->setValue(o.momentum);
        nesterov_->setChecked(o.nesterov);
        eps_->setValue(o.eps);
        weightDecay_->setValue(o.weightDecay);
    }
    edited();
}

void ConfigPanel::setSplit(int which, double value)
{
    SplitFractions& s = config_.data.split;
    value = roundedFraction(value);
    // Keep the sum at 1: the training share absorbs changes to val and
    // test, the test share absorbs changes to train.
    if (which == 0) {
        s.train = value;
        const double test = roundedFraction(1.0 - s.train - s.val);
        if (test >= 0.0)
            s.test = test;
    } else {
        (which == 1 ? s.val : s.test) = value;
        const double train = roundedFraction(1.0 - s.val - s.test);
        if (train > 0.0)
            s.train = train;
    }
    {
        const QSignalBlocker b1(splitTrain_), b2(splitVal_), b3(splitTest_);
        splitTrain_->setValue(s.train);
        splitVal_->setValue(s.val);
        splitTest_->setValue(s.test);
    }
    edited();
}

void ConfigPanel::updateVisibility()
{
    const DataConfig& d = config_.data;
    const GeneratorInfo* g = findGenerator(d.dataset);
    const bool csv = d.dataset == "csv";
    dataForm_->setRowVisible(csvPathRow_, csv);
    dataForm_->setRowVisible(labelColumn_, csv);
    dataForm_->setRowVisible(samples_, g != nullptr);
    dataForm_->setRowVisible(noise_, g != nullptr);
    dataForm_->setRowVisible(classes_, g && g->usesClasses);
    dataForm_->setRowVisible(dimensions_, g && g->usesDimensions);
    dataForm_->setRowVisible(positiveFraction_, g && g->usesPositiveFraction);
    // The toy sets fix the task; only CSV data leaves it open.
    task_->setEnabled(!g && !isBundledDataset(d.dataset));
    if (g)
        datasetInfo_->setText(q(g->description));
    else if (isBundledDataset(d.dataset))
        datasetInfo_->setText(bundledDescription(q(d.dataset)));
    else if (csv)
        datasetInfo_->setText(tr("A CSV file: a header row, numeric features, and a label column."));
    else
        datasetInfo_->setText(tr("Unknown data set \"%1\".").arg(q(d.dataset)));

    const std::string& type = config_.training.optimizer.type;
    optimizerForm_->setRowVisible(momentum_, isOneOf(type, {"sgd", "momentum", "nesterov", "rmsprop"}));
    optimizerForm_->setRowVisible(nesterov_, type == "sgd");
    optimizerForm_->setRowVisible(beta1_, isOneOf(type, {"adam", "adamw"}));
    optimizerForm_->setRowVisible(beta2_, isOneOf(type, {"adam", "adamw"}));
    optimizerForm_->setRowVisible(eps_, isOneOf(type, {"adam", "adamw", "rmsprop", "adagrad"}));
    optimizerForm_->setRowVisible(rho_, type == "rmsprop");

    const ScheduleSpec& s = config_.training.schedule;
    const std::string& st = s.type;
    scheduleForm_->setRowVisible(stepSize_, st == "step");
    scheduleForm_->setRowVisible(gamma_, isOneOf(st, {"step", "multistep", "exponential"}));
    scheduleForm_->setRowVisible(milestones_, st == "multistep");
    scheduleForm_->setRowVisible(decayRate_, st == "inverse_time");
    scheduleForm_->setRowVisible(decaySteps_, st == "inverse_time");
    scheduleForm_->setRowVisible(period_, st == "cosine");
    scheduleForm_->setRowVisible(restarts_, st == "cosine");
    scheduleForm_->setRowVisible(periodMult_, st == "cosine" && s.restarts);
    scheduleForm_->setRowVisible(minLr_, isOneOf(st, {"cosine", "plateau"}));
    scheduleForm_->setRowVisible(maxLr_, st == "cyclic");
    scheduleForm_->setRowVisible(cycleEpochs_, st == "cyclic");
    for (QWidget* w : {static_cast<QWidget*>(plateauMonitor_), static_cast<QWidget*>(factor_),
                       static_cast<QWidget*>(plateauPatience_), static_cast<QWidget*>(cooldown_),
                       static_cast<QWidget*>(threshold_)})
        scheduleForm_->setRowVisible(w, st == "plateau");
    warmupStart_->setEnabled(s.warmupEpochs > 0);

    const bool es = config_.training.earlyStopping.enabled;
    for (QWidget* w : {static_cast<QWidget*>(esMonitor_), static_cast<QWidget*>(esPatience_),
                       static_cast<QWidget*>(esMinDelta_), static_cast<QWidget*>(esRestoreBest_)})
        w->setEnabled(es);
}

void ConfigPanel::updateHints()
{
    const DataConfig& d = config_.data;
    double train = 0.0;
    if (findGenerator(d.dataset))
        train = std::round(d.samples * d.split.train);
    else if (const int n = bundledSamples(d.dataset))
        train = std::round(n * d.split.train);
    const int batch = config_.training.batchSize;
    if (train <= 0.0) {
        stepsHint_->setText(batch == 0 ? tr("1 step per epoch") : tr("steps per epoch: training samples ÷ %1").arg(batch));
        return;
    }
    const double steps = batch <= 0 ? 1.0 : std::ceil(train / std::min<double>(batch, train));
    stepsHint_->setText(tr("≈ %1 steps/epoch from %2 training samples")
                            .arg(QLocale().toString(static_cast<qlonglong>(steps)))
                            .arg(QLocale().toString(static_cast<qlonglong>(train))));
}

void ConfigPanel::validate()
{
    QStringList problems;
    for (const auto& p : config_.validate())
        problems << q(p);

    // Tint the controls the messages name.
    QStringList keys;
    for (auto it = fields_.cbegin(); it != fields_.cend(); ++it) {
        bool bad = false;
        for (const QString& p : problems)
            bad = bad || mentions(p, it.key()) || (it.key().startsWith(QLatin1String("data.split."))
                                                   && p.startsWith(QLatin1String("data.split fractions")));
        markInvalid(it.value(), bad);
    }
    for (const QString& p : problems) {
        const QString first = p.section(QLatin1Char(' '), 0, 0);
        if (first.startsWith(QLatin1String("model.")))
            keys << first;
        for (const char* k : {"model.batch_norm", "model.dropout", "model.hidden"})
            if (mentions(p, QLatin1String(k)))
                keys << QLatin1String(k);
    }
    network_->markInvalid(keys);

    if (problems.isEmpty()) {
        problemsLabel_->hide();
        problemsLabel_->clear();
    } else {
        QString html = QStringLiteral("<b>%1</b><ul style=\"margin-left:-24px\">").arg(
            tr("%n problem(s) to fix before training:", nullptr, static_cast<int>(problems.size())));
        for (const QString& p : problems)
            html += QStringLiteral("<li>%1</li>").arg(p.toHtmlEscaped());
        html += QStringLiteral("</ul>");
        problemsLabel_->setText(html);
        problemsLabel_->show();
    }
    const bool wasValid = problems_.isEmpty();
    problems_ = problems;
    if (wasValid != problems_.isEmpty())
        emit validityChanged(problems_.isEmpty());
}

} // namespace hs
