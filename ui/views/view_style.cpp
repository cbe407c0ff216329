#include "views/view_style.h"

#include "nn/loss.h"
#include "run_model.h"

#include <QApplication>
#include <QChart>
#include <QLegend>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cmath>

namespace hs::style {

QColor paletteColor(int index)
{
    static const std::array<QColor, 10> colors{
        QColor(0x00, 0x72, 0xB2), QColor(0xE6, 0x9F, 0x00), QColor(0x00, 0x9E, 0x73),
        QColor(0xD5, 0x5E, 0x00), QColor(0x56, 0xB4, 0xE9), QColor(0xCC, 0x79, 0xA7),
        QColor(0xF0, 0xE4, 0x42), QColor(0x44, 0x44, 0x44), QColor(0x8C, 0x56, 0x2D),
        QColor(0x99, 0x99, 0x99)};
    if (index < 0)
        index = 0;
    const QColor base = colors[static_cast<std::size_t>(index) % colors.size()];
    // Beyond ten, cycle with a darker shade so neighbours still differ.
    return index < 10 ? base : base.darker(100 + 30 * (index / 10));
}

QColor trainColor() { return paletteColor(0); }
QColor validationColor() { return paletteColor(1); }
QColor markerColor() { return QColor(0x11, 0x11, 0x11); }
QColor alertColor() { return paletteColor(3); }
QColor mutedColor() { return QColor(0x80, 0x80, 0x80); }

QColor sequential(double t)
{
    // Viridis sampled at 9 stops, linearly interpolated.
    static const std::array<std::array<int, 3>, 9> stops{{{68, 1, 84},
                                                          {71, 44, 122},
                                                          {59, 81, 139},
                                                          {44, 113, 142},
                                                          {33, 144, 141},
                                                          {39, 173, 129},
                                                          {92, 200, 99},
                                                          {170, 220, 50},
                                                          {253, 231, 37}}};
    if (!std::isfinite(t))
        t = 0.0;
    t = std::clamp(t, 0.0, 1.0) * (stops.size() - 1);
    const auto i = std::min<std::size_t>(static_cast<std::size_t>(t), stops.size() - 2);
    const double f = t - static_cast<double>(i);
    auto mix = [&](int c) { return static_cast<int>(std::lround(stops[i][c] * (1 - f) + stops[i + 1][c] * f)); };
    return QColor(mix(0), mix(1), mix(2));
}

QColor textOn(const QColor& background)
{
    // Relative luminance (sRGB approximation); alpha blends with white.
    const double a = background.alphaF();
    auto channel = [&](double c) { return c * a + (1 - a); };
    const double lum = 0.2126 * channel(background.redF()) + 0.7152 * channel(background.greenF())
        + 0.0722 * channel(background.blueF());
    return lum < 0.55 ? Qt::white : QColor(0x11, 0x11, 0x11);
}

QFont labelFont()
{
    return QApplication::font();
}

QFont titleFont()
{
    QFont f = QApplication::font();
    f.setPointSizeF(f.pointSizeF() * 1.2);
    f.setBold(true);
    return f;
}

QFont smallFont()
{
    QFont f = QApplication::font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    return f;
}

QChart* makeChart(const QString& title)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setTitleFont(titleFont());
    chart->setTitleBrush(QColor(0x22, 0x22, 0x22));
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(6, 4, 10, 4));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTheme(QChart::ChartThemeLight);
    chart->setBackgroundBrush(Qt::white);
    chart->setTitleFont(titleFont()); // the theme resets it
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->legend()->setFont(labelFont());
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    return chart;
}

namespace {
void styleAxis(QAbstractAxis* axis, const QString& title)
{
    axis->setTitleText(title);
    QFont tf = labelFont();
    tf.setBold(true);
    axis->setTitleFont(tf);
    axis->setLabelsFont(smallFont());
    axis->setGridLineColor(QColor(0xE4, 0xE4, 0xE4));
    axis->setMinorGridLineColor(QColor(0xF2, 0xF2, 0xF2));
    axis->setLinePenColor(QColor(0x88, 0x88, 0x88));
    axis->setLabelsColor(QColor(0x33, 0x33, 0x33));
    axis->setTitleBrush(QColor(0x22, 0x22, 0x22));
}
} // namespace

QValueAxis* makeValueAxis(const QString& title)
{
    auto* axis = new QValueAxis;
    styleAxis(axis, title);
    axis->setLabelFormat(QStringLiteral("%.3g"));
    return axis;
}

QLogValueAxis* makeLogAxis(const QString& title)
{
    auto* axis = new QLogValueAxis;
    styleAxis(axis, title);
    axis->setBase(10.0);
    axis->setLabelFormat(QStringLiteral("%g"));
    axis->setMinorTickCount(-1);
    return axis;
}

double niceStep(double span, int maxTicks, double minimum)
{
    if (!(span > 0) || !std::isfinite(span))
        return std::max(minimum, 1.0);
    const double raw = span / std::max(1, maxTicks);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    // Allow up to a third more intervals than asked for rather than jumping
    // to a step so coarse that only one tick is left.
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        step = m * mag;
        if (step >= raw * 0.75)
            break;
    }
    return std::max(step, minimum);
}

namespace {

// Every setter of a Qt Charts axis relayouts the chart and recomputes each
// series on it, even when the value does not change: with live updates
// that cost dominated the GUI thread. Only what changed is set.
void setRangeIfChanged(QValueAxis* axis, double lo, double hi)
{
    if (axis->min() != lo || axis->max() != hi)
        axis->setRange(lo, hi);
}

void setTicks(QValueAxis* axis, double anchor, double interval, const QString& format)
{
    if (axis->tickType() != QValueAxis::TicksDynamic)
        axis->setTickType(QValueAxis::TicksDynamic);
    if (axis->tickAnchor() != anchor)
        axis->setTickAnchor(anchor);
    if (axis->tickInterval() != interval)
        axis->setTickInterval(interval);
    if (axis->labelFormat() != format)
        axis->setLabelFormat(format);
}

void setLogAxis(QLogValueAxis* axis, double base, double lo, double hi, int minorTicks)
{
    if (axis->base() != base)
        axis->setBase(base);
    if (axis->min() != lo || axis->max() != hi)
        axis->setRange(lo, hi);
    if (axis->minorTickCount() != minorTicks)
        axis->setMinorTickCount(minorTicks);
    if (axis->labelFormat() != QLatin1String("%g"))
        axis->setLabelFormat(QStringLiteral("%g"));
}

} // namespace

void setEpochRange(QValueAxis* axis, double lo, double hi, int maxTicks)
{
    lo = std::floor(lo);
    hi = std::ceil(std::max(hi, lo + 1));
    const double step = niceStep(hi - lo, maxTicks, 1.0);
    const double first = std::floor(lo / step) * step;
    const double last = std::ceil(hi / step) * step;
    setTicks(axis, 0.0, step, QStringLiteral("%.0f"));
    setRangeIfChanged(axis, std::max(first, lo == 0 ? 0.0 : std::floor(lo)), last);
}

double liveEpochEnd(double epoch, double planned)
{
    if (!(epoch > 0))
        return std::max(1.0, std::min(planned, 10.0));
    const double decade = std::pow(10.0, std::floor(std::log10(epoch)));
    double end = 10.0 * decade;
    for (double m : {1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0})
        if (m * decade >= epoch - 1e-9) {
            end = m * decade;
            break;
        }
    return planned > 0 ? std::min(end, std::max(planned, epoch)) : end;
}

void setNiceRange(QValueAxis* axis, double lo, double hi, bool includeZero, double floor, double ceiling,
                  int maxTicks)
{
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        lo = 0;
        hi = 1;
    }
    if (includeZero) {
        lo = std::min(lo, 0.0);
        hi = std::max(hi, 0.0);
    }
    if (hi - lo < 1e-12 * std::max(1.0, std::abs(hi))) {
        const double pad = std::max(std::abs(hi) * 0.1, 1e-6);
        lo -= pad;
        hi += pad;
    }
    const double step = niceStep(hi - lo, maxTicks);
    const double first = std::max(floor, std::floor(lo / step + 1e-9) * step);
    const double last = std::min(ceiling, std::ceil(hi / step - 1e-9) * step);
    // Anchored at the first value: an anchor at 0 lets rounding in Qt's
    // tick arithmetic drop the lowest label.
    setTicks(axis, first, step, tickLabelFormat(step, std::max(std::abs(first), std::abs(last))));
    // A hair wider, so that the end ticks survive Qt's floating-point steps.
    setRangeIfChanged(axis, first - step * 1e-6, last + step * 1e-6);
}

void setDecadeRange(QLogValueAxis* axis, double lo, double hi, int maxTicks)
{
    if (!(lo > 0) || !std::isfinite(lo))
        lo = 1e-3;
    if (!(hi > 0) || !std::isfinite(hi))
        hi = lo * 10;
    double a = std::floor(std::log10(lo) + 1e-9);
    double b = std::ceil(std::log10(hi) - 1e-9);
    if (b <= a)
        b = a + 1;
    if (b - a <= 1) {
        // Inside one decade, decades would leave two labels: use powers of
        // two (0.125, 0.25, 0.5, 1), still a log scale.
        const double p = std::floor(std::log2(lo) + 1e-9), q = std::max(p + 1, std::ceil(std::log2(hi) - 1e-9));
        setLogAxis(axis, 2.0, std::exp2(p) * (1 - 1e-9), std::exp2(q) * (1 + 1e-9), 0);
        return;
    }
    // Ticks every `stride` decades, at multiples of it (base 10^stride), so
    // that no more than maxTicks labels share the axis.
    // Aligning to multiples can add a tick: then a coarser stride, if one
    // fits (a range around 10^0 needs three ticks whatever the stride).
    const double wanted = std::ceil((b - a) / std::max(1, maxTicks - 1) - 1e-9);
    double stride = wanted;
    for (double s = wanted; s <= std::max(wanted, b - a); ++s) {
        const double first = std::floor(a / s + 1e-9) * s, last = std::ceil(b / s - 1e-9) * s;
        if ((last - first) / s + 1 <= maxTicks + 1e-9) {
            stride = s;
            break;
        }
    }
    if (stride > 1) {
        a = std::floor(a / stride + 1e-9) * stride;
        b = std::ceil(b / stride - 1e-9) * stride;
    }
    // A hair wider than whole decades: Qt drops an end label that rounding
    // puts just outside the range.
    setLogAxis(axis, std::pow(10.0, stride), std::pow(10.0, a) * (1 - 1e-9), std::pow(10.0, b) * (1 + 1e-9),
               stride == 1 && b - a <= 4 ? 8 : 0);
}

QString tickLabelFormat(double step, double maxAbs)
{
    if (!(step > 0) || !std::isfinite(step) || maxAbs >= 1e5 || step < 1e-4)
        return QStringLiteral("%.3g");
    const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
    return QStringLiteral("%.%1f").arg(std::min(decimals, 6));
}

QString lossAxisTitle(const RunSetup& setup)
{
    if (setup.task == Task::Regression)
        return QStringLiteral("loss (mean squared error)");
    const int k = static_cast<int>(setup.classNames.size());
    return lossFor(Task::Classification, std::max(k, 2)) == LossKind::BinaryCrossEntropy
        ? QStringLiteral("loss (binary cross-entropy)")
        : QStringLiteral("loss (cross-entropy)");
}

QString layerLabel(const RunSetup& setup, int layer, const std::vector<std::vector<float>>& weights)
{
    const auto& hidden = setup.config.model.hidden;
    const int inputs = static_cast<int>(setup.featureNames.size());
    const int in = layer == 0 ? inputs : (layer - 1 < static_cast<int>(hidden.size()) ? hidden[layer - 1] : 0);
    int out = 0;
    if (layer < static_cast<int>(hidden.size()))
        out = hidden[layer];
    else if (layer < static_cast<int>(weights.size()) && in > 0)
        out = static_cast<int>(weights[layer].size()) / in;
    else if (setup.task == Task::Classification)
        out = outputUnits(lossFor(Task::Classification, std::max<int>(2, setup.classNames.size())),
                          static_cast<int>(setup.classNames.size()));
    else
        out = setup.trainTargets.rows() > 0 ? static_cast<int>(setup.trainTargets.rows()) : 1;
    if (in <= 0 || out <= 0)
        return QStringLiteral("L%1").arg(layer + 1);
    return QStringLiteral("L%1 (%2→%3)").arg(layer + 1).arg(in).arg(out);
}

QString className(const RunSetup& setup, int k)
{
    if (k >= 0 && k < setup.classNames.size() && !setup.classNames[k].isEmpty())
        return setup.classNames[k];
    return QStringLiteral("class %1").arg(k);
}

QString classLabel(const RunSetup& setup, int k)
{
    const QString name = className(setup, k);
    bool numeric = false;
    name.toDouble(&numeric);
    return numeric ? QStringLiteral("class %1").arg(name) : name;
}

QString formatValue(double value, int digits)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    return QString::number(value, 'g', digits);
}

} // namespace hs::style
