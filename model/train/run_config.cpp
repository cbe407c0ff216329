#include "train/run_config.h"

#include "data/bundled.h"
#include "data/generators.h"
#include "data/normalize.h"
#include "nn/activation.h"
#include "nn/initializer.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace hs {
namespace {

std::string number(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

// Collects problems; each check names the key as it is spelled in JSON.
class Checker {
public:
    void range(const std::string& key, double v, double lo, double hi, bool loOpen = false, bool hiOpen = false)
    {
        if (!std::isfinite(v)) {
            add(key + " = " + number(v) + " is not a finite number");
            return;
        }
        const bool below = loOpen ? v <= lo : v < lo;
        const bool above = hiOpen ? v >= hi : v > hi;
        if (below || above)
            add(key + " = " + number(v) + " is out of range: must be " + describe(lo, hi, loOpen, hiOpen));
    }
    void oneOf(const std::string& key, const std::string& v, const std::vector<std::string>& allowed)
    {
        if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
            add(key + " = \"" + v + "\" is not one of: " + joined(allowed));
    }
    void add(std::string problem) { problems.push_back(std::move(problem)); }
    std::vector<std::string> problems;

private:
    static std::string describe(double lo, double hi, bool loOpen, bool hiOpen)
    {
        if (std::isinf(hi))
            return std::string(loOpen ? "greater than " : "at least ") + number(lo);
        return std::string(loOpen ? "greater than " : "between ") + number(lo)
               + (loOpen ? " and at most " : " and ") + number(hi) + (hiOpen ? " (exclusive)" : "");
    }
};

constexpr double kInf = INFINITY;

const std::vector<std::string>& monitors()
{
    static const std::vector<std::string> v{"val_loss", "val_accuracy", "train_loss", "train_accuracy"};
    return v;
}

void checkMonitor(Checker& c, const std::string& key, const std::string& monitor, const RunConfig& config)
{
    c.oneOf(key, monitor, monitors());
    if (monitor.starts_with("val_") && config.data.split.val <= 0.0)
        c.add(key + " = \"" + monitor + "\" needs a validation set: set data.split.val above 0");
    if (monitor.ends_with("_accuracy") && config.model.task == "regression")
        c.add(key + " = \"" + monitor + "\" is not available for regression: use a loss");
}

} // namespace

long long parameterCount(const ModelConfig& model, long long inputs, long long outputs)
{
    // At most 256 layers of 65,536 units: no overflow for any input width below 10^13.
    long long total = 0, in = inputs;
    for (const int width : model.hidden) {
        const long long out = std::max(width, 1);
        total += in * out + out + (model.batchNorm ? 2 * out : 0);
        in = out;
    }
    return total + in * outputs + outputs;
}

std::string networkSizeProblem(const ModelConfig& model, long long inputs, long long outputs)
{
    const auto grouped = [](long long n) {
        std::string digits = std::to_string(n);
        for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
            digits.insert(static_cast<std::size_t>(i), ",");
        return digits;
    };
    const long long count = parameterCount(model, inputs, outputs);
    if (count <= kMaxParameters)
        return {};
    std::string widths;
    for (std::size_t i = 0; i < model.hidden.size() && i < 6; ++i)
        widths += (i ? ", " : "") + std::to_string(model.hidden[i]);
    if (model.hidden.size() > 6)
        widths += ", ...";
    return "model.hidden = [" + widths + "] on " + grouped(inputs) + " input" + (inputs == 1 ? "" : "s")
           + " makes a network of " + grouped(count) + " parameters: at most " + grouped(kMaxParameters)
           + " are allowed; use narrower or fewer hidden layers";
}

Task taskOf(const ModelConfig& model)
{
    return model.task == "regression" ? Task::Regression : Task::Classification;
}

std::vector<std::string> RunConfig::validate() const
{
    Checker c;
    // data
    std::vector<std::string> datasets;
    for (const auto& g : generatorCatalog())
        datasets.push_back(g.name);
    for (const auto& b : bundledDatasetNames())
        datasets.push_back(b);
    datasets.push_back("csv");
    c.oneOf("data.dataset", data.dataset, datasets);
    if (data.dataset == "csv" && data.path.empty())
        c.add("data.path is empty: data.dataset = \"csv\" needs the CSV file to read");
    c.oneOf("data.separator", data.separator, {"auto", ",", ";", "\t"});
    c.range("data.label_noise", data.labelNoise, 0, 1);
    c.range("data.noise_features", data.noiseFeatures, 0, 1024);
    if (data.labelNoise > 0 && model.task == "regression")
        c.add("data.label_noise flips class labels: it needs model.task = \"classification\"");
    if (isBundledDataset(data.dataset) && model.task != "classification")
        c.add("model.task = \"" + model.task + "\" does not fit data.dataset = \"" + data.dataset
              + "\": use \"classification\"");
    c.range("data.samples", data.samples, 4, 10'000'000);
    c.range("data.noise", data.noise, 0, 100);
    c.range("data.classes", data.classes, 2, 100);
    c.range("data.dimensions", data.dimensions, 1, 1024);
    c.range("data.positive_fraction", data.positiveFraction, 0.01, 0.5);
    c.range("data.split.train", data.split.train, 0, 1, true);
    c.range("data.split.val", data.split.val, 0, 1);
    c.range("data.split.test", data.split.test, 0, 1);
    const double splitSum = data.split.train + data.split.val + data.split.test;
    if (std::isfinite(splitSum) && std::abs(splitSum - 1.0) > 1e-6)
        c.add("data.split fractions sum to " + number(splitSum) + ": train + val + test must equal 1");
    c.oneOf("data.normalize", data.normalize, {"none", "zscore", "minmax"});
    if (const GeneratorInfo* g = findGenerator(data.dataset)) {
        const bool regressionSet = g->task == Task::Regression;
        if (regressionSet != (model.task == "regression") && (model.task == "regression" || model.task == "classification"))
            c.add("model.task = \"" + model.task + "\" does not fit data.dataset = \"" + data.dataset + "\": use \""
                  + (regressionSet ? "regression" : "classification") + "\"");
    }

    // model
    c.oneOf("model.task", model.task, {"classification", "regression"});
    if (model.hidden.size() > 256)
        c.add("model.hidden has " + std::to_string(model.hidden.size()) + " layers: at most 256 are allowed");
    for (std::size_t i = 0; i < model.hidden.size(); ++i)
        c.range("model.hidden[" + std::to_string(i) + "]", model.hidden[i], 1, 65536);
    c.oneOf("model.activation", model.activation, activationNames());
    c.range("model.leaky_slope", model.leakySlope, 0, 1, false, true);
    c.range("model.elu_alpha", model.eluAlpha, 0, 100, true);
    c.oneOf("model.init", model.init, initNames());
    c.range("model.init_scale", model.initScale, 0, 100, true);
    c.range("model.dropout", model.dropout, 0, 1, false, true);
    {
        // The input width as far as it is known before loading the data
        // (CSV and bundled sets: at least 1); Trainer checks the real one.
        const GeneratorInfo* g = findGenerator(data.dataset);
        const long long inputs = (g && g->usesDimensions ? std::max(data.dimensions, 1) : g ? 2 : 1)
                                 + std::max(data.noiseFeatures, 0);
        if (model.hidden.size() <= 256 && std::all_of(model.hidden.begin(), model.hidden.end(), [](int w) { return w >= 1 && w <= 65536; }))
            if (std::string problem = networkSizeProblem(model, inputs, 1); !problem.empty())
                c.add(std::move(problem));
    }
    if (model.batchNorm && training.batchSize == 1)
        c.add("model.batch_norm needs training.batch_size of at least 2: the statistics of one sample are undefined");

    // training
    c.range("training.epochs", training.epochs, 1, 1'000'000);
    c.range("training.batch_size", training.batchSize, 0, 10'000'000);
    c.range("training.threads", training.threads, 1, 64);
    c.range("training.regularization.l1", training.l1, 0, 1000);
    c.range("training.regularization.l2", training.l2, 0, 1000);
    c.range("training.gradient_clipping.norm", training.clipNorm, 0, kInf);
    c.range("training.gradient_clipping.value", training.clipValue, 0, kInf);
    c.range("training.jitter", training.jitter, 0, 100);

    const OptimizerSpec& o = training.optimizer;
    c.oneOf("training.optimizer.type", o.type, optimizerTypes());
    c.range("training.optimizer.lr", o.lr, 0, 1e9, true);
    c.range("training.optimizer.momentum", o.momentum, 0, 1, false, true);
    c.range("training.optimizer.betas[0]", o.beta1, 0, 1, false, true);
    c.range("training.optimizer.betas[1]", o.beta2, 0, 1, false, true);
    c.range("training.optimizer.eps", o.eps, 0, 1, true);
    c.range("training.optimizer.rho", o.rho, 0, 1, false, true);
    c.range("training.optimizer.weight_decay", o.weightDecay, 0, 1000);
    if ((o.nesterov || o.type == "nesterov") && !(o.momentum > 0))
        c.add("training.optimizer.nesterov needs training.optimizer.momentum above 0");

    const ScheduleSpec& s = training.schedule;
    c.oneOf("training.schedule.type", s.type, scheduleTypes());
    c.range("training.schedule.step_size", s.stepSize, 1, 1'000'000);
    c.range("training.schedule.gamma", s.gamma, 0, 1, true);
    int previous = 0;
    for (std::size_t i = 0; i < s.milestones.size(); ++i) {
        if (s.milestones[i] <= previous)
            c.add("training.schedule.milestones[" + std::to_string(i) + "] = " + std::to_string(s.milestones[i])
                  + " must be a positive epoch greater than the one before it");
        previous = s.milestones[i];
    }
    c.range("training.schedule.decay_rate", s.decayRate, 0, 1e6);
    c.range("training.schedule.decay_steps", s.decaySteps, 0, 1e9, true);
    c.range("training.schedule.period", s.period, 0, 1'000'000);
    c.range("training.schedule.period_mult", s.periodMult, 1, 100);
    c.range("training.schedule.min_lr", s.minLr, 0, 1e9);
    c.range("training.schedule.max_lr", s.maxLr, 0, 1e9, true);
    c.range("training.schedule.cycle_epochs", s.cycleEpochs, 0, 1e6, true);
    c.range("training.schedule.warmup_epochs", s.warmupEpochs, 0, 1e6);
    c.range("training.schedule.warmup_start_factor", s.warmupStartFactor, 0, 1, true);
    c.range("training.schedule.factor", s.factor, 0, 1, true, true);
    c.range("training.schedule.patience", s.patience, 0, 1'000'000);
    c.range("training.schedule.cooldown", s.cooldown, 0, 1'000'000);
    c.range("training.schedule.threshold", s.threshold, 0, 1, false, true);
    if (s.type == "plateau")
        checkMonitor(c, "training.schedule.monitor", s.monitor, *this);

    const EarlyStoppingConfig& e = training.earlyStopping;
    if (e.enabled)
        checkMonitor(c, "training.early_stopping.monitor", e.monitor, *this);
    c.range("training.early_stopping.patience", e.patience, 0, 1'000'000);
    c.range("training.early_stopping.min_delta", e.minDelta, 0, kInf);
    return c.problems;
}

} // namespace hs
