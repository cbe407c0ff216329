#include "data/augment.h"

#include "core/range_check.h"
#include "data/generators.h"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string_view>

namespace hs {

void flipLabels(Dataset& data, double fraction, Rng& rng)
{
    if (data.task != Task::Classification || data.classes < 2)
        throw std::invalid_argument("data.label_noise: needs a classification data set with at least 2 classes");
    checkRange("data.label_noise", fraction, 0.0, 1.0);
    const auto n = static_cast<std::size_t>(data.labels.size());
    const auto flips = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(n)));
    if (flips == 0)
        return;
    // Partial Fisher–Yates: the first `flips` entries become a uniform sample
    // without replacement.
    std::vector<Eigen::Index> order(n);
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    for (std::size_t i = 0; i < flips; ++i) {
        const std::size_t j = i + static_cast<std::size_t>(rng.below(n - i));
        std::swap(order[i], order[j]);
        int& label = data.labels[order[i]];
        const auto shift = 1 + static_cast<int>(rng.below(static_cast<std::uint64_t>(data.classes - 1)));
        label = (label + shift) % data.classes;
    }
}

void appendNoiseFeatures(Dataset& data, int count, Rng& rng)
{
    checkRange("data.noise_features", static_cast<long long>(count), 0, 1024);
    if (count == 0)
        return;
    int existing = 0;
    for (const std::string& name : data.featureNames) {
        const std::string_view rest = std::string_view(name).substr(0, 5) == "noise"
                                          ? std::string_view(name).substr(5)
                                          : std::string_view();
        if (!rest.empty() && rest.find_first_not_of("0123456789") == std::string_view::npos)
            existing = std::max(existing, std::stoi(std::string(rest)));
    }
    const Eigen::Index old = data.features();
    const Eigen::Index n = data.samples();
    if ((old + count) * n > kMaxGeneratedValues)
        throw std::invalid_argument("data.noise_features = " + std::to_string(count) + " with " + std::to_string(n)
                                    + " samples of " + std::to_string(old) + " features is out of range: samples x features"
                                    + " must be at most " + std::to_string(kMaxGeneratedValues)
                                    + ": use fewer noise features or samples");
    Matrix x(old + count, n);
    x.topRows(old) = data.x;
    // Sample by sample, so the draws do not depend on how the matrix is laid out.
    for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index r = old; r < old + count; ++r)
            x(r, j) = static_cast<Scalar>(rng.normal());
    data.x = std::move(x);
    const auto names = numberedNames("noise", count, existing + 1);
    data.featureNames.insert(data.featureNames.end(), names.begin(), names.end());
}

void jitter(Eigen::Ref<Matrix> batch, double stddev, Rng& rng)
{
    if (!(stddev >= 0.0) || !std::isfinite(stddev))
        throwOutOfRange("training.jitter", stddev, "a finite number >= 0");
    if (stddev == 0.0)
        return;
    for (Eigen::Index j = 0; j < batch.cols(); ++j)
        for (Eigen::Index r = 0; r < batch.rows(); ++r)
            batch(r, j) = static_cast<Scalar>(batch(r, j) + stddev * rng.normal());
}

} // namespace hs
