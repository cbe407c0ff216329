#pragma once
// Element-wise activation functions and their derivatives, applied to whole
// batches (features × batch) at once.

#include "core/types.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs {

enum class Activation { Linear, Sigmoid, Tanh, Relu, LeakyRelu, Elu, Softplus, Gelu };

/// An activation and its shape parameter.
struct ActivationSpec {
    Activation kind = Activation::Tanh;
    double slope = 0.01; ///< Leaky ReLU: slope for negative inputs, in [0, 1).
    double alpha = 1.0;  ///< ELU: saturation value for large negative inputs, > 0.
};

/// Names as used in run configs: linear, sigmoid, tanh, relu, leaky_relu, elu, softplus, gelu.
std::optional<Activation> parseActivation(std::string_view name);
std::string_view toString(Activation kind);
const std::vector<std::string>& activationNames();

/// True for activations whose units can die (output exactly zero for every input).
bool canDie(Activation kind);
/// True for activations that saturate on both sides (sigmoid, tanh).
bool canSaturate(Activation kind);

/// out = σ(z) = 1/(1 + e^−z), element-wise, as e^−|z|/(1 + e^−|z|) where z <
/// 0: it never overflows, and where σ is tiny (a saturated unit, a confident
/// prediction) it keeps its relative accuracy, which the form through tanh,
/// 0.5·(tanh(z/2) + 1), loses to cancellation (in float 0.35 % at z = −14, and
/// 0 instead of σ below z ≈ −16).
/// z and out have the same shape; they may alias.
template <typename T>
void sigmoid(const Eigen::Ref<const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>>& z,
             Eigen::Ref<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>> out);

/// a = f(z), element-wise. z and a have the same shape; they may not alias.
template <typename T>
void activate(const ActivationSpec& spec,
              const Eigen::Ref<const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>>& z,
              Eigen::Ref<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>> a);

/// delta ⊙= f'(z), element-wise, given z and a = f(z) (some derivatives are
/// cheaper from the output). All three have the same shape.
template <typename T>
void multiplyByDerivative(const ActivationSpec& spec,
                          const Eigen::Ref<const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>>& z,
                          const Eigen::Ref<const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>>& a,
                          Eigen::Ref<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>> delta);

} // namespace hs
