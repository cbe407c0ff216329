#include "optim/rmsprop.h"

#include "optim/elementwise.h"
#include "optim/spec_check.h"

namespace hs {

using namespace optim_detail;

RmsProp::RmsProp(double rho, double eps, double momentum, double weightDecay)
    : rho_(rho), eps_(eps), momentum_(momentum), weightDecay_(weightDecay)
{
    checkClosedOpen("training.optimizer.rho", rho, 0.0, 1.0);
    checkPositive("training.optimizer.eps", eps);
    checkClosedOpen("training.optimizer.momentum", momentum, 0.0, 1.0);
    checkNonNegative("training.optimizer.weight_decay", weightDecay);
}

void RmsProp::reset(Eigen::Index parameterCount)
{
    squareAvg_.setZero(parameterCount);
    buffer_.setZero(momentum_ > 0.0 ? parameterCount : 0);
    grad_.setZero(weightDecay_ != 0.0 ? parameterCount : 0);
}

void RmsProp::step(Eigen::Ref<Vector> params, const Eigen::Ref<const Vector>& grads, double lr)
{
    checkStepArguments(squareAvg_.size(), params.size(), grads.size(), lr);
    const auto negLr = static_cast<Scalar>(-lr);
    if (weightDecay_ != 0.0) {
        grad_.array() = grads.array().binaryExpr(
            params.array(), AddScaled{static_cast<Scalar>(weightDecay_)});
        update(params, grad_, negLr);
    } else {
        update(params, grads, negLr);
    }
}

template <typename Grad>
void RmsProp::update(Eigen::Ref<Vector> params, const Grad& grad, float negLr)
{
    const auto rho = static_cast<Scalar>(rho_);
    const auto oneMinusRho = static_cast<Scalar>(1.0 - rho_);
    const auto eps = static_cast<Scalar>(eps_);
    // PyTorch: square_avg.mul_(alpha).addcmul_(g, g, value=1 - alpha)
    squareAvg_.array() = squareAvg_.array().binaryExpr(grad.array(), DecayAddSquare{rho, oneMinusRho});
    if (momentum_ > 0.0) {
        const auto mu = static_cast<Scalar>(momentum_);
        // buf.mul_(μ).addcdiv_(g, avg); param.add_(buf, alpha=-lr)
        buffer_.array() = buffer_.array() * mu
                          + grad.array() / (squareAvg_.array().unaryExpr(ExactSqrt{}) + eps);
        params.array() = params.array().binaryExpr(buffer_.array(), AddScaled{negLr});
    } else {
        // param.addcdiv_(g, avg, value=-lr): p + (−lr·g)/avg, not fused
        params.array() += (negLr * grad.array()) / (squareAvg_.array().unaryExpr(ExactSqrt{}) + eps);
    }
}

} // namespace hs
