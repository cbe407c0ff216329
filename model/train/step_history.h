#pragma once
// Per-step loss and learning rate for a whole run in bounded memory: when
// the buffer is full, every other point is dropped and the stride doubles,
// so a run of any length keeps at most `capacity` evenly spaced steps.

#include <cstdint>
#include <vector>

namespace hs {

class StepHistory {
public:
    struct Point {
        std::int64_t step = 0;
        double loss = 0.0;
        double lr = 0.0;
    };

    /// capacity ≥ 2.
    explicit StepHistory(std::size_t capacity = 8192) : capacity_(capacity < 2 ? 2 : capacity) {}

    void add(std::int64_t step, double loss, double lr)
    {
        if ((step - 1) % stride_ != 0)
            return;
        if (points_.size() == capacity_) {
            std::size_t kept = 0;
            for (std::size_t i = 0; i < points_.size(); i += 2)
                points_[kept++] = points_[i];
            points_.resize(kept);
            stride_ *= 2;
            if ((step - 1) % stride_ != 0)
                return;
        }
        points_.push_back({step, loss, lr});
    }

    const std::vector<Point>& points() const { return points_; }
    std::int64_t stride() const { return stride_; }
    void clear()
    {
        points_.clear();
        stride_ = 1;
    }

private:
    std::size_t capacity_;
    std::int64_t stride_ = 1;
    std::vector<Point> points_;
};

} // namespace hs
