#include "train/prepared_data.h"

#include "data/generators.h"

#include <stdexcept>

namespace hs {
namespace {

Dataset loadDataset(const DataConfig& c)
{
    if (findGenerator(c.dataset)) {
        GeneratorSpec spec;
        spec.name = c.dataset;
        spec.samples = c.samples;
        spec.noise = c.noise;
        spec.classes = c.classes;
        spec.dimensions = c.dimensions;
        spec.positiveFraction = c.positiveFraction;
        spec.seed = c.seed;
        return generate(spec);
    }
    throw std::invalid_argument("data.dataset = \"" + c.dataset + "\" is not a known data set");
}

} // namespace

PreparedData prepareData(const RunConfig& config)
{
    Dataset all = loadDataset(config.data);
    const Task task = taskOf(config.model);
    if (all.task != task)
        throw std::invalid_argument("model.task = \"" + config.model.task + "\" does not fit data set \""
                                    + config.data.dataset + "\", which is a "
                                    + (all.task == Task::Regression ? "regression" : "classification") + " set");
    PreparedData out;
    out.task = task;
    out.classes = all.classes;
    out.outputs = task == Task::Regression ? static_cast<int>(all.targets.rows()) : 0;
    out.featureNames = all.featureNames;
    out.classNames = all.classNames;
    out.split = splitDataset(all, config.data.split, config.data.seed);
    if (out.split.train.samples() == 0)
        throw std::invalid_argument("data.split.train leaves no training samples");
    const auto kind = parseNormalization(config.data.normalize).value_or(Normalization::None);
    out.normalizer = Normalizer::fit(out.split.train.x, kind);
    out.normalizer.apply(out.split.train.x);
    out.normalizer.apply(out.split.val.x);
    out.normalizer.apply(out.split.test.x);
    return out;
}

} // namespace hs
