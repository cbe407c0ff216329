#pragma once
// Regression metrics, following scikit-learn 1.2 (sklearn.metrics._regression)
// with multioutput="uniform_average": each metric is computed per output
// (row) and the per-output values are averaged with equal weight.

#include "core/types.h"

#include <cstdint>

namespace hs {

/// samples = n (columns). Per output j, over the n samples:
///   mse_j  = mean((y - yhat)^2)             mean_squared_error
///   rmse_j = sqrt(mse_j)                    mean_squared_error(squared=False)
///   mae_j  = mean(|y - yhat|)               mean_absolute_error
///   r2_j   = 1 - SS_res / SS_tot            r2_score (force_finite=True)
/// and each field is the mean of its per-output values. With one output
/// rmse = sqrt(mse); with several it is the mean of the per-output RMSEs,
/// as sklearn computes it, not the square root of the averaged MSE.
/// r2_j when the targets of output j are constant (SS_tot = 0): 1.0 if the
/// predictions are perfect (SS_res = 0), else 0.0 — never NaN or -inf.
struct RegressionReport {
    std::int64_t samples = 0;
    double mse = 0, rmse = 0, mae = 0, r2 = 0;
};

/// Metrics of `predictions` against `targets`, both outputs × n (columns are
/// samples), accumulated in double. Throws std::invalid_argument if the shapes
/// differ or a value is NaN or infinite (sklearn raises too).
/// Degenerate input: n == 0 (or no outputs) returns all fields 0. A single
/// sample counts as constant targets for r2 (sklearn returns NaN there).
RegressionReport evaluateRegression(const Matrix& targets, const Matrix& predictions);

} // namespace hs
