#pragma once
// Per-feature input normalization, fitted on the training split only and
// then applied unchanged to validation, test and any later input.

#include "core/types.h"

#include <optional>
#include <string_view>

namespace hs {

enum class Normalization { None, ZScore, MinMax };

/// "none", "zscore" or "minmax" (exact, lower case); nullopt otherwise.
std::optional<Normalization> parseNormalization(std::string_view text);
/// The name parseNormalization() accepts for `kind`.
std::string_view toString(Normalization kind);

/// x ↦ (x − offset) / scale, one offset and scale per feature (row).
class Normalizer {
public:
    /// Identity for zero features (kind None, empty offset and scale).
    Normalizer() = default;

    /// Fits per feature (row) of `x` (features × samples):
    ///  - None:   offset 0, scale 1;
    ///  - ZScore: offset = mean, scale = population std (divides by n);
    ///  - MinMax: offset = min, scale = max − min, mapping the data to [0, 1].
    /// A constant feature (std or range 0, or negligible: below 1e-12 of its
    /// magnitude) gets scale 1, so it maps to 0 (never NaN). Statistics are
    /// accumulated in double. Preconditions (else std::invalid_argument):
    /// at least one sample unless kind is None; every value finite.
    static Normalizer fit(const Matrix& x, Normalization kind);

    /// Rebuilds a fitted normalizer (e.g. read from a weights file).
    /// Preconditions (else std::invalid_argument): offset and scale have the
    /// same size, offsets finite, scales finite and > 0.
    static Normalizer fromParameters(Normalization kind, Vector offset, Vector scale);

    /// x ← (x − offset) / scale, in place. Precondition: x.rows() equals the
    /// number of fitted features (else std::invalid_argument); kind None is
    /// the identity for any x.
    void apply(Matrix& x) const;
    /// The inverse: x ← x · scale + offset (e.g. to report regression
    /// predictions in data units). Same precondition as apply().
    void invert(Matrix& x) const;

    Normalization kind() const { return kind_; }
    const Vector& offset() const { return offset_; }
    const Vector& scale() const { return scale_; }
    Eigen::Index features() const { return offset_.size(); }

private:
    void checkRows(const Matrix& x) const;

    Normalization kind_ = Normalization::None;
    Vector offset_;
    Vector scale_;
};

} // namespace hs
