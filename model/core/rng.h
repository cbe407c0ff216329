#pragma once
// A seeded, portable random number generator. The standard library's
// distributions differ between implementations, so everything random in the
// engine (data, initial weights, shuffling, dropout masks) draws from this one
// class: same seed, same numbers, on every platform and compiler.

#include <cstdint>
#include <vector>

namespace hs {

/// xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number
/// generators", 2018), seeded through SplitMix64.
class Rng {
public:
    explicit Rng(std::uint64_t seed = 0);

    /// Next raw 64-bit value.
    std::uint64_t next();
    /// Uniform double in [0, 1), 53 bits of precision.
    double uniform();
    /// Uniform double in [lo, hi).
    double uniform(double lo, double hi);
    /// Standard normal deviate (Box–Muller; no cached second value, so the
    /// stream position depends only on how many calls were made).
    double normal();
    double normal(double mean, double stddev);
    /// Uniform integer in [0, n); requires n > 0. Unbiased (Lemire's method).
    std::uint64_t below(std::uint64_t n);
    /// True with probability p.
    bool bernoulli(double p);
    /// Fisher–Yates shuffle.
    template <typename T>
    void shuffle(std::vector<T>& v)
    {
        for (std::size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[static_cast<std::size_t>(below(i))]);
    }
    /// A new generator whose stream is independent of this one's; deriving
    /// does not advance this generator. `stream` tells children apart.
    Rng derive(std::uint64_t stream) const;

private:
    std::uint64_t s_[4];
};

} // namespace hs
