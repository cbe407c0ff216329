// hyperscope-cli: everything the desktop app computes, headless.
// Argument parsing and dispatch only; the work is done by the engine.

#include "cli_charts.h"
#include "console_observer.h"

#include "io/atomic_file.h"
#include "io/config_json.h"
#include "io/run_writer.h"
#include "io/scores_file.h"
#include "io/sweep.h"
#include "io/presets.h"
#include "io/weights_file.h"
#include "train/cross_validation.h"
#include "train/gradient_check.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr const char* kUsage = R"(Usage:
  hyperscope-cli train [CONFIG.json | --preset NAME] --out DIR [options]
  hyperscope-cli evaluate SCORES.csv --out DIR [--threshold T]
  hyperscope-cli gradcheck [CONFIG.json | --preset NAME] [--set ...] [--tolerance TOL]
  hyperscope-cli sweep [BASE.json | --preset NAME] --out DIR (--grid key=v1,v2,... | --random key=lo:hi[:log][:int])...
                       [--trials N] [--jobs J] [--metric M] [--seed S] [--folds K] [--trial K] [--set ...]
  hyperscope-cli collect DIR
  hyperscope-cli presets
  hyperscope-cli --help | --version

train     Trains the run CONFIG.json describes (the built-in default run
          without one) and writes DIR/config.json (resolved), history.csv,
          metrics.json, roc.csv, pr.csv and weights.json.
  --preset NAME          start from a lesson preset (see `presets`)
  --folds K              stratified K-fold cross-validation instead: one run
                         folder per fold (DIR/fold_1 …) and DIR/cross_validation.json
                         with per-fold and mean ± std metrics
  --set key.path=value   override one config value (repeatable), e.g.
                         --set training.optimizer.lr=0.1 --set model.hidden=[16,16]
  --init-weights FILE    start from the weights in FILE (a weights.json)
  --threshold T          decision threshold for binary metrics (default 0.5)
  --charts FORMAT        also draw every chart as the desktop app draws it,
                         into DIR/charts/ (FORMAT: png, svg or pdf)
  --quiet                no progress output

evaluate  Computes the metrics and curves of any classifier's output: a CSV
          with a `label` column (class index) and either one `score` column
          (binary, score of class 1) or score_0 … score_{K-1}.

gradcheck Compares back-propagation with central finite differences (double
          precision) on up to 64 training samples of the run's initial network,
          per layer and parameter kind; exits 1 if the largest relative error
          exceeds --tolerance (default 1e-4).

sweep     Grid and/or random search: every combination of the --grid values
          (each with N random draws of the --random ranges, log-uniform with
          :log), run J trials at a time (default: all cores, each trial on one
          thread). Writes DIR/trial_NNN/ run folders and DIR/results.csv sorted
          by --metric (default val_loss, the best validation loss; also
          val_accuracy, accuracy, f1, roc_auc, rmse, ...), best first.
          --folds K makes every trial a K-fold cross-validation (trial_NNN/fold_1 …),
          ranked by the metrics' means over the folds.
          --trial K runs only trial K (one job of a cluster array; see README).

collect   Rebuilds DIR/results.csv of a sweep from its sweep.json and the
          trial folders present (e.g. after the trials ran as separate jobs).

presets   Lists the lesson presets with their titles.

Exit status: 0 on success; otherwise 1 with one line on standard error
(2 for a usage error).
)";

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Options {
    std::string command;
    std::optional<std::string> input;
    std::optional<std::string> out;
    std::vector<std::string> sets;
    std::optional<std::string> initWeights;
    std::optional<std::string> preset;
    int folds = 0;
    double tolerance = 1e-4;
    std::vector<std::string> grid, random;
    int trials = 10;
    int jobs = 0;
    std::string metric = "val_loss";
    std::uint64_t seed = 1;
    std::optional<int> trial;
    double threshold = 0.5;
    std::optional<std::string> charts;
    bool quiet = false;
};

double parseThreshold(const std::string& text)
{
    try {
        std::size_t used = 0;
        const double t = std::stod(text, &used);
        if (used == text.size() && t >= 0.0 && t <= 1.0)
            return t;
    } catch (const std::exception&) {
    }
    throw UsageError("--threshold " + text + " is not a number between 0 and 1");
}

int parseInteger(const std::string& option, const std::string& text, int lo, int hi)
{
    try {
        std::size_t used = 0;
        const int v = std::stoi(text, &used);
        if (used == text.size() && v >= lo && v <= hi)
            return v;
    } catch (const std::exception&) {
    }
    throw UsageError(option + " " + text + " is not a whole number between " + std::to_string(lo) + " and "
                     + std::to_string(hi));
}

double parsePositive(const std::string& option, const std::string& text)
{
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && v > 0.0 && std::isfinite(v))
            return v;
    } catch (const std::exception&) {
    }
    throw UsageError(option + " " + text + " is not a positive number");
}

Options parse(int argc, char** argv)
{
    Options o;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty())
        throw UsageError("no command given; try hyperscope-cli --help");
    o.command = args[0];
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size())
                throw UsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "--out")
            o.out = value();
        else if (a == "--set")
            o.sets.push_back(value());
        else if (a == "--init-weights")
            o.initWeights = value();
        else if (a == "--threshold")
            o.threshold = parseThreshold(value());
        else if (a == "--preset")
            o.preset = value();
        else if (a == "--charts") {
            o.charts = value();
            if (*o.charts != "png" && *o.charts != "svg" && *o.charts != "pdf")
                throw UsageError("--charts " + *o.charts + ": the chart formats are png, svg and pdf");
        }
        else if (a == "--folds")
            o.folds = parseInteger(a, value(), 2, 100);
        else if (a == "--grid")
            o.grid.push_back(value());
        else if (a == "--random")
            o.random.push_back(value());
        else if (a == "--trials")
            o.trials = parseInteger(a, value(), 1, 100000);
        else if (a == "--jobs")
            o.jobs = parseInteger(a, value(), 1, 256);
        else if (a == "--trial")
            o.trial = parseInteger(a, value(), 1, 100000000);
        else if (a == "--metric")
            o.metric = value();
        else if (a == "--seed")
            o.seed = static_cast<std::uint64_t>(parseInteger(a, value(), 0, 2000000000));
        else if (a == "--tolerance")
            o.tolerance = parsePositive(a, value());
        else if (a == "--quiet" || a == "-q")
            o.quiet = true;
        else if (a.starts_with("--"))
            throw UsageError("unknown option " + a + "; try hyperscope-cli --help");
        else if (!o.input)
            o.input = a;
        else
            throw UsageError("unexpected argument " + a);
    }
    return o;
}

// The config a command runs: a file, a preset or the default, then --set.
hs::RunConfig resolveConfig(const Options& o, std::string& source)
{
    if (o.input && o.preset)
        throw UsageError("give either CONFIG.json or --preset, not both");
    nlohmann::json json = nlohmann::json::object();
    source = "the built-in default run";
    if (o.input) {
        source = *o.input;
        json = hs::parseJson(hs::readFile(*o.input, hs::kMaxConfigFileBytes, "a run config"), *o.input);
    } else if (o.preset) {
        const hs::Preset* preset = hs::findPreset(*o.preset);
        if (!preset) {
            std::string names;
            for (const auto& p : hs::presetCatalog())
                names += (names.empty() ? "" : ", ") + p.name;
            throw UsageError("no preset called \"" + *o.preset + "\"; presets are: " + names);
        }
        source = "preset " + preset->name;
        json = hs::parseJson(preset->json, source);
        json.erase("title");
        json.erase("description");
    }
    for (const auto& assignment : o.sets)
        hs::applyOverride(json, assignment);
    hs::ConfigParse parsed = hs::configFromJson(json);
    if (!parsed.ok())
        throw hs::ConfigError(parsed.problems);
    return parsed.config;
}

// --charts: the GUI's views of the finished run, in DIR/charts/.
void writeCharts(const Options& o, const hs::Trainer& trainer, const std::filesystem::path& runDir)
{
    if (!o.charts)
        return;
    std::string error;
    if (!hs::writeRunCharts(trainer, o.threshold, (runDir / "charts").string(), *o.charts, &error))
        throw hs::FileError(error);
}

// Fails now, not after an hour of training, when the results cannot be written.
void prepareOutputFolder(const std::filesystem::path& dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw hs::FileError("cannot create folder " + dir.string() + ": " + ec.message());
    const std::filesystem::path probe = dir / ".hyperscope-write-check";
    std::FILE* f = std::fopen(probe.c_str(), "wb");
    if (!f)
        throw hs::FileError("cannot write into folder " + dir.string() + ": " + std::strerror(errno));
    std::fclose(f);
    std::filesystem::remove(probe, ec);
}

int crossValidate(const Options& o, const hs::RunConfig& config, const std::string& source)
{
    hs::RunControl control;
    hs::ConsoleObserver observer(stderr, o.quiet, control);
    hs::ConsoleObserver::installInterruptHandler();
    const hs::CrossValidation cv = hs::crossValidate(config, o.folds, observer, control,
        [&](int fold, const hs::Trainer& trainer) {
            const auto folder = std::filesystem::path(*o.out) / ("fold_" + std::to_string(fold));
            hs::writeRunFolder(folder, trainer, o.threshold);
            writeCharts(o, trainer, folder);
        });
    hs::writeFileAtomically(std::filesystem::path(*o.out) / "cross_validation.json", hs::crossValidationJson(cv).dump(2) + "\n");
    if (!o.quiet) {
        std::printf("%s", hs::crossValidationTable(cv).c_str());
        std::printf("results of %s (%d folds) written to %s\n", source.c_str(), o.folds,
                    std::filesystem::absolute(*o.out).c_str());
    }
    return 0;
}

int train(const Options& o)
{
    if (!o.out)
        throw UsageError("train needs --out DIR");
    if (o.charts && !hs::chartsUnavailableReason().empty())
        throw UsageError("--charts: " + hs::chartsUnavailableReason());
    std::string source;
    const hs::RunConfig config = resolveConfig(o, source);
    if (o.folds > 0) {
        prepareOutputFolder(*o.out);
        return crossValidate(o, config, source);
    }

    hs::Trainer trainer(config);
    prepareOutputFolder(*o.out);
    if (o.charts) // fail before training, not after it, when the charts cannot be written
        prepareOutputFolder(std::filesystem::path(*o.out) / "charts");
    if (!o.quiet)
        for (const auto& note : trainer.data().notes)
            std::fprintf(stderr, "note: %s\n", note.c_str());
    if (o.initWeights)
        hs::loadWeightsFile(*o.initWeights, trainer.mutableNetwork());
    hs::RunControl control;
    hs::ConsoleObserver observer(stderr, o.quiet, control);
    hs::ConsoleObserver::installInterruptHandler();
    const hs::RunSummary summary = trainer.run(observer, control);
    hs::writeRunFolder(*o.out, trainer, o.threshold);
    writeCharts(o, trainer, *o.out);
    if (!o.quiet)
        std::printf("results of %s written to %s\n", source.c_str(), std::filesystem::absolute(*o.out).c_str());
    // A diverged run is a result, not a failure: its files are written and
    // metrics.json says where it diverged.
    if (summary.status == hs::RunStatus::Diverged && o.quiet)
        std::fprintf(stderr, "hyperscope-cli: %s\n", summary.message.c_str());
    return 0;
}

int gradcheck(const Options& o)
{
    std::string source;
    const hs::Trainer trainer(resolveConfig(o, source));
    const hs::GradientCheckResult r = hs::gradientCheck(trainer, 64);
    std::printf("gradient check of %s: %ld samples, objective %.6g\n", source.c_str(),
                long(std::min<Eigen::Index>(64, trainer.data().split.train.samples())), r.loss);
    std::printf("%-6s %-7s %10s %16s %16s\n", "layer", "kind", "params", "max rel error", "max abs error");
    for (const auto& e : r.entries)
        std::printf("L%-5d %-7s %10ld %16.3e %16.3e\n", e.layer, e.kind.c_str(), long(e.parameters),
                    e.maxRelativeError, e.maxAbsoluteError);
    const bool ok = r.maxRelativeError <= o.tolerance;
    std::printf("max relative error %.3e %s tolerance %.1e: %s\n", r.maxRelativeError, ok ? "within" : "ABOVE",
                o.tolerance, ok ? "gradients agree" : "gradients disagree");
    if (!ok) {
        std::fprintf(stderr, "hyperscope-cli: gradient check failed: max relative error %.3e above %.1e\n",
                     r.maxRelativeError, o.tolerance);
        return 1;
    }
    return 0;
}

int sweep(const Options& o)
{
    if (!o.out)
        throw UsageError("sweep needs --out DIR");
    if (o.grid.empty() && o.random.empty())
        throw UsageError("sweep needs at least one --grid or --random axis");
    std::string source;
    hs::SweepSpec spec;
    spec.base = hs::configToJson(resolveConfig(o, source));
    for (const auto& g : o.grid)
        spec.grid.push_back(hs::parseGridAxis(g));
    for (const auto& r : o.random)
        spec.random.push_back(hs::parseRandomAxis(r));
    spec.trials = o.trials;
    spec.seed = o.seed;
    spec.metric = o.metric;
    spec.folds = o.folds;
    const int jobs = o.jobs > 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t total = o.trial ? 1 : hs::sweepTrials(spec).size(); // validates every trial first
    prepareOutputFolder(*o.out);
    hs::RunControl control;
    hs::ConsoleObserver::installInterruptHandler();
    if (!o.quiet)
        std::fprintf(stderr, "sweep of %s: %zu trials on %d threads\n", source.c_str(), total, jobs);
    const auto results = hs::runSweep(spec, *o.out, jobs, control, [&](const hs::TrialResult& r, int done, int all) {
        if (hs::ConsoleObserver::interrupted())
            control.requestStop();
        if (o.quiet)
            return;
        const auto it = r.metrics.find(o.metric);
        std::fprintf(stderr, "[%d/%d] trial %d %s%s%s\n", done, all, r.trial, r.status.c_str(),
                     it == r.metrics.end() ? "" : ("  " + o.metric + " " + hs::formatNumber(it->second, 5)).c_str(),
                     r.error.empty() ? "" : ("  " + r.error).c_str());
    }, o.trial);
    if (!o.quiet && o.trial)
        std::printf("trial %d written to %s\n", *o.trial, results.at(0).folder.c_str());
    else if (!o.quiet)
        std::printf("%zu trials written to %s (best first in results.csv)\n", results.size(),
                    std::filesystem::absolute(*o.out).c_str());
    return 0;
}

int collect(const Options& o)
{
    if (!o.input)
        throw UsageError("collect needs the sweep's folder");
    const auto results = hs::collectSweep(*o.input);
    const auto missing = std::count_if(results.begin(), results.end(), [](const auto& r) { return r.status == "missing"; });
    if (!o.quiet)
        std::printf("%zu trials (%ld missing) collected into %s\n", results.size(), long(missing),
                    (std::filesystem::path(*o.input) / "results.csv").c_str());
    return 0;
}

int listPresets()
{
    for (const auto& p : hs::presetCatalog())
        std::printf("%-28s %s\n", p.name.c_str(), p.title.c_str());
    return 0;
}

int evaluate(const Options& o)
{
    if (!o.input)
        throw UsageError("evaluate needs a SCORES.csv file");
    if (!o.out)
        throw UsageError("evaluate needs --out DIR");
    const hs::Evaluation e = hs::readScoresFile(*o.input, o.threshold);
    hs::writeEvaluationFiles(*o.out, e, {}, nullptr);
    if (!o.quiet)
        std::printf("metrics of %s written to %s\n", o.input->c_str(), std::filesystem::absolute(*o.out).c_str());
    return 0;
}

// One line for people: the first problem, and how many more there are.
std::string oneLine(const std::string& message)
{
    const auto newline = message.find('\n');
    if (newline == std::string::npos)
        return message;
    std::size_t more = 0;
    for (char c : message)
        more += c == '\n';
    return message.substr(0, newline) + " (and " + std::to_string(more) + " more problem" + (more == 1 ? "" : "s") + ")";
}

} // namespace

int main(int argc, char** argv)
{
    // Past a file-size limit (ulimit -f) a write should fail with a message
    // (EFBIG, reported as such), not kill the process.
    std::signal(SIGXFSZ, SIG_IGN);
    // --charts' QApplication ends when main() returns, whichever way.
    struct ReleaseCharts {
        ~ReleaseCharts() { hs::releaseCharts(); }
    } releaseCharts;
    try {
        if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "help") == 0)) {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (argc >= 2 && std::strcmp(argv[1], "--version") == 0) {
            std::printf("hyperscope-cli %s\n", HYPERSCOPE_VERSION);
            return 0;
        }
        const Options o = parse(argc, argv);
        if (o.command == "train")
            return train(o);
        if (o.command == "evaluate")
            return evaluate(o);
        if (o.command == "gradcheck")
            return gradcheck(o);
        if (o.command == "sweep")
            return sweep(o);
        if (o.command == "collect")
            return collect(o);
        if (o.command == "presets")
            return listPresets();
        throw UsageError("unknown command \"" + o.command + "\"; try hyperscope-cli --help");
    } catch (const UsageError& e) {
        std::fprintf(stderr, "hyperscope-cli: %s\n", e.what());
        return 2;
    } catch (const hs::ConfigError& e) {
        // Every problem, on one line, so none is hidden.
        std::string all;
        for (const auto& p : e.problems())
            all += (all.empty() ? "" : "; ") + p;
        std::fprintf(stderr, "hyperscope-cli: invalid config: %s\n", all.c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hyperscope-cli: %s\n", oneLine(e.what()).c_str());
        return 1;
    }
}
