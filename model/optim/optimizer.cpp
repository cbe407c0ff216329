#include "optim/optimizer.h"

#include "optim/adagrad.h"
#include "optim/adam.h"
#include "optim/rmsprop.h"
#include "optim/sgd.h"
#include "optim/spec_check.h"

#include <algorithm>

namespace hs {

using namespace optim_detail;

const std::vector<std::string>& optimizerTypes()
{
    static const std::vector<std::string> types{"sgd",     "momentum", "nesterov", "adagrad",
                                                "rmsprop", "adam",     "adamw"};
    return types;
}

std::unique_ptr<Optimizer> makeOptimizer(const OptimizerSpec& spec)
{
    const std::string& type = spec.type;
    const auto& types = optimizerTypes();
    if (std::find(types.begin(), types.end(), type) == types.end()) {
        std::string allowed = "one of";
        for (std::size_t i = 0; i < types.size(); ++i)
            allowed.append(i == 0 ? " " : ", ").append(types[i]);
        throwOutOfRange("training.optimizer.type", "\"" + type + "\"", allowed);
    }
    checkPositive("training.optimizer.lr", spec.lr);

    if (type == "sgd")
        return std::make_unique<Sgd>(spec.momentum, spec.nesterov, spec.weightDecay, "sgd");
    if (type == "momentum")
        return std::make_unique<Sgd>(spec.momentum, false, spec.weightDecay, "momentum");
    if (type == "nesterov")
        return std::make_unique<Sgd>(spec.momentum, true, spec.weightDecay, "nesterov");
    if (type == "adagrad")
        return std::make_unique<Adagrad>(spec.eps, spec.weightDecay);
    if (type == "rmsprop")
        return std::make_unique<RmsProp>(spec.rho, spec.eps, spec.momentum, spec.weightDecay);
    if (type == "adam")
        return std::make_unique<Adam>(spec.beta1, spec.beta2, spec.eps, spec.weightDecay);
    return std::make_unique<AdamW>(spec.beta1, spec.beta2, spec.eps, spec.weightDecay);
}

void validate(const OptimizerSpec& spec)
{
    (void)makeOptimizer(spec);   // constructors allocate nothing until reset()
}

} // namespace hs
