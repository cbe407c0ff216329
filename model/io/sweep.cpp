#include "io/sweep.h"

#include "core/range_check.h"
#include "core/rng.h"
#include "io/atomic_file.h"
#include "io/config_json.h"
#include "io/run_writer.h"
#include "train/trainer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <set>
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

std::vector<json> sweepTrials(const SweepSpec& spec)
{
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
                                  const std::function<void(const TrialResult&, int, int)>& progress)
{
    const std::vector<json> trials = sweepTrials(spec);
    std::vector<TrialResult> results(trials.size());
    std::atomic<std::size_t> next{0};
    std::mutex report;
    int done = 0;
    const int width = trials.size() >= 1000 ? 4 : 3;
    auto worker = [&] {
        for (std::size_t i = next++; i < trials.size(); i = next++) {
            if (control.stopRequested())
                return;
            TrialResult& r = results[i];
            r.trial = static_cast<int>(i + 1);
            char name[32];
            std::snprintf(name, sizeof name, "trial_%0*d", width, r.trial);
            r.folder = dir / name;
            try {
                RunConfig config = configFromJson(trials[i]).config;
                config.training.threads = 1;
                Trainer trainer(config);
                TrainingObserver quiet;
                trainer.run(quiet, control);
                writeRunFolder(r.folder, trainer);
                r.status = std::string(toString(trainer.summary().status));
                r.metrics = trialMetrics(trainer, trainer.evaluate(trainer.reportSubset()));
            } catch (const std::exception& e) {
                r.status = "failed";
                r.error = e.what();
            }
            const json resolved = trials[i];
            auto lookup = [&](const std::string& key) {
                const json* node = &resolved;
                std::size_t start = 0;
                while (node && start <= key.size()) {
                    const auto dot = key.find('.', start);
                    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
                    node = node->is_object() && node->contains(part) ? &(*node)[part] : nullptr;
                    if (dot == std::string::npos)
                        break;
                    start = dot + 1;
                }
                return node ? *node : json(nullptr);
            };
            r.knobs.clear();
            for (const auto& axis : spec.grid)
                r.knobs[axis.key] = lookup(axis.key);
            for (const auto& axis : spec.random)
                r.knobs[axis.key] = lookup(axis.key);
            std::lock_guard lock(report);
            ++done;
            if (progress)
                progress(r, done, static_cast<int>(trials.size()));
        }
    };
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw FileError("cannot create folder " + dir.string() + ": " + ec.message());
    const int threads = std::max(1, std::min<int>(jobs, static_cast<int>(trials.size())));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto& t : pool)
        t.join();
    std::erase_if(results, [](const TrialResult& r) { return r.trial == 0; });
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
        out += "," + k;
    out += ",status";
    for (const auto& m : metricNames)
        out += "," + m;
    out += ",folder,error\n";
    int rank = 0;
    for (const auto& r : results) {
        out += std::to_string(++rank) + "," + std::to_string(r.trial);
        for (const auto& k : knobNames) {
            const auto it = r.knobs.find(k);
            out += "," + (it == r.knobs.end() ? std::string() : cell(it->second));
        }
        out += "," + r.status;
        for (const auto& m : metricNames) {
            const auto it = r.metrics.find(m);
            out += "," + (it == r.metrics.end() ? std::string() : formatNumber(it->second));
        }
        out += "," + cell(r.folder.filename().string()) + "," + cell(json(r.error)) + "\n";
    }
    return out;
}

} // namespace hs
