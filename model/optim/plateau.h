#pragma once
// Reduce the learning rate when a monitored metric stops improving.
//
// Krizhevsky, Sutskever & Hinton, "ImageNet classification with deep
// convolutional neural networks", NIPS 2012 (divide the rate by 10 when the
// validation error stops improving); bookkeeping exactly as PyTorch 1.13
// torch.optim.lr_scheduler.ReduceLROnPlateau with threshold_mode='rel', eps=1e-8.

namespace hs {

class ReduceOnPlateau {
public:
    /// initialLr > 0 (the lr before any reduction); maximize: true for accuracies
    /// (mode 'max'), false for losses ('min'); factor in (0, 1); patience >= 0 and
    /// cooldown >= 0 in epochs; threshold in [0, 1) (relative); minLr >= 0.
    /// Throws std::invalid_argument naming the training.schedule field otherwise.
    ReduceOnPlateau(double initialLr, bool maximize, double factor, int patience, int cooldown,
                    double threshold, double minLr);

    /// Bookkeeping after one epoch with the monitored value (NaN counts as no
    /// improvement). Returns true if the learning rate was reduced.
    bool update(double value);

    /// The current learning rate (initialLr times the reductions so far, >= minLr
    /// unless initialLr was already below it).
    double lr() const { return lr_; }

    /// Best monitored value so far (+inf for min mode, -inf for max mode initially).
    double best() const { return best_; }
    /// Epochs without improvement since the last improvement or reduction.
    int badEpochs() const { return badEpochs_; }
    /// Epochs of cooldown left.
    int cooldownLeft() const { return cooldownCounter_; }

    /// Back to the state right after construction.
    void reset();

private:
    bool isBetter(double value) const;

    double initialLr_;
    bool maximize_;
    double factor_;
    int patience_;
    int cooldown_;
    double threshold_;
    double minLr_;

    double lr_ = 0.0;
    double best_ = 0.0;
    int badEpochs_ = 0;
    int cooldownCounter_ = 0;
};

} // namespace hs
