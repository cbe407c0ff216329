#include "data/kfold.h"

#include "core/rng.h"
#include "core/range_check.h"

#include <numeric>
#include <stdexcept>

namespace hs {

std::vector<Fold> stratifiedKFold(const Dataset& data, int k, std::uint64_t seed)
{
    const Eigen::Index n = data.samples();
    if (n < 2)
        throw std::invalid_argument("training.folds: the data set has " + std::to_string(n)
                                    + " samples: k-fold needs at least 2");
    checkRange("training.folds", static_cast<long long>(k), 2, static_cast<long long>(n));
    Rng rng(seed);

    // Shuffle within each class, then lay the classes end to end and deal
    // the positions round robin: every class is spread evenly over the folds
    // and the fold sizes differ by at most one.
    std::vector<Eigen::Index> sequence;
    sequence.reserve(static_cast<std::size_t>(n));
    if (data.task == Task::Classification) {
        std::vector<std::vector<Eigen::Index>> groups(static_cast<std::size_t>(std::max(data.classes, 0)));
        for (Eigen::Index i = 0; i < n; ++i) {
            const int label = i < data.labels.size() ? data.labels[i] : -1;
            if (label < 0 || label >= data.classes)
                throw std::invalid_argument("training.folds: label of sample " + std::to_string(i)
                                            + " is out of range: must be in [0, "
                                            + std::to_string(data.classes) + ")");
            groups[static_cast<std::size_t>(label)].push_back(i);
        }
        for (auto& group : groups) {
            rng.shuffle(group);
            sequence.insert(sequence.end(), group.begin(), group.end());
        }
    } else {
        sequence.resize(static_cast<std::size_t>(n));
        std::iota(sequence.begin(), sequence.end(), Eigen::Index{0});
        rng.shuffle(sequence);
    }

    std::vector<std::vector<Eigen::Index>> heldOut(static_cast<std::size_t>(k));
    for (std::size_t p = 0; p < sequence.size(); ++p)
        heldOut[p % static_cast<std::size_t>(k)].push_back(sequence[p]);

    std::vector<Fold> folds(static_cast<std::size_t>(k));
    for (std::size_t f = 0; f < folds.size(); ++f) {
        auto& [train, held] = folds[f];
        held = std::move(heldOut[f]);
        rng.shuffle(held);
        train.reserve(sequence.size() - held.size());
        for (std::size_t p = 0; p < sequence.size(); ++p)
            if (p % folds.size() != f)
                train.push_back(sequence[p]);
        rng.shuffle(train);
    }
    return folds;
}

} // namespace hs
