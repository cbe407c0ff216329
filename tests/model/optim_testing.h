#pragma once
// Helpers shared by the learning-rate schedule tests.

#include <QString>

#include <cmath>
#include <numbers>

namespace optim_testing {

/// |actual − expected| <= relTol·|expected| (schedules: closed forms against
/// PyTorch's recursive forms differ in the last bits only).
inline bool close(double actual, double expected, double relTol = 1e-12)
{
    return std::abs(actual - expected) <= relTol * std::abs(expected) + 1e-300;
}

inline QString describe(int epoch, int step, double actual, double expected)
{
    return QStringLiteral("epoch %1 step %2: got %3, expected %4")
        .arg(epoch).arg(step).arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17);
}

/// η_min + (lr0 − η_min)(1 + cos(π·t/T))/2
inline double cosineLr(double lr0, double etaMin, double t, double period)
{
    return etaMin + (lr0 - etaMin) * (1.0 + std::cos(std::numbers::pi * t / period)) / 2.0;
}

} // namespace optim_testing
