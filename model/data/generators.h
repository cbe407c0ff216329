#pragma once
// Synthetic data sets: the TensorFlow Playground shapes (circle, xor, gaussian,
// spiral, regression plane and ripple), sklearn-style moons and blobs, and an
// imbalanced binary set for the accuracy-paradox lesson.
//
// Units: coordinates are "data units" of order 1 (shapes fit roughly in
// [-1, 1]^2); `noise` is the standard deviation of Gaussian noise added to
// every coordinate (classification) or to the target (regression), in the
// same units. Every draw comes from hs::Rng, so a spec always yields the same
// data, bit for bit, on every platform.

#include "core/types.h"
#include "data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hs {

/// What to generate. Fields a generator does not use are ignored (and not
/// validated); see GeneratorInfo.
struct GeneratorSpec {
    std::string name = "spiral";     ///< a name from generatorCatalog()
    int samples = 1000;              ///< total samples, 4 .. 10,000,000
    double noise = 0.1;              ///< std-dev of added Gaussian noise, data units, >= 0
    int classes = 2;                 ///< spiral, blobs: 2 .. 100
    int dimensions = 2;              ///< blobs: 1 .. 1024
    double positiveFraction = 0.05;  ///< imbalanced: share of class 1, 0.01 .. 0.5
    std::uint64_t seed = 1;
};

/// One entry of the catalogue, for building menus and validating configs.
struct GeneratorInfo {
    std::string name;
    Task task;
    std::string description;
    bool usesClasses;
    bool usesDimensions;
    bool usesPositiveFraction;
};

/// Largest samples × features a generator will allocate (2^28 floats, 1 GiB).
inline constexpr long long kMaxGeneratedValues = 1LL << 28;

/// Every generator, in menu order.
const std::vector<GeneratorInfo>& generatorCatalog();

/// The catalogue entry called `name` (exact, lower case); nullptr if unknown.
const GeneratorInfo* findGenerator(const std::string& name);

/// Checks `spec` against the ranges above; throws std::invalid_argument whose
/// message names the field (data.samples, data.noise, ...), its value and the
/// allowed range. generate() calls this first.
void validateGeneratorSpec(const GeneratorSpec& spec);

/// Generates the data set described by `spec`. Classification sets have
/// labels 0..K-1 with class sizes differing by at most one (except
/// "imbalanced"), classes interleaved in sample order; regression sets have
/// 1 × samples targets. Feature names are x1..xD, class names "0".."K-1".
/// Shape and noise use separate random streams: for the same seed, the
/// data with noise differs from the data at noise 0 only by the noise draws
/// (labels and the underlying points are identical).
/// Throws std::invalid_argument (see validateGeneratorSpec).
Dataset generate(const GeneratorSpec& spec);

} // namespace hs
