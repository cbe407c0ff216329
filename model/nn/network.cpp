#include "nn/network.h"

#include "nn/product_kernel.h"
#include "nn/worker_team.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

namespace hs {

namespace {

// Products with fewer multiply-adds than this stay on one thread: below it the
// hand-off costs more than the second core gains (a 64-wide layer at batch 32
// is 131,072).
constexpr double kParallelMacs = 1 << 20;

constexpr bool kHaveKernel = HS_PRODUCT_KERNEL;

// Results with fewer rows than this go to Eigen (its matrix-vector path is
// better for an output layer of one to a few units).
constexpr Eigen::Index kKernelMinRows = 8;
// Transposed products with at least this many rows and this depth go to Eigen.
constexpr Eigen::Index kEigenTransposedMin = 32;

// The leading columns of a column-major buffer are one contiguous run of
// memory. Element-wise work sees them as a single column, so that Eigen
// vectorizes it whatever the layer's width (a block of 8-row columns would
// otherwise be evaluated one coefficient at a time).
template <typename Block>
auto flat(Block&& block)
{
    using Scalar = typename std::decay_t<Block>::Scalar;
    using Column = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    if constexpr (std::is_const_v<std::remove_pointer_t<decltype(block.data())>>)
        return Eigen::Map<const Column>(block.data(), block.size(), 1);
    else
        return Eigen::Map<Column>(block.data(), block.size(), 1);
}

} // namespace

template <typename T>
BasicNetwork<T>::BasicNetwork(const NetworkSpec& spec)
    : spec_(spec)
{
    if (spec.inputs < 1 || spec.outputs < 1)
        throw std::invalid_argument("a network needs at least one input and one output");
    Eigen::Index offset = 0;
    int in = spec.inputs;
    const int hiddenCount = static_cast<int>(spec.hidden.size());
    for (int l = 0; l <= hiddenCount; ++l) {
        const bool hidden = l < hiddenCount;
        const int out = hidden ? spec.hidden[l] : spec.outputs;
        if (out < 1)
            throw std::invalid_argument("a hidden layer needs at least one unit");
        LayerLayout layout;
        layout.in = in;
        layout.out = out;
        layout.hidden = hidden;
        layout.residual = hidden && spec.residual && l > 0 && in == out;
        layout.begin = offset;
        layout.weight = offset;
        offset += static_cast<Eigen::Index>(in) * out;
        layout.bias = offset;
        offset += out;
        if (hidden && spec.batchNorm) {
            layout.gamma = offset;
            offset += out;
            layout.beta = offset;
            offset += out;
        }
        layout.count = offset - layout.begin;
        layouts_.push_back(layout);
        in = out;
    }
    parameters_ = Vec::Zero(offset);
    gradients_ = Vec::Zero(offset);
    Eigen::Index largestWeight = 0;
    for (const auto& l : layouts_)
        largestWeight = std::max(largestWeight, static_cast<Eigen::Index>(l.in) * l.out);
    if (kHaveKernel && std::is_same_v<T, float>)
        transposed_.resize(largestWeight);
    runningMean_.resize(layouts_.size());
    runningVar_.resize(layouts_.size());
    cache_.resize(layouts_.size());
    for (std::size_t l = 0; l < layouts_.size(); ++l) {
        if (layouts_[l].gamma >= 0) {
            parameters_.segment(layouts_[l].gamma, layouts_[l].out).setOnes();
            runningMean_[l] = Vec::Zero(layouts_[l].out);
            runningVar_[l] = Vec::Ones(layouts_[l].out);
        }
    }
}

template <typename T>
Eigen::Map<typename BasicNetwork<T>::Mat> BasicNetwork<T>::weight(int l)
{
    const auto& s = layouts_[l];
    return Eigen::Map<Mat>(parameters_.data() + s.weight, s.out, s.in);
}

template <typename T>
Eigen::Map<const typename BasicNetwork<T>::Mat> BasicNetwork<T>::weight(int l) const
{
    const auto& s = layouts_[l];
    return Eigen::Map<const Mat>(parameters_.data() + s.weight, s.out, s.in);
}

template <typename T>
Eigen::Map<typename BasicNetwork<T>::Vec> BasicNetwork<T>::bias(int l)
{
    return Eigen::Map<Vec>(parameters_.data() + layouts_[l].bias, layouts_[l].out);
}

template <typename T>
Eigen::Map<const typename BasicNetwork<T>::Vec> BasicNetwork<T>::bias(int l) const
{
    return Eigen::Map<const Vec>(parameters_.data() + layouts_[l].bias, layouts_[l].out);
}

template <typename T>
void BasicNetwork<T>::initialize(Rng& rng)
{
    parameters_.setZero();
    for (int l = 0; l < layerCount(); ++l) {
        auto w = weight(l);
        initializeWeights<T>(spec_.init, spec_.initScale, w, rng);
        const auto& s = layouts_[l];
        if (s.gamma >= 0) {
            parameters_.segment(s.gamma, s.out).setOnes();
            runningMean_[l].setZero();
            runningVar_[l].setOnes();
        }
    }
}

template <typename T>
void BasicNetwork<T>::reserve(Eigen::Index batch)
{
    if (batch <= capacity_)
        return;
    capacity_ = batch;
    for (int l = 0; l < layerCount(); ++l) {
        const auto& s = layouts_[l];
        auto& c = cache_[l];
        if (s.hidden) {
            c.z.resize(s.out, batch);
            c.a.resize(s.out, batch);
            c.delta.resize(s.out, batch);
            if (!activatesInPlace(l)) {
                c.h.resize(s.out, batch);
                c.dz.resize(s.out, batch);
            }
            if (s.gamma >= 0) {
                c.zhat.resize(s.out, batch);
                c.u.resize(s.out, batch);
            }
            if (spec_.dropout > 0.0)
                c.mask.resize(s.out, batch);
        }
    }
    logits_.resize(spec_.outputs, batch);
    outputDelta_.resize(spec_.outputs, batch);
}

template <typename T>
void BasicNetwork<T>::setThreads(int threads)
{
    if (threads < 1)
        throw std::invalid_argument("a network needs at least one thread");
    threads_ = threads;
}

template <typename T>
void BasicNetwork<T>::runSlices(Eigen::Index size, Eigen::Index minSlice,
                                void (*slice)(void*, Eigen::Index, Eigen::Index), void* context)
{
    if (size <= 0)
        return;
    if (threads_ == 1 || size < 2 * std::max<Eigen::Index>(minSlice, 1)) {
        slice(context, 0, size);
        return;
    }
    detail::WorkerTeam* team = team_.get(threads_);
    const int parts = team->size();
    auto task = [&](int part) {
        const Eigen::Index begin = size * part / parts;
        const Eigen::Index count = size * (part + 1) / parts - begin;
        if (count > 0)
            slice(context, begin, count);
    };
    team->run(task);
}

template <typename T>
template <typename Dst, typename Lhs, typename Rhs>
void BasicNetwork<T>::multiply(Dst&& dst, const Lhs& lhs, const Rhs& rhs, bool accumulate, const T* start)
{
    const Eigen::Index cols = dst.cols();
    // The kernel starts its accumulators from `start`; every other path
    // writes it into each column first and accumulates onto it.
    auto writeStart = [&] {
        if (start) {
            dst.colwise() = Eigen::Map<const Vec>(start, dst.rows());
            accumulate = true;
        }
    };
    const double macs = static_cast<double>(dst.rows()) * static_cast<double>(cols) * static_cast<double>(lhs.cols());
    detail::WorkerTeam* team = threads_ > 1 && macs >= kParallelMacs ? team_.get(threads_) : nullptr;
#if HS_PRODUCT_KERNEL
    if constexpr (std::is_same_v<T, float>) {
        // A transposed weight matrix (the backward pass's Wᵀ·δ) goes to
        // Eigen's GEMM, which packs it anyway, when it is large: copying it
        // transposed for the kernel cost more than the kernel gained (Eigen
        // 100-125 GFLOP/s against 60-70 on 64- to 256-wide layers).
        const bool transposed = lhs.rowStride() != 1;
        const bool toEigen = transposed && dst.rows() >= kEigenTransposedMin && lhs.cols() >= kEigenTransposedMin;
        if (dst.rows() >= kKernelMinRows && dst.rowStride() == 1 && !toEigen) {
            const Eigen::Index m = dst.rows(), k = lhs.cols();
            const T* b = rhs.data();
            const Eigen::Index bs = rhs.rowStride(), bt = rhs.colStride(), ldc = dst.colStride();
            T* c = dst.data();
            if (transposed) {
                writeStart();
                // A transposed weight matrix: the kernel needs contiguous
                // columns, so each part copies the rows of it that it
                // multiplies (parts split the result's rows, in multiples of
                // 16, so that the copies run in parallel too).
                const Eigen::Index blocks = (m + 15) / 16;
                auto part = [&](int index) {
                    const int parts = team ? team->size() : 1;
                    const Eigen::Index begin = std::min(m, 16 * (blocks * index / parts));
                    const Eigen::Index count = std::min(m, 16 * (blocks * (index + 1) / parts)) - begin;
                    if (count <= 0)
                        return;
                    float* copy = transposed_.data() + begin * k;
                    if (lhs.colStride() == 1)
                        kernel::transposeInto(lhs.data() + begin * lhs.rowStride(), lhs.rowStride(), count, k, copy);
                    else
                        Eigen::Map<Mat>(copy, count, k) = lhs.middleRows(begin, count);
                    kernel::product(count, cols, k, copy, count, b, bs, bt, c + begin, ldc, accumulate);
                };
                if (team)
                    team->run(part);
                else
                    part(0);
                return;
            }
            const T* a = lhs.data();
            const Eigen::Index lda = lhs.colStride();
            auto part = [&](int index) {
                const int parts = team ? team->size() : 1;
                const Eigen::Index begin = cols * index / parts;
                const Eigen::Index count = cols * (index + 1) / parts - begin;
                if (count > 0)
                    kernel::product(m, count, k, a, lda, b + begin * bt, bs, bt, c + begin * ldc, ldc, accumulate,
                                    start);
            };
            if (team)
                team->run(part);
            else
                part(0);
            return;
        }
    }
#endif
    writeStart();
    if (!team) {
        if (accumulate)
            dst.noalias() += lhs * rhs;
        else
            dst.noalias() = lhs * rhs;
        return;
    }
    // Each part computes its own contiguous block of result columns, in full.
    const int parts = team->size();
    auto task = [&](int part) {
        const Eigen::Index begin = cols * part / parts;
        const Eigen::Index count = cols * (part + 1) / parts - begin;
        if (count == 0)
            return;
        auto block = dst.middleCols(begin, count);
        if (accumulate)
            block.noalias() += lhs * rhs.middleCols(begin, count);
        else
            block.noalias() = lhs * rhs.middleCols(begin, count);
    };
    team->run(task);
}

template <typename T>
typename BasicNetwork<T>::Mat::ColsBlockXpr BasicNetwork<T>::forwardTrain(const Eigen::Ref<const Mat>& x, Rng& dropoutRng,
                                                                          bool reuseMasks)
{
    const Eigen::Index n = x.cols();
    if (n < 1 || x.rows() != spec_.inputs)
        throw std::invalid_argument("forwardTrain: input has the wrong shape");
    reserve(n);
    if (reuseMasks && n != batch_)
        reuseMasks = false;
    batch_ = n;
    const T keep = static_cast<T>(1.0 - spec_.dropout);
    for (int l = 0; l + 1 < layerCount(); ++l) {
        const auto& s = layouts_[l];
        auto& c = cache_[l];
        auto z = c.z.leftCols(n);
        // The product's sums start from the bias: no pass over z of its own.
        const T* b = parameters_.data() + s.bias;
        if (l == 0)
            multiply(z, weight(l), x, false, b);
        else
            multiply(z, weight(l), cache_[l - 1].a.leftCols(n), false, b);

        auto u = s.gamma >= 0 ? c.u.leftCols(n) : c.z.leftCols(n);
        if (s.gamma >= 0) {
            // Batch statistics; the variance used for normalization is the
            // biased one, the running estimate gets the unbiased one (PyTorch).
            const T eps = static_cast<T>(spec_.batchNormEps);
            const T momentum = static_cast<T>(spec_.batchNormMomentum);
            c.mean = z.rowwise().mean();
            auto zhat = c.zhat.leftCols(n);
            zhat = z.colwise() - c.mean;
            c.var = zhat.rowwise().squaredNorm() / static_cast<T>(n);
            const auto& var = c.var;
            c.invStd = (var.array() + eps).rsqrt();
            zhat = c.invStd.asDiagonal() * zhat;
            const auto gamma = parameters_.segment(s.gamma, s.out);
            const auto beta = parameters_.segment(s.beta, s.out);
            u = (gamma.asDiagonal() * zhat).colwise() + beta;
            runningMean_[l] = (T(1) - momentum) * runningMean_[l] + momentum * c.mean;
            if (n > 1)
                runningVar_[l] = (T(1) - momentum) * runningVar_[l]
                                 + momentum * var * (static_cast<T>(n) / static_cast<T>(n - 1));
        }
        auto a = c.a.leftCols(n);
        if (activatesInPlace(l)) {
            auto aFlat = flat(a);
            activate<T>(spec_.activation, flat(u), aFlat);
            continue;
        }
        auto h = c.h.leftCols(n);
        auto hFlat = flat(h);
        activate<T>(spec_.activation, flat(u), hFlat);
        if (spec_.dropout > 0.0) {
            auto mask = c.mask.leftCols(n);
            if (!reuseMasks) {
                // Inverted dropout: kept units are scaled by 1/keep so that
                // evaluation needs no rescaling.
                for (Eigen::Index j = 0; j < n; ++j)
                    for (Eigen::Index i = 0; i < s.out; ++i)
                        mask(i, j) = dropoutRng.bernoulli(spec_.dropout) ? T(0) : T(1) / keep;
            }
            a = h.cwiseProduct(mask);
        } else {
            a = h;
        }
        if (s.residual)
            a += cache_[l - 1].a.leftCols(n);
    }
    const int last = layerCount() - 1;
    auto logits = logits_.leftCols(n);
    const T* b = parameters_.data() + layouts_[last].bias;
    if (last == 0)
        multiply(logits, weight(last), x, false, b);
    else
        multiply(logits, weight(last), cache_[last - 1].a.leftCols(n), false, b);
    return logits;
}

template <typename T>
void BasicNetwork<T>::backward(const Eigen::Ref<const Mat>& x, const Eigen::Ref<const Mat>& gradLogits)
{
    const Eigen::Index n = batch_;
    if (gradLogits.cols() != n || x.cols() != n)
        throw std::invalid_argument("backward: batch does not match the last forward pass");
    const int last = layerCount() - 1;
    auto inputOf = [&](int l) -> Eigen::Ref<const Mat> {
        if (l == 0)
            return x;
        return cache_[l - 1].a.leftCols(n);
    };

    // Output layer.
    {
        const auto& s = layouts_[last];
        Eigen::Map<Mat> gw(gradients_.data() + s.weight, s.out, s.in);
        multiply(gw, gradLogits, inputOf(last).transpose(), false);
        gradients_.segment(s.bias, s.out) = gradLogits.rowwise().sum();
        if (last > 0)
            multiply(cache_[last - 1].delta.leftCols(n), weight(last).transpose(), gradLogits, false);
    }
    for (int l = last - 1; l >= 0; --l) {
        const auto& s = layouts_[l];
        auto& c = cache_[l];
        auto delta = c.delta.leftCols(n); // dL/da
        const bool inPlace = activatesInPlace(l);
        auto dz = (inPlace ? c.delta : c.dz).leftCols(n);
        // Through dropout, then the activation.
        if (spec_.dropout > 0.0)
            dz = delta.cwiseProduct(c.mask.leftCols(n));
        else if (!inPlace)
            dz = delta;
        const auto u = s.gamma >= 0 ? c.u.leftCols(n) : c.z.leftCols(n);
        auto dzFlat = flat(dz);
        multiplyByDerivative<T>(spec_.activation, flat(u), flat((inPlace ? c.a : c.h).leftCols(n)), dzFlat);
        if (s.gamma >= 0) {
            // dz now holds dL/du; batch-norm backward to dL/dz.
            const auto zhat = c.zhat.leftCols(n);
            const auto gamma = parameters_.segment(s.gamma, s.out);
            c.sumDu = dz.rowwise().sum();
            c.sumDuZhat = dz.cwiseProduct(zhat).rowwise().sum();
            const auto& sumDu = c.sumDu;
            const auto& sumDuZhat = c.sumDuZhat;
            gradients_.segment(s.gamma, s.out) = sumDuZhat;
            gradients_.segment(s.beta, s.out) = sumDu;
            const T invN = T(1) / static_cast<T>(n);
            c.scale = gamma.cwiseProduct(c.invStd);
            const auto& scale = c.scale;
            dz = scale.asDiagonal()
                 * ((dz - (zhat.array().colwise() * (sumDuZhat * invN).array()).matrix()).colwise() - sumDu * invN);
        }
        Eigen::Map<Mat> gw(gradients_.data() + s.weight, s.out, s.in);
        multiply(gw, dz, inputOf(l).transpose(), false);
        gradients_.segment(s.bias, s.out) = dz.rowwise().sum();
        if (l > 0) {
            auto prev = cache_[l - 1].delta.leftCols(n);
            multiply(prev, weight(l).transpose(), dz, false);
            if (s.residual)
                prev += delta;
        }
    }
}

template <typename T>
void BasicNetwork<T>::forwardHiddenEval(int l, const Eigen::Ref<const Mat>& in, Mat& out) const
{
    const auto& s = layouts_[l];
    Mat z = weight(l) * in;
    z.colwise() += bias(l);
    if (s.gamma >= 0) {
        const T eps = static_cast<T>(spec_.batchNormEps);
        const Vec scale = parameters_.segment(s.gamma, s.out).array() * (runningVar_[l].array() + eps).rsqrt();
        const Vec shift = parameters_.segment(s.beta, s.out) - scale.cwiseProduct(runningMean_[l]);
        z = (scale.asDiagonal() * z).colwise() + shift;
    }
    Mat h(s.out, in.cols());
    activate<T>(spec_.activation, z, h);
    if (s.residual)
        h += in;
    out = std::move(h);
}

template <typename T>
void BasicNetwork<T>::predictLogits(const Eigen::Ref<const Mat>& x, Mat& logits) const
{
    if (x.rows() != spec_.inputs)
        throw std::invalid_argument("predict: input has the wrong number of features");
    logits.resize(spec_.outputs, x.cols());
    // Chunks bound the temporary memory for large evaluation sets.
    constexpr Eigen::Index chunk = 4096;
    Mat a, next;
    const int last = layerCount() - 1;
    for (Eigen::Index start = 0; start < x.cols(); start += chunk) {
        const Eigen::Index n = std::min(chunk, x.cols() - start);
        if (last == 0) {
            logits.middleCols(start, n).noalias() = weight(0) * x.middleCols(start, n);
        } else {
            forwardHiddenEval(0, x.middleCols(start, n), a);
            for (int l = 1; l < last; ++l) {
                forwardHiddenEval(l, a, next);
                std::swap(a, next);
            }
            logits.middleCols(start, n).noalias() = weight(last) * a;
        }
        logits.middleCols(start, n).colwise() += bias(last);
    }
}

template <typename T>
void BasicNetwork<T>::predict(const Eigen::Ref<const Mat>& x, Mat& outputs) const
{
    Mat logits;
    predictLogits(x, logits);
    outputs.resize(logits.rows(), logits.cols());
    outputActivation<T>(spec_.loss, logits, outputs);
}

template <typename T>
typename BasicNetwork<T>::Mat::ConstColsBlockXpr BasicNetwork<T>::activationOutput(int l) const
{
    return (activatesInPlace(l) ? cache_[l].a : cache_[l].h).leftCols(batch_);
}

template class BasicNetwork<float>;
template class BasicNetwork<double>;

} // namespace hs
