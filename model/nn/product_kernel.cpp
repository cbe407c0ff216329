#include "nn/product_kernel.h"

#if defined(__AVX512F__)
#include "nn/lane_mask.h"

#include <algorithm>

#include <immintrin.h>

namespace hs::kernel {
namespace {

using avx512::firstLanes;

template <int RB, int CB>
inline void tile(Eigen::Index k, const float* a, Eigen::Index lda, const float* b, Eigen::Index bs, Eigen::Index bt,
                 float* c, Eigen::Index ldc, const __mmask16* masks, bool accumulate, const float* init)
{
    __m512 acc[RB * CB];
    __mmask16 m[RB];
#pragma GCC unroll 4
    for (int r = 0; r < RB; ++r)
        m[r] = masks[r];
    if (init) {
        __m512 start[RB];
#pragma GCC unroll 4
        for (int r = 0; r < RB; ++r)
            start[r] = _mm512_maskz_loadu_ps(m[r], init + r * 16);
#pragma GCC unroll 32
        for (int i = 0; i < RB * CB; ++i)
            acc[i] = start[i % RB];
    } else if (accumulate) {
#pragma GCC unroll 32
        for (int i = 0; i < RB * CB; ++i)
            acc[i] = _mm512_maskz_loadu_ps(m[i % RB], c + (i % RB) * 16 + (i / RB) * ldc);
    } else {
#pragma GCC unroll 32
        for (int i = 0; i < RB * CB; ++i)
            acc[i] = _mm512_setzero_ps();
    }
    for (Eigen::Index p = 0; p < k; ++p) {
        __m512 column[RB];
#pragma GCC unroll 4
        for (int r = 0; r < RB; ++r)
            column[r] = _mm512_maskz_loadu_ps(m[r], a + p * lda + r * 16);
#pragma GCC unroll 16
        for (int q = 0; q < CB; ++q) {
            const __m512 scalar = _mm512_set1_ps(b[p * bs + q * bt]);
#pragma GCC unroll 4
            for (int r = 0; r < RB; ++r)
                acc[q * RB + r] = _mm512_fmadd_ps(column[r], scalar, acc[q * RB + r]);
        }
    }
#pragma GCC unroll 32
    for (int i = 0; i < RB * CB; ++i)
        _mm512_mask_storeu_ps(c + (i % RB) * 16 + (i / RB) * ldc, m[i % RB], acc[i]);
}

template <int RB, int CB>
void columns(Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, const float* b, Eigen::Index bs,
             Eigen::Index bt, float* c, Eigen::Index ldc, const __mmask16* masks, bool accumulate, const float* init)
{
    Eigen::Index j = 0;
    for (; j + CB <= n; j += CB)
        tile<RB, CB>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
    if constexpr (CB > 8)
        for (; j + 8 <= n; j += 8)
            tile<RB, 8>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
    if constexpr (CB > 4)
        for (; j + 4 <= n; j += 4)
            tile<RB, 4>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
    if constexpr (CB > 2)
        for (; j + 2 <= n; j += 2)
            tile<RB, 2>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
    for (; j < n; ++j)
        tile<RB, 1>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
}

// Transposes the 16 × 16 block held in r (r[q] is row q) in registers:
// pairs, then quadruples within 128-bit lanes, then the lanes themselves.
inline void transpose16(__m512 r[16])
{
    __m512 t[16];
    for (int q = 0; q < 16; q += 2) {
        t[q] = _mm512_unpacklo_ps(r[q], r[q + 1]);
        t[q + 1] = _mm512_unpackhi_ps(r[q], r[q + 1]);
    }
    for (int q = 0; q < 16; q += 4) {
        r[q] = _mm512_shuffle_ps(t[q], t[q + 2], _MM_SHUFFLE(1, 0, 1, 0));
        r[q + 1] = _mm512_shuffle_ps(t[q], t[q + 2], _MM_SHUFFLE(3, 2, 3, 2));
        r[q + 2] = _mm512_shuffle_ps(t[q + 1], t[q + 3], _MM_SHUFFLE(1, 0, 1, 0));
        r[q + 3] = _mm512_shuffle_ps(t[q + 1], t[q + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    for (int q = 0; q < 4; ++q) {
        t[q] = _mm512_shuffle_f32x4(r[q], r[q + 4], 0x88);
        t[q + 4] = _mm512_shuffle_f32x4(r[q], r[q + 4], 0xdd);
        t[q + 8] = _mm512_shuffle_f32x4(r[q + 8], r[q + 12], 0x88);
        t[q + 12] = _mm512_shuffle_f32x4(r[q + 8], r[q + 12], 0xdd);
    }
    for (int q = 0; q < 8; ++q) {
        r[q] = _mm512_shuffle_f32x4(t[q], t[q + 8], 0x88);
        r[q + 8] = _mm512_shuffle_f32x4(t[q], t[q + 8], 0xdd);
    }
}

} // namespace

// Panels of 32 rows in 2 × 12 tiles (24 accumulators, 2 columns of A and a
// broadcast: 27 of the 32 registers), or a last panel of up to 16 rows in
// 1 × 8 tiles (faster than 1 × 16 on the small layers). Twelve columns per
// tile read each 32-row column of A once for 24 FMAs: with 64-row 4 × 4
// tiles the same product streamed A from L2 three times as often and ran at
// 60-70 % of the speed.
void product(Eigen::Index m, Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, const float* b,
             Eigen::Index bs, Eigen::Index bt, float* c, Eigen::Index ldc, bool accumulate, const float* init)
{
    for (Eigen::Index i0 = 0; i0 < m; i0 += 32) {
        const Eigen::Index rows = std::min<Eigen::Index>(32, m - i0);
        const int blocks = static_cast<int>((rows + 15) / 16);
        __mmask16 masks[2];
        for (int r = 0; r < blocks; ++r)
            masks[r] = firstLanes(rows - 16 * r);
        if (blocks == 1)
            columns<1, 8>(n, k, a + i0, lda, b, bs, bt, c + i0, ldc, masks, accumulate, init ? init + i0 : nullptr);
        else
            columns<2, 12>(n, k, a + i0, lda, b, bs, bt, c + i0, ldc, masks, accumulate, init ? init + i0 : nullptr);
    }
}

// In 16 × 16 register blocks. (Eigen copies a transposed block one coefficient
// at a time: on a 16-wide layer that copy cost as much as the product.)
void transposeInto(const float* src, Eigen::Index ld, Eigen::Index rows, Eigen::Index cols, float* dst)
{
    for (Eigen::Index i0 = 0; i0 < rows; i0 += 16) {
        const Eigen::Index ni = std::min<Eigen::Index>(16, rows - i0);
        for (Eigen::Index p0 = 0; p0 < cols; p0 += 16) {
            const Eigen::Index np = std::min<Eigen::Index>(16, cols - p0);
            const __mmask16 load = firstLanes(np);
            __m512 r[16];
            for (Eigen::Index q = 0; q < 16; ++q)
                r[q] = q < ni ? _mm512_maskz_loadu_ps(load, src + (i0 + q) * ld + p0) : _mm512_setzero_ps();
            transpose16(r);
            const __mmask16 store = firstLanes(ni);
            for (Eigen::Index q = 0; q < np; ++q)
                _mm512_mask_storeu_ps(dst + (p0 + q) * rows + i0, store, r[q]);
        }
    }
}

} // namespace hs::kernel

#elif defined(__AVX2__) && defined(__FMA__)
#include "nn/lane_mask.h"

#include <algorithm>

#include <immintrin.h>

namespace hs::kernel {
namespace {

// As the AVX-512 tile, with 8-float vectors; Full panels load and store
// without masks.
template <int RB, int CB, bool Full>
inline void tile(Eigen::Index k, const float* a, Eigen::Index lda, const float* b, Eigen::Index bs, Eigen::Index bt,
                 float* c, Eigen::Index ldc, const __m256i* masks, bool accumulate, const float* init)
{
    auto load = [masks](const float* p, int r) {
        if constexpr (Full)
            return _mm256_loadu_ps(p);
        else
            return _mm256_maskload_ps(p, masks[r]);
    };
    __m256 acc[RB * CB];
    if (init) {
        __m256 start[RB];
        for (int r = 0; r < RB; ++r)
            start[r] = load(init + r * 8, r);
#pragma GCC unroll 16
        for (int i = 0; i < RB * CB; ++i)
            acc[i] = start[i % RB];
    } else if (accumulate) {
#pragma GCC unroll 16
        for (int i = 0; i < RB * CB; ++i)
            acc[i] = load(c + (i % RB) * 8 + (i / RB) * ldc, i % RB);
    } else {
#pragma GCC unroll 16
        for (int i = 0; i < RB * CB; ++i)
            acc[i] = _mm256_setzero_ps();
    }
    for (Eigen::Index p = 0; p < k; ++p) {
        __m256 column[RB];
#pragma GCC unroll 2
        for (int r = 0; r < RB; ++r)
            column[r] = load(a + p * lda + r * 8, r);
#pragma GCC unroll 8
        for (int q = 0; q < CB; ++q) {
            const __m256 scalar = _mm256_broadcast_ss(b + p * bs + q * bt);
#pragma GCC unroll 2
            for (int r = 0; r < RB; ++r)
                acc[q * RB + r] = _mm256_fmadd_ps(column[r], scalar, acc[q * RB + r]);
        }
    }
#pragma GCC unroll 16
    for (int i = 0; i < RB * CB; ++i) {
        float* out = c + (i % RB) * 8 + (i / RB) * ldc;
        if constexpr (Full)
            _mm256_storeu_ps(out, acc[i]);
        else
            _mm256_maskstore_ps(out, masks[i % RB], acc[i]);
    }
}

template <int RB, int CB, bool Full>
void columns(Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, const float* b, Eigen::Index bs,
             Eigen::Index bt, float* c, Eigen::Index ldc, const __m256i* masks, bool accumulate, const float* init)
{
    Eigen::Index j = 0;
    for (; j + CB <= n; j += CB)
        tile<RB, CB, Full>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
    if constexpr (CB > 4)
        for (; j + 4 <= n; j += 4)
            tile<RB, 4, Full>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
    if constexpr (CB > 2)
        for (; j + 2 <= n; j += 2)
            tile<RB, 2, Full>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
    for (; j < n; ++j)
        tile<RB, 1, Full>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
}

template <bool Full>
void panel(Eigen::Index rows, Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, const float* b,
           Eigen::Index bs, Eigen::Index bt, float* c, Eigen::Index ldc, const __m256i* masks, bool accumulate,
           const float* init)
{
    if (rows > 8)
        columns<2, 6, Full>(n, k, a, lda, b, bs, bt, c, ldc, masks, accumulate, init);
    else
        columns<1, 8, Full>(n, k, a, lda, b, bs, bt, c, ldc, masks, accumulate, init);
}

} // namespace

// Panels of 16 rows in 2 × 6 tiles (12 accumulators, 2 columns of A and a
// broadcast: 15 of the 16 registers), or a last panel of up to 8 rows in
// 1 × 8 tiles.
void product(Eigen::Index m, Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, const float* b,
             Eigen::Index bs, Eigen::Index bt, float* c, Eigen::Index ldc, bool accumulate, const float* init)
{
    for (Eigen::Index i0 = 0; i0 < m; i0 += 16) {
        const Eigen::Index rows = std::min<Eigen::Index>(16, m - i0);
        const __m256i masks[2] = {avx2::firstLanes(rows), avx2::firstLanes(std::max<Eigen::Index>(0, rows - 8))};
        const float* start = init ? init + i0 : nullptr;
        if (rows == 16 || rows == 8)
            panel<true>(rows, n, k, a + i0, lda, b, bs, bt, c + i0, ldc, masks, accumulate, start);
        else
            panel<false>(rows, n, k, a + i0, lda, b, bs, bt, c + i0, ldc, masks, accumulate, start);
    }
}

void transposeInto(const float* src, Eigen::Index ld, Eigen::Index rows, Eigen::Index cols, float* dst)
{
    for (Eigen::Index p = 0; p < cols; ++p)
        for (Eigen::Index i = 0; i < rows; ++i)
            dst[p * rows + i] = src[i * ld + p];
}

} // namespace hs::kernel
#endif
