#include "train/early_stopping.h"

#include "optim/schedule.h"

#include <cmath>
#include <limits>

namespace hs {

EarlyStopping::EarlyStopping(std::string monitor, int patience, double minDelta)
    : monitor_(std::move(monitor))
    , patience_(patience)
    , minDelta_(minDelta)
    , maximize_(isMaximizedMetric(monitor_))
    , best_(maximize_ ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity())
{
}

bool EarlyStopping::update(int epoch, double value)
{
    if (!std::isfinite(value)) {
        ++wait_;
        return false;
    }
    const bool improved = maximize_ ? value > best_ + minDelta_ : value < best_ - minDelta_;
    if (improved || bestEpoch_ == 0) {
        best_ = value;
        bestEpoch_ = epoch;
        wait_ = 0;
        return true;
    }
    ++wait_;
    return false;
}

} // namespace hs
