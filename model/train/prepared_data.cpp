#include "train/prepared_data.h"

#include "data/augment.h"
#include "data/bundled.h"
#include "data/csv_reader.h"
#include "data/generators.h"

#include <stdexcept>

namespace hs {
namespace {

// Independent random streams of the data seed, one per purpose, so that
// turning one option on does not change what the others draw.
enum Stream : std::uint64_t { NoiseFeatures = 11, LabelNoise = 12 };

char separatorOf(const std::string& s)
{
    if (s == ",") return ',';
    if (s == ";") return ';';
    if (s == "\t") return '\t';
    return 0;
}

} // namespace

Dataset loadDataset(const RunConfig& config, std::vector<std::string>* notes)
{
    const DataConfig& c = config.data;
    Dataset all;
    if (findGenerator(c.dataset)) {
        GeneratorSpec spec;
        spec.name = c.dataset;
        spec.samples = c.samples;
        spec.noise = c.noise;
        spec.classes = c.classes;
        spec.dimensions = c.dimensions;
        spec.positiveFraction = c.positiveFraction;
        spec.seed = c.seed;
        all = generate(spec);
    } else if (isBundledDataset(c.dataset)) {
        all = loadBundled(c.dataset);
    } else if (c.dataset == "csv") {
        CsvOptions options;
        options.path = c.path;
        options.labelColumn = c.labelColumn;
        options.task = taskOf(config.model);
        options.separator = separatorOf(c.separator);
        options.skipIncompleteRows = c.skipIncompleteRows;
        CsvLoad load = loadCsv(options);
        if (load.skippedRows > 0 && notes)
            notes->push_back("skipped " + std::to_string(load.skippedRows) + " incomplete row"
                             + (load.skippedRows == 1 ? "" : "s") + " of " + c.path);
        all = std::move(load.data);
    } else {
        throw std::invalid_argument("data.dataset = \"" + c.dataset + "\" is not a known data set");
    }
    const Task task = taskOf(config.model);
    if (all.task != task)
        throw std::invalid_argument("model.task = \"" + config.model.task + "\" does not fit data set \"" + c.dataset
                                    + "\", which is a " + (all.task == Task::Regression ? "regression" : "classification")
                                    + " set");
    if (c.noiseFeatures > 0) {
        Rng rng = Rng(c.seed).derive(NoiseFeatures);
        appendNoiseFeatures(all, c.noiseFeatures, rng);
    }
    return all;
}

PreparedData prepareSplit(const RunConfig& config, DataSplit split)
{
    PreparedData out;
    const Dataset& train = split.train;
    if (train.samples() == 0)
        throw std::invalid_argument("data.split.train leaves no training samples");
    out.task = train.task;
    out.classes = train.classes;
    out.outputs = train.task == Task::Regression ? static_cast<int>(train.targets.rows()) : 0;
    out.featureNames = train.featureNames;
    out.classNames = train.classNames;
    out.split = std::move(split);
    if (config.data.labelNoise > 0.0) {
        // Training labels only: validation and test keep the truth.
        Rng rng = Rng(config.data.seed).derive(LabelNoise);
        flipLabels(out.split.train, config.data.labelNoise, rng);
    }
    const auto kind = parseNormalization(config.data.normalize).value_or(Normalization::None);
    out.normalizer = Normalizer::fit(out.split.train.x, kind);
    out.normalizer.apply(out.split.train.x);
    out.normalizer.apply(out.split.val.x);
    out.normalizer.apply(out.split.test.x);
    return out;
}

PreparedData prepareData(const RunConfig& config)
{
    std::vector<std::string> notes;
    Dataset all = loadDataset(config, &notes);
    PreparedData out = prepareSplit(config, splitDataset(all, config.data.split, config.data.seed));
    out.notes = std::move(notes);
    return out;
}

} // namespace hs
