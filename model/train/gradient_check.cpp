#include "train/gradient_check.h"

#include "train/trainer.h"

#include <algorithm>
#include <cmath>

namespace hs {
namespace {

double objective(NetworkD& net, const MatrixD& x, const MatrixD& targets, Rng& rng, bool reuse,
                 const GradientCheckOptions& o)
{
    const auto logits = net.forwardTrain(x, rng, reuse);
    double value = loss<double>(net.spec().loss, logits, targets);
    for (int l = 0; l < net.layerCount(); ++l)
        value += o.l1 * net.weight(l).cwiseAbs().sum() + o.l2 * net.weight(l).squaredNorm();
    return value;
}

} // namespace

GradientCheckResult gradientCheck(NetworkD& net, const MatrixD& x, const MatrixD& targets, const GradientCheckOptions& o)
{
    GradientCheckResult result;
    Rng rng(o.seed);
    // Analytic gradient; this pass also draws the dropout masks reused below.
    const auto logits = net.forwardTrain(x, rng, false);
    MatrixD grad(logits.rows(), logits.cols());
    result.loss = lossAndGradient<double>(net.spec().loss, logits, targets, grad);
    net.backward(x, grad);
    VectorD analytic = net.gradients();
    for (int l = 0; l < net.layerCount(); ++l) {
        const auto& s = net.layout(l);
        auto w = net.parameters().segment(s.weight, Eigen::Index(s.in) * s.out).array();
        auto g = analytic.segment(s.weight, Eigen::Index(s.in) * s.out).array();
        g += o.l1 * w.sign() + 2.0 * o.l2 * w;
        result.loss += o.l1 * w.abs().sum() + o.l2 * w.square().sum();
    }

    VectorD& params = net.parameters();
    const VectorD saved = params;
    for (int l = 0; l < net.layerCount(); ++l) {
        const auto& s = net.layout(l);
        std::vector<std::pair<std::string, std::pair<Eigen::Index, Eigen::Index>>> kinds{
            {"weight", {s.weight, Eigen::Index(s.in) * s.out}}, {"bias", {s.bias, s.out}}};
        if (s.gamma >= 0) {
            kinds.push_back({"gamma", {s.gamma, s.out}});
            kinds.push_back({"beta", {s.beta, s.out}});
        }
        for (const auto& [kind, range] : kinds) {
            GradientCheckEntry entry;
            entry.layer = l + 1;
            entry.kind = kind;
            const auto [begin, count] = range;
            const Eigen::Index stride =
                o.maxParametersPerKind > 0 ? std::max<Eigen::Index>(1, count / o.maxParametersPerKind) : 1;
            for (Eigen::Index i = begin; i < begin + count; i += stride) {
                params(i) = saved(i) + o.step;
                const double plus = objective(net, x, targets, rng, true, o);
                params(i) = saved(i) - o.step;
                const double minus = objective(net, x, targets, rng, true, o);
                params(i) = saved(i);
                const double numeric = (plus - minus) / (2.0 * o.step);
                const double a = analytic(i);
                const double absolute = std::abs(a - numeric);
                const double relative = absolute / std::max({std::abs(a), std::abs(numeric), o.floor});
                entry.maxAbsoluteError = std::max(entry.maxAbsoluteError, absolute);
                entry.maxRelativeError = std::max(entry.maxRelativeError, relative);
                ++entry.parameters;
            }
            result.maxRelativeError = std::max(result.maxRelativeError, entry.maxRelativeError);
            result.entries.push_back(entry);
        }
    }
    params = saved;
    return result;
}

GradientCheckResult gradientCheck(const Trainer& trainer, Eigen::Index samples, const GradientCheckOptions& options)
{
    NetworkD net = NetworkD::convertFrom(trainer.network());
    const Dataset& train = trainer.data().split.train;
    const Eigen::Index n = std::min(samples, train.samples());
    const MatrixD x = train.x.leftCols(n).cast<double>();
    MatrixD targets;
    if (train.task == Task::Regression)
        targets = train.targets.leftCols(n).cast<double>();
    else
        targets = train.labels.head(n).cast<double>().transpose();
    GradientCheckOptions o = options;
    o.l1 = trainer.config().training.l1;
    o.l2 = trainer.config().training.l2;
    return gradientCheck(net, x, targets, o);
}

} // namespace hs
