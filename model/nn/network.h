#pragma once
// A feed-forward network of dense layers: hidden blocks of
//   dense → [batch norm] → activation → [dropout] → [+ skip]
// and a dense output layer whose logits feed the task's loss (see loss.h).
//
// All parameters live in one flat vector, layer after layer, each layer's
// block being [W (out × in, column-major), b, γ, β] (γ, β only with batch
// norm), so optimizers update everything in one pass and per-layer statistics
// are a segment of it. Samples are columns.

#include "core/rng.h"
#include "core/types.h"
#include "nn/activation.h"
#include "nn/initializer.h"
#include "nn/loss.h"

#include <memory>
#include <type_traits>
#include <vector>

namespace hs {

namespace detail {
class WorkerTeam;
/// Owns a network's helper threads. The team is how a network object
/// executes, not part of its value: copies start without one and build their
/// own when they need it, and assigning a network keeps the target's team.
class WorkerTeamHandle {
public:
    WorkerTeamHandle();
    ~WorkerTeamHandle();
    WorkerTeamHandle(const WorkerTeamHandle&);
    WorkerTeamHandle(WorkerTeamHandle&&) noexcept;
    WorkerTeamHandle& operator=(const WorkerTeamHandle&);
    WorkerTeamHandle& operator=(WorkerTeamHandle&&) noexcept;
    /// The team of `threads` threads (the caller included), built on first use; nullptr for 1.
    WorkerTeam* get(int threads);

private:
    std::unique_ptr<WorkerTeam> team_;
};
} // namespace detail

/// The shape of a network; everything else about it is its parameters.
struct NetworkSpec {
    int inputs = 2;              ///< features per sample, ≥ 1
    std::vector<int> hidden;     ///< hidden widths, each ≥ 1; empty = logistic/softmax/linear regression
    int outputs = 1;             ///< output units (see outputUnits())
    LossKind loss = LossKind::BinaryCrossEntropy;
    ActivationSpec activation;   ///< of every hidden layer
    Init init = Init::XavierUniform;
    double initScale = 0.1;      ///< for Init::Uniform / Init::Normal
    bool batchNorm = false;      ///< normalize hidden pre-activations (Ioffe & Szegedy 2015)
    bool residual = false;       ///< skip connections between hidden layers of equal width (He et al. 2016)
    double dropout = 0.0;        ///< inverted-dropout rate of hidden layers, in [0, 1) (Srivastava et al. 2014)
    double batchNormMomentum = 0.1; ///< running-statistics update rate (PyTorch convention)
    double batchNormEps = 1e-5;
};

/// Where one dense layer's parameters live in the flat vector.
struct LayerLayout {
    int in = 0, out = 0;
    Eigen::Index begin = 0, count = 0; ///< the whole block
    Eigen::Index weight = 0, bias = 0; ///< offsets
    Eigen::Index gamma = -1, beta = -1; ///< offsets, −1 without batch norm
    bool hidden = true;
    bool residual = false;             ///< adds its input to its output
};

template <typename T>
class BasicNetwork {
public:
    using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;

    explicit BasicNetwork(const NetworkSpec& spec);
    /// A copy with the same parameters and running statistics in another precision.
    template <typename U>
    static BasicNetwork convertFrom(const BasicNetwork<U>& other);

    const NetworkSpec& spec() const { return spec_; }
    /// Dense layers, the output layer included.
    int layerCount() const { return static_cast<int>(layouts_.size()); }
    const LayerLayout& layout(int layer) const { return layouts_[layer]; }
    Eigen::Index parameterCount() const { return parameters_.size(); }

    Vec& parameters() { return parameters_; }
    const Vec& parameters() const { return parameters_; }
    /// Gradient of the last backward() with respect to parameters().
    const Vec& gradients() const { return gradients_; }
    Vec& gradients() { return gradients_; }

    Eigen::Map<Mat> weight(int layer);
    Eigen::Map<const Mat> weight(int layer) const;
    Eigen::Map<Vec> bias(int layer);
    Eigen::Map<const Vec> bias(int layer) const;
    /// Batch-norm running statistics of a hidden layer (empty without batch norm).
    Vec& runningMean(int layer) { return runningMean_[layer]; }
    const Vec& runningMean(int layer) const { return runningMean_[layer]; }
    Vec& runningVar(int layer) { return runningVar_[layer]; }
    const Vec& runningVar(int layer) const { return runningVar_[layer]; }

    /// Draws fresh weights (biases 0, γ 1, β 0, running mean 0 and variance 1).
    void initialize(Rng& rng);

    /// Preallocates the training buffers for batches of up to `batch` columns.
    void reserve(Eigen::Index batch);

    /// Threads (≥ 1, the calling one included) that forwardTrain() and
    /// backward() split their large matrix products over; small products
    /// always run on the calling thread. The split depends only on the
    /// shapes and this count, so results are bit-identical run to run for a
    /// given count (not across counts). Helper threads start on first use.
    void setThreads(int threads);
    int threads() const { return threads_; }

    /// Runs slice(begin, count) over contiguous slices that cover [0, size),
    /// one per thread of setThreads() (a single slice when size < 2 ·
    /// minSlice), on the same helper threads as the products, and returns
    /// when all are done. For the element-wise work of a training step (the
    /// optimizer's update, its statistics), whose results must not depend on
    /// where the slices fall. The slices run in the caller's floating-point
    /// mode (denormals flushed or not).
    template <typename Slice>
    void forEachSlice(Eigen::Index size, Eigen::Index minSlice, Slice&& slice)
    {
        using Fn = std::remove_reference_t<Slice>;
        runSlices(size, minSlice,
                  [](void* fn, Eigen::Index begin, Eigen::Index count) { (*static_cast<Fn*>(fn))(begin, count); },
                  &slice);
    }

    /// Training-mode forward pass (batch statistics, dropout masks drawn from
    /// `dropoutRng`, or the previous masks again when `reuseMasks`). Caches
    /// what backward() needs. x is inputs × n with 0 < n ≤ reserved batch
    /// (reserves more if needed). Returns the logits, outputs × n.
    typename Mat::ColsBlockXpr forwardTrain(const Eigen::Ref<const Mat>& x, Rng& dropoutRng, bool reuseMasks = false);

    /// Back-propagates dL/dlogits (outputs × n, from the last forwardTrain)
    /// and overwrites gradients().
    void backward(const Eigen::Ref<const Mat>& x, const Eigen::Ref<const Mat>& gradLogits);

    /// Evaluation-mode logits (running statistics, no dropout) for any number of columns.
    void predictLogits(const Eigen::Ref<const Mat>& x, Mat& logits) const;
    /// Evaluation-mode outputs after the output activation (probabilities or values).
    void predict(const Eigen::Ref<const Mat>& x, Mat& outputs) const;

    /// Output of hidden layer `layer`'s activation in the last forwardTrain
    /// (before dropout and skip), out × n. For dead/saturated-unit statistics.
    typename Mat::ConstColsBlockXpr activationOutput(int layer) const;
    Eigen::Index lastBatchSize() const { return batch_; }

private:
    template <typename U> friend class BasicNetwork;

    struct Cache {
        Mat z, zhat, u, h, a, mask, delta, dz;
        Vec mean, invStd, var, sumDu, sumDuZhat, scale; ///< batch norm; sized once, reused every step
    };

    /// Without dropout or a skip, a hidden layer's output is its activation:
    /// the forward pass writes it once, into a, and the backward pass turns
    /// dL/da into dL/dz where it stands (two copies a layer fewer).
    bool activatesInPlace(int layer) const { return spec_.dropout == 0.0 && !layouts_[layer].residual; }
    void runSlices(Eigen::Index size, Eigen::Index minSlice, void (*slice)(void*, Eigen::Index, Eigen::Index),
                   void* context);
    void forwardHiddenEval(int layer, const Eigen::Ref<const Mat>& in, Mat& out) const;
    /// dst = lhs · rhs (accumulate: dst += lhs · rhs; with `start`, a column
    /// of dst.rows() values: dst = start·1ᵀ + lhs · rhs, each element's sum
    /// begun from its start value), split over the team when large.
    template <typename Dst, typename Lhs, typename Rhs>
    void multiply(Dst&& dst, const Lhs& lhs, const Rhs& rhs, bool accumulate, const T* start = nullptr);

    NetworkSpec spec_;
    std::vector<LayerLayout> layouts_;
    Vec parameters_, gradients_;
    std::vector<Vec> runningMean_, runningVar_;
    std::vector<Cache> cache_;
    Mat outputDelta_;
    Mat logits_;
    Vec transposed_; ///< a transposed weight matrix for the product kernel
    Eigen::Index capacity_ = 0, batch_ = 0;
    int threads_ = 1;
    detail::WorkerTeamHandle team_;
};

using Network = BasicNetwork<Scalar>;
using NetworkD = BasicNetwork<double>;

} // namespace hs

namespace hs {

template <typename T>
template <typename U>
BasicNetwork<T> BasicNetwork<T>::convertFrom(const BasicNetwork<U>& other)
{
    BasicNetwork<T> net(other.spec_);
    net.parameters_ = other.parameters_.template cast<T>();
    for (std::size_t l = 0; l < other.runningMean_.size(); ++l) {
        net.runningMean_[l] = other.runningMean_[l].template cast<T>();
        net.runningVar_[l] = other.runningVar_[l].template cast<T>();
    }
    return net;
}

} // namespace hs
