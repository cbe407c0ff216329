#pragma once
// Early stopping on a monitored epoch metric (Prechelt, "Early Stopping — But
// When?", 1998), with Keras' semantics: an epoch improves when it beats the
// best by more than min_delta; training stops once `patience` epochs in a row
// have not improved.

#include <string>
#include <string_view>

namespace hs {

class EarlyStopping {
public:
    /// monitor: val_loss, train_loss (minimized) or val_accuracy, train_accuracy (maximized).
    /// patience ≥ 0, minDelta ≥ 0.
    EarlyStopping(std::string monitor, int patience, double minDelta);

    /// Records one epoch's monitored value; returns true if it is the new best.
    bool update(int epoch, double value);
    /// True once `patience` epochs in a row (at least one) have not improved.
    bool shouldStop() const { return wait_ > 0 && wait_ >= patience_; }
    int bestEpoch() const { return bestEpoch_; }
    double bestValue() const { return best_; }
    const std::string& monitor() const { return monitor_; }

private:
    std::string monitor_;
    int patience_;
    double minDelta_;
    bool maximize_;
    double best_;
    int bestEpoch_ = 0;
    int wait_ = 0;
};

} // namespace hs
