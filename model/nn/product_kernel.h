#pragma once
// A register-blocked product kernel for the engine's float GEMMs,
//   C (m × n) = [C +] A (m × k) · B (k × n),
// A column-major with contiguous columns, B read as B[p·bs + j·bt] (so a
// transposed operand costs nothing), C column-major. Each tile keeps RB×CB
// 16-float accumulators in registers over the whole depth, loads A straight
// from the weights (no packing: a layer's weights stay in L1/L2 between
// tiles) and masks the last rows. It has no per-call packing or blocking
// set-up, which dominates small layers, and on the shapes it takes it beats
// Eigen 3.4's GEMM (on Zen 5 ≈ 1.5x at 784-256-128 and 2x at 64-wide layers;
// on an Intel Xeon 148 against 133 GFLOP/s on 784-256-128's first product).
//
// Each element is a plain sequential FMA chain over p = 0 … k−1, so results
// depend only on the shapes, never on a thread split.

#include <Eigen/Core>

// The kernel exists with AVX-512 (16-float vectors, 32-row panels) and with
// AVX2 + FMA (8-float vectors, 16-row panels); elsewhere Eigen's GEMM does
// every product.
#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
#define HS_PRODUCT_KERNEL 1
namespace hs::kernel {

/// C (m × n) = [C +] A · B, or init + A · B when init (m floats, added to
/// every column) is given; see above for the layouts.
void product(Eigen::Index m, Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, const float* b,
             Eigen::Index bs, Eigen::Index bt, float* c, Eigen::Index ldc, bool accumulate,
             const float* init = nullptr);

/// dst(i, p) = src[i·ld + p] for a contiguous column-major rows × cols dst:
/// rows of a transposed matrix laid out as product() reads them.
void transposeInto(const float* src, Eigen::Index ld, Eigen::Index rows, Eigen::Index cols, float* dst);

} // namespace hs::kernel
#else
#define HS_PRODUCT_KERNEL 0
#endif
