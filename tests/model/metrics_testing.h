#pragma once
// Helpers shared by the test_metrics_*.cpp tests: tolerant comparison with a
// readable failure message, and NaN in a data row standing for nullopt.

#include "core/types.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace hs::testing {

/// Absolute tolerance for values checked against scikit-learn: our sums run in
/// a different order than NumPy's, so the last bits may differ.
inline constexpr double kTolerance = 1e-12;

/// In data rows: a value that must be nullopt (sklearn raises or returns NaN).
inline constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

inline QByteArray describe(const char* what, double actual, double expected)
{
    return QByteArray(what) + " = " + QByteArray::number(actual, 'g', 17) + ", expected "
           + QByteArray::number(expected, 'g', 17);
}

inline bool near(double actual, double expected, double tolerance = kTolerance)
{
    if (std::isinf(expected))
        return actual == expected;
    return std::abs(actual - expected) <= tolerance;
}

inline IndexVector toIndexVector(const std::vector<int>& v)
{
    IndexVector out(static_cast<Eigen::Index>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i)
        out[static_cast<Eigen::Index>(i)] = v[i];
    return out;
}

/// NaN in a data row means "undefined", i.e. nullopt.
inline QByteArray describe(const char* what, const std::optional<double>& actual, double expected)
{
    return QByteArray(what) + " = " + (actual ? QByteArray::number(*actual, 'g', 17) : QByteArray("nullopt"))
           + ", expected " + (std::isnan(expected) ? QByteArray("nullopt") : QByteArray::number(expected, 'g', 17));
}

inline bool near(const std::optional<double>& actual, double expected, double tolerance = kTolerance)
{
    if (std::isnan(expected))
        return !actual.has_value();
    return actual.has_value() && near(*actual, expected, tolerance);
}

} // namespace hs::testing

#define HS_COMPARE_NEAR(actual, expected)                                                        \
    QVERIFY2(hs::testing::near((actual), (expected)),                                            \
             hs::testing::describe(#actual, (actual), (expected)).constData())

#define HS_COMPARE_VECTOR(actual, expected)                                                      \
    do {                                                                                         \
        const auto& hsActual_ = (actual);                                                        \
        const auto& hsExpected_ = (expected);                                                    \
        QCOMPARE(hsActual_.size(), hsExpected_.size());                                          \
        for (std::size_t hsI_ = 0; hsI_ < hsActual_.size(); ++hsI_)                              \
            QVERIFY2(hs::testing::near(hsActual_[hsI_], hsExpected_[hsI_]),                      \
                     (hs::testing::describe(#actual, hsActual_[hsI_], hsExpected_[hsI_])         \
                      + " at index " + QByteArray::number(qulonglong(hsI_)))                     \
                         .constData());                                                          \
    } while (false)
