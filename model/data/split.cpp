#include "data/split.h"

#include "core/rng.h"
#include "core/range_check.h"

#include <cmath>
#include <stdexcept>

namespace hs {
namespace {

using Indices = std::vector<Eigen::Index>;

// Deals the (already shuffled) `group` out to the three parts.
void deal(const Indices& group, const SplitFractions& f, Indices& train, Indices& val, Indices& test)
{
    const auto n = static_cast<long long>(group.size());
    long long nVal = std::llround(static_cast<double>(n) * f.val);
    long long nTest = std::llround(static_cast<double>(n) * f.test);
    // Keep at least one training sample for the group whenever it has any.
    while (n > 0 && n - nVal - nTest < 1) {
        if (nVal > nTest)
            --nVal;
        else
            --nTest;
    }
    auto it = group.begin();
    val.insert(val.end(), it, it + nVal);
    it += nVal;
    test.insert(test.end(), it, it + nTest);
    it += nTest;
    train.insert(train.end(), it, group.end());
}

} // namespace

void validateSplitFractions(const SplitFractions& f)
{
    if (!(f.train > 0.0 && f.train <= 1.0))
        throwOutOfRange("data.split.train", f.train, "in (0, 1]");
    checkRange("data.split.val", f.val, 0.0, 1.0);
    checkRange("data.split.test", f.test, 0.0, 1.0);
    const double sum = f.train + f.val + f.test;
    if (std::abs(sum - 1.0) > 1e-9)
        throw std::invalid_argument("data.split: train + val + test = " + formatNumber(sum, 12)
                                    + " is out of range: must be 1");
}

DataSplit splitDataset(const Dataset& data, const SplitFractions& fractions, std::uint64_t seed)
{
    validateSplitFractions(fractions);
    if (data.samples() < 1)
        throw std::invalid_argument("data.split: the data set has no samples to split");

    Rng rng(seed);
    Indices train, val, test;
    if (data.task == Task::Classification) {
        if (data.labels.size() != data.samples())
            throw std::invalid_argument("data.split: the data set has "
                                        + std::to_string(data.labels.size()) + " labels for "
                                        + std::to_string(data.samples()) + " samples");
        std::vector<Indices> groups(static_cast<std::size_t>(std::max(data.classes, 0)));
        for (Eigen::Index i = 0; i < data.samples(); ++i) {
            const int label = data.labels[i];
            if (label < 0 || label >= data.classes)
                throw std::invalid_argument("data.split: label of sample " + std::to_string(i)
                                            + " = " + std::to_string(label) + " is out of range: must be in [0, "
                                            + std::to_string(data.classes) + ")");
            groups[static_cast<std::size_t>(label)].push_back(i);
        }
        for (Indices& group : groups) {
            rng.shuffle(group);
            deal(group, fractions, train, val, test);
        }
    } else {
        Indices all(static_cast<std::size_t>(data.samples()));
        for (std::size_t i = 0; i < all.size(); ++i)
            all[i] = static_cast<Eigen::Index>(i);
        rng.shuffle(all);
        deal(all, fractions, train, val, test);
    }
    // Mix the classes within each part.
    rng.shuffle(train);
    rng.shuffle(val);
    rng.shuffle(test);
    return {data.subset(train), data.subset(val), data.subset(test)};
}

} // namespace hs
