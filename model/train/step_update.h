#pragma once
// The parameter update of one training step and the per-layer norms its
// statistics need, in one pass over the parameters split over the network's
// threads: for each layer ‖g‖ (the gradient the optimizer is given), ‖θ‖
// before the update and ‖Δθ‖. The parameters before the update are kept, so
// that a step that diverges can be undone: the update reads them from the
// network and writes the new ones into a second buffer, which then trades
// places with the network's (a copy of the parameters cost another stream
// through memory each step: 5 % of mnist-like's step, whose Adam state does
// not fit in L2).
//
// The pass walks fixed blocks of each layer's parameters, the same blocks
// whatever the thread count, and each norm is the sum of its blocks' squared
// norms in block order: the statistics, like the update itself, are the same
// for one thread or two.

#include "core/types.h"
#include "nn/network.h"
#include "optim/optimizer.h"

#include <vector>

namespace hs {

class StepUpdate {
public:
    /// Parameters per block: small enough that a block's parameters,
    /// gradients, previous values and optimizer state stay in cache between
    /// the pass's reads, large enough to amortize the per-block work.
    static constexpr Eigen::Index kBlock = 8192;
    /// Networks with fewer parameters update on one thread: below this the
    /// hand-off to a helper costs more than the second core gains.
    static constexpr Eigen::Index kParallelParameters = 65536;

    struct LayerNorms {
        double gradient = 0.0; ///< ‖g‖
        double before = 0.0;   ///< ‖θ‖ before the update
        double change = 0.0;   ///< ‖Δθ‖
    };

    /// Lays out the blocks of `network`'s layers and sizes the buffers (the
    /// only call that allocates).
    void reset(const Network& network);

    /// One optimizer update with learning rate lr (Optimizer::prepare() and
    /// updateInto() of every block) into the spare buffer, which then
    /// becomes the network's parameters and the old ones previous(); then
    /// norms().
    void apply(Network& network, Optimizer& optimizer, double lr);

    /// Of the last apply(), one per layer.
    const std::vector<LayerNorms>& norms() const { return norms_; }
    /// The parameters before the last apply().
    const Vector& previous() const { return previous_; }

private:
    struct Block {
        Eigen::Index begin = 0, count = 0;
        int layer = 0;
    };
    struct BlockSums {
        float gradient = 0.0f, before = 0.0f, change = 0.0f; ///< squared norms
    };

    std::vector<Block> blocks_;
    std::vector<BlockSums> sums_;
    std::vector<LayerNorms> norms_;
    Vector previous_; ///< the spare buffer: the parameters before the last apply()
};

} // namespace hs
