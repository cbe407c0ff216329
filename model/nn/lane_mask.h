#pragma once
// The AVX-512 mask of a vector's first lanes, for the tails of the engine's
// 16-float loops.

#if defined(__AVX512F__)
#include <immintrin.h>

#include <cstdint>

namespace hs::avx512 {

/// The first min(count, 16) of 16 lanes.
inline __mmask16 firstLanes(std::int64_t count)
{
    return count >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << count) - 1u);
}

} // namespace hs::avx512
#endif
