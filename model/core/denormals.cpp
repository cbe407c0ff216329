#include "core/denormals.h"

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define HS_HAVE_MXCSR 1
#endif

namespace hs {

#ifdef HS_HAVE_MXCSR
namespace {
constexpr unsigned kFlushToZero = 0x8000;     // FTZ: denormal results become 0
constexpr unsigned kDenormalsAreZero = 0x0040; // DAZ: denormal inputs read as 0
} // namespace

FlushDenormals::FlushDenormals()
    : saved_(_mm_getcsr())
{
    _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero);
}

FlushDenormals::~FlushDenormals()
{
    _mm_setcsr(saved_);
}

bool FlushDenormals::active()
{
    return (_mm_getcsr() & (kFlushToZero | kDenormalsAreZero)) == (kFlushToZero | kDenormalsAreZero);
}

unsigned currentFloatMode()
{
    return _mm_getcsr();
}

void setFloatMode(unsigned mode)
{
    constexpr unsigned kStatusFlags = 0x3F; // sticky exception flags: not part of the mode
    if ((_mm_getcsr() & ~kStatusFlags) != (mode & ~kStatusFlags))
        _mm_setcsr(mode & ~kStatusFlags);
}
#else
FlushDenormals::FlushDenormals() = default;
FlushDenormals::~FlushDenormals() = default;
bool FlushDenormals::active() { return false; }
unsigned currentFloatMode() { return 0; }
void setFloatMode(unsigned) {}
#endif

} // namespace hs
