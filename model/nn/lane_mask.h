#pragma once
// Masks of a vector's first lanes, for the tails of the engine's SIMD
// loops: 16 floats with AVX-512, 8 with AVX2.

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>

#include <cstdint>
#endif

#if defined(__AVX512F__)
namespace hs::avx512 {

/// The first min(count, 16) of 16 lanes.
inline __mmask16 firstLanes(std::int64_t count)
{
    return count >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << count) - 1u);
}

} // namespace hs::avx512
#endif

#if defined(__AVX2__)
namespace hs::avx2 {

/// All ones in the first min(count, 8) of 8 32-bit lanes (for maskload/maskstore).
inline __m256i firstLanes(std::int64_t count)
{
    const int n = count >= 8 ? 8 : static_cast<int>(count);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

} // namespace hs::avx2
#endif
