#include "train/step_update.h"

#include <algorithm>
#include <cmath>

namespace hs {

void StepUpdate::reset(const Network& network)
{
    blocks_.clear();
    for (int l = 0; l < network.layerCount(); ++l) {
        const LayerLayout& s = network.layout(l);
        for (Eigen::Index offset = 0; offset < s.count; offset += kBlock)
            blocks_.push_back({s.begin + offset, std::min(kBlock, s.count - offset), l});
    }
    sums_.assign(blocks_.size(), {});
    norms_.assign(static_cast<std::size_t>(network.layerCount()), {});
    previous_.resize(network.parameterCount());
}

void StepUpdate::apply(Network& network, Optimizer& optimizer, double lr)
{
    Vector& params = network.parameters();
    const Vector& grads = network.gradients();
    optimizer.prepare(params.size(), grads.size(), lr);
    const auto blocks = static_cast<Eigen::Index>(blocks_.size());
    const Eigen::Index minSlice = params.size() >= kParallelParameters ? 2 : blocks;
    network.forEachSlice(blocks, minSlice, [&](Eigen::Index first, Eigen::Index count) {
        for (Eigen::Index i = first; i < first + count; ++i) {
            const Block& b = blocks_[static_cast<std::size_t>(i)];
            const auto before = params.segment(b.begin, b.count);
            auto after = previous_.segment(b.begin, b.count);
            const auto g = grads.segment(b.begin, b.count);
            BlockSums& sum = sums_[static_cast<std::size_t>(i)];
            sum.gradient = g.squaredNorm();
            sum.before = before.squaredNorm();
            optimizer.updateInto(b.begin, before, after, g);
            sum.change = (after - before).squaredNorm();
        }
    });
    params.swap(previous_);
    std::fill(norms_.begin(), norms_.end(), LayerNorms{});
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
        LayerNorms& n = norms_[static_cast<std::size_t>(blocks_[i].layer)];
        n.gradient += sums_[i].gradient;
        n.before += sums_[i].before;
        n.change += sums_[i].change;
    }
    for (LayerNorms& n : norms_) {
        n.gradient = std::sqrt(n.gradient);
        n.before = std::sqrt(n.before);
        n.change = std::sqrt(n.change);
    }
}

} // namespace hs
