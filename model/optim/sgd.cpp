#include "optim/sgd.h"

#include "optim/elementwise.h"
#include "optim/spec_check.h"

namespace hs {

using namespace optim_detail;

Sgd::Sgd(double momentum, bool nesterov, double weightDecay, std::string_view name)
    : momentum_(momentum), nesterov_(nesterov), weightDecay_(weightDecay), name_(name)
{
    checkClosedOpen("training.optimizer.momentum", momentum, 0.0, 1.0);
    if (nesterov && !(momentum > 0.0))
        throwOutOfRange("training.optimizer.momentum", momentum,
                        "in (0, 1) for Nesterov momentum");
    checkNonNegative("training.optimizer.weight_decay", weightDecay);
}

void Sgd::reset(Eigen::Index parameterCount)
{
    size_ = parameterCount;
    grad_.setZero(weightDecay_ != 0.0 ? parameterCount : 0);
    buffer_.setZero(momentum_ != 0.0 ? parameterCount : 0);
    started_ = false;
}

void Sgd::prepare(Eigen::Index params, Eigen::Index grads, double lr)
{
    checkStepArguments(size_, params, grads, lr);
    negLr_ = static_cast<Scalar>(-lr);
    firstStep_ = !started_;
    started_ = true;
}

void Sgd::updateInto(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out,
                     const Eigen::Ref<const Vector>& grads)
{
    checkUpdateRange(size_, begin, in.size(), out.size(), grads.size());
    if (weightDecay_ != 0.0) {
        // PyTorch: d_p = d_p.add(param, alpha=weight_decay), one fused rounding
        auto g = grad_.segment(begin, in.size());
        g.array() = grads.array().binaryExpr(in.array(), AddScaled{static_cast<Scalar>(weightDecay_)});
        applyMomentum(begin, in, out, g);
    } else {
        applyMomentum(begin, in, out, grads);
    }
}

template <typename Grad>
void Sgd::applyMomentum(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out,
                        const Grad& grad)
{
    // PyTorch: param.add_(d_p, alpha=-lr), fused
    if (momentum_ == 0.0) {
        out.array() = in.array().binaryExpr(grad.array(), AddScaled{negLr_});
        return;
    }
    const auto mu = static_cast<Scalar>(momentum_);
    auto buffer = buffer_.segment(begin, in.size());
    // PyTorch clones d_p into a fresh buffer on the first step rather than
    // decaying a zero buffer; the result is the same, the rounding too.
    if (firstStep_)
        buffer = grad;
    else // buf.mul_(μ).add_(d_p, alpha=1): the fused add of 1·d_p rounds like a plain add
        buffer.array() = buffer.array() * mu + grad.array();
    if (nesterov_)   // d_p = d_p.add(buf, alpha=μ)
        out.array() = in.array().binaryExpr(grad.array().binaryExpr(buffer.array(), AddScaled{mu}), AddScaled{negLr_});
    else
        out.array() = in.array().binaryExpr(buffer.array(), AddScaled{negLr_});
}

} // namespace hs
