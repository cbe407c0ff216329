#include "io/sweep.h"

#include "core/range_check.h"
#include "core/rng.h"
#include "io/atomic_file.h"
#include "io/config_json.h"
#include "io/run_writer.h"
#include "train/cross_validation.h"
#include "train/trainer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

namespace hs {

using nlohmann::json;

namespace {

// Splits on commas that are not inside brackets or quotes.
std::vector<std::string> splitTopLevel(const std::string& s)
{
    std::vector<std::string> parts(1);
    int depth = 0;
    bool quoted = false;
    for (char c : s) {
        if (c == '"')
            quoted = !quoted;
        if (!quoted && (c == '[' || c == '{'))
            ++depth;
        if (!quoted && (c == ']' || c == '}'))
            --depth;
        if (c == ',' && depth == 0 && !quoted)
            parts.emplace_back();
        else
            parts.back() += c;
    }
    return parts;
}

json parseValue(const std::string& text)
{
    try {
        return json::parse(text);
    } catch (const json::parse_error&) {
        return text;
    }
}

double parseDouble(const std::string& text, const std::string& axis)
{
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && std::isfinite(v))
            return v;
    } catch (const std::exception&) {
    }
    throw std::invalid_argument("--random " + axis + ": \"" + text + "\" is not a number");
}

void setKey(json& j, const std::string& key, const json& value)
{
    applyOverride(j, key + "=" + value.dump());
}

std::string cell(const json& v)
{
    std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::map<std::string, double> trialMetrics(const Trainer& t, const Evaluation& e)
{
    std::map<std::string, double> m;
    const auto& h = t.history();
    if (!h.empty()) {
        m["train_loss"] = h.back().trainLoss;
        double best = INFINITY, bestAccuracy = -INFINITY;
        for (const auto& r : h) {
            if (r.valLoss)
                best = std::min(best, *r.valLoss);
            if (r.valAccuracy)
                bestAccuracy = std::max(bestAccuracy, *r.valAccuracy);
        }
        if (std::isfinite(best))
            m["val_loss"] = best;
        if (std::isfinite(bestAccuracy))
            m["val_accuracy"] = bestAccuracy;
    }
    m["epochs_run"] = t.summary().epochsRun;
    if (!e.valid)
        return m;
    if (e.task == Task::Regression) {
        m["rmse"] = e.regression.rmse;
        m["r2"] = e.regression.r2;
    } else {
        m["accuracy"] = e.classification.accuracy;
        m["f1"] = e.classification.f1;
        m["recall"] = e.classification.recall;
        m["precision"] = e.classification.precision;
        if (e.classification.rocAuc)
            m["roc_auc"] = *e.classification.rocAuc;
        if (e.classification.averagePrecision)
            m["average_precision"] = *e.classification.averagePrecision;
    }
    return m;
}

// The status of a cross-validated trial: its worst fold's.
std::string worstStatus(const std::vector<std::string>& statuses)
{
    static const std::vector<std::string> order{"failed", "diverged", "stopped", "missing", "stopped_early", "finished"};
    for (const auto& s : order)
        if (std::find(statuses.begin(), statuses.end(), s) != statuses.end())
            return s;
    return statuses.empty() ? std::string("missing") : statuses.front();
}

// Each metric's mean over the folds where it is defined.
std::map<std::string, double> meanMetrics(const std::vector<std::map<std::string, double>>& folds)
{
    std::map<std::string, double> sum;
    std::map<std::string, int> count;
    for (const auto& f : folds)
        for (const auto& [k, v] : f)
            if (std::isfinite(v)) {
                sum[k] += v;
                ++count[k];
            }
    for (auto& [k, v] : sum)
        v /= count[k];
    return sum;
}

std::string trialFolderName(int trial, int width)
{
    char name[32];
    std::snprintf(name, sizeof name, "trial_%0*d", width, trial);
    return name;
}

// The swept keys' values in one trial's config.
std::map<std::string, json> knobsOf(const SweepSpec& spec, const json& trial)
{
    auto lookup = [&](const std::string& key) {
        const json* node = &trial;
        std::size_t start = 0;
        while (node) {
            const auto dot = key.find('.', start);
            const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            node = node->is_object() && node->contains(part) ? &(*node)[part] : nullptr;
            if (dot == std::string::npos)
                break;
            start = dot + 1;
        }
        return node ? *node : json(nullptr);
    };
    std::map<std::string, json> knobs;
    for (const auto& axis : spec.grid)
        knobs[axis.key] = lookup(axis.key);
    for (const auto& axis : spec.random)
        knobs[axis.key] = lookup(axis.key);
    return knobs;
}

} // namespace

GridAxis parseGridAxis(const std::string& text)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw std::invalid_argument("--grid expects key=v1,v2,…, got \"" + text + "\"");
    GridAxis axis;
    axis.key = text.substr(0, eq);
    for (const auto& part : splitTopLevel(text.substr(eq + 1)))
        axis.values.push_back(parseValue(part));
    return axis;
}

RandomAxis parseRandomAxis(const std::string& text)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        throw std::invalid_argument("--random expects key=lo:hi[:log][:int], got \"" + text + "\"");
    RandomAxis axis;
    axis.key = text.substr(0, eq);
    std::vector<std::string> parts;
    std::string rest = text.substr(eq + 1);
    for (std::size_t start = 0;;) {
        const auto colon = rest.find(':', start);
        parts.push_back(rest.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
        if (colon == std::string::npos)
            break;
        start = colon + 1;
    }
    if (parts.size() < 2)
        throw std::invalid_argument("--random " + axis.key + " needs lo:hi, got \"" + rest + "\"");
    axis.lo = parseDouble(parts[0], axis.key);
    axis.hi = parseDouble(parts[1], axis.key);
    for (std::size_t i = 2; i < parts.size(); ++i) {
        if (parts[i] == "log")
            axis.log = true;
        else if (parts[i] == "int")
            axis.integer = true;
        else
            throw std::invalid_argument("--random " + axis.key + ": unknown flag \"" + parts[i] + "\" (log or int)");
    }
    if (!(axis.lo <= axis.hi))
        throw std::invalid_argument("--random " + axis.key + ": lo " + formatNumber(axis.lo) + " is above hi "
                                    + formatNumber(axis.hi));
    if (axis.log && axis.lo <= 0.0)
        throw std::invalid_argument("--random " + axis.key + ": a log range needs lo > 0, got " + formatNumber(axis.lo));
    return axis;
}

bool metricIsMaximized(const std::string& metric)
{
    static const std::set<std::string> larger{"accuracy", "val_accuracy", "f1", "recall", "precision",
                                              "roc_auc", "average_precision", "r2"};
    return larger.count(metric) > 0;
}

double sweepTrialCount(const SweepSpec& spec)
{
    double count = 1.0;
    for (const auto& axis : spec.grid)
        count *= static_cast<double>(axis.values.size());
    if (!spec.random.empty())
        count *= static_cast<double>(std::max(spec.trials, 0));
    return count;
}

std::vector<json> sweepTrials(const SweepSpec& spec)
{
    if (const double count = sweepTrialCount(spec); count > kMaxSweepTrials) {
        std::ostringstream message;
        message << "this sweep has ";
        if (count < 1e15)
            message << static_cast<long long>(count);
        else
            message << std::setprecision(3) << count;
        message << " trials (";
        const char* separator = "";
        for (const auto& axis : spec.grid) {
            message << separator << axis.values.size() << " values of " << axis.key;
            separator = " × ";
        }
        if (!spec.random.empty())
            message << separator << spec.trials << " random draws";
        message << "); at most " << static_cast<long long>(kMaxSweepTrials)
                << " are allowed: use fewer values, or random draws over ranges";
        throw std::invalid_argument(message.str());
    }
    std::vector<json> points{spec.base};
    for (const auto& axis : spec.grid) {
        if (axis.values.empty())
            throw std::invalid_argument("--grid " + axis.key + " has no values");
        std::vector<json> next;
        for (const auto& p : points)
            for (const auto& v : axis.values) {
                json trial = p;
                setKey(trial, axis.key, v);
                next.push_back(std::move(trial));
            }
        points = std::move(next);
    }
    std::vector<json> trials;
    if (spec.random.empty()) {
        trials = std::move(points);
    } else {
        if (spec.trials < 1)
            throw std::invalid_argument("--trials " + std::to_string(spec.trials) + " must be at least 1");
        Rng rng(spec.seed);
        for (const auto& p : points)
            for (int i = 0; i < spec.trials; ++i) {
                json trial = p;
                for (const auto& axis : spec.random) {
                    double v = axis.log ? std::exp(rng.uniform(std::log(axis.lo), std::log(axis.hi)))
                                        : rng.uniform(axis.lo, axis.hi);
                    if (axis.integer)
                        setKey(trial, axis.key, json(static_cast<long long>(std::llround(v))));
                    else
                        setKey(trial, axis.key, json(v));
                }
                trials.push_back(std::move(trial));
            }
    }
    for (std::size_t i = 0; i < trials.size(); ++i) {
        ConfigParse parsed = configFromJson(trials[i]);
        if (!parsed.ok()) {
            for (auto& p : parsed.problems)
                p = "trial " + std::to_string(i + 1) + ": " + p;
            throw ConfigError(parsed.problems);
        }
    }
    return trials;
}

std::vector<TrialResult> runSweep(const SweepSpec& spec, const std::filesystem::path& dir, int jobs, RunControl& control,
                                  const std::function<void(const TrialResult&, int, int)>& progress,
                                  std::optional<int> onlyTrial)
{
    const std::vector<json> trials = sweepTrials(spec);
    if (onlyTrial && (*onlyTrial < 1 || *onlyTrial > static_cast<int>(trials.size())))
        throw std::invalid_argument("--trial " + std::to_string(*onlyTrial) + " is out of range: this sweep has trials 1 … "
                                    + std::to_string(trials.size()));
    std::vector<TrialResult> results(trials.size());
    std::atomic<std::size_t> next{onlyTrial ? static_cast<std::size_t>(*onlyTrial - 1) : 0};
    const std::size_t end = onlyTrial ? static_cast<std::size_t>(*onlyTrial) : trials.size();
    std::mutex report;
    int done = 0;
    const int width = trials.size() >= 1000 ? 4 : 3;
    auto worker = [&] {
        for (std::size_t i = next++; i < end; i = next++) {
            if (control.stopRequested())
                return;
            TrialResult& r = results[i];
            r.trial = static_cast<int>(i + 1);
            r.folder = dir / trialFolderName(r.trial, width);
            try {
                RunConfig config = configFromJson(trials[i]).config;
                config.training.threads = 1;
                TrainingObserver quiet;
                if (spec.folds >= 2) {
                    std::filesystem::create_directories(r.folder);
                    std::vector<std::string> statuses;
                    std::vector<std::map<std::string, double>> perFold;
                    const CrossValidation cv = crossValidate(config, spec.folds, quiet, control,
                        [&](int fold, const Trainer& trainer) {
                            writeRunFolder(r.folder / ("fold_" + std::to_string(fold)), trainer);
                            statuses.emplace_back(toString(trainer.summary().status));
                            perFold.push_back(trialMetrics(trainer, trainer.evaluate(trainer.reportSubset())));
                        });
                    writeFileAtomically(r.folder / "cross_validation.json", crossValidationJson(cv).dump(2) + "\n");
                    r.folds = static_cast<int>(perFold.size());
                    r.status = static_cast<int>(perFold.size()) < spec.folds ? std::string("stopped") : worstStatus(statuses);
                    r.metrics = meanMetrics(perFold);
                } else {
                    Trainer trainer(config);
                    trainer.run(quiet, control);
                    writeRunFolder(r.folder, trainer);
                    r.status = std::string(toString(trainer.summary().status));
                    r.metrics = trialMetrics(trainer, trainer.evaluate(trainer.reportSubset()));
                }
            } catch (const std::exception& e) {
                r.status = "failed";
                r.error = e.what();
            }
            r.knobs = knobsOf(spec, trials[i]);
            std::lock_guard lock(report);
            ++done;
            if (progress)
                progress(r, done, static_cast<int>(onlyTrial ? 1 : trials.size()));
        }
    };
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw FileError("cannot create folder " + dir.string() + ": " + ec.message());
    writeFileAtomically(dir / "sweep.json", sweepToJson(spec).dump(2) + "\n");
    const int threads = std::max(1, std::min<int>(jobs, static_cast<int>(end - next.load())));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto& t : pool)
        t.join();
    std::erase_if(results, [](const TrialResult& r) { return r.trial == 0; });
    if (!onlyTrial)
        writeFileAtomically(dir / "results.csv", resultsCsv(results, spec.metric));
    return results;
}

json sweepToJson(const SweepSpec& spec)
{
    json grid = json::array(), random = json::array();
    for (const auto& g : spec.grid)
        grid.push_back({{"key", g.key}, {"values", g.values}});
    for (const auto& r : spec.random)
        random.push_back({{"key", r.key}, {"lo", r.lo}, {"hi", r.hi}, {"log", r.log}, {"int", r.integer}});
    return {{"format", "hyperscope-sweep/1"}, {"base", spec.base}, {"grid", grid}, {"random", random},
            {"trials", spec.trials}, {"seed", spec.seed}, {"metric", spec.metric}, {"folds", spec.folds}};
}

SweepSpec sweepFromJson(const json& j)
{
    if (!j.is_object() || j.value("format", std::string()) != "hyperscope-sweep/1")
        throw std::invalid_argument("not a sweep description (expected \"format\": \"hyperscope-sweep/1\")");
    SweepSpec s;
    s.base = j.at("base");
    for (const auto& g : j.at("grid"))
        s.grid.push_back({g.at("key").get<std::string>(), g.at("values").get<std::vector<json>>()});
    for (const auto& r : j.at("random"))
        s.random.push_back({r.at("key").get<std::string>(), r.at("lo").get<double>(), r.at("hi").get<double>(),
                            r.at("log").get<bool>(), r.at("int").get<bool>()});
    s.trials = j.at("trials").get<int>();
    s.seed = j.at("seed").get<std::uint64_t>();
    s.metric = j.at("metric").get<std::string>();
    s.folds = j.value("folds", 0); // absent in sweeps written before k-fold trials
    if (s.folds == 1 || s.folds < 0 || s.folds > 100)
        throw std::invalid_argument("folds must be 0 (off) or 2 … 100, got " + std::to_string(s.folds));
    return s;
}

namespace {

struct FolderResult {
    std::string status;
    std::map<std::string, double> metrics;
};

// A finished run folder's status and headline metrics, the same numbers a
// live sweep reports; status "missing" when the run never wrote its metrics.
FolderResult readRunResult(const std::filesystem::path& folder)
{
    FolderResult r;
    if (!std::filesystem::exists(folder / "metrics.json")) {
        r.status = "missing";
        return r;
    }
    const json m = parseJson(readFile(folder / "metrics.json"), (folder / "metrics.json").string());
    r.status = m.value("status", std::string("unknown"));
    for (const char* key : {"accuracy", "f1", "recall", "precision", "roc_auc", "average_precision", "rmse", "r2",
                            "epochs_run"})
        if (m.contains(key) && m[key].is_number())
            r.metrics[key] = m[key].get<double>();
    // Losses come from the history, as the live sweep reports them.
    const std::string history = readFile(folder / "history.csv");
    double bestVal = INFINITY, bestAccuracy = -INFINITY, lastTrain = NAN;
    std::size_t start = history.find('\n');
    while (start != std::string::npos && start + 1 < history.size()) {
        const std::size_t end = history.find('\n', start + 1);
        const std::string line = history.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
        std::vector<std::string> cells(1);
        for (char c : line) {
            if (c == ',')
                cells.emplace_back();
            else
                cells.back().push_back(c);
        }
        if (cells.size() > 4) {
            lastTrain = std::strtod(cells[1].c_str(), nullptr);
            if (!cells[2].empty())
                bestVal = std::min(bestVal, std::strtod(cells[2].c_str(), nullptr));
            if (!cells[4].empty())
                bestAccuracy = std::max(bestAccuracy, std::strtod(cells[4].c_str(), nullptr));
        }
        start = end;
    }
    if (std::isfinite(lastTrain))
        r.metrics["train_loss"] = lastTrain;
    if (std::isfinite(bestVal))
        r.metrics["val_loss"] = bestVal;
    if (std::isfinite(bestAccuracy))
        r.metrics["val_accuracy"] = bestAccuracy;
    return r;
}

} // namespace

std::filesystem::path trialRunFolder(const TrialResult& trial)
{
    return trial.folds > 0 ? trial.folder / "fold_1" : trial.folder;
}

std::vector<TrialResult> collectSweep(const std::filesystem::path& dir)
{
    SweepSpec spec;
    try {
        spec = sweepFromJson(parseJson(readFile(dir / "sweep.json"), (dir / "sweep.json").string()));
    } catch (const json::exception& e) {
        throw std::invalid_argument((dir / "sweep.json").string() + " is damaged: " + e.what());
    }
    const std::vector<json> trials = sweepTrials(spec);
    const int width = trials.size() >= 1000 ? 4 : 3;
    std::vector<TrialResult> results;
    for (std::size_t i = 0; i < trials.size(); ++i) {
        TrialResult r;
        r.trial = static_cast<int>(i + 1);
        r.folder = dir / trialFolderName(r.trial, width);
        r.knobs = knobsOf(spec, trials[i]);
        if (spec.folds >= 2) {
            std::vector<std::string> statuses;
            std::vector<std::map<std::string, double>> perFold;
            for (int k = 1; k <= spec.folds; ++k) {
                FolderResult f = readRunResult(r.folder / ("fold_" + std::to_string(k)));
                statuses.push_back(f.status);
                if (f.status != "missing")
                    perFold.push_back(std::move(f.metrics));
            }
            r.folds = static_cast<int>(perFold.size());
            r.status = worstStatus(statuses);
            r.metrics = meanMetrics(perFold);
        } else {
            FolderResult f = readRunResult(r.folder);
            r.status = f.status;
            r.metrics = std::move(f.metrics);
        }
        results.push_back(std::move(r));
    }
    writeFileAtomically(dir / "results.csv", resultsCsv(results, spec.metric));
    return results;
}

std::string resultsCsv(std::vector<TrialResult> results, const std::string& metric)
{
    const bool maximize = metricIsMaximized(metric);
    std::stable_sort(results.begin(), results.end(), [&](const TrialResult& a, const TrialResult& b) {
        const auto ia = a.metrics.find(metric), ib = b.metrics.find(metric);
        const bool ha = ia != a.metrics.end() && std::isfinite(ia->second);
        const bool hb = ib != b.metrics.end() && std::isfinite(ib->second);
        if (ha != hb)
            return ha; // trials without the metric (failed, diverged) last
        if (!ha)
            return a.trial < b.trial;
        if (ia->second != ib->second)
            return maximize ? ia->second > ib->second : ia->second < ib->second;
        return a.trial < b.trial;
    });
    std::set<std::string> knobNames, metricNames;
    for (const auto& r : results) {
        for (const auto& [k, v] : r.knobs)
            knobNames.insert(k);
        for (const auto& [k, v] : r.metrics)
            metricNames.insert(k);
    }
    std::string out = "rank,trial";
    for (const auto& k : knobNames)
        out.append(",").append(k);
    out += ",status";
    for (const auto& m : metricNames)
        out.append(",").append(m);
    out += ",folder,error\n";
    int rank = 0;
    for (const auto& r : results) {
        out += std::to_string(++rank) + "," + std::to_string(r.trial);
        for (const auto& k : knobNames) {
            const auto it = r.knobs.find(k);
            out.append(",").append(it == r.knobs.end() ? std::string() : cell(it->second));
        }
        out.append(",").append(r.status);
        for (const auto& m : metricNames) {
            const auto it = r.metrics.find(m);
            out.append(",").append(it == r.metrics.end() ? std::string() : formatNumber(it->second));
        }
        out.append(",").append(cell(r.folder.filename().string())).append(",").append(cell(json(r.error))).append("\n");
    }
    return out;
}

} // namespace hs
