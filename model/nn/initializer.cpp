#include "nn/initializer.h"

#include "core/enum_names.h"

#include <array>
#include <cmath>

namespace hs {
namespace {

constexpr EnumNames kNames{std::array{
    std::pair{Init::Zeros, std::string_view("zeros")},
    std::pair{Init::Uniform, std::string_view("uniform")},
    std::pair{Init::Normal, std::string_view("normal")},
    std::pair{Init::XavierUniform, std::string_view("xavier_uniform")},
    std::pair{Init::XavierNormal, std::string_view("xavier_normal")},
    std::pair{Init::HeUniform, std::string_view("he_uniform")},
    std::pair{Init::HeNormal, std::string_view("he_normal")},
    std::pair{Init::LecunUniform, std::string_view("lecun_uniform")},
    std::pair{Init::LecunNormal, std::string_view("lecun_normal")},
}};

} // namespace

std::optional<Init> parseInit(std::string_view name) { return kNames.parse(name); }

std::string_view toString(Init kind) { return kNames.name(kind); }

const std::vector<std::string>& initNames()
{
    static const std::vector<std::string> names = kNames.names();
    return names;
}

template <typename T>
void initializeWeights(Init kind, double scale, Eigen::Ref<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>, 0, Eigen::OuterStride<>> w,
                       Rng& rng)
{
    const double fanIn = static_cast<double>(w.cols());
    const double fanOut = static_cast<double>(w.rows());
    bool uniform = true;
    double spread = 0.0; // bound for uniform, standard deviation for normal
    switch (kind) {
    case Init::Zeros: w.setZero(); return;
    case Init::Uniform: spread = scale; break;
    case Init::Normal: uniform = false; spread = scale; break;
    case Init::XavierUniform: spread = std::sqrt(6.0 / (fanIn + fanOut)); break;
    case Init::XavierNormal: uniform = false; spread = std::sqrt(2.0 / (fanIn + fanOut)); break;
    case Init::HeUniform: spread = std::sqrt(6.0 / fanIn); break;
    case Init::HeNormal: uniform = false; spread = std::sqrt(2.0 / fanIn); break;
    case Init::LecunUniform: spread = std::sqrt(3.0 / fanIn); break;
    case Init::LecunNormal: uniform = false; spread = std::sqrt(1.0 / fanIn); break;
    }
    for (Eigen::Index r = 0; r < w.rows(); ++r)
        for (Eigen::Index c = 0; c < w.cols(); ++c)
            w(r, c) = static_cast<T>(uniform ? rng.uniform(-spread, spread) : rng.normal(0.0, spread));
}

template void initializeWeights<float>(Init, double, Eigen::Ref<Eigen::MatrixXf>, Rng&);
template void initializeWeights<double>(Init, double, Eigen::Ref<Eigen::MatrixXd>, Rng&);

} // namespace hs
