#pragma once
// The model's output over a grid of the 2-D input plane: the decision
// boundary view (TensorFlow Playground's main picture) and its export.
// Computed in the normalized feature space the network sees.

#include "nn/network.h"

#include <vector>

namespace hs {

struct PlaneBounds {
    double xMin = -1, xMax = 1, yMin = -1, yMax = 1;
};

struct DecisionField {
    int width = 0, height = 0;          ///< grid points
    PlaneBounds bounds;
    Task task = Task::Classification;
    int classes = 0;                    ///< classification: K (2 for binary)
    /// Per grid point, row-major, row 0 at yMax (image order):
    std::vector<float> score;           ///< binary: p(class 1); K classes: max probability; regression: output
    std::vector<int> predicted;         ///< classification: class at the point (binary: p ≥ threshold)
};

/// Bounds around every sample of x (2 × n) with `margin` (a fraction of
/// the range) on each side; a square of ±1 for empty input.
PlaneBounds boundsOf(const Matrix& x, double margin = 0.1);

/// Evaluates the network on a width × height grid (both ≥ 2). Requires a
/// network with 2 inputs (std::invalid_argument otherwise).
DecisionField decisionField(const Network& network, Task task, const PlaneBounds& bounds, int width, int height,
                            double threshold = 0.5);

} // namespace hs
