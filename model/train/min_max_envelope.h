#pragma once
// The min/max decimation of a series that keeps growing, kept up to date one
// record at a time: a live chart of a 100,000-epoch run redraws from at most
// `maxPoints` points without reading its history again.
//
// Records are grouped by index into aligned buckets of `width()` records, a
// power of two; each bucket keeps its smallest and its largest value (the
// first of equals), so every spike and dip survives. When the buckets would
// draw more than maxPoints, neighbours merge in pairs and the width doubles.
// A merged bucket is exactly what a bucket of that width over the raw records
// would have been, so the envelope never depends on when it was updated:
// feeding records one by one or all at once gives the same points. The first
// and the latest record are drawn as well, so the line starts where the
// series starts and ends at its current value.

#include "train/decimate.h"

#include <cstddef>
#include <vector>

namespace hs {

class MinMaxEnvelope {
public:
    /// maxPoints < 8 is treated as 8.
    explicit MinMaxEnvelope(std::size_t maxPoints = 2000);

    /// Forgets every record; the next add() starts a new series.
    void reset(std::size_t maxPoints);
    /// Record `index` has value y at x. Indices strictly increase from one
    /// call to the next (missing records are simply not added); y finite.
    void add(std::size_t index, double x, double y);

    /// The points to draw, in index order, at most maxPoints(); while the
    /// width is 1 these are every record added.
    std::vector<XYPoint> points() const;
    /// Records per bucket.
    std::size_t width() const { return width_; }
    std::size_t maxPoints() const { return maxPoints_; }
    bool empty() const { return !hasFirst_; }

private:
    struct Extreme {
        std::size_t index;
        double x, y;
    };
    struct Bucket {
        std::size_t key; // first index / width
        Extreme lo, hi;
    };
    std::size_t bucketLimit() const;
    void mergePairs();

    std::size_t maxPoints_ = 8;
    std::size_t width_ = 1;
    std::vector<Bucket> buckets_; // ascending keys; only buckets with records
    Extreme first_{}, last_{};
    bool hasFirst_ = false;
};

} // namespace hs
