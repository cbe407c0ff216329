#include "optim/adam.h"

#include "optim/elementwise.h"
#include "optim/spec_check.h"

#include <cmath>

namespace hs {

using namespace optim_detail;

Adam::Adam(double beta1, double beta2, double eps, double weightDecay, bool decoupled)
    : beta1_(beta1), beta2_(beta2), eps_(eps), weightDecay_(weightDecay), decoupled_(decoupled)
{
    checkClosedOpen("training.optimizer.betas[0]", beta1, 0.0, 1.0);
    checkClosedOpen("training.optimizer.betas[1]", beta2, 0.0, 1.0);
    checkPositive("training.optimizer.eps", eps);
    checkNonNegative("training.optimizer.weight_decay", weightDecay);
}

void Adam::reset(Eigen::Index parameterCount)
{
    m_.setZero(parameterCount);
    v_.setZero(parameterCount);
    grad_.setZero(!decoupled_ && weightDecay_ != 0.0 ? parameterCount : 0);
    step_ = 0;
}

void Adam::prepare(Eigen::Index params, Eigen::Index grads, double lr)
{
    checkStepArguments(m_.size(), params, grads, lr);
    ++step_;
    const auto t = static_cast<double>(step_);
    const double biasCorrection1 = 1.0 - std::pow(beta1_, t);
    const double biasCorrection2 = 1.0 - std::pow(beta2_, t);
    // PyTorch: param.mul_(1 - lr * weight_decay), factor computed in double.
    decay_ = static_cast<Scalar>(1.0 - lr * weightDecay_);
    negStepSize_ = static_cast<Scalar>(-(lr / biasCorrection1));
    bc2Sqrt_ = static_cast<Scalar>(std::sqrt(biasCorrection2));
}

void Adam::updateInto(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out,
                      const Eigen::Ref<const Vector>& grads)
{
    checkUpdateRange(m_.size(), begin, in.size(), out.size(), grads.size());
    if (weightDecay_ == 0.0) {
        apply(begin, in, out, grads);
    } else if (decoupled_) {
        out = in * decay_;
        apply(begin, out, out, grads);
    } else {
        auto g = grad_.segment(begin, in.size());
        g.array() = grads.array().binaryExpr(in.array(), AddScaled{static_cast<Scalar>(weightDecay_)});
        apply(begin, in, out, g);
    }
}

template <typename Grad>
void Adam::apply(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out, const Grad& grad)
{
    const auto b1 = static_cast<Scalar>(beta1_);
    const auto b2 = static_cast<Scalar>(beta2_);
    const auto c1 = static_cast<Scalar>(1.0 - beta1_);
    const auto c2 = static_cast<Scalar>(1.0 - beta2_);
    const auto eps = static_cast<Scalar>(eps_);
    auto m = m_.segment(begin, in.size()).array();
    auto v = v_.segment(begin, in.size()).array();

    // PyTorch: exp_avg.mul_(β1).add_(g, alpha=1-β1);
    //          exp_avg_sq.mul_(β2).addcmul_(g, g, value=1-β2)
    m = m.binaryExpr(grad.array(), DecayAddScaled{b1, c1});
    v = v.binaryExpr(grad.array(), DecayAddSquare{b2, c2});
    // denom = (exp_avg_sq.sqrt() / bc2_sqrt).add_(eps); param.addcdiv_(exp_avg, denom, value=-step_size)
    out.array() = in.array() + (negStepSize_ * m) / (v.unaryExpr(ExactSqrt{}) / bc2Sqrt_ + eps);
}

} // namespace hs
