#pragma once
// Weight initialization schemes. Biases always start at zero.

#include "core/rng.h"
#include "core/types.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs {

enum class Init {
    Zeros,         ///< All weights 0: every unit of a layer stays identical (symmetry never breaks).
    Uniform,       ///< U(-scale, scale).
    Normal,        ///< N(0, scale²).
    XavierUniform, ///< Glorot & Bengio 2010: U(±√(6/(fan_in+fan_out))).
    XavierNormal,  ///< Glorot & Bengio 2010: N(0, 2/(fan_in+fan_out)).
    HeUniform,     ///< He et al. 2015: U(±√(6/fan_in)).
    HeNormal,      ///< He et al. 2015: N(0, 2/fan_in).
    LecunUniform,  ///< LeCun et al. 1998: U(±√(3/fan_in)).
    LecunNormal,   ///< LeCun et al. 1998: N(0, 1/fan_in).
};

/// Names as used in run configs: zeros, uniform, normal, xavier_uniform,
/// xavier_normal, he_uniform, he_normal, lecun_uniform, lecun_normal.
std::optional<Init> parseInit(std::string_view name);
std::string_view toString(Init kind);
const std::vector<std::string>& initNames();

/// Fills `weights` (fan_out × fan_in) by the scheme. `scale` (> 0) is used by
/// Uniform and Normal only. Draws row by row, so PyTorch-style row-major
/// weight files of the same shape see the same sequence.
/// (Ref's options and stride are spelled out, the same type as Ref<MatrixX>:
/// with the defaults, clang 14 mangles this template's name differently in
/// different files and the program does not link.)
template <typename T>
void initializeWeights(Init kind, double scale,
                       Eigen::Ref<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>, 0, Eigen::OuterStride<>> weights,
                       Rng& rng);

} // namespace hs
