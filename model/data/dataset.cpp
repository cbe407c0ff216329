#include "data/dataset.h"

#include <stdexcept>

namespace hs {

Dataset Dataset::subset(const std::vector<Eigen::Index>& columns) const
{
    const auto n = static_cast<Eigen::Index>(columns.size());
    for (const Eigen::Index c : columns)
        if (c < 0 || c >= samples())
            throw std::out_of_range("Dataset::subset: column " + std::to_string(c)
                                    + " is out of range: must be in [0, "
                                    + std::to_string(samples()) + ")");

    Dataset out = emptyLike();
    out.x.resize(features(), n);
    for (Eigen::Index j = 0; j < n; ++j)
        out.x.col(j) = x.col(columns[static_cast<std::size_t>(j)]);
    if (labels.size() > 0) {
        out.labels.resize(n);
        for (Eigen::Index j = 0; j < n; ++j)
            out.labels[j] = labels[columns[static_cast<std::size_t>(j)]];
    }
    if (targets.rows() > 0) {
        out.targets.resize(targets.rows(), n);
        for (Eigen::Index j = 0; j < n; ++j)
            out.targets.col(j) = targets.col(columns[static_cast<std::size_t>(j)]);
    }
    return out;
}

std::vector<Eigen::Index> Dataset::classCounts() const
{
    std::vector<Eigen::Index> counts(static_cast<std::size_t>(std::max(classes, 0)), 0);
    for (Eigen::Index i = 0; i < labels.size(); ++i)
        if (labels[i] >= 0 && labels[i] < classes)
            ++counts[static_cast<std::size_t>(labels[i])];
    return counts;
}

Dataset Dataset::emptyLike() const
{
    Dataset out;
    out.task = task;
    out.classes = classes;
    out.featureNames = featureNames;
    out.classNames = classNames;
    out.x.resize(features(), 0);
    if (task == Task::Classification)
        out.labels.resize(0);
    out.targets.resize(targets.rows(), 0);
    return out;
}

void Dataset::validate() const
{
    auto fail = [](const std::string& what) { throw std::invalid_argument("dataset: " + what); };
    if (featureNames.size() != static_cast<std::size_t>(features()))
        fail("featureNames has " + std::to_string(featureNames.size()) + " names for "
             + std::to_string(features()) + " features");
    if (task == Task::Classification) {
        if (classes < 2)
            fail("classes = " + std::to_string(classes) + " is out of range: must be at least 2");
        if (labels.size() != samples())
            fail("labels has " + std::to_string(labels.size()) + " entries for "
                 + std::to_string(samples()) + " samples");
        if (classNames.size() != static_cast<std::size_t>(classes))
            fail("classNames has " + std::to_string(classNames.size()) + " names for "
                 + std::to_string(classes) + " classes");
        for (Eigen::Index i = 0; i < labels.size(); ++i)
            if (labels[i] < 0 || labels[i] >= classes)
                fail("label of sample " + std::to_string(i) + " = " + std::to_string(labels[i])
                     + " is out of range: must be in [0, " + std::to_string(classes) + ")");
    } else {
        if (targets.cols() != samples() || targets.rows() < 1)
            fail("targets is " + std::to_string(targets.rows()) + " x "
                 + std::to_string(targets.cols()) + ": must be outputs x "
                 + std::to_string(samples()) + " with at least one output");
        if (labels.size() != 0 || classes != 0)
            fail("a regression data set has no labels and classes = 0");
    }
}

std::vector<std::string> numberedNames(const std::string& prefix, int count, int first)
{
    std::vector<std::string> names;
    names.reserve(static_cast<std::size_t>(std::max(count, 0)));
    for (int i = 0; i < count; ++i)
        names.push_back(prefix + std::to_string(first + i));
    return names;
}

} // namespace hs
