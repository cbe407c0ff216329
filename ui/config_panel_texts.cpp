#include "config_panel_texts.h"

#include "config_panel.h"

#include <QHash>

namespace hs::config_text {

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

} // namespace hs::config_text
