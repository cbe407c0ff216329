#pragma once
// Adam and AdamW: bias-corrected first and second moment estimates.
//
// Kingma & Ba, "Adam: A method for stochastic optimization", ICLR 2015;
// Loshchilov & Hutter, "Decoupled weight decay regularization", ICLR 2019 (AdamW).
//
// Update (PyTorch 1.13 torch.optim.Adam / AdamW, amsgrad=False), t = 1, 2, ...:
//   AdamW: p ← p·(1 − lr·wd)            Adam: g ← g + wd·p
//   m ← β1·m + (1−β1)·g
//   v ← β2·v + (1−β2)·g²
//   p ← p − (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + ε)
// The bias corrections and step size are computed in double, as Python does.

#include "optim/optimizer.h"

#include <cstdint>

namespace hs {

class Adam : public Optimizer {
public:
    /// beta1, beta2 in [0, 1); eps > 0; weightDecay >= 0, coupled (L2 added to the
    /// gradient, Adam) or decoupled (weights shrunk by lr·wd, AdamW).
    /// Throws std::invalid_argument naming the field otherwise.
    Adam(double beta1, double beta2, double eps, double weightDecay, bool decoupled = false);

    void reset(Eigen::Index parameterCount) override;
    void prepare(Eigen::Index params, Eigen::Index grads, double lr) override;
    void updateInto(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out,
                    const Eigen::Ref<const Vector>& grads) override;
    std::string_view name() const override { return decoupled_ ? "adamw" : "adam"; }

    /// Steps taken since the last reset() (PyTorch's state['step']).
    std::int64_t stepCount() const { return step_; }

private:
    template <typename Grad>
    void apply(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out, const Grad& grad);

    double beta1_;
    double beta2_;
    double eps_;
    double weightDecay_;
    bool decoupled_;
    Vector m_;       // first moment (gradient units)
    Vector v_;       // second moment (gradient units squared)
    Vector grad_;    // g + wd·p, Adam with wd > 0
    std::int64_t step_ = 0;
    // The current step's coefficients (prepare()).
    float decay_ = 1.0f;       // AdamW: 1 − lr·wd
    float negStepSize_ = 0.0f; // −lr / (1 − β1^t)
    float bc2Sqrt_ = 1.0f;     // √(1 − β2^t)
};

/// AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay.
class AdamW final : public Adam {
public:
    AdamW(double beta1, double beta2, double eps, double weightDecay)
        : Adam(beta1, beta2, eps, weightDecay, true) {}
};

} // namespace hs
