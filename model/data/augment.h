#pragma once
// Ways to make a data set harder on purpose, for the overfitting and
// regularization lessons: label noise, irrelevant features, input jitter.
// All randomness comes from the caller's hs::Rng.

#include "core/rng.h"
#include "core/types.h"
#include "data/dataset.h"

namespace hs {

/// Label noise: exactly round(fraction × samples) distinct samples, chosen at
/// random, get a different class drawn uniformly from the other classes.
/// Preconditions (else std::invalid_argument naming data.label_noise):
/// classification data with classes >= 2, fraction in [0, 1].
void flipLabels(Dataset& data, double fraction, Rng& rng);

/// Appends `count` irrelevant features drawn from N(0, 1), named noise1,
/// noise2, ... (continuing after any noise<k> names already present).
/// Precondition: count in [0, 1024] and samples × all features at most
/// kMaxGeneratedValues (else std::invalid_argument naming data.noise_features).
void appendNoiseFeatures(Dataset& data, int count, Rng& rng);

/// Input jitter for a training batch (features × batch): adds N(0, stddev²)
/// to every entry, in the units of the batch (i.e. after normalization if
/// the batch is normalized). stddev 0 leaves the batch and the rng untouched.
/// Precondition: stddev finite and >= 0 (else std::invalid_argument naming
/// training.jitter).
void jitter(Eigen::Ref<Matrix> batch, double stddev, Rng& rng);

} // namespace hs
