#include "train/decimate.h"

#include <algorithm>
#include <cmath>

namespace hs {

std::vector<std::size_t> decimationIndices(const std::vector<double>& y, std::size_t maxPoints)
{
    const std::size_t n = y.size();
    maxPoints = std::max<std::size_t>(maxPoints, 4);
    std::vector<std::size_t> kept;
    if (n <= maxPoints) {
        kept.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            kept[i] = i;
        return kept;
    }
    // First and last are kept on their own; each inner bucket adds two.
    const std::size_t buckets = (maxPoints - 2) / 2;
    const std::size_t inner = n - 2;
    kept.reserve(2 * buckets + 2);
    kept.push_back(0);
    for (std::size_t b = 0; b < buckets; ++b) {
        // Bucket b covers inner indices [begin, end): balanced integer split.
        const std::size_t begin = 1 + b * inner / buckets;
        const std::size_t end = 1 + (b + 1) * inner / buckets;
        std::size_t lo = end, hi = end;
        for (std::size_t i = begin; i < end; ++i) {
            if (!std::isfinite(y[i]))
                continue;
            if (lo == end || y[i] < y[lo])
                lo = i;
            if (hi == end || y[i] > y[hi])
                hi = i;
        }
        if (lo == end) {
            kept.push_back(begin);
            continue;
        }
        const std::size_t first = std::min(lo, hi), second = std::max(lo, hi);
        kept.push_back(first);
        if (second != first)
            kept.push_back(second);
    }
    kept.push_back(n - 1);
    return kept;
}

std::vector<XYPoint> decimate(const std::vector<XYPoint>& points, std::size_t maxPoints)
{
    if (points.size() <= std::max<std::size_t>(maxPoints, 4))
        return points;
    std::vector<double> y(points.size());
    for (std::size_t i = 0; i < points.size(); ++i)
        y[i] = points[i].y;
    std::vector<XYPoint> out;
    const auto indices = decimationIndices(y, maxPoints);
    out.reserve(indices.size());
    for (std::size_t i : indices)
        out.push_back(points[i]);
    return out;
}

} // namespace hs
