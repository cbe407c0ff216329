#include "train/min_max_envelope.h"

#include <algorithm>

namespace hs {

MinMaxEnvelope::MinMaxEnvelope(std::size_t maxPoints) { reset(maxPoints); }

void MinMaxEnvelope::reset(std::size_t maxPoints)
{
    maxPoints_ = std::max<std::size_t>(maxPoints, 8);
    width_ = 1;
    buckets_.clear();
    buckets_.reserve(maxPoints_ + 1);
    hasFirst_ = false;
}

std::size_t MinMaxEnvelope::bucketLimit() const
{
    // A bucket of one record draws one point, a wider one up to two; the
    // first and latest record may add two more.
    return width_ == 1 ? maxPoints_ - 2 : (maxPoints_ - 2) / 2;
}

void MinMaxEnvelope::mergePairs()
{
    width_ *= 2;
    std::size_t out = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        Bucket b = buckets_[i];
        b.key /= 2;
        if (out > 0 && buckets_[out - 1].key == b.key) {
            Bucket& into = buckets_[out - 1]; // the earlier of the pair: it wins ties
            if (b.lo.y < into.lo.y)
                into.lo = b.lo;
            if (b.hi.y > into.hi.y)
                into.hi = b.hi;
        } else {
            buckets_[out++] = b;
        }
    }
    buckets_.resize(out);
}

void MinMaxEnvelope::add(std::size_t index, double x, double y)
{
    const Extreme e{index, x, y};
    if (!hasFirst_) {
        first_ = e;
        hasFirst_ = true;
    }
    last_ = e;
    const std::size_t key = index / width_;
    if (!buckets_.empty() && buckets_.back().key == key) {
        Bucket& b = buckets_.back();
        if (y < b.lo.y)
            b.lo = e;
        if (y > b.hi.y)
            b.hi = e;
        return;
    }
    buckets_.push_back({key, e, e});
    while (buckets_.size() > bucketLimit())
        mergePairs();
}

std::vector<XYPoint> MinMaxEnvelope::points() const
{
    std::vector<XYPoint> out;
    if (!hasFirst_)
        return out;
    out.reserve(2 * buckets_.size() + 2);
    std::size_t previous = first_.index;
    out.push_back({first_.x, first_.y});
    auto put = [&](const Extreme& e) {
        if (e.index > previous) {
            out.push_back({e.x, e.y});
            previous = e.index;
        }
    };
    for (const Bucket& b : buckets_) {
        const bool loFirst = b.lo.index <= b.hi.index;
        put(loFirst ? b.lo : b.hi);
        put(loFirst ? b.hi : b.lo);
    }
    put(last_);
    return out;
}

} // namespace hs
