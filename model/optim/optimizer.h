#pragma once
// Gradient-descent optimizers over the network's flat parameter vector.
//
// Every optimizer reproduces the single-tensor update of PyTorch 1.13
// (torch.optim.*, foreach=False, maximize=False) on float32 parameters bit for
// bit: the same operations in the same order with the same roundings (PyTorch's
// CPU kernels fuse `add(alpha=)` and `addcmul` into one rounding; so do we, see
// elementwise.h), and the scalar coefficients (bias corrections, step sizes)
// computed in double as Python does, then rounded to float once. Results are
// identical on every x86-64 CPU and build flag. The concrete classes live in
// sgd.h, adagrad.h, rmsprop.h and adam.h; most callers need only makeOptimizer().

#include "core/types.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hs {

/// Which optimizer and its hyperparameters (training.optimizer in the run
/// config). Fields that a type does not use are ignored, not validated.
struct OptimizerSpec {
    std::string type = "adam";   ///< one of optimizerTypes()
    double lr = 0.01;            ///< base learning rate (> 0); the schedule scales it
    double momentum = 0.0;       ///< sgd/momentum/nesterov (PyTorch SGD, dampening 0); rmsprop momentum; in [0, 1)
    bool nesterov = false;       ///< with type sgd; "nesterov" implies true, "momentum" false
    double beta1 = 0.9;          ///< adam/adamw first-moment decay, in [0, 1)
    double beta2 = 0.999;        ///< adam/adamw second-moment decay, in [0, 1)
    double eps = 1e-8;           ///< adam, adamw, rmsprop, adagrad denominator term (> 0); callers pass 1e-10 for adagrad
    double rho = 0.99;           ///< rmsprop smoothing constant (PyTorch alpha), in [0, 1)
    double weightDecay = 0.0;    ///< >= 0: L2 added to the gradient (PyTorch weight_decay); decoupled for adamw
};

/// An optimizer: owns the per-parameter state (moments, step count) and
/// updates the parameters in place. Not thread-safe; one per run.
class Optimizer {
public:
    virtual ~Optimizer() = default;

    /// Forget all state (moments, step count) and size it for parameterCount (>= 0)
    /// parameters. The only call that allocates.
    virtual void reset(Eigen::Index parameterCount) = 0;

    /// One update of all parameters in place with learning rate lr (>= 0, finite;
    /// in parameter units per gradient unit for SGD). params and grads have the
    /// size given to reset(), else std::invalid_argument. Does not allocate.
    /// The same as prepare() and then update() of the whole range.
    void step(Eigen::Ref<Vector> params, const Eigen::Ref<const Vector>& grads, double lr)
    {
        prepare(params.size(), grads.size(), lr);
        update(0, params, grads);
    }

    /// A step in two halves, for callers that split the update over threads.
    /// The first half checks step()'s preconditions for `params` parameters
    /// and `grads` gradients, advances the step count and fixes the step's
    /// coefficients.
    virtual void prepare(Eigen::Index params, Eigen::Index grads, double lr) = 0;
    /// The second half for parameters [begin, begin + params.size()): params
    /// and grads are those parameters' segments. The ranges given after one
    /// prepare() must be disjoint and cover every parameter once; disjoint
    /// ranges may be updated at the same time on different threads. Every
    /// parameter's update is element-wise, so the results do not depend on
    /// the split. std::invalid_argument for a range outside reset()'s size.
    void update(Eigen::Index begin, Eigen::Ref<Vector> params, const Eigen::Ref<const Vector>& grads)
    {
        updateInto(begin, params, params, grads);
    }
    /// update() reading the parameters from `in` and writing the updated ones
    /// to `out` (in's size; the same memory as in, or none of it), bit for bit
    /// as in place: a caller that keeps two parameter buffers keeps the
    /// parameters before the step without copying them.
    virtual void updateInto(Eigen::Index begin, const Eigen::Ref<const Vector>& in, Eigen::Ref<Vector> out,
                            const Eigen::Ref<const Vector>& grads) = 0;

    /// The spec's type name ("adam", "nesterov", ...), valid for the object's lifetime.
    virtual std::string_view name() const = 0;
};

/// Builds the optimizer that spec describes, sized for zero parameters (call reset()).
/// Throws std::invalid_argument naming the field ("training.optimizer.<key> = <value>
/// is out of range: must be ...") on an unknown type or an out-of-range value.
std::unique_ptr<Optimizer> makeOptimizer(const OptimizerSpec& spec);

/// Checks spec as makeOptimizer() does, without building anything.
void validate(const OptimizerSpec& spec);

/// The accepted OptimizerSpec::type values, in display order:
/// sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw.
const std::vector<std::string>& optimizerTypes();

} // namespace hs
