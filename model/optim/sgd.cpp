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

void Sgd::step(Eigen::Ref<Vector> params, const Eigen::Ref<const Vector>& grads, double lr)
{
    checkStepArguments(size_, params.size(), grads.size(), lr);
    const auto negLr = static_cast<Scalar>(-lr);
    if (weightDecay_ != 0.0) {
        // PyTorch: d_p = d_p.add(param, alpha=weight_decay), one fused rounding
        grad_.array() = grads.array().binaryExpr(
            params.array(), AddScaled{static_cast<Scalar>(weightDecay_)});
        applyMomentum(params, grad_, negLr);
    } else {
        applyMomentum(params, grads, negLr);
    }
}

template <typename Grad>
void Sgd::applyMomentum(Eigen::Ref<Vector> params, const Grad& grad, float negLr)
{
    // PyTorch: param.add_(d_p, alpha=-lr), fused
    if (momentum_ == 0.0) {
        params.array() = params.array().binaryExpr(grad.array(), AddScaled{negLr});
        return;
    }
    const auto mu = static_cast<Scalar>(momentum_);
    // PyTorch clones d_p into a fresh buffer on the first step rather than
    // decaying a zero buffer; the result is the same, the rounding too.
    if (!started_) {
        buffer_ = grad;
        started_ = true;
    } else {
        // buf.mul_(μ).add_(d_p, alpha=1): the fused add of 1·d_p rounds like a plain add
        buffer_.array() = buffer_.array() * mu + grad.array();
    }
    if (nesterov_)   // d_p = d_p.add(buf, alpha=μ)
        params.array() = params.array().binaryExpr(
            grad.array().binaryExpr(buffer_.array(), AddScaled{mu}), AddScaled{negLr});
    else
        params.array() = params.array().binaryExpr(buffer_.array(), AddScaled{negLr});
}

} // namespace hs
