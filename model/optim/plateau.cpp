#include "optim/plateau.h"

#include "optim/spec_check.h"

#include <algorithm>
#include <limits>

namespace hs {

using namespace optim_detail;

ReduceOnPlateau::ReduceOnPlateau(double initialLr, bool maximize, double factor, int patience,
                                 int cooldown, double threshold, double minLr)
    : initialLr_(initialLr), maximize_(maximize), factor_(factor), patience_(patience),
      cooldown_(cooldown), threshold_(threshold), minLr_(minLr)
{
    checkPositive("training.optimizer.lr", initialLr);
    if (!(factor > 0.0 && factor < 1.0))
        throwOutOfRange("training.schedule.factor", factor, "in (0, 1)");
    checkAtLeast("training.schedule.patience", patience, 0);
    checkAtLeast("training.schedule.cooldown", cooldown, 0);
    // threshold 1 would make best·(1 − threshold) = inf·0 = NaN on the first epoch.
    checkClosedOpen("training.schedule.threshold", threshold, 0.0, 1.0);
    checkNonNegative("training.schedule.min_lr", minLr);
    reset();
}

void ReduceOnPlateau::reset()
{
    lr_ = initialLr_;
    best_ = maximize_ ? -std::numeric_limits<double>::infinity()
                      : std::numeric_limits<double>::infinity();
    badEpochs_ = 0;
    cooldownCounter_ = 0;
}

bool ReduceOnPlateau::isBetter(double value) const
{
    return maximize_ ? value > best_ * (threshold_ + 1.0) : value < best_ * (1.0 - threshold_);
}

bool ReduceOnPlateau::update(double value)
{
    if (isBetter(value)) {
        best_ = value;
        badEpochs_ = 0;
    } else {
        ++badEpochs_;
    }
    if (cooldownCounter_ > 0) {
        --cooldownCounter_;
        badEpochs_ = 0;   // bad epochs during cooldown do not count
    }
    if (badEpochs_ <= patience_)
        return false;

    cooldownCounter_ = cooldown_;
    badEpochs_ = 0;
    const double old = lr_;
    const double reduced = std::max(old * factor_, minLr_);
    constexpr double eps = 1e-8;   // PyTorch: a reduction smaller than eps is ignored
    if (old - reduced > eps) {
        lr_ = reduced;
        return true;
    }
    return false;
}

} // namespace hs
