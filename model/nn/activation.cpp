#include "nn/activation.h"

#include "core/enum_names.h"

#include <array>
#include <cmath>
#include <numbers>

namespace hs {
namespace {

constexpr EnumNames kNames{std::array{
    std::pair{Activation::Linear, std::string_view("linear")},
    std::pair{Activation::Sigmoid, std::string_view("sigmoid")},
    std::pair{Activation::Tanh, std::string_view("tanh")},
    std::pair{Activation::Relu, std::string_view("relu")},
    std::pair{Activation::LeakyRelu, std::string_view("leaky_relu")},
    std::pair{Activation::Elu, std::string_view("elu")},
    std::pair{Activation::Softplus, std::string_view("softplus")},
    std::pair{Activation::Gelu, std::string_view("gelu")},
}};

template <typename T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

} // namespace

std::optional<Activation> parseActivation(std::string_view name) { return kNames.parse(name); }

std::string_view toString(Activation kind) { return kNames.name(kind); }

const std::vector<std::string>& activationNames()
{
    static const std::vector<std::string> names = kNames.names();
    return names;
}

bool canDie(Activation kind) { return kind == Activation::Relu; }

bool canSaturate(Activation kind) { return kind == Activation::Sigmoid || kind == Activation::Tanh; }

template <typename T>
void activate(const ActivationSpec& spec, const Eigen::Ref<const Mat<T>>& z, Eigen::Ref<Mat<T>> a)
{
    const auto zin = z.array();
    auto out = a.array();
    const T slope = static_cast<T>(spec.slope);
    const T alpha = static_cast<T>(spec.alpha);
    switch (spec.kind) {
    case Activation::Linear: out = zin; break;
    // 1/(1+e^-z) written through tanh so that it never overflows.
    case Activation::Sigmoid: out = T(0.5) * ((T(0.5) * zin).tanh() + T(1)); break;
    case Activation::Tanh: out = zin.tanh(); break;
    case Activation::Relu: out = zin.max(T(0)); break;
    case Activation::LeakyRelu: out = (zin > T(0)).select(zin, slope * zin); break;
    case Activation::Elu: out = (zin > T(0)).select(zin, alpha * (zin.min(T(0)).exp() - T(1))); break;
    // log(1 + e^z) = max(z, 0) + log1p(e^-|z|), stable for any z.
    case Activation::Softplus: out = zin.max(T(0)) + (-zin.abs()).exp().log1p(); break;
    case Activation::Gelu:
        // The exact form 0.5·z·(1 + erf(z/√2)), as PyTorch's default.
        out = zin.unaryExpr([](T v) { return T(0.5) * v * (T(1) + std::erf(v * T(std::numbers::sqrt2 / 2))); });
        break;
    }
}

template <typename T>
void multiplyByDerivative(const ActivationSpec& spec, const Eigen::Ref<const Mat<T>>& z,
                          const Eigen::Ref<const Mat<T>>& a, Eigen::Ref<Mat<T>> delta)
{
    const auto zin = z.array();
    const auto out = a.array();
    auto d = delta.array();
    const T slope = static_cast<T>(spec.slope);
    const T alpha = static_cast<T>(spec.alpha);
    switch (spec.kind) {
    case Activation::Linear: break;
    case Activation::Sigmoid: d *= out * (T(1) - out); break;
    case Activation::Tanh: d *= T(1) - out.square(); break;
    // At exactly zero the subgradient 0 is used, as PyTorch does.
    case Activation::Relu: d = (zin > T(0)).select(d, T(0)); break;
    case Activation::LeakyRelu: d = (zin > T(0)).select(d, slope * d); break;
    case Activation::Elu: d = (zin > T(0)).select(d, d * (out + alpha)); break;
    case Activation::Softplus: d *= T(0.5) * ((T(0.5) * zin).tanh() + T(1)); break;
    case Activation::Gelu: {
        const T invSqrt2Pi = T(0.5 * std::numbers::inv_sqrtpi * std::numbers::sqrt2);
        d *= zin.unaryExpr([invSqrt2Pi](T v) {
            const T cdf = T(0.5) * (T(1) + std::erf(v * T(std::numbers::sqrt2 / 2)));
            return cdf + v * invSqrt2Pi * std::exp(T(-0.5) * v * v);
        });
        break;
    }
    }
}

template void activate<float>(const ActivationSpec&, const Eigen::Ref<const Mat<float>>&, Eigen::Ref<Mat<float>>);
template void activate<double>(const ActivationSpec&, const Eigen::Ref<const Mat<double>>&, Eigen::Ref<Mat<double>>);
template void multiplyByDerivative<float>(const ActivationSpec&, const Eigen::Ref<const Mat<float>>&,
                                          const Eigen::Ref<const Mat<float>>&, Eigen::Ref<Mat<float>>);
template void multiplyByDerivative<double>(const ActivationSpec&, const Eigen::Ref<const Mat<double>>&,
                                           const Eigen::Ref<const Mat<double>>&, Eigen::Ref<Mat<double>>);

} // namespace hs
