#include "metrics/regression.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace hs {

RegressionReport evaluateRegression(const Matrix& targets, const Matrix& predictions)
{
    if (targets.rows() != predictions.rows() || targets.cols() != predictions.cols())
        throw std::invalid_argument("evaluateRegression: targets are " + std::to_string(targets.rows()) + " x "
                                    + std::to_string(targets.cols()) + " but predictions are "
                                    + std::to_string(predictions.rows()) + " x "
                                    + std::to_string(predictions.cols()));
    if (!targets.allFinite())
        throw std::invalid_argument("evaluateRegression: targets contain NaN or infinity");
    if (!predictions.allFinite())
        throw std::invalid_argument("evaluateRegression: predictions contain NaN or infinity");

    RegressionReport report;
    const Eigen::Index outputs = targets.rows();
    const Eigen::Index n = targets.cols();
    report.samples = n;
    if (n == 0 || outputs == 0)
        return report;

    const auto count = static_cast<double>(n);
    for (Eigen::Index j = 0; j < outputs; ++j) {
        // Two passes for SS_tot: the mean first, then squared deviations from
        // it, so constant targets give exactly 0 rather than rounding noise.
        double targetSum = 0;
        for (Eigen::Index s = 0; s < n; ++s)
            targetSum += static_cast<double>(targets(j, s));
        const double targetMean = targetSum / count;

        double squaredError = 0, absoluteError = 0, totalSquares = 0;
        for (Eigen::Index s = 0; s < n; ++s) {
            const double y = static_cast<double>(targets(j, s));
            const double error = y - static_cast<double>(predictions(j, s));
            squaredError += error * error;
            absoluteError += std::abs(error);
            totalSquares += (y - targetMean) * (y - targetMean);
        }
        const double mse = squaredError / count;
        report.mse += mse;
        report.rmse += std::sqrt(mse);
        report.mae += absoluteError / count;
        if (squaredError == 0)
            report.r2 += 1.0;
        else if (totalSquares != 0)
            report.r2 += 1.0 - squaredError / totalSquares;
        // else: constant targets, imperfect predictions → 0 (force_finite)
    }
    const auto outputCount = static_cast<double>(outputs);
    report.mse /= outputCount;
    report.rmse /= outputCount;
    report.mae /= outputCount;
    report.r2 /= outputCount;
    return report;
}

} // namespace hs
