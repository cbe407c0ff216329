#pragma once
// A double spin box for values that span decades (learning rates, penalties,
// epsilons): shows up to six significant digits ("0.0003", "1e-08"), accepts
// scientific notation when typed, and its arrows step through 1-2-5 per
// decade (0.001 → 0.002 → 0.005 → 0.01) instead of adding a constant.

#include <QDoubleSpinBox>

namespace hs {

class SciSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit SciSpinBox(QWidget* parent = nullptr);

    /// The smallest positive value an up-step from 0 reaches (default 1e-6).
    void setLogFloor(double floor) { logFloor_ = floor; }

    void stepBy(int steps) override;
    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& pos) const override;

    /// The next larger / smaller 1-2-5 value (pure, for tests).
    static double nextUp(double value, double floor);
    static double nextDown(double value, double floor);

protected:
    StepEnabled stepEnabled() const override;

private:
    QString stripped(const QString& text) const;
    double logFloor_ = 1e-6;
};

} // namespace hs
