#include "nn/network.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hs {

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
            c.h.resize(s.out, batch);
            c.a.resize(s.out, batch);
            c.delta.resize(s.out, batch);
            c.dz.resize(s.out, batch);
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
        if (l == 0)
            z.noalias() = weight(l) * x;
        else
            z.noalias() = weight(l) * cache_[l - 1].a.leftCols(n);
        z.colwise() += bias(l);

        auto u = s.gamma >= 0 ? c.u.leftCols(n) : c.z.leftCols(n);
        if (s.gamma >= 0) {
            // Batch statistics; the variance used for normalization is the
            // biased one, the running estimate gets the unbiased one (PyTorch).
            const T eps = static_cast<T>(spec_.batchNormEps);
            const T momentum = static_cast<T>(spec_.batchNormMomentum);
            c.mean = z.rowwise().mean();
            auto zhat = c.zhat.leftCols(n);
            zhat = z.colwise() - c.mean;
            const Vec var = zhat.rowwise().squaredNorm() / static_cast<T>(n);
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
        auto h = c.h.leftCols(n);
        activate<T>(spec_.activation, u, h);

        auto a = c.a.leftCols(n);
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
    if (last == 0)
        logits.noalias() = weight(last) * x;
    else
        logits.noalias() = weight(last) * cache_[last - 1].a.leftCols(n);
    logits.colwise() += bias(last);
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
        gw.noalias() = gradLogits * inputOf(last).transpose();
        gradients_.segment(s.bias, s.out) = gradLogits.rowwise().sum();
        if (last > 0)
            cache_[last - 1].delta.leftCols(n).noalias() = weight(last).transpose() * gradLogits;
    }
    for (int l = last - 1; l >= 0; --l) {
        const auto& s = layouts_[l];
        auto& c = cache_[l];
        auto delta = c.delta.leftCols(n); // dL/da
        auto dz = c.dz.leftCols(n);
        // Through dropout, then the activation.
        if (spec_.dropout > 0.0)
            dz = delta.cwiseProduct(c.mask.leftCols(n));
        else
            dz = delta;
        const auto u = s.gamma >= 0 ? c.u.leftCols(n) : c.z.leftCols(n);
        multiplyByDerivative<T>(spec_.activation, u, c.h.leftCols(n), dz);
        if (s.gamma >= 0) {
            // dz now holds dL/du; batch-norm backward to dL/dz.
            const auto zhat = c.zhat.leftCols(n);
            const auto gamma = parameters_.segment(s.gamma, s.out);
            const Vec sumDu = dz.rowwise().sum();
            const Vec sumDuZhat = dz.cwiseProduct(zhat).rowwise().sum();
            gradients_.segment(s.gamma, s.out) = sumDuZhat;
            gradients_.segment(s.beta, s.out) = sumDu;
            const T invN = T(1) / static_cast<T>(n);
            const Vec scale = gamma.cwiseProduct(c.invStd);
            dz = scale.asDiagonal()
                 * ((dz - (zhat.array().colwise() * (sumDuZhat * invN).array()).matrix()).colwise() - sumDu * invN);
        }
        Eigen::Map<Mat> gw(gradients_.data() + s.weight, s.out, s.in);
        gw.noalias() = dz * inputOf(l).transpose();
        gradients_.segment(s.bias, s.out) = dz.rowwise().sum();
        if (l > 0) {
            auto prev = cache_[l - 1].delta.leftCols(n);
            prev.noalias() = weight(l).transpose() * dz;
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
    return cache_[l].h.leftCols(batch_);
}

template class BasicNetwork<float>;
template class BasicNetwork<double>;

} // namespace hs
