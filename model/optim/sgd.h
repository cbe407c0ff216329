#pragma once
// Stochastic gradient descent with optional heavy-ball or Nesterov momentum.
//
// Robbins & Monro, "A stochastic approximation method", Ann. Math. Stat. 1951 (SGD);
// Polyak, "Some methods of speeding up the convergence of iteration methods",
// USSR Comput. Math. & Math. Phys. 1964 (momentum); Sutskever, Martens, Dahl &
// Hinton, "On the importance of initialization and momentum in deep learning",
// ICML 2013 (Nesterov momentum, in the form PyTorch uses).
//
// Update (PyTorch 1.13 torch.optim.SGD, dampening 0), g gradient, p parameters:
//   g ← g + wd·p
//   buf ← g on the first step, μ·buf + g afterwards          (only if μ > 0)
//   g ← g + μ·buf (Nesterov) or buf                         (only if μ > 0)
//   p ← p − lr·g

#include "optim/optimizer.h"

namespace hs {

class Sgd final : public Optimizer {
public:
    /// momentum μ in [0, 1); nesterov requires μ > 0; weightDecay >= 0 (coupled L2).
    /// name is what name() reports and must outlive the object (a literal).
    /// Throws std::invalid_argument naming the field otherwise.
    Sgd(double momentum, bool nesterov, double weightDecay, std::string_view name = "sgd");

    void reset(Eigen::Index parameterCount) override;
    void prepare(Eigen::Index params, Eigen::Index grads, double lr) override;
    void updateInto(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out,
                    const Eigen::Ref<const Vector>& grads) override;
    std::string_view name() const override { return name_; }

private:
    template <typename Grad>
    void applyMomentum(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out, const Grad& grad);

    double momentum_;
    bool nesterov_;
    double weightDecay_;
    std::string_view name_;
    Vector grad_;      // g + wd·p, when wd > 0
    Vector buffer_;    // momentum buffer
    bool started_ = false;
    // The current step's (prepare()).
    bool firstStep_ = false;
    float negLr_ = 0.0f;
    Eigen::Index size_ = 0;
};

} // namespace hs
