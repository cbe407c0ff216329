#pragma once
// Adagrad: per-parameter step sizes from the accumulated squared gradients.
//
// Duchi, Hazan & Singer, "Adaptive subgradient methods for online learning and
// stochastic optimization", JMLR 12, 2011.
//
// Update (PyTorch 1.13 torch.optim.Adagrad, lr_decay 0, initial accumulator 0):
//   g ← g + wd·p
//   sum ← sum + g²
//   p ← p − lr·g / (√sum + ε)

#include "optim/optimizer.h"

namespace hs {

class Adagrad final : public Optimizer {
public:
    /// eps > 0 (PyTorch's default is 1e-10), weightDecay >= 0 (coupled L2).
    /// Throws std::invalid_argument naming the field otherwise.
    Adagrad(double eps, double weightDecay);

    void reset(Eigen::Index parameterCount) override;
    void prepare(Eigen::Index params, Eigen::Index grads, double lr) override;
    void updateInto(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out,
                    const Eigen::Ref<const Vector>& grads) override;
    std::string_view name() const override { return "adagrad"; }

private:
    template <typename Grad>
    void apply(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out, const Grad& grad);

    double eps_;
    double weightDecay_;
    Vector sum_;    // accumulated g², same units as g²
    Vector grad_;   // g + wd·p, when wd > 0
    float negLr_ = 0.0f; // the current step's (prepare())
};

} // namespace hs
