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

void Adagrad::prepare(Eigen::Index params, Eigen::Index grads, double lr)
{
    checkStepArguments(sum_.size(), params, grads, lr);
    negLr_ = static_cast<Scalar>(-lr);
}

void Adagrad::updateInto(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out,
                         const Eigen::Ref<const Vector>& grads)
{
    checkUpdateRange(sum_.size(), begin, in.size(), out.size(), grads.size());
    if (weightDecay_ != 0.0) {
        auto g = grad_.segment(begin, in.size());
        g.array() = grads.array().binaryExpr(in.array(), AddScaled{static_cast<Scalar>(weightDecay_)});
        apply(begin, in, out, g);
    } else {
        apply(begin, in, out, grads);
    }
}

template <typename Grad>
void Adagrad::apply(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out, const Grad& grad)
{
    const auto eps = static_cast<Scalar>(eps_);
    auto sum = sum_.segment(begin, in.size()).array();
    // PyTorch: state_sum.addcmul_(g, g, value=1); std = state_sum.sqrt().add_(eps);
    //          param.addcdiv_(g, std, value=-clr)  i.e. p + (-lr·g) / std
    sum = sum.binaryExpr(grad.array(), DecayAddSquare{1.0f, 1.0f});
    out.array() = in.array() + (negLr_ * grad.array()) / (sum.unaryExpr(ExactSqrt{}) + eps);
}

} // namespace hs
