#pragma once
// The model's output over a grid of a plane of the input space: the decision
// boundary view (TensorFlow Playground's main picture) and its export.
// Computed in the normalized feature space the network sees. For 2-D data the
// plane is the input plane itself; for more features it is the plane through
// the training mean spanned by the first two principal components, a slice
// of the input space onto which the points are projected.

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

/// A plane of the input space: x = origin + a·u + b·v, with u and v
/// orthonormal (features × 1 each). `explained` is the share of the training
/// inputs' variance along u and v (1 and 1 for the identity plane of 2-D data).
struct InputPlane {
    Vector origin, u, v;
    bool principal = false;                 ///< the principal-component plane (more than 2 features)
    double explainedU = 1.0, explainedV = 1.0;
};

/// The plane for the decision-boundary picture of training inputs x
/// (features × n, features ≥ 2): the identity for 2 features; otherwise the
/// first two principal components of x through its mean, computed in double
/// by subspace iteration on the covariance of at most `maxSamples` evenly
/// spaced columns (deterministic; each vector's largest component is made
/// positive so the picture does not flip between runs). Throws
/// std::invalid_argument for fewer than 2 features.
InputPlane inputPlane(const Matrix& x, Eigen::Index maxSamples = 4000);

/// Coordinates (a, b) of the columns of x in the plane: 2 × n, the
/// orthogonal projection ((x − origin)·u, (x − origin)·v).
Matrix projectOnto(const InputPlane& plane, const Matrix& x);

/// Bounds around every sample of x (2 × n) with `margin` (a fraction of
/// the range) on each side; a square of ±1 for empty input.
PlaneBounds boundsOf(const Matrix& x, double margin = 0.1);

/// Evaluates the network on a width × height grid (both ≥ 2), the grid's
/// rows split over `threads` threads (≥ 1, the caller's included; the field
/// depends on the count only in the last bits of a product's rounding).
/// Requires a network with 2 inputs (std::invalid_argument otherwise).
DecisionField decisionField(const Network& network, Task task, const PlaneBounds& bounds, int width, int height,
                            double threshold = 0.5, int threads = 1);

/// The same over a grid of plane coordinates (a, b) within `bounds`: the
/// network sees origin + a·u + b·v. Requires plane vectors of the network's
/// input size (std::invalid_argument otherwise).
DecisionField decisionField(const Network& network, Task task, const InputPlane& plane, const PlaneBounds& bounds,
                            int width, int height, double threshold = 0.5, int threads = 1);

} // namespace hs
