// The Optimizer, Schedule, Regularization, Stopping and Reproducibility
// groups of the config panel.
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

QGroupBox* ConfigPanel::buildOptimizer()
{
    auto* box = new QGroupBox(tr("Optimizer"), this);
    box->setToolTip(tr("How the weights move: the update rule, its step size and the batches it sees."));
    auto* form = optimizerForm_ = newForm(box);

    QStringList types;
    for (const auto& t : optimizerTypes())
        types << q(t);
    optimizerType_ = combo(QStringLiteral("training.optimizer.type"), types);
    for (int i = 0; i < optimizerType_->count(); ++i)
        optimizerType_->setItemData(i, optimizerTip(optimizerType_->itemData(i).toString()), Qt::ToolTipRole);
    row(form, tr("Type"), optimizerType_,
        tr("The update rule. Compare SGD with momentum and the adaptive ones (Adagrad, RMSprop, Adam) on the same "
           "problem. Switching resets momentum, ε and weight decay to that optimizer's usual defaults."));
    connect(optimizerType_, &QComboBox::currentIndexChanged, this, [this] {
        setOptimizerType(optimizerType_->currentData().toString().toStdString());
    });

    lr_ = sciSpin(QStringLiteral("training.optimizer.lr"), 1e-7, 1e6, 1e-6);
    auto* lrValues = valuesButton(tr("Common learning rates."), this);
    for (double v : {1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0})
        lrValues->menu()->addAction(QString::number(v, 'g', 6), this, [this, v] { lr_->setValue(v); });
    lrRow_ = hbox(this, {lr_, lrValues});
    row(form, tr("Learning rate"), lrRow_,
        tr("Step size of each update. Too high: the loss oscillates or diverges to NaN; too low: it creeps down "
           "slowly. The arrows step 1-2-5 per decade."));
    lr_->setToolTip(lrRow_->toolTip());
    connect(lr_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.training.optimizer.lr = v;
        edited();
    });

    momentum_ = realSpin(QStringLiteral("training.optimizer.momentum"), 0.0, 0.999, 3, 0.05);
    row(form, tr("Momentum"), momentum_,
        tr("Fraction of the previous step carried into the next (0 = none, 0.9 typical). Speeds up along consistent "
           "directions and damps zig-zags."));
    connect(momentum_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.training.optimizer.momentum = v;
        edited();
    });

    nesterov_ = check(QStringLiteral("training.optimizer.nesterov"), tr("Nesterov momentum"));
    form->addRow(QString(), nesterov_);
    nesterov_->setToolTip(tr("Evaluate the gradient after the momentum step (look-ahead). Needs momentum above 0."));
    connect(nesterov_, &QCheckBox::toggled, this, [this](bool on) {
        config_.training.optimizer.nesterov = on;
        edited();
    });

    beta1_ = realSpin(QStringLiteral("training.optimizer.betas[0]"), 0.0, 0.9999, 4, 0.01);
    row(form, tr("β₁"), beta1_, tr("Adam's decay of the running mean of gradients (its momentum), usually 0.9."));
    connect(beta1_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.training.optimizer.beta1 = v;
        edited();
    });
    beta2_ = realSpin(QStringLiteral("training.optimizer.betas[1]"), 0.0, 0.99999, 5, 0.001);
    row(form, tr("β₂"), beta2_,
        tr("Adam's decay of the running mean of squared gradients, usually 0.999. Lower values adapt faster but are noisier."));
    connect(beta2_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.training.optimizer.beta2 = v;
        edited();
    });

    eps_ = sciSpin(QStringLiteral("training.optimizer.eps"), 1e-12, 1.0, 1e-12);
    row(form, tr("ε"), eps_,
        tr("Small number added to the denominator of adaptive optimizers so that steps stay finite; rarely worth changing."));
    connect(eps_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.training.optimizer.eps = v;
        edited();
    });

    rho_ = realSpin(QStringLiteral("training.optimizer.rho"), 0.0, 0.9999, 4, 0.01);
    row(form, tr("ρ (decay)"), rho_, tr("RMSprop's decay of the running mean of squared gradients, usually 0.99."));
    connect(rho_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.training.optimizer.rho = v;
        edited();
    });

    weightDecay_ = sciSpin(QStringLiteral("training.optimizer.weight_decay"), 0.0, 1000.0, 1e-6);
    row(form, tr("Weight decay"), weightDecay_,
        tr("Shrinks every weight a little at each step (L2 through the gradient; decoupled for AdamW). Keeps weights "
           "small, like the L2 penalty below."));
    connect(weightDecay_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.training.optimizer.weightDecay = v;
        edited();
    });

    batchSize_ = intSpin(QStringLiteral("training.batch_size"), 0, 10'000'000, tr(" per batch"));
    batchSize_->setSpecialValueText(tr("full batch"));
    auto* batchValues = valuesButton(tr("Common batch sizes."), this);
    for (int v : {1, 8, 16, 32, 64, 128, 256, 0})
        batchValues->menu()->addAction(v == 0 ? tr("Full batch") : v == 1 ? tr("1 (pure SGD)") : QString::number(v),
                                       this, [this, v] { batchSize_->setValue(v); });
    batchRow_ = hbox(this, {batchSize_, batchValues});
    row(form, tr("Batch size"), batchRow_,
        tr("Samples per update. 1 = stochastic (noisy, many steps); full batch = one smooth step per epoch; "
           "mini-batches sit between. Smaller batches mean more steps per epoch."));
    batchSize_->setToolTip(batchRow_->toolTip());
    connect(batchSize_, &QSpinBox::valueChanged, this, [this](int v) {
        config_.training.batchSize = v;
        edited();
    });

    stepsHint_ = new QLabel(this);
    stepsHint_->setToolTip(tr("Optimizer steps (iterations) per epoch = training samples ÷ batch size, rounded up."));
    stepsHint_->setForegroundRole(QPalette::PlaceholderText);
    stepsHint_->setWordWrap(true);
    form->addRow(QString(), stepsHint_);

    shuffle_ = check(QStringLiteral("training.shuffle"), tr("Shuffle every epoch"));
    form->addRow(QString(), shuffle_);
    shuffle_->setToolTip(tr("Draw the batches in a new random order each epoch. Without it the batches repeat "
                            "exactly, which can bias the updates."));
    connect(shuffle_, &QCheckBox::toggled, this, [this](bool on) {
        config_.training.shuffle = on;
        edited();
    });

    clipNorm_ = sciSpin(QStringLiteral("training.gradient_clipping.norm"), 0.0, 1e9, 1e-3);
    clipNorm_->setSpecialValueText(tr("off"));
    row(form, tr("Clip gradient norm"), clipNorm_,
        tr("Rescale the whole gradient when its length exceeds this (0 = off). The standard remedy for exploding gradients."));
    connect(clipNorm_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.training.clipNorm = v;
        edited();
    });
    clipValue_ = sciSpin(QStringLiteral("training.gradient_clipping.value"), 0.0, 1e9, 1e-3);
    clipValue_->setSpecialValueText(tr("off"));
    row(form, tr("Clip gradient value"), clipValue_,
        tr("Clamp each gradient component to ±this (0 = off). Cruder than norm clipping: it changes the direction."));
    connect(clipValue_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.training.clipValue = v;
        edited();
    });
    return box;
}

QGroupBox* ConfigPanel::buildSchedule()
{
    auto* box = new QGroupBox(tr("Schedule"), this);
    box->setToolTip(tr("How the learning rate changes during the run; the Learning rate view shows the plan."));
    auto* form = scheduleForm_ = newForm(box);

    QStringList types;
    for (const auto& t : scheduleTypes())
        types << q(t);
    scheduleType_ = combo(QStringLiteral("training.schedule.type"), types);
    for (int i = 0; i < scheduleType_->count(); ++i)
        scheduleType_->setItemData(i, scheduleTip(scheduleType_->itemData(i).toString()), Qt::ToolTipRole);
    row(form, tr("Type"), scheduleType_,
        tr("The learning-rate schedule. Decay lets a run take big steps early and fine ones late; watch the "
           "Learning rate view and the loss curve together."));
    connect(scheduleType_, &QComboBox::currentIndexChanged, this, [this] {
        config_.training.schedule.type = scheduleType_->currentData().toString().toStdString();
        edited();
    });

    stepSize_ = intSpin(QStringLiteral("training.schedule.step_size"), 1, 1'000'000, tr(" epochs"));
    row(form, tr("Step size"), stepSize_, tr("Epochs between two drops of the learning rate."));
    connect(stepSize_, &QSpinBox::valueChanged, this, [this](int v) {
        ScheduleSpec& s = config_.training.schedule;
        s.stepSize = v;
        edited();
    });

    gamma_ = realSpin(QStringLiteral("training.schedule.gamma"), 0.0001, 1.0, 4, 0.05);
    row(form, tr("γ (factor)"), gamma_,
        tr("Factor applied at each drop (step, multistep) or after each epoch (exponential); 1 = no decay."));
    connect(gamma_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        ScheduleSpec& s = config_.training.schedule;
        s.gamma = v;
        edited();
    });

    milestones_ = new QLineEdit(this);
    registerField(QStringLiteral("training.schedule.milestones"), milestones_);
    milestones_->setPlaceholderText(tr("e.g. 50, 100, 150"));
    milestones_->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9 ,;]*")), milestones_));
    row(form, tr("Milestones"), milestones_,
        tr("Epochs (ascending, separated by commas) at which the learning rate is multiplied by γ."));
    connect(milestones_, &QLineEdit::editingFinished, this, [this] {
        ScheduleSpec& s = config_.training.schedule;
        std::vector<int> values;
        const auto parts = milestones_->text().split(QRegularExpression(QStringLiteral("[ ,;]+")), Qt::SkipEmptyParts);
        for (const QString& p : parts) {
            bool ok = false;
            const int v = p.toInt(&ok);
            if (!ok) {
                markInvalid(milestones_, true);
                return;
            }
            values.push_back(v);
        }
        if (values == s.milestones)
            return;
        s.milestones = values;
        edited();
    });

    decayRate_ = realSpin(QStringLiteral("training.schedule.decay_rate"), 0.0, 1e6, 4, 0.1);
    row(form, tr("Decay rate"), decayRate_, tr("How fast inverse-time decay lowers the rate: lr / (1 + rate × epoch / steps)."));
    connect(decayRate_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        ScheduleSpec& s = config_.training.schedule;
        s.decayRate = v;
        edited();
    });
    decaySteps_ = realSpin(QStringLiteral("training.schedule.decay_steps"), 0.01, 1e9, 2, 1.0, tr(" epochs"));
    row(form, tr("Decay steps"), decaySteps_, tr("Epochs over which inverse-time decay divides the rate by (1 + decay rate)."));
    connect(decaySteps_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        ScheduleSpec& s = config_.training.schedule;
        s.decaySteps = v;
        edited();
    });

    period_ = intSpin(QStringLiteral("training.schedule.period"), 0, 1'000'000, tr(" epochs"));
    period_->setSpecialValueText(tr("whole run"));
    row(form, tr("Period"), period_,
        tr("Length of one cosine half-wave in epochs (the first cycle, with restarts); 0 = the whole run."));
    connect(period_, &QSpinBox::valueChanged, this, [this](int v) {
        ScheduleSpec& s = config_.training.schedule;
        s.period = v;
        edited();
    });

    restarts_ = check(QStringLiteral("training.schedule.restarts"), tr("Warm restarts (SGDR)"));
    form->addRow(QString(), restarts_);
    restarts_->setToolTip(tr("Jump back to the full rate at the end of each cosine cycle; the kicks can escape poor minima."));
    connect(restarts_, &QCheckBox::toggled, this, [this](bool on) {
        ScheduleSpec& s = config_.training.schedule;
        s.restarts = on;
        edited();
    });

    periodMult_ = realSpin(QStringLiteral("training.schedule.period_mult"), 1.0, 100.0, 2, 0.5, tr(" ×"));
    row(form, tr("Period growth"), periodMult_, tr("Each restart's cycle is this many times longer than the previous one (1 = equal cycles)."));
    connect(periodMult_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        ScheduleSpec& s = config_.training.schedule;
        s.periodMult = v;
        edited();
    });

    minLr_ = sciSpin(QStringLiteral("training.schedule.min_lr"), 0.0, 1e9, 1e-7);
    row(form, tr("Minimum rate"), minLr_, tr("The floor: cosine ends here; reduce-on-plateau never goes below it."));
    connect(minLr_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        ScheduleSpec& s = config_.training.schedule;
        s.minLr = v;
        edited();
    });

    maxLr_ = sciSpin(QStringLiteral("training.schedule.max_lr"), 1e-7, 1e9, 1e-6);
    row(form, tr("Maximum rate"), maxLr_, tr("Top of the cyclic triangle; the bottom is the optimizer's learning rate."));
    connect(maxLr_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        ScheduleSpec& s = config_.training.schedule;
        s.maxLr = v;
        edited();
    });

    cycleEpochs_ = realSpin(QStringLiteral("training.schedule.cycle_epochs"), 0.01, 1e6, 2, 0.5, tr(" epochs"));
    row(form, tr("Half cycle"), cycleEpochs_, tr("Epochs from the bottom to the top of the cyclic triangle."));
    connect(cycleEpochs_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        ScheduleSpec& s = config_.training.schedule;
        s.cycleEpochs = v;
        edited();
    });

    QStringList monitors;
    for (const auto& m : plateauMonitors())
        monitors << q(m);
    plateauMonitor_ = combo(QStringLiteral("training.schedule.monitor"), monitors);
    row(form, tr("Monitor"), plateauMonitor_, tr("The metric whose stalling triggers a reduction (validation metrics need a validation share)."));
    connect(plateauMonitor_, &QComboBox::currentIndexChanged, this, [this] {
        ScheduleSpec& s = config_.training.schedule;
        s.monitor = plateauMonitor_->currentData().toString().toStdString();
        edited();
    });

    factor_ = realSpin(QStringLiteral("training.schedule.factor"), 0.001, 0.999, 3, 0.05);
    row(form, tr("Factor"), factor_, tr("The rate is multiplied by this at each reduction (0.1 = divide by ten)."));
    connect(factor_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        ScheduleSpec& s = config_.training.schedule;
        s.factor = v;
        edited();
    });

    plateauPatience_ = intSpin(QStringLiteral("training.schedule.patience"), 0, 1'000'000, tr(" epochs"));
    row(form, tr("Patience"), plateauPatience_, tr("Epochs without improvement to tolerate before reducing the rate."));
    connect(plateauPatience_, &QSpinBox::valueChanged, this, [this](int v) {
        ScheduleSpec& s = config_.training.schedule;
        s.patience = v;
        edited();
    });

    cooldown_ = intSpin(QStringLiteral("training.schedule.cooldown"), 0, 1'000'000, tr(" epochs"));
    row(form, tr("Cooldown"), cooldown_, tr("Epochs after a reduction during which stalling is not counted."));
    connect(cooldown_, &QSpinBox::valueChanged, this, [this](int v) {
        ScheduleSpec& s = config_.training.schedule;
        s.cooldown = v;
        edited();
    });

    threshold_ = sciSpin(QStringLiteral("training.schedule.threshold"), 0.0, 0.999, 1e-6);
    row(form, tr("Threshold"), threshold_, tr("Relative improvement that counts as progress (1e-4 = 0.01 %)."));
    connect(threshold_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        ScheduleSpec& s = config_.training.schedule;
        s.threshold = v;
        edited();
    });

    warmupEpochs_ = realSpin(QStringLiteral("training.schedule.warmup_epochs"), 0.0, 1e6, 2, 1.0, tr(" epochs"));
    warmupEpochs_->setSpecialValueText(tr("off"));
    row(form, tr("Warm-up"), warmupEpochs_,
        tr("Ramp the rate up linearly over these first epochs (0 = off), with any schedule. Helps large rates and "
           "large batches start without blowing up."));
    connect(warmupEpochs_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        ScheduleSpec& s = config_.training.schedule;
        s.warmupEpochs = v;
        edited();
    });

    warmupStart_ = realSpin(QStringLiteral("training.schedule.warmup_start_factor"), 0.0, 1.0, 3, 0.05);
    row(form, tr("Warm-up start"), warmupStart_, tr("The warm-up starts at this fraction of the scheduled rate."));
    connect(warmupStart_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        ScheduleSpec& s = config_.training.schedule;
        s.warmupStartFactor = v;
        edited();
    });
    return box;
}

QGroupBox* ConfigPanel::buildRegularization()
{
    auto* box = new QGroupBox(tr("Regularization"), this);
    box->setToolTip(tr("Penalties that keep the weights small, against overfitting. Dropout is under Network, "
                       "weight decay under Optimizer."));
    auto* form = newForm(box);

    l1_ = sciSpin(QStringLiteral("training.regularization.l1"), 0.0, 1000.0, 1e-6);
    row(form, tr("L1"), l1_,
        tr("Adds l1 × Σ|w| to the loss: pushes many weights to exactly zero (a sparse network). Watch the weight "
           "histogram collapse to a spike at 0."));
    connect(l1_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.training.l1 = v;
        edited();
    });
    l2_ = sciSpin(QStringLiteral("training.regularization.l2"), 0.0, 1000.0, 1e-6);
    row(form, tr("L2"), l2_,
        tr("Adds l2 × Σw² to the loss: shrinks all weights towards zero without zeroing them, giving smoother "
           "boundaries."));
    connect(l2_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.training.l2 = v;
        edited();
    });
    return box;
}

QGroupBox* ConfigPanel::buildStopping()
{
    auto* box = new QGroupBox(tr("Stopping"), this);
    box->setToolTip(tr("How long to train, and when to give up early."));
    auto* form = newForm(box);

    epochs_ = intSpin(QStringLiteral("training.epochs"), 1, 1'000'000, tr(" epochs"));
    epochs_->setSingleStep(10);
    row(form, tr("Epochs"), epochs_,
        tr("Passes over the training data. Too few underfits; too many overfits, which the validation curve shows "
           "rising again."));
    connect(epochs_, &QSpinBox::valueChanged, this, [this](int v) {
        config_.training.epochs = v;
        edited();
    });

    earlyStopping_ = check(QStringLiteral("training.early_stopping.enabled"), tr("Early stopping"));
    form->addRow(QString(), earlyStopping_);
    earlyStopping_->setToolTip(tr("Stop when the monitored metric has not improved for «patience» epochs: a cheap "
                                  "guard against overfitting."));
    connect(earlyStopping_, &QCheckBox::toggled, this, [this](bool on) {
        config_.training.earlyStopping.enabled = on;
        edited();
    });

    esMonitor_ = combo(QStringLiteral("training.early_stopping.monitor"),
                       {QStringLiteral("val_loss"), QStringLiteral("val_accuracy"), QStringLiteral("train_loss"),
                        QStringLiteral("train_accuracy")});
    row(form, tr("Monitor"), esMonitor_, tr("The metric to watch; validation metrics (which need a validation share) are the honest choice."));
    connect(esMonitor_, &QComboBox::currentIndexChanged, this, [this] {
        config_.training.earlyStopping.monitor = esMonitor_->currentData().toString().toStdString();
        edited();
    });

    esPatience_ = intSpin(QStringLiteral("training.early_stopping.patience"), 0, 1'000'000, tr(" epochs"));
    row(form, tr("Patience"), esPatience_, tr("Epochs without improvement before stopping. Too small stops on noise."));
    connect(esPatience_, &QSpinBox::valueChanged, this, [this](int v) {
        config_.training.earlyStopping.patience = v;
        edited();
    });

    esMinDelta_ = sciSpin(QStringLiteral("training.early_stopping.min_delta"), 0.0, 1e9, 1e-6);
    row(form, tr("Min improvement"), esMinDelta_, tr("Smallest change of the metric that counts as an improvement (0 = any)."));
    connect(esMinDelta_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.training.earlyStopping.minDelta = v;
        edited();
    });

    esRestoreBest_ = check(QStringLiteral("training.early_stopping.restore_best"), tr("Restore the best weights"));
    form->addRow(QString(), esRestoreBest_);
    esRestoreBest_->setToolTip(tr("End with the weights of the best epoch rather than the last one."));
    connect(esRestoreBest_, &QCheckBox::toggled, this, [this](bool on) {
        config_.training.earlyStopping.restoreBest = on;
        edited();
    });
    return box;
}

QGroupBox* ConfigPanel::buildReproducibility()
{
    auto* box = new QGroupBox(tr("Reproducibility"), this);
    box->setToolTip(tr("Same settings and seeds give the same run, bit for bit."));
    auto* form = newForm(box);

    QWidget* seed = seedEdit(QStringLiteral("training.seed"), &trainingSeed_);
    row(form, tr("Training seed"), seed,
        tr("Seed of the initial weights, the shuffling and dropout. Re-seed (Ctrl+Shift+R) to see how much a result "
           "owes to luck."));
    trainingSeed_->setToolTip(seed->toolTip());
    connect(trainingSeed_, &QLineEdit::editingFinished, this, [this] {
        bool ok = false;
        const quint64 v = trainingSeed_->text().toULongLong(&ok);
        if (ok && v != config_.training.seed) {
            config_.training.seed = v;
            edited();
        }
    });

    threads_ = intSpin(QStringLiteral("training.threads"), 1, 64, tr(" threads"));
    row(form, tr("Threads"), threads_,
        tr("CPU threads for large matrix products. Results are reproducible for a given thread count; small "
           "networks are fastest on one."));
    connect(threads_, &QSpinBox::valueChanged, this, [this](int v) {
        config_.training.threads = v;
        edited();
    });
    return box;
}

} // namespace hs
