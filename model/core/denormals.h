#pragma once
// Denormal (subnormal) floats flushed to zero while training: on many x86
// CPUs every arithmetic operation on a denormal operand takes a microcode
// assist of ~100 cycles. A network with units that stop receiving gradient
// (dead ReLUs, saturated sigmoids) drives Adam's moment estimates toward 0
// geometrically (×β₁ = 0.9 per step), into the denormal range after ~900
// steps, and an otherwise 8-µs step then spent most of its time on them
// (2.4× slower on an Intel Xeon). Flushing changes only values below
// FLT_MIN ≈ 1.2e-38 (DBL_MIN for doubles), far under any parameter's ulp.
//
// The guard sets FTZ and DAZ in the calling thread's MXCSR and restores the
// previous mode when it ends, so code around a training step (Qt, the
// metrics) keeps the default IEEE behaviour. Elsewhere than x86 it does nothing.

namespace hs {

class FlushDenormals {
public:
    FlushDenormals();
    ~FlushDenormals();
    FlushDenormals(const FlushDenormals&) = delete;
    FlushDenormals& operator=(const FlushDenormals&) = delete;

    /// True while the calling thread flushes denormals (for tests).
    static bool active();

private:
    unsigned saved_ = 0;
};

/// The calling thread's floating-point mode (MXCSR on x86; 0 elsewhere),
/// so that helper threads of a computation can take on the caller's.
unsigned currentFloatMode();
void setFloatMode(unsigned mode);

} // namespace hs
