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

void RmsProp::prepare(Eigen::Index params, Eigen::Index grads, double lr)
{
    checkStepArguments(squareAvg_.size(), params, grads, lr);
    negLr_ = static_cast<Scalar>(-lr);
}

void RmsProp::updateInto(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out,
                         const Eigen::Ref<const Vector>& grads)
{
    checkUpdateRange(squareAvg_.size(), begin, in.size(), out.size(), grads.size());
    if (weightDecay_ != 0.0) {
        auto g = grad_.segment(begin, in.size());
        g.array() = grads.array().binaryExpr(in.array(), AddScaled{static_cast<Scalar>(weightDecay_)});
        apply(begin, in, out, g);
    } else {
        apply(begin, in, out, grads);
    }
}

template <typename Grad>
void RmsProp::apply(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out, const Grad& grad)
{
    const auto rho = static_cast<Scalar>(rho_);
    const auto oneMinusRho = static_cast<Scalar>(1.0 - rho_);
    const auto eps = static_cast<Scalar>(eps_);
    auto squareAvg = squareAvg_.segment(begin, in.size()).array();
    // PyTorch: square_avg.mul_(alpha).addcmul_(g, g, value=1 - alpha)
    squareAvg = squareAvg.binaryExpr(grad.array(), DecayAddSquare{rho, oneMinusRho});
    if (momentum_ > 0.0) {
        const auto mu = static_cast<Scalar>(momentum_);
        auto buffer = buffer_.segment(begin, in.size()).array();
        // buf.mul_(μ).addcdiv_(g, avg); param.add_(buf, alpha=-lr)
        buffer = buffer * mu + grad.array() / (squareAvg.unaryExpr(ExactSqrt{}) + eps);
        out.array() = in.array().binaryExpr(buffer, AddScaled{negLr_});
    } else {
        // param.addcdiv_(g, avg, value=-lr): p + (−lr·g)/avg, not fused
        out.array() = in.array() + (negLr_ * grad.array()) / (squareAvg.unaryExpr(ExactSqrt{}) + eps);
    }
}

} // namespace hs
