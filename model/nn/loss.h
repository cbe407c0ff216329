#pragma once
// Output layers and their losses, fused for numerical stability: the network
// produces logits, and each loss works on logits directly (log-sum-exp), so
// no probability is ever rounded to 0 or 1 before a logarithm is taken.

#include "core/types.h"

namespace hs {

enum class LossKind {
    BinaryCrossEntropy, ///< one sigmoid output; targets 0/1
    CrossEntropy,       ///< K softmax outputs; targets are class indices
    MeanSquaredError,   ///< linear outputs; targets real-valued
};

/// The loss an output layer of the task uses: BCE for 2 classes, softmax
/// cross-entropy for more, MSE for regression.
LossKind lossFor(Task task, int classes);
/// Number of output units the loss expects (1 for BCE, K for softmax).
int outputUnits(LossKind kind, int classesOrTargets);

template <typename T>
using MatrixOf = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

/// Mean loss over the batch. `logits` is outputs × n. `targets` is 1 × n for
/// the classification losses (0/1 for BCE; the class index for softmax) and
/// outputs × n for MSE. MSE averages over all elements, as PyTorch does.
/// Requires n > 0.
template <typename T>
double loss(LossKind kind, const Eigen::Ref<const MatrixOf<T>>& logits,
            const Eigen::Ref<const MatrixOf<T>>& targets);

/// Mean loss, and its gradient with respect to the logits in `gradient`
/// (same shape as logits). Requires n > 0.
template <typename T>
double lossAndGradient(LossKind kind, const Eigen::Ref<const MatrixOf<T>>& logits,
                       const Eigen::Ref<const MatrixOf<T>>& targets, Eigen::Ref<MatrixOf<T>> gradient);

/// Output activation: sigmoid, softmax (per column) or identity.
template <typename T>
void outputActivation(LossKind kind, const Eigen::Ref<const MatrixOf<T>>& logits,
                      Eigen::Ref<MatrixOf<T>> outputs);

/// Number of columns whose predicted class (sigmoid ≥ 0.5, or argmax with ties
/// to the lowest index) equals the target class. Classification only.
template <typename T>
Eigen::Index countCorrect(LossKind kind, const Eigen::Ref<const MatrixOf<T>>& logits,
                          const Eigen::Ref<const MatrixOf<T>>& targets);

} // namespace hs
