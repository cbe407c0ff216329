#include "sci_spin_box.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace hs {

namespace {

constexpr double kMantissas[] = {1.0, 2.0, 5.0};
constexpr double kTolerance = 1e-9;

} // namespace

SciSpinBox::SciSpinBox(QWidget* parent)
    : QDoubleSpinBox(parent)
{
    // Rounding happens at the display; keep (nearly) every digit typed.
    setDecimals(15);
    setRange(0.0, 1e9);
    setKeyboardTracking(false);
    setAccelerated(true);
}

double SciSpinBox::nextUp(double value, double floor)
{
    if (!(value > 0.0) || value < floor * (1.0 - kTolerance))
        return floor;
    const double decade = std::pow(10.0, std::floor(std::log10(value)));
    for (double m : kMantissas)
        if (m * decade > value * (1.0 + kTolerance))
            return m * decade;
    return 10.0 * decade;
}

double SciSpinBox::nextDown(double value, double floor)
{
    if (value <= floor * (1.0 + kTolerance))
        return 0.0;
    const double decade = std::pow(10.0, std::floor(std::log10(value)));
    for (int i = 2; i >= 0; --i)
        if (kMantissas[i] * decade < value * (1.0 - kTolerance))
            return std::max(kMantissas[i] * decade, floor);
    return std::max(5.0 * decade / 10.0, floor);
}

void SciSpinBox::stepBy(int steps)
{
    double v = value();
    for (int i = 0; i < std::abs(steps); ++i)
        v = steps > 0 ? nextUp(v, logFloor_) : nextDown(v, logFloor_);
    v = std::clamp(v, minimum(), maximum());
    if (v != value())
        setValue(v);
}

QAbstractSpinBox::StepEnabled SciSpinBox::stepEnabled() const
{
    StepEnabled enabled = StepNone;
    if (value() < maximum())
        enabled |= StepUpEnabled;
    if (value() > minimum())
        enabled |= StepDownEnabled;
    return enabled;
}

QString SciSpinBox::textFromValue(double value) const
{
    return QString::number(value, 'g', 6);
}

QString SciSpinBox::stripped(const QString& text) const
{
    QString t = text;
    if (!prefix().isEmpty() && t.startsWith(prefix()))
        t.remove(0, prefix().size());
    if (!suffix().isEmpty() && t.endsWith(suffix()))
        t.chop(suffix().size());
    return t.trimmed();
}

double SciSpinBox::valueFromText(const QString& text) const
{
    return stripped(text).toDouble();
}

QValidator::State SciSpinBox::validate(QString& text, int&) const
{
    const QString t = stripped(text);
    if (t.isEmpty() || t == QLatin1String("-") || t == QLatin1String("."))
        return QValidator::Intermediate;
    bool ok = false;
    const double v = t.toDouble(&ok);
    if (!ok) {
        // A number still being typed: "1e", "1e-", "2.".
        static const QRegularExpression partial(QStringLiteral("^-?\\d*\\.?\\d*(e[-+]?\\d*)?$"),
                                                QRegularExpression::CaseInsensitiveOption);
        return partial.match(t).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
    }
    return v >= minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

} // namespace hs
