#include "nn/loss.h"

#include "nn/activation.h"

#include <algorithm>
#include <cmath>

namespace hs {

LossKind lossFor(Task task, int classes)
{
    if (task == Task::Regression)
        return LossKind::MeanSquaredError;
    return classes <= 2 ? LossKind::BinaryCrossEntropy : LossKind::CrossEntropy;
}

int outputUnits(LossKind kind, int classesOrTargets)
{
    return kind == LossKind::BinaryCrossEntropy ? 1 : classesOrTargets;
}

namespace {

// Per column: log Σ_k exp(z_k), computed around the column's maximum.
template <typename T>
Eigen::Array<T, 1, Eigen::Dynamic> logSumExp(const Eigen::Ref<const MatrixOf<T>>& z)
{
    const Eigen::Array<T, 1, Eigen::Dynamic> m = z.colwise().maxCoeff().array();
    return m + (z.array().rowwise() - m).exp().colwise().sum().log();
}

template <typename T>
double sumBce(const Eigen::Ref<const MatrixOf<T>>& z, const Eigen::Ref<const MatrixOf<T>>& y)
{
    // max(z,0) − z·y + log(1 + e^−|z|): the logits form of −y·log σ(z) − (1−y)·log(1−σ(z)).
    // log1p has no vector form in Eigen 3.4, so log(1 + e) is log(u) plus the
    // first-order correction (e − (u − 1))/u for the rounding of u = 1 + e
    // (e itself where u rounds to 1). Evaluated in chunks of contiguous
    // elements with no select (which Eigen 3.4 evaluates one coefficient at a
    // time), so that exp and log vectorize, and summed in double.
    using Run = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;
    constexpr Eigen::Index kChunk = 64;
    Eigen::Array<T, kChunk, 1> terms; // on the stack: this runs every training step
    const bool flat = (z.outerStride() == z.rows() || z.cols() == 1) && (y.outerStride() == y.rows() || y.cols() == 1);
    const Eigen::Index runs = flat ? 1 : z.cols(), length = flat ? z.size() : z.rows();
    double total = 0.0;
    for (Eigen::Index j = 0; j < runs; ++j) {
        for (Eigen::Index i = 0; i < length; i += kChunk) {
            const Eigen::Index count = std::min(kChunk, length - i);
            const Run za(z.data() + j * z.outerStride() + i, count), ya(y.data() + j * y.outerStride() + i, count);
            const auto e = (-za.abs()).exp();
            const auto u = T(1) + e;
            const auto log1pE = u.log() + (e - (u - T(1))) / u;
            auto out = terms.head(count);
            out = za.max(T(0)) - za * ya + log1pE;
            total += out.template cast<double>().sum();
        }
    }
    return total;
}

template <typename T>
double sumCrossEntropy(const Eigen::Ref<const MatrixOf<T>>& z, const Eigen::Ref<const MatrixOf<T>>& y,
                       const Eigen::Array<T, 1, Eigen::Dynamic>& lse)
{
    double total = 0.0;
    for (Eigen::Index j = 0; j < z.cols(); ++j)
        total += static_cast<double>(lse(j) - z(static_cast<Eigen::Index>(y(0, j)), j));
    return total;
}

} // namespace

template <typename T>
double loss(LossKind kind, const Eigen::Ref<const MatrixOf<T>>& z, const Eigen::Ref<const MatrixOf<T>>& y)
{
    const double n = static_cast<double>(z.cols());
    switch (kind) {
    case LossKind::BinaryCrossEntropy: return sumBce<T>(z, y) / n;
    case LossKind::CrossEntropy: return sumCrossEntropy<T>(z, y, logSumExp<T>(z)) / n;
    case LossKind::MeanSquaredError:
        return (z - y).template cast<double>().squaredNorm() / (n * static_cast<double>(z.rows()));
    }
    return 0.0;
}

template <typename T>
double lossAndGradient(LossKind kind, const Eigen::Ref<const MatrixOf<T>>& z, const Eigen::Ref<const MatrixOf<T>>& y,
                       Eigen::Ref<MatrixOf<T>> g)
{
    const T n = static_cast<T>(z.cols());
    switch (kind) {
    case LossKind::BinaryCrossEntropy: {
        const double value = sumBce<T>(z, y) / static_cast<double>(n);
        sigmoid<T>(z, g);
        g.array() = (g.array() - y.array()) / n;
        return value;
    }
    case LossKind::CrossEntropy: {
        // Column by column, as logSumExp() and sumCrossEntropy() compute it,
        // but with no temporaries: this runs every training step.
        double total = 0.0;
        for (Eigen::Index j = 0; j < z.cols(); ++j) {
            const auto column = z.col(j).array();
            const T m = column.maxCoeff();
            const T lse = m + std::log((column - m).exp().sum());
            const auto label = static_cast<Eigen::Index>(y(0, j));
            total += static_cast<double>(lse - z(label, j));
            g.col(j).array() = (column - lse).exp() / n;
            g(label, j) -= T(1) / n;
        }
        return total / static_cast<double>(n);
    }
    case LossKind::MeanSquaredError: {
        const T count = n * static_cast<T>(z.rows());
        g = (z - y) * (T(2) / count);
        return (z - y).template cast<double>().squaredNorm() / static_cast<double>(count);
    }
    }
    return 0.0;
}

template <typename T>
void outputActivation(LossKind kind, const Eigen::Ref<const MatrixOf<T>>& z, Eigen::Ref<MatrixOf<T>> out)
{
    switch (kind) {
    case LossKind::BinaryCrossEntropy: sigmoid<T>(z, out); break;
    case LossKind::CrossEntropy: out.array() = (z.array().rowwise() - logSumExp<T>(z)).exp(); break;
    case LossKind::MeanSquaredError: out = z; break;
    }
}

template <typename T>
Eigen::Index countCorrect(LossKind kind, const Eigen::Ref<const MatrixOf<T>>& z, const Eigen::Ref<const MatrixOf<T>>& y)
{
    if (kind == LossKind::BinaryCrossEntropy)
        return ((z.array() >= T(0)).template cast<T>() == y.array()).count();
    Eigen::Index correct = 0;
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
        Eigen::Index best = 0;
        z.col(j).maxCoeff(&best); // first maximum: ties go to the lowest index
        correct += best == static_cast<Eigen::Index>(y(0, j));
    }
    return correct;
}

#define HS_INSTANTIATE_LOSS(T)                                                                                    \
    template double loss<T>(LossKind, const Eigen::Ref<const MatrixOf<T>>&, const Eigen::Ref<const MatrixOf<T>>&); \
    template double lossAndGradient<T>(LossKind, const Eigen::Ref<const MatrixOf<T>>&,                            \
                                       const Eigen::Ref<const MatrixOf<T>>&, Eigen::Ref<MatrixOf<T>>);            \
    template void outputActivation<T>(LossKind, const Eigen::Ref<const MatrixOf<T>>&, Eigen::Ref<MatrixOf<T>>);    \
    template Eigen::Index countCorrect<T>(LossKind, const Eigen::Ref<const MatrixOf<T>>&,                         \
                                          const Eigen::Ref<const MatrixOf<T>>&);
HS_INSTANTIATE_LOSS(float)
HS_INSTANTIATE_LOSS(double)
#undef HS_INSTANTIATE_LOSS

} // namespace hs
