#include "data/normalize.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace hs {
namespace {

// Below this fraction of a feature's magnitude, a spread is float rounding
// rather than signal; dividing by it would only amplify noise.
constexpr double kNegligibleSpread = 1e-12;

double safeScale(double spread, double magnitude)
{
    return spread > kNegligibleSpread * std::max(1.0, magnitude) ? spread : 1.0;
}

} // namespace

std::optional<Normalization> parseNormalization(std::string_view text)
{
    if (text == "none")
        return Normalization::None;
    if (text == "zscore")
        return Normalization::ZScore;
    if (text == "minmax")
        return Normalization::MinMax;
    return std::nullopt;
}

std::string_view toString(Normalization kind)
{
    switch (kind) {
    case Normalization::ZScore: return "zscore";
    case Normalization::MinMax: return "minmax";
    case Normalization::None: break;
    }
    return "none";
}

Normalizer Normalizer::fit(const Matrix& x, Normalization kind)
{
    const Eigen::Index features = x.rows();
    const Eigen::Index n = x.cols();
    Normalizer z;
    z.kind_ = kind;
    z.offset_ = Vector::Zero(features);
    z.scale_ = Vector::Ones(features);
    if (kind == Normalization::None)
        return z;
    if (n == 0)
        throw std::invalid_argument("normalize: cannot fit " + std::string(toString(kind))
                                    + " on 0 samples: need at least 1");
    if (!x.allFinite())
        throw std::invalid_argument("normalize: the data contain NaN or infinite values");

    // Column by column (samples are columns): walking a feature's row of a
    // column-major matrix would touch a cache line per value. Each feature's
    // sums still add its samples in order, in double.
    if (kind == Normalization::ZScore) {
        // Two passes: the mean, then the squared deviations from it, so a
        // constant feature gives a variance of exactly 0.
        Eigen::VectorXd sum = Eigen::VectorXd::Zero(features);
        for (Eigen::Index c = 0; c < n; ++c)
            sum += x.col(c).cast<double>();
        const Eigen::VectorXd mean = sum / static_cast<double>(n);
        Eigen::VectorXd squares = Eigen::VectorXd::Zero(features);
        for (Eigen::Index c = 0; c < n; ++c)
            squares.array() += (x.col(c).cast<double>() - mean).array().square();
        for (Eigen::Index r = 0; r < features; ++r) {
            z.offset_[r] = static_cast<Scalar>(mean[r]);
            z.scale_[r] = static_cast<Scalar>(safeScale(std::sqrt(squares[r] / static_cast<double>(n)), std::abs(mean[r])));
        }
    } else {
        Vector lo = x.col(0), hi = x.col(0);
        for (Eigen::Index c = 1; c < n; ++c) {
            lo = lo.cwiseMin(x.col(c));
            hi = hi.cwiseMax(x.col(c));
        }
        for (Eigen::Index r = 0; r < features; ++r) {
            z.offset_[r] = lo[r];
            z.scale_[r] = static_cast<Scalar>(safeScale(double(hi[r]) - double(lo[r]),
                                                        std::max(std::abs(double(lo[r])), std::abs(double(hi[r])))));
        }
    }
    return z;
}

Normalizer Normalizer::fromParameters(Normalization kind, Vector offset, Vector scale)
{
    if (offset.size() != scale.size())
        throw std::invalid_argument("normalize: offset has " + std::to_string(offset.size())
                                    + " entries but scale has " + std::to_string(scale.size()));
    if (!offset.allFinite())
        throw std::invalid_argument("normalize: offset contains NaN or infinite values");
    if (!scale.allFinite() || !(scale.array() > 0).all())
        throw std::invalid_argument("normalize: scale must be finite and > 0 for every feature");
    Normalizer z;
    z.kind_ = kind;
    z.offset_ = std::move(offset);
    z.scale_ = std::move(scale);
    return z;
}

void Normalizer::checkRows(const Matrix& x) const
{
    if (x.rows() != features())
        throw std::invalid_argument("normalize: data has " + std::to_string(x.rows())
                                    + " features but the normalizer was fitted on "
                                    + std::to_string(features()));
}

void Normalizer::apply(Matrix& x) const
{
    if (kind_ == Normalization::None)
        return;
    checkRows(x);
    x.colwise() -= offset_;
    x.array().colwise() /= scale_.array();
}

void Normalizer::invert(Matrix& x) const
{
    if (kind_ == Normalization::None)
        return;
    checkRows(x);
    x.array().colwise() *= scale_.array();
    x.colwise() += offset_;
}

} // namespace hs
