#include "nn/activation.h"

#include "core/enum_names.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <type_traits>

#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
#include "nn/lane_mask.h"

#include <immintrin.h>
#endif

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

#if defined(__AVX512F__)
// e^x for x ≤ 0 (NaN stays NaN): x = m·ln 2 + r with |r| ≤ ln 2 / 2, e^r
// from Cephes' polynomial (about an ulp), and 2^m applied by scalef, which
// also underflows to 0 correctly.
inline __m512 expNonPositive(__m512 x)
{
    x = _mm512_max_ps(_mm512_set1_ps(-104.0f), x); // e^−104 is 0 in float; keeps −∞ out of the reduction
    const __m512 m = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512 r = _mm512_fmadd_ps(m, _mm512_set1_ps(-0.693147180559945309f), x);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    const __m512 y = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
    return _mm512_scalef_ps(y, m);
}

// σ over a contiguous column, 16 lanes at a time; see sigmoid(). The
// reciprocal is rcp14 refined by one Newton step (within an ulp) rather than
// a division, which would hold the divider ~10 cycles a vector and made
// this form 25 % slower than the tanh form; now they run at the same speed.
void sigmoidColumn(const float* z, float* out, Eigen::Index size)
{
    const __m512 one = _mm512_set1_ps(1.0f), two = _mm512_set1_ps(2.0f);
    const __m512 signBit = _mm512_set1_ps(-0.0f);
    for (Eigen::Index i = 0; i < size; i += 16) {
        const __mmask16 lanes = avx512::firstLanes(size - i);
        const __m512 v = _mm512_maskz_loadu_ps(lanes, z + i);
        const __m512 e = expNonPositive(_mm512_or_ps(v, signBit)); // e^−|z|
        const __m512 d = _mm512_add_ps(one, e);
        __m512 r = _mm512_rcp14_ps(d);
        r = _mm512_mul_ps(r, _mm512_fnmadd_ps(d, r, two));
        const __m512 s = _mm512_mask_mul_ps(r, _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_LT_OQ), e, r);
        _mm512_mask_storeu_ps(out + i, lanes, s);
    }
}
#elif defined(__AVX2__) && defined(__FMA__)
// The same two functions for 8 lanes (CPUs without AVX-512). AVX2 has no
// scalef: 2^m is built in the exponent field, in two halves, so that e^x
// below 2^−126 still rounds correctly into the subnormals (and to 0). The
// reduction takes ln 2 in two parts (Cody and Waite). Here a division
// beat rcp with two Newton steps in both speed and accuracy (on an AMD EPYC:
// 346 against 429 ns for 512 floats, 2.4 against 3.1 ulp at most, 0.37
// against 0.89 on average); the portable form took 748 ns.
inline __m256 expNonPositive(__m256 x)
{
    x = _mm256_max_ps(_mm256_set1_ps(-104.0f), x); // NaN stays (max returns its second operand)
    const __m256 m = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fmadd_ps(m, _mm256_set1_ps(-0.693359375f), x);
    r = _mm256_fmadd_ps(m, _mm256_set1_ps(2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    const __m256 y = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    const __m256i k = _mm256_cvtps_epi32(m); // in [−150, 0]
    const __m256i half = _mm256_srai_epi32(k, 1);
    auto pow2 = [](__m256i e) {
        return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(e, _mm256_set1_epi32(127)), 23));
    };
    return _mm256_mul_ps(_mm256_mul_ps(y, pow2(half)), pow2(_mm256_sub_epi32(k, half)));
}

void sigmoidColumn(const float* z, float* out, Eigen::Index size)
{
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 signBit = _mm256_set1_ps(-0.0f);
    for (Eigen::Index i = 0; i < size; i += 8) {
        const bool whole = size - i >= 8;
        const __m256i lanes = avx2::firstLanes(size - i);
        const __m256 v = whole ? _mm256_loadu_ps(z + i) : _mm256_maskload_ps(z + i, lanes);
        const __m256 e = expNonPositive(_mm256_or_ps(v, signBit)); // e^−|z|
        const __m256 d = _mm256_add_ps(one, e);
        const __m256 r = _mm256_div_ps(one, d);
        const __m256 negative = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_LT_OQ);
        const __m256 s = _mm256_blendv_ps(r, _mm256_mul_ps(e, r), negative);
        if (whole)
            _mm256_storeu_ps(out + i, s);
        else
            _mm256_maskstore_ps(out + i, lanes, s);
    }
}
#endif

} // namespace

template <typename T>
void sigmoid(const Eigen::Ref<const Mat<T>>& z, Eigen::Ref<Mat<T>> out)
{
#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
    if constexpr (std::is_same_v<T, float>) {
        // Contiguous columns are one run: no tail per column of a narrow layer.
        if (z.outerStride() == z.rows() && out.outerStride() == out.rows())
            sigmoidColumn(z.data(), out.data(), z.size());
        else
            for (Eigen::Index j = 0; j < z.cols(); ++j)
                sigmoidColumn(z.col(j).data(), out.col(j).data(), z.rows());
        return;
    }
#endif
    // With e = e^−|z| and s = 1 for z > 0, 0 for z < 0: σ = (e + (1 − e)·s)/(1 + e).
    // s is a clamp of z·2^100 rather than a select (Eigen 3.4 evaluates a
    // select one coefficient at a time, through std::exp); where it is
    // neither 0 nor 1, |z| < 2^−100 and 1 − e is 0. Chunks on the stack
    // hold e, so that it is computed once.
    using Chunk = Eigen::Array<T, 64, 1>;
    using Run = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;
    Chunk e;
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
        for (Eigen::Index i = 0; i < z.rows(); i += Chunk::RowsAtCompileTime) {
            const Eigen::Index count = std::min<Eigen::Index>(Chunk::RowsAtCompileTime, z.rows() - i);
            const Run zc(z.col(j).data() + i, count);
            auto ec = e.head(count);
            ec = (-zc.abs()).exp();
            const auto side = (zc * T(0x1p100)).max(T(0)).min(T(1));
            Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>(out.col(j).data() + i, count)
                = (ec + (T(1) - ec) * side) / (T(1) + ec);
        }
    }
}

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
    case Activation::Sigmoid: sigmoid<T>(z, a); break;
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
    case Activation::Softplus: {
        // softplus' = σ(z), in the form that keeps its relative accuracy as
        // σ → 0 (0.5·(tanh(z/2) + 1) cancels there: exactly 0 below z ≈ −17
        // in float, −38 in double).
        const auto e = (-zin.abs()).exp();
        d *= (zin >= T(0)).select(T(1) / (T(1) + e), e / (T(1) + e));
        break;
    }
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

template void sigmoid<float>(const Eigen::Ref<const Mat<float>>&, Eigen::Ref<Mat<float>>);
template void sigmoid<double>(const Eigen::Ref<const Mat<double>>&, Eigen::Ref<Mat<double>>);
template void activate<float>(const ActivationSpec&, const Eigen::Ref<const Mat<float>>&, Eigen::Ref<Mat<float>>);
template void activate<double>(const ActivationSpec&, const Eigen::Ref<const Mat<double>>&, Eigen::Ref<Mat<double>>);
template void multiplyByDerivative<float>(const ActivationSpec&, const Eigen::Ref<const Mat<float>>&,
                                          const Eigen::Ref<const Mat<float>>&, Eigen::Ref<Mat<float>>);
template void multiplyByDerivative<double>(const ActivationSpec&, const Eigen::Ref<const Mat<double>>&,
                                           const Eigen::Ref<const Mat<double>>&, Eigen::Ref<Mat<double>>);

} // namespace hs
