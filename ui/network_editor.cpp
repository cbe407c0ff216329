#include "network_editor.h"

#include "config_panel_detail.h"

#include "nn/activation.h"
#include "nn/initializer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace hs {

namespace {

QString activationTip(const QString& name)
{
    if (name == QLatin1String("linear"))
        return NetworkEditor::tr("No non-linearity: however deep, the network stays a linear model and can only draw straight boundaries.");
    if (name == QLatin1String("sigmoid"))
        return NetworkEditor::tr("Squashes to (0, 1). Saturates for large inputs, so deep sigmoid networks show vanishing gradients in the early layers.");
    if (name == QLatin1String("tanh"))
        return NetworkEditor::tr("Squashes to (−1, 1) around zero. Saturates like sigmoid; watch the saturated share in the gradient view.");
    if (name == QLatin1String("relu"))
        return NetworkEditor::tr("max(0, x): cheap and does not saturate for positive inputs. Units can die (output 0 for every sample); watch the dead-ReLU share.");
    if (name == QLatin1String("leaky_relu"))
        return NetworkEditor::tr("ReLU with a small slope for negative inputs, so units cannot die completely.");
    if (name == QLatin1String("elu"))
        return NetworkEditor::tr("Smooth ReLU that tends to −α for negative inputs, keeping mean activations near zero.");
    if (name == QLatin1String("softplus"))
        return NetworkEditor::tr("log(1 + eˣ): a smooth version of ReLU.");
    if (name == QLatin1String("gelu"))
        return NetworkEditor::tr("Gaussian error linear unit: a smooth ReLU-like curve, common in transformers.");
    return {};
}

QString initTip(const QString& name)
{
    if (name == QLatin1String("zeros"))
        return NetworkEditor::tr("Every weight 0: the units of a layer stay identical forever (symmetry never breaks). Try it to see why random initialization matters.");
    if (name == QLatin1String("uniform"))
        return NetworkEditor::tr("Uniform in ±scale (the scale below), whatever the layer size.");
    if (name == QLatin1String("normal"))
        return NetworkEditor::tr("Normal with standard deviation = scale (below), whatever the layer size.");
    if (name.startsWith(QLatin1String("xavier")))
        return NetworkEditor::tr("Glorot/Xavier: variance 2 / (fan-in + fan-out). Keeps signals steady through tanh and sigmoid layers.");
    if (name.startsWith(QLatin1String("he")))
        return NetworkEditor::tr("He/Kaiming: variance 2 / fan-in. Made for ReLU-like activations, which zero half their inputs.");
    if (name.startsWith(QLatin1String("lecun")))
        return NetworkEditor::tr("LeCun: variance 1 / fan-in. Suits tanh-like and self-normalizing activations.");
    return {};
}

QToolButton* smallButton(const QString& text, const QString& tip, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(false);
    b->setFixedWidth(26);
    b->setAutoRepeat(true);
    return b;
}

void tip(QWidget* w, QFormLayout* form, const QString& text)
{
    w->setToolTip(text);
    if (QWidget* label = form->labelForField(w))
        label->setToolTip(text);
}

} // namespace

NetworkEditor::NetworkEditor(QWidget* parent)
    : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(4);

    auto* header = new QHBoxLayout;
    summary_ = new QLabel(this);
    summary_->setToolTip(tr("Hidden layers sit between the inputs and the output. More layers and units fit more complex "
                            "boundaries, and overfit sooner."));
    removeLayer_ = smallButton(QStringLiteral("−"), tr("Remove the last hidden layer."), this);
    removeLayer_->setAutoRepeat(false);
    addLayer_ = smallButton(QStringLiteral("+"), tr("Add a hidden layer at the end, as wide as the last one."), this);
    addLayer_->setAutoRepeat(false);
    header->addWidget(summary_, 1);
    header->addWidget(removeLayer_);
    header->addWidget(addLayer_);
    outer->addLayout(header);

    rowsLayout_ = new QVBoxLayout;
    rowsLayout_->setSpacing(2);
    outer->addLayout(rowsLayout_);

    connect(addLayer_, &QToolButton::clicked, this, [this] {
        insertLayer(layerCount(), model_.hidden.empty() ? 4 : model_.hidden.back());
    });
    connect(removeLayer_, &QToolButton::clicked, this, [this] {
        if (!model_.hidden.empty())
            removeLayerAt(layerCount() - 1);
    });

    form_ = new QFormLayout;
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    outer->addLayout(form_);

    activation_ = new QComboBox(this);
    for (const auto& name : activationNames()) {
        const QString n = QString::fromStdString(name);
        activation_->addItem(n, n);
        activation_->setItemData(activation_->count() - 1, activationTip(n), Qt::ToolTipRole);
    }
    form_->addRow(tr("Activation"), activation_);
    tip(activation_, form_,
        tr("The non-linearity after every hidden layer. Compare tanh, ReLU and sigmoid on the spiral; watch the "
           "gradient view for vanishing gradients and dead units."));

    leakySlope_ = new QDoubleSpinBox(this);
    leakySlope_->setRange(0.0, 0.99);
    leakySlope_->setDecimals(3);
    leakySlope_->setSingleStep(0.01);
    form_->addRow(tr("Leaky slope"), leakySlope_);
    tip(leakySlope_, form_, tr("Slope of Leaky ReLU for negative inputs (0 = plain ReLU). A small value such as 0.01 keeps units from dying."));

    eluAlpha_ = new QDoubleSpinBox(this);
    eluAlpha_->setRange(0.01, 100.0);
    eluAlpha_->setDecimals(2);
    eluAlpha_->setSingleStep(0.1);
    form_->addRow(tr("ELU α"), eluAlpha_);
    tip(eluAlpha_, form_, tr("The value ELU approaches for very negative inputs (its output is bounded below by −α)."));

    init_ = new QComboBox(this);
    for (const auto& name : initNames()) {
        const QString n = QString::fromStdString(name);
        init_->addItem(n, n);
        init_->setItemData(init_->count() - 1, initTip(n), Qt::ToolTipRole);
    }
    form_->addRow(tr("Initialization"), init_);
    tip(init_, form_,
        tr("How the starting weights are drawn (biases start at 0). He suits ReLU, Xavier suits tanh/sigmoid; a bad "
           "choice shows up as vanishing or exploding gradients in the first epochs."));

    initScale_ = new QDoubleSpinBox(this);
    initScale_->setRange(0.0001, 100.0);
    initScale_->setDecimals(4);
    initScale_->setSingleStep(0.05);
    form_->addRow(tr("Init scale"), initScale_);
    tip(initScale_, form_, tr("Spread of the plain uniform/normal initializers. Too small and the signal fades layer by layer; too large and it explodes."));

    batchNorm_ = new QCheckBox(tr("Batch normalization"), this);
    form_->addRow(QString(), batchNorm_);
    batchNorm_->setToolTip(tr("Normalizes every hidden layer's pre-activations over the batch (then scales and shifts "
                              "them). Deep nets train faster and tolerate larger learning rates; needs batches of 2 or more."));

    residual_ = new QCheckBox(tr("Residual connections"), this);
    form_->addRow(QString(), residual_);
    residual_->setToolTip(tr("Adds each hidden layer's input to its output where the widths match (skip connections). "
                             "Lets gradients reach the first layers of deep networks."));

    dropout_ = new QDoubleSpinBox(this);
    dropout_->setRange(0.0, 0.95);
    dropout_->setDecimals(2);
    dropout_->setSingleStep(0.05);
    form_->addRow(tr("Dropout"), dropout_);
    tip(dropout_, form_,
        tr("Share of hidden units switched off at random in each training step (never when evaluating). "
           "A regularizer: the training loss rises, the validation loss should fall."));

    for (QAbstractSpinBox* s : {static_cast<QAbstractSpinBox*>(leakySlope_), static_cast<QAbstractSpinBox*>(eluAlpha_),
                                static_cast<QAbstractSpinBox*>(initScale_), static_cast<QAbstractSpinBox*>(dropout_)})
        s->setKeyboardTracking(false);

    connect(activation_, &QComboBox::currentIndexChanged, this, [this] {
        model_.activation = activation_->currentData().toString().toStdString();
        edited();
    });
    connect(leakySlope_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        model_.leakySlope = v;
        edited();
    });
    connect(eluAlpha_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        model_.eluAlpha = v;
        edited();
    });
    connect(init_, &QComboBox::currentIndexChanged, this, [this] {
        model_.init = init_->currentData().toString().toStdString();
        edited();
    });
    connect(initScale_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        model_.initScale = v;
        edited();
    });
    connect(batchNorm_, &QCheckBox::toggled, this, [this](bool on) {
        model_.batchNorm = on;
        edited();
    });
    connect(residual_, &QCheckBox::toggled, this, [this](bool on) {
        model_.residual = on;
        edited();
    });
    connect(dropout_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        model_.dropout = v;
        edited();
    });

    setModelConfig(ModelConfig{});
}

QSpinBox* NetworkEditor::widthSpin(int layer) const
{
    return layer >= 0 && layer < static_cast<int>(rows_.size()) ? rows_[layer].width : nullptr;
}

namespace {

// Selects `value` in a combo whose items carry names as data; an unknown
// value (from a hand-edited file) is added so that it shows and round-trips.
void selectData(QComboBox* combo, const QString& value)
{
    int index = combo->findData(value);
    if (index < 0) {
        combo->addItem(NetworkEditor::tr("%1 (unknown)").arg(value), value);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

} // namespace

void NetworkEditor::setModelConfig(const ModelConfig& model)
{
    model_ = model;
    {
        const QSignalBlocker b1(activation_), b2(leakySlope_), b3(eluAlpha_), b4(init_), b5(initScale_),
            b6(batchNorm_), b7(residual_), b8(dropout_);
        selectData(activation_, QString::fromStdString(model_.activation));
        leakySlope_->setValue(model_.leakySlope);
        eluAlpha_->setValue(model_.eluAlpha);
        selectData(init_, QString::fromStdString(model_.init));
        initScale_->setValue(model_.initScale);
        batchNorm_->setChecked(model_.batchNorm);
        residual_->setChecked(model_.residual);
        dropout_->setValue(model_.dropout);
    }
    rebuildRows();
    updateVisibility();
}

void NetworkEditor::rebuildRows()
{
    const int wanted = layerCount();
    while (static_cast<int>(rows_.size()) > wanted) {
        // Later, not now: the click that removes a layer may come from this row.
        rows_.back().widget->hide();
        rows_.back().widget->deleteLater();
        rows_.pop_back();
    }
    while (static_cast<int>(rows_.size()) < wanted) {
        const int i = static_cast<int>(rows_.size());
        Row r;
        r.widget = new QWidget(this);
        auto* h = new QHBoxLayout(r.widget);
        h->setContentsMargins(0, 0, 0, 0);
        h->setSpacing(2);
        r.label = new QLabel(r.widget);
        r.label->setMinimumWidth(fontMetrics().horizontalAdvance(tr("Layer 888")));
        r.minus = smallButton(QStringLiteral("−"), tr("One unit fewer (Shift: halve the width)."), r.widget);
        r.width = new QSpinBox(r.widget);
        r.width->setRange(1, kMaxWidth);
        r.width->setSuffix(tr(" units"));
        r.width->setKeyboardTracking(false);
        r.width->setToolTip(tr("Units (neurons) in this hidden layer. Wider layers fit more detail; watch the gap "
                               "between training and validation loss for overfitting."));
        r.plus = smallButton(QStringLiteral("+"), tr("One unit more (Shift: double the width)."), r.widget);
        r.remove = smallButton(QStringLiteral("×"), tr("Remove this layer."), r.widget);
        r.remove->setAutoRepeat(false);
        h->addWidget(r.label);
        h->addWidget(r.minus);
        h->addWidget(r.width, 1);
        h->addWidget(r.plus);
        h->addWidget(r.remove);
        rowsLayout_->addWidget(r.widget);
        connect(r.minus, &QToolButton::clicked, this, [this, i] {
            const int w = model_.hidden[i];
            const bool shift = QGuiApplication::keyboardModifiers() & Qt::ShiftModifier;
            setWidth(i, shift ? std::max(1, w / 2) : w - 1);
        });
        connect(r.plus, &QToolButton::clicked, this, [this, i] {
            const int w = model_.hidden[i];
            const bool shift = QGuiApplication::keyboardModifiers() & Qt::ShiftModifier;
            setWidth(i, shift ? w * 2 : w + 1);
        });
        connect(r.width, &QSpinBox::valueChanged, this, [this, i](int w) { setWidth(i, w); });
        connect(r.remove, &QToolButton::clicked, this, [this, i] { removeLayerAt(i); });
        rows_.push_back(r);
    }
    for (int i = 0; i < wanted; ++i)
        updateRow(i);
    const int units = [this] {
        long long sum = 0;
        for (int w : model_.hidden)
            sum += w;
        return static_cast<int>(std::min<long long>(sum, 1 << 30));
    }();
    summary_->setText(wanted == 0 ? tr("No hidden layer: a linear model")
                                  : tr("%n hidden layer(s), %1 units", nullptr, wanted).arg(units));
    addLayer_->setEnabled(wanted < kMaxLayers);
    removeLayer_->setEnabled(wanted > 0);
}

void NetworkEditor::updateRow(int i)
{
    Row& r = rows_[i];
    const int w = model_.hidden[i];
    r.label->setText(tr("Layer %1").arg(i + 1));
    const QSignalBlocker block(r.width);
    r.width->setValue(w);
    r.minus->setEnabled(w > 1);
    r.plus->setEnabled(w < kMaxWidth);
}

void NetworkEditor::setWidth(int layer, int width)
{
    if (layer < 0 || layer >= layerCount())
        return;
    width = std::clamp(width, 1, kMaxWidth);
    if (model_.hidden[layer] == width)
        return;
    model_.hidden[layer] = width;
    rebuildRows();
    edited();
}

void NetworkEditor::insertLayer(int at, int width)
{
    if (layerCount() >= kMaxLayers)
        return;
    model_.hidden.insert(model_.hidden.begin() + at, std::clamp(width, 1, kMaxWidth));
    rebuildRows();
    edited();
}

void NetworkEditor::removeLayerAt(int at)
{
    if (at < 0 || at >= layerCount())
        return;
    model_.hidden.erase(model_.hidden.begin() + at);
    rebuildRows();
    edited();
}

void NetworkEditor::updateVisibility()
{
    const QString act = QString::fromStdString(model_.activation);
    const QString init = QString::fromStdString(model_.init);
    form_->setRowVisible(leakySlope_, act == QLatin1String("leaky_relu"));
    form_->setRowVisible(eluAlpha_, act == QLatin1String("elu"));
    form_->setRowVisible(initScale_, init == QLatin1String("uniform") || init == QLatin1String("normal"));
    const bool hidden = !model_.hidden.empty();
    batchNorm_->setEnabled(hidden || model_.batchNorm);
    residual_->setEnabled(hidden || model_.residual);
    dropout_->setEnabled(hidden || model_.dropout > 0);
}

void NetworkEditor::edited()
{
    updateVisibility();
    emit changed();
}

void NetworkEditor::markInvalid(const QStringList& keys)
{
    const auto mark = config_detail::markInvalid;
    for (int i = 0; i < static_cast<int>(rows_.size()); ++i)
        mark(rows_[i].width, keys.contains(QStringLiteral("model.hidden[%1]").arg(i)) || keys.contains(QStringLiteral("model.hidden")));
    mark(activation_, keys.contains(QStringLiteral("model.activation")));
    mark(leakySlope_, keys.contains(QStringLiteral("model.leaky_slope")));
    mark(eluAlpha_, keys.contains(QStringLiteral("model.elu_alpha")));
    mark(init_, keys.contains(QStringLiteral("model.init")));
    mark(initScale_, keys.contains(QStringLiteral("model.init_scale")));
    mark(dropout_, keys.contains(QStringLiteral("model.dropout")));
    mark(batchNorm_, keys.contains(QStringLiteral("model.batch_norm")));
}

} // namespace hs
