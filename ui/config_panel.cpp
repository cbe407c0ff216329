#include "config_panel.h"

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

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

bool isOneOf(const std::string& v, std::initializer_list<const char*> names)
{
    return std::any_of(names.begin(), names.end(), [&](const char* n) { return v == n; });
}

// Display names for the dataset combo (the config keeps the engine's names).
QString datasetTitle(const QString& name)
{
    static const QHash<QString, QString> titles{
        {QStringLiteral("circle"), ConfigPanel::tr("Circle")},
        {QStringLiteral("xor"), ConfigPanel::tr("XOR")},
        {QStringLiteral("gaussian"), ConfigPanel::tr("Two Gaussians")},
        {QStringLiteral("spiral"), ConfigPanel::tr("Spiral")},
        {QStringLiteral("moons"), ConfigPanel::tr("Moons")},
        {QStringLiteral("blobs"), ConfigPanel::tr("Blobs (K classes, D dimensions)")},
        {QStringLiteral("imbalanced"), ConfigPanel::tr("Imbalanced (rare positives)")},
        {QStringLiteral("plane"), ConfigPanel::tr("Plane (regression)")},
        {QStringLiteral("ripple"), ConfigPanel::tr("Ripple (regression)")},
        {QStringLiteral("iris"), ConfigPanel::tr("Iris flowers (150 × 4, 3 classes)")},
        {QStringLiteral("breast_cancer"), ConfigPanel::tr("Breast cancer (569 × 30, 2 classes)")},
        {QStringLiteral("digits"), ConfigPanel::tr("Digits 8×8 (1797 × 64, 10 classes)")},
    };
    return titles.value(name, name);
}

QString bundledDescription(const QString& name)
{
    if (name == QLatin1String("iris"))
        return ConfigPanel::tr("Fisher's iris flowers: four measurements, three species. Small and nearly separable.");
    if (name == QLatin1String("breast_cancer"))
        return ConfigPanel::tr("Wisconsin diagnostic breast cancer: 30 cell-nucleus features, benign (0) or malignant (1).");
    if (name == QLatin1String("digits"))
        return ConfigPanel::tr("Handwritten digits as 8×8 pixel counts (0–16): ten classes, 64 inputs.");
    return {};
}

int bundledSamples(const std::string& name)
{
    if (name == "iris")
        return 150;
    if (name == "breast_cancer")
        return 569;
    if (name == "digits")
        return 1797;
    return 0;
}

QString optimizerTip(const QString& type)
{
    if (type == QLatin1String("sgd"))
        return ConfigPanel::tr("Plain stochastic gradient descent: step = −lr × gradient (optionally with momentum).");
    if (type == QLatin1String("momentum"))
        return ConfigPanel::tr("SGD with momentum (heavy ball): keeps a running direction that smooths zig-zags in narrow valleys.");
    if (type == QLatin1String("nesterov"))
        return ConfigPanel::tr("Nesterov momentum: looks ahead along the running direction before taking the gradient; often steadier than momentum.");
    if (type == QLatin1String("adagrad"))
        return ConfigPanel::tr("Adagrad: per-weight steps shrink with the sum of all past squared gradients, so learning slows down over time.");
    if (type == QLatin1String("rmsprop"))
        return ConfigPanel::tr("RMSprop: per-weight steps scaled by a running average of squared gradients.");
    if (type == QLatin1String("adam"))
        return ConfigPanel::tr("Adam: momentum plus RMSprop-style scaling with bias correction. A robust default at lr ≈ 0.001–0.01.");
    if (type == QLatin1String("adamw"))
        return ConfigPanel::tr("AdamW: Adam with decoupled weight decay (the decay does not go through the adaptive scaling).");
    return {};
}

QString scheduleTip(const QString& type)
{
    if (type == QLatin1String("constant"))
        return ConfigPanel::tr("The same learning rate for the whole run.");
    if (type == QLatin1String("step"))
        return ConfigPanel::tr("Multiply the rate by γ every «step size» epochs.");
    if (type == QLatin1String("multistep"))
        return ConfigPanel::tr("Multiply the rate by γ at each listed epoch.");
    if (type == QLatin1String("exponential"))
        return ConfigPanel::tr("Multiply the rate by γ after every epoch.");
    if (type == QLatin1String("inverse_time"))
        return ConfigPanel::tr("lr / (1 + decay rate × epoch / decay steps): a slow, steady decay.");
    if (type == QLatin1String("cosine"))
        return ConfigPanel::tr("Follow half a cosine from lr down to the minimum, optionally restarting (SGDR).");
    if (type == QLatin1String("cyclic"))
        return ConfigPanel::tr("Go up and down in a triangle between lr and the maximum rate (cyclical learning rates).");
    if (type == QLatin1String("plateau"))
        return ConfigPanel::tr("Cut the rate by a factor when the monitored metric stops improving.");
    return {};
}

// Tints a control whose value validate() complained about.
void markInvalid(QWidget* w, bool bad)
{
    if (!bad) {
        w->setPalette(QPalette()); // nothing resolved: inherit again
        return;
    }
    QPalette p = w->palette();
    p.setColor(QPalette::Base, QColor(255, 222, 222));
    p.setColor(QPalette::Button, QColor(255, 222, 222));
    w->setPalette(p);
}

// Whether `message` mentions `key` as a whole key (not "model.init" inside "model.init_scale").
bool mentions(const QString& message, const QString& key)
{
    for (qsizetype at = message.indexOf(key); at >= 0; at = message.indexOf(key, at + 1)) {
        const qsizetype end = at + key.size();
        if (end >= message.size())
            return true;
        const QChar c = message.at(end);
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char('[')))
            return true;
        if (c == QLatin1Char('.') && (end + 1 >= message.size() || !message.at(end + 1).isLetter()))
            return true; // end of a sentence
    }
    return false;
}

double roundedFraction(double v) { return std::round(v * 1e9) / 1e9; }

QToolButton* valuesButton(const QString& tip, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setText(QStringLiteral("▾"));
    b->setToolTip(tip);
    b->setPopupMode(QToolButton::InstantPopup);
    b->setMenu(new QMenu(b));
    return b;
}

QWidget* hbox(QWidget* parent, std::initializer_list<QWidget*> widgets, int stretchIndex = 0)
{
    auto* w = new QWidget(parent);
    auto* h = new QHBoxLayout(w);
    h->setContentsMargins(0, 0, 0, 0);
    h->setSpacing(2);
    int i = 0;
    for (QWidget* child : widgets)
        h->addWidget(child, i++ == stretchIndex ? 1 : 0);
    return w;
}

} // namespace

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

namespace {

QFormLayout* newForm(QGroupBox* box)
{
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setContentsMargins(6, 6, 6, 6);
    form->setVerticalSpacing(4);
    return form;
}

} // namespace

// ---------------------------------------------------------------- groups

QGroupBox* ConfigPanel::buildData()
{
    auto* box = new QGroupBox(tr("Data"), this);
    box->setToolTip(tr("What the network learns from, and how it is split and scaled."));
    auto* form = dataForm_ = newForm(box);

    dataset_ = new QComboBox(this);
    registerField(QStringLiteral("data.dataset"), dataset_);
    for (const auto& g : generatorCatalog()) {
        dataset_->addItem(datasetTitle(q(g.name)), q(g.name));
        dataset_->setItemData(dataset_->count() - 1, q(g.description), Qt::ToolTipRole);
    }
    dataset_->insertSeparator(dataset_->count());
    for (const auto& b : bundledDatasetNames()) {
        dataset_->addItem(datasetTitle(q(b)), q(b));
        dataset_->setItemData(dataset_->count() - 1, bundledDescription(q(b)), Qt::ToolTipRole);
    }
    dataset_->insertSeparator(dataset_->count());
    dataset_->addItem(tr("CSV file…"), QStringLiteral("csv"));
    dataset_->setItemData(dataset_->count() - 1, tr("Your own table: one row per sample, numeric feature columns and a label column."),
                          Qt::ToolTipRole);
    row(form, tr("Data set"), dataset_,
        tr("The data to learn: 2-D toy problems (their decision boundary is drawn live), real bundled sets, or a CSV "
           "file of your own."));
    connect(dataset_, &QComboBox::currentIndexChanged, this, [this] {
        setDataset(dataset_->currentData().toString().toStdString());
    });

    datasetInfo_ = new QLabel(this);
    datasetInfo_->setWordWrap(true);
    datasetInfo_->setToolTip(tr("What the chosen data set looks like."));
    QFont small = datasetInfo_->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    datasetInfo_->setFont(small);
    datasetInfo_->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(datasetInfo_);

    csvPath_ = new QLineEdit(this);
    registerField(QStringLiteral("data.path"), csvPath_);
    csvPath_->setPlaceholderText(tr("path/to/data.csv"));
    auto* browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    browse->setToolTip(tr("Choose a CSV file."));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString start = config_.data.path.empty() ? QString() : QFileInfo(q(config_.data.path)).absolutePath();
        const QString file = QFileDialog::getOpenFileName(this, tr("Open a CSV data file"), start,
                                                          tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
        if (file.isEmpty())
            return;
        csvPath_->setText(file);
        emit csvPath_->editingFinished();
    });
    csvPathRow_ = hbox(this, {csvPath_, browse});
    row(form, tr("CSV file"), csvPathRow_,
        tr("The CSV file to read: a header row, then one sample per row. Feature columns must be numeric."));
    csvPath_->setToolTip(csvPathRow_->toolTip());
    connect(csvPath_, &QLineEdit::editingFinished, this, [this] {
        const std::string path = csvPath_->text().trimmed().toStdString();
        if (path == config_.data.path)
            return;
        config_.data.path = path;
        edited();
    });

    labelColumn_ = new QLineEdit(this);
    registerField(QStringLiteral("data.label_column"), labelColumn_);
    labelColumn_->setPlaceholderText(tr("last column"));
    row(form, tr("Label column"), labelColumn_,
        tr("The column with the class (or target): its header name or its 0-based index. Empty = the last column."));
    connect(labelColumn_, &QLineEdit::editingFinished, this, [this] {
        const std::string column = labelColumn_->text().trimmed().toStdString();
        if (column == config_.data.labelColumn)
            return;
        config_.data.labelColumn = column;
        edited();
    });

    task_ = combo(QStringLiteral("model.task"), {QStringLiteral("classification"), QStringLiteral("regression")});
    row(form, tr("Task"), task_,
        tr("Classification predicts a class (softmax, cross-entropy); regression predicts a number (mean squared "
           "error). Set by the toy data sets; choose it for CSV files."));
    connect(task_, &QComboBox::currentIndexChanged, this, [this] {
        config_.model.task = task_->currentData().toString().toStdString();
        edited();
    });

    samples_ = intSpin(QStringLiteral("data.samples"), 4, 10'000'000, tr(" samples"));
    samples_->setSingleStep(100);
    row(form, tr("Samples"), samples_,
        tr("How many points to generate, before the split. Few samples make overfitting easy to see."));
    connect(samples_, &QSpinBox::valueChanged, this, [this](int v) {
        config_.data.samples = v;
        edited();
    });

    noise_ = realSpin(QStringLiteral("data.noise"), 0.0, 100.0, 3, 0.05);
    row(form, tr("Noise"), noise_,
        tr("Standard deviation of the Gaussian noise added to each coordinate (or to the target), in data units "
           "(shapes span about −1…1). More noise blurs the classes."));
    connect(noise_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.data.noise = v;
        edited();
    });

    classes_ = intSpin(QStringLiteral("data.classes"), 2, 100, tr(" classes"));
    row(form, tr("Classes"), classes_, tr("Number of classes (spiral arms or blobs). More classes: a harder problem and a bigger confusion matrix."));
    connect(classes_, &QSpinBox::valueChanged, this, [this](int v) {
        config_.data.classes = v;
        edited();
    });

    dimensions_ = intSpin(QStringLiteral("data.dimensions"), 1, 1024, tr(" dims"));
    row(form, tr("Dimensions"), dimensions_,
        tr("Input features of the blobs. Only 2-D data gets a decision-boundary picture."));
    connect(dimensions_, &QSpinBox::valueChanged, this, [this](int v) {
        config_.data.dimensions = v;
        edited();
    });

    positiveFraction_ = realSpin(QStringLiteral("data.positive_fraction"), 0.01, 0.5, 3, 0.01);
    row(form, tr("Positive share"), positiveFraction_,
        tr("Share of samples in the rare class 1. At 5 %, predicting \"always 0\" is 95 % accurate: look at recall, "
           "precision and the P-R curve instead."));
    connect(positiveFraction_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.data.positiveFraction = v;
        edited();
    });

    splitTrain_ = realSpin(QStringLiteral("data.split.train"), 0.0, 1.0, 3, 0.05);
    splitVal_ = realSpin(QStringLiteral("data.split.val"), 0.0, 1.0, 3, 0.05);
    splitTest_ = realSpin(QStringLiteral("data.split.test"), 0.0, 1.0, 3, 0.05);
    splitTrain_->setToolTip(tr("Share of samples the network trains on. Changing it adjusts the test share."));
    splitVal_->setToolTip(tr("Share held out to watch overfitting (validation loss) and for early stopping. Changing it adjusts the training share."));
    splitTest_->setToolTip(tr("Share kept for the final, unbiased metrics (confusion matrix, ROC). Changing it adjusts the training share."));
    splitRow_ = hbox(this, {splitTrain_, splitVal_, splitTest_}, -1);
    form->addRow(tr("Train / val / test"), splitRow_);
    splitRow_->setToolTip(tr("How the samples are divided: training, validation and test shares, summing to 1 "
                             "(stratified by class)."));
    form->labelForField(splitRow_)->setToolTip(splitRow_->toolTip());
    connect(splitTrain_, &QDoubleSpinBox::valueChanged, this, [this](double v) { setSplit(0, v); });
    connect(splitVal_, &QDoubleSpinBox::valueChanged, this, [this](double v) { setSplit(1, v); });
    connect(splitTest_, &QDoubleSpinBox::valueChanged, this, [this](double v) { setSplit(2, v); });

    normalize_ = combo(QStringLiteral("data.normalize"), {QStringLiteral("none"), QStringLiteral("zscore"), QStringLiteral("minmax")});
    normalize_->setItemData(0, tr("Use the features as they are."), Qt::ToolTipRole);
    normalize_->setItemData(1, tr("Subtract the mean and divide by the standard deviation of each feature."), Qt::ToolTipRole);
    normalize_->setItemData(2, tr("Scale each feature to 0…1."), Qt::ToolTipRole);
    row(form, tr("Normalize"), normalize_,
        tr("Feature scaling, fitted on the training part only. Unscaled features of very different sizes slow "
           "gradient descent down (try \"none\" on breast cancer)."));
    connect(normalize_, &QComboBox::currentIndexChanged, this, [this] {
        config_.data.normalize = normalize_->currentData().toString().toStdString();
        edited();
    });

    QWidget* seed = seedEdit(QStringLiteral("data.seed"), &dataSeed_);
    row(form, tr("Data seed"), seed,
        tr("Seed of the data generation and the split. Same seed, same points; change it to see how much the result "
           "depends on the sample."));
    dataSeed_->setToolTip(seed->toolTip());
    connect(dataSeed_, &QLineEdit::editingFinished, this, [this] {
        bool ok = false;
        const quint64 v = dataSeed_->text().toULongLong(&ok);
        if (ok && v != config_.data.seed) {
            config_.data.seed = v;
            edited();
        }
    });
    return box;
}

QGroupBox* ConfigPanel::buildNetwork()
{
    auto* box = new QGroupBox(tr("Network"), this);
    box->setToolTip(tr("The shape of the network: hidden layers and their options."));
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 6);
    network_ = new NetworkEditor(box);
    network_->setObjectName(QStringLiteral("model"));
    layout->addWidget(network_);
    connect(network_, &NetworkEditor::changed, this, [this] {
        const std::string task = config_.model.task;
        config_.model = network_->modelConfig();
        config_.model.task = task; // chosen in the data section
        edited();
    });
    return box;
}

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
