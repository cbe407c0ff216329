#include "optim/adagrad.h"

#include "optim/elementwise.h"
#include "optim/spec_check.h"

namespace hs {

using namespace optim_detail;

Adagrad::Adagrad(double eps, double weightDecay) : eps_(eps), weightDecay_(weightDecay)
{
    checkPositive("training.optimizer.eps", eps);
    checkNonNegative("training.optimizer.weight_decay", weightDecay);
}

void Adagrad::reset(Eigen::Index parameterCount)
{
    sum_.setZero(parameterCount);
    grad_.setZero(weightDecay_ != 0.0 ? parameterCount : 0);
}

void Adagrad::step(Eigen::Ref<Vector> params, const Eigen::Ref<const Vector>& grads, double lr)
{
    checkStepArguments(sum_.size(), params.size(), grads.size(), lr);
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
void Adagrad::update(Eigen::Ref<Vector> params, const Grad& grad, float negLr)
{
    const auto eps = static_cast<Scalar>(eps_);
    // PyTorch: state_sum.addcmul_(g, g, value=1); std = state_sum.sqrt().add_(eps);
    //          param.addcdiv_(g, std, value=-clr)  i.e. p + (-lr·g) / std
    sum_.array() = sum_.array().binaryExpr(grad.array(), DecayAddSquare{1.0f, 1.0f});
    params.array() += (negLr * grad.array()) / (sum_.array().unaryExpr(ExactSqrt{}) + eps);
}

} // namespace hs
