#pragma once
// RMSprop: divide the gradient by a running root mean square of its recent values.
//
// Tieleman & Hinton, "Lecture 6.5 - RMSProp: divide the gradient by a running
// average of its recent magnitude", COURSERA: Neural Networks for Machine
// Learning, 2012.
//
// Update (PyTorch 1.13 torch.optim.RMSprop, centered=False), ρ = PyTorch alpha:
//   g ← g + wd·p
//   v ← ρ·v + (1−ρ)·g²
//   a ← √v + ε
//   μ > 0: buf ← μ·buf + g/a; p ← p − lr·buf      (buf starts at 0)
//   μ = 0: p ← p − lr·g/a

#include "optim/optimizer.h"

namespace hs {

class RmsProp final : public Optimizer {
public:
    /// rho in [0, 1), eps > 0, momentum in [0, 1), weightDecay >= 0 (coupled L2).
    /// Throws std::invalid_argument naming the field otherwise.
    RmsProp(double rho, double eps, double momentum, double weightDecay);

    void reset(Eigen::Index parameterCount) override;
    void prepare(Eigen::Index params, Eigen::Index grads, double lr) override;
    void updateInto(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out,
                    const Eigen::Ref<const Vector>& grads) override;
    std::string_view name() const override { return "rmsprop"; }

private:
    template <typename Grad>
    void apply(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out, const Grad& grad);

    double rho_;
    double eps_;
    double momentum_;
    double weightDecay_;
    Vector squareAvg_;   // running mean of g²
    Vector buffer_;      // momentum buffer, when μ > 0
    Vector grad_;        // g + wd·p, when wd > 0
    float negLr_ = 0.0f; // the current step's (prepare())
};

} // namespace hs
