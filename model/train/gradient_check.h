#pragma once
// Gradient checking (as in tiny-dnn's gradient_check and CS231n's notes):
// analytic gradients from back-propagation against central finite
// differences, in double precision, per layer and parameter kind. Dropout
// keeps one fixed mask for all evaluations; batch norm uses batch statistics
// (training mode), exactly what back-propagation differentiates.

#include "nn/network.h"

#include <string>
#include <vector>

namespace hs {

class Trainer;

struct GradientCheckEntry {
    int layer = 0;                 ///< 1-based dense layer
    std::string kind;              ///< weight, bias, gamma, beta
    Eigen::Index parameters = 0;
    double maxRelativeError = 0.0; ///< max |a − n| / max(|a|, |n|, floor)
    double maxAbsoluteError = 0.0;
};

struct GradientCheckResult {
    std::vector<GradientCheckEntry> entries;
    double maxRelativeError = 0.0;
    double loss = 0.0;             ///< the objective at the unperturbed point
};

struct GradientCheckOptions {
    double step = 1e-6;            ///< finite-difference step h
    /// Relative-error denominator floor: gradients smaller than this are
    /// compared absolutely, since the difference quotient itself carries
    /// rounding noise of about 1e-10 (e.g. the exactly-zero gradient of a
    /// bias followed by batch norm).
    double floor = 1e-5;
    double l1 = 0.0, l2 = 0.0;     ///< include the regularization penalty in the objective
    std::uint64_t seed = 1;        ///< dropout mask
    Eigen::Index maxParametersPerKind = 0; ///< check at most this many per layer and kind (evenly spaced); 0 = all
};

/// Checks `network` on one batch: x is inputs × n, targets as loss.h expects.
/// The network's parameters are restored afterwards.
GradientCheckResult gradientCheck(NetworkD& network, const MatrixD& x, const MatrixD& targets,
                                  const GradientCheckOptions& options = {});

/// Checks a trainer's current network (converted to double) on up to
/// `samples` training samples.
GradientCheckResult gradientCheck(const Trainer& trainer, Eigen::Index samples = 64,
                                  const GradientCheckOptions& options = {});

} // namespace hs
