#pragma once
// Internal to model/optim: element-wise functors for Eigen array expressions
// that round exactly like PyTorch 1.13's CPU kernels.
//
// Why they exist:
// - PyTorch's `x.add(y, alpha=a)` and `x.addcmul_(y, y, value=c)` are fused
//   multiply-adds (Vectorized::fmadd, and the compiler contracts the scalar
//   tails too), so each rounds once. Eigen evaluates `x + a*y` as two rounded
//   operations. The functors below call std::fma (correctly rounded on every
//   platform; glibc dispatches to the FMA instruction when the CPU has one) and
//   use Eigen's fused pmadd packets when the build enables FMA. Either way the
//   result is bit-identical, so runs stay reproducible across machines.
// - Eigen 3.4 with its default EIGEN_FAST_MATH=1 evaluates `.sqrt()` on float
//   packets as an rsqrt estimate plus one Newton step (1-2 ulp off, denormals
//   flushed). Redefining EIGEN_FAST_MATH here alone would give one inline
//   specialisation two bodies across the engine (an ODR violation), so
//   ExactSqrt wraps the IEEE instruction instead.
// The library is compiled with -ffp-contract=off so that the compiler adds no
// fusions of its own: every fused operation is one of these, on purpose.

#include <Eigen/Core>

#include <cmath>

#if defined(EIGEN_VECTORIZE_FMA) && defined(EIGEN_VECTORIZE_SSE2)
#define HS_OPTIM_PACKET_FMA 1
#else
#define HS_OPTIM_PACKET_FMA 0
#endif

namespace hs::optim_detail {

/// x + alpha·y, one rounding: PyTorch `x.add(y, alpha=alpha)`.
struct AddScaled {
    float alpha;
    float operator()(const float& x, const float& y) const { return std::fma(alpha, y, x); }
#if HS_OPTIM_PACKET_FMA
    template <typename Packet>
    Packet packetOp(const Packet& x, const Packet& y) const
    {
        using namespace Eigen::internal;
        return pmadd(pset1<Packet>(alpha), y, x);
    }
#endif
};

/// (x·beta) + alpha·y, the product x·beta rounded first: PyTorch
/// `x.mul_(beta).add_(y, alpha=alpha)`.
struct DecayAddScaled {
    float beta;
    float alpha;
    float operator()(const float& x, const float& y) const { return std::fma(alpha, y, x * beta); }
#if HS_OPTIM_PACKET_FMA
    template <typename Packet>
    Packet packetOp(const Packet& x, const Packet& y) const
    {
        using namespace Eigen::internal;
        return pmadd(pset1<Packet>(alpha), y, pmul(x, pset1<Packet>(beta)));
    }
#endif
};

/// (x·beta) + (value·y)·y, with x·beta and value·y rounded first: PyTorch
/// `x.mul_(beta).addcmul_(y, y, value=value)`.
struct DecayAddSquare {
    float beta;
    float value;
    float operator()(const float& x, const float& y) const
    {
        return std::fma(value * y, y, x * beta);
    }
#if HS_OPTIM_PACKET_FMA
    template <typename Packet>
    Packet packetOp(const Packet& x, const Packet& y) const
    {
        using namespace Eigen::internal;
        return pmadd(pmul(pset1<Packet>(value), y), y, pmul(x, pset1<Packet>(beta)));
    }
#endif
};

#if defined(EIGEN_VECTORIZE_SSE2)
inline Eigen::internal::Packet4f exactSqrtPacket(const Eigen::internal::Packet4f& x)
{
    return _mm_sqrt_ps(x);
}
#endif
#if defined(EIGEN_VECTORIZE_AVX)
inline Eigen::internal::Packet8f exactSqrtPacket(const Eigen::internal::Packet8f& x)
{
    return _mm256_sqrt_ps(x);
}
#endif
#if defined(EIGEN_VECTORIZE_AVX512)
inline Eigen::internal::Packet16f exactSqrtPacket(const Eigen::internal::Packet16f& x)
{
    return _mm512_sqrt_ps(x);
}
#endif

/// Correctly rounded square root (IEEE sqrt, as PyTorch's torch.sqrt).
struct ExactSqrt {
    float operator()(const float& x) const { return std::sqrt(x); }
#if defined(EIGEN_VECTORIZE_SSE2)
    template <typename Packet>
    Packet packetOp(const Packet& x) const { return exactSqrtPacket(x); }
#endif
};

} // namespace hs::optim_detail

namespace Eigen::internal {

template <>
struct functor_traits<hs::optim_detail::AddScaled> {
    enum { Cost = 2 * NumTraits<float>::MulCost, PacketAccess = HS_OPTIM_PACKET_FMA };
};
template <>
struct functor_traits<hs::optim_detail::DecayAddScaled> {
    enum { Cost = 3 * NumTraits<float>::MulCost, PacketAccess = HS_OPTIM_PACKET_FMA };
};
template <>
struct functor_traits<hs::optim_detail::DecayAddSquare> {
    enum { Cost = 4 * NumTraits<float>::MulCost, PacketAccess = HS_OPTIM_PACKET_FMA };
};
template <>
struct functor_traits<hs::optim_detail::ExactSqrt> {
    enum {
        Cost = 5 * NumTraits<float>::MulCost,
#if defined(EIGEN_VECTORIZE_SSE2)
        PacketAccess = true
#else
        PacketAccess = false
#endif
    };
};

} // namespace Eigen::internal
