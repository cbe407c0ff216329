#pragma once
// Down-sampling of long series for display: a chart never needs more points
// than it has pixels, and a run of 100,000 epochs must not draw 100,000. The
// full data stays where it is; only what is drawn is reduced. Min/max per
// bucket keeps every spike and dip visible (a divergence spike survives),
// which plain striding would lose.

#include <cstddef>
#include <vector>

namespace hs {

struct XYPoint {
    double x = 0.0, y = 0.0;
};

/// Indices of the points of `y` to draw so that at most `maxPoints` remain
/// (maxPoints < 4 is treated as 4). The series is split into equal-count
/// buckets; from each bucket the index of its smallest and of its largest
/// finite value are kept, in order. The first and last index are always
/// kept, so the global minimum and maximum (finite) always survive. A bucket
/// without a finite value keeps its first index. If y.size() <= maxPoints
/// every index is returned. The result is strictly increasing. O(n).
std::vector<std::size_t> decimationIndices(const std::vector<double>& y, std::size_t maxPoints);

/// The same selection applied to (x, y) points (x is carried along; the
/// buckets are by index, so x should be ordered as it will be drawn).
std::vector<XYPoint> decimate(const std::vector<XYPoint>& points, std::size_t maxPoints);

} // namespace hs
