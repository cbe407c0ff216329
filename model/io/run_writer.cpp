#include "io/run_writer.h"

#include "io/atomic_file.h"
#include "io/config_json.h"
#include "io/weights_file.h"
#include "metrics/curves.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>

namespace hs {

using nlohmann::json;

namespace {

std::string cell(const std::optional<double>& v) { return v ? formatNumber(*v) : std::string(); }

json optionalJson(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

std::string className(const std::vector<std::string>& names, int k)
{
    return k < static_cast<int>(names.size()) ? names[k] : std::to_string(k);
}

// Quotes a CSV field only when it needs it (RFC 4180).
std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

struct ClassCurveInput {
    std::vector<int> positive;
    std::vector<double> scores;
};

ClassCurveInput oneVsRest(const Evaluation& e, int k)
{
    ClassCurveInput in;
    const Eigen::Index n = e.labels.size();
    in.positive.resize(static_cast<std::size_t>(n));
    in.scores.resize(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) {
        in.positive[i] = e.labels(i) == k ? 1 : 0;
        in.scores[i] = e.probabilities(k, i);
    }
    return in;
}

// Binary runs report the positive class only; K classes report each.
std::vector<int> curveClasses(const Evaluation& e)
{
    const int k = static_cast<int>(e.probabilities.rows());
    if (k == 2)
        return {1};
    std::vector<int> classes(static_cast<std::size_t>(k));
    for (int i = 0; i < k; ++i)
        classes[i] = i;
    return classes;
}

json averagedJson(const AveragedMetrics& a)
{
    return {{"precision", a.precision}, {"recall", a.recall}, {"specificity", a.specificity}, {"f1", a.f1}};
}

} // namespace

std::string historyCsv(const EpochSpan& history, int layers)
{
    std::string out = "epoch,train_loss,val_loss,train_accuracy,val_accuracy,lr";
    auto perLayer = [&](const char* name) {
        for (int l = 1; l <= layers; ++l)
            out += std::string(",") + name + "_L" + std::to_string(l);
    };
    perLayer("grad_norm");
    out += ",penalty";
    perLayer("update_ratio");
    perLayer("weight_norm");
    perLayer("dead_fraction");
    perLayer("saturated_fraction");
    out += ",lr_reduced,steps,epoch_seconds\n";
    for (const auto& r : history) {
        out += std::to_string(r.epoch) + "," + formatNumber(r.trainLoss) + "," + cell(r.valLoss) + ","
               + cell(r.trainAccuracy) + "," + cell(r.valAccuracy) + "," + formatNumber(r.lr);
        auto values = [&](auto member) {
            for (int l = 0; l < layers; ++l)
                out += "," + (l < static_cast<int>(r.layers.size()) ? formatNumber(r.layers[l].*member) : std::string());
        };
        values(&LayerStats::gradNorm);
        out += "," + formatNumber(r.penalty);
        values(&LayerStats::updateRatio);
        values(&LayerStats::weightNorm);
        values(&LayerStats::deadFraction);
        values(&LayerStats::saturatedFraction);
        out += std::string(",") + (r.lrReduced ? "1" : "0") + "," + std::to_string(r.steps) + ","
               + formatNumber(r.epochSeconds) + "\n";
    }
    return out;
}

json metricsJson(const Evaluation& e, const std::vector<std::string>& classNames, const RunSummary* summary)
{
    json j;
    j["subset"] = std::string(toString(e.subset));
    if (!e.valid) {
        j["task"] = e.task == Task::Regression ? "regression" : "classification";
        j["problem"] = e.problem;
        const std::vector<std::string> undefined =
            e.task == Task::Regression ? std::vector<std::string>{"rmse", "mae", "mse", "r2"}
                                       : std::vector<std::string>{"accuracy", "precision", "recall", "specificity", "f1",
                                                                  "roc_auc", "average_precision", "confusion_matrix"};
        for (const auto& key : undefined)
            j[key] = nullptr;
    } else if (e.task == Task::Regression) {
        j["task"] = "regression";
        j["samples"] = e.regression.samples;
        j["rmse"] = e.regression.rmse;
        j["mae"] = e.regression.mae;
        j["mse"] = e.regression.mse;
        j["r2"] = e.regression.r2;
    } else {
        const ClassificationReport& r = e.classification;
        j["task"] = "classification";
        j["samples"] = r.samples;
        j["threshold"] = r.threshold;
        j["accuracy"] = r.accuracy;
        j["precision"] = r.precision;
        j["recall"] = r.recall;
        j["specificity"] = r.specificity;
        j["f1"] = r.f1;
        j["roc_auc"] = optionalJson(r.rocAuc);
        j["average_precision"] = optionalJson(r.averagePrecision);
        json confusion = json::array();
        for (Eigen::Index a = 0; a < r.confusion.rows(); ++a) {
            json row = json::array();
            for (Eigen::Index p = 0; p < r.confusion.cols(); ++p)
                row.push_back(r.confusion(a, p));
            confusion.push_back(row);
        }
        j["confusion_matrix"] = confusion;
        json names = json::array();
        for (int k = 0; k < r.classes; ++k)
            names.push_back(className(classNames, k));
        j["class_names"] = names;
        json perClass = json::array();
        for (int k = 0; k < r.classes; ++k) {
            const ClassMetrics& c = r.perClass[k];
            perClass.push_back({{"class", className(classNames, k)},
                                {"precision", c.precision},
                                {"recall", c.recall},
                                {"specificity", c.specificity},
                                {"f1", c.f1},
                                {"support", c.support},
                                {"roc_auc", k < static_cast<int>(r.perClassRocAuc.size()) ? optionalJson(r.perClassRocAuc[k]) : json(nullptr)},
                                {"average_precision", k < static_cast<int>(r.perClassAveragePrecision.size())
                                                          ? optionalJson(r.perClassAveragePrecision[k])
                                                          : json(nullptr)}});
        }
        j["per_class"] = perClass;
        j["macro"] = averagedJson(r.macro);
        j["weighted"] = averagedJson(r.weighted);
        j["micro"] = averagedJson(r.micro);
    }
    j["loss"] = e.valid ? json(e.loss) : json(nullptr);
    if (summary) {
        j["status"] = std::string(toString(summary->status));
        j["message"] = summary->message;
        j["epochs_run"] = summary->epochsRun;
        j["stopped_epoch"] = summary->stoppedEpoch;
        j["best_epoch"] = summary->bestEpoch;
        j["restored_best"] = summary->restoredBest;
        if (summary->status == RunStatus::Diverged) {
            j["diverged_epoch"] = summary->divergedEpoch;
            j["diverged_step"] = summary->divergedStep;
        }
    }
    return j;
}

std::string rocCsv(const Evaluation& e, const std::vector<std::string>& classNames)
{
    std::string out = "class,threshold,fpr,tpr\n";
    if (e.task != Task::Classification || !e.valid)
        return out;
    for (int k : curveClasses(e)) {
        const ClassCurveInput in = oneVsRest(e, k);
        const RocCurve c = rocCurve(in.positive, in.scores);
        const std::string name = csvField(className(classNames, k));
        for (std::size_t i = 0; i < c.fpr.size(); ++i)
            out += name + "," + formatNumber(c.thresholds[i]) + "," + formatNumber(c.fpr[i]) + "," + formatNumber(c.tpr[i]) + "\n";
    }
    return out;
}

std::string prCsv(const Evaluation& e, const std::vector<std::string>& classNames)
{
    std::string out = "class,threshold,precision,recall\n";
    if (e.task != Task::Classification || !e.valid)
        return out;
    for (int k : curveClasses(e)) {
        const ClassCurveInput in = oneVsRest(e, k);
        const PrCurve c = precisionRecallCurve(in.positive, in.scores);
        const std::string name = csvField(className(classNames, k));
        for (std::size_t i = 0; i < c.precision.size(); ++i)
            out += name + "," + (i < c.thresholds.size() ? formatNumber(c.thresholds[i]) : std::string()) + ","
                   + formatNumber(c.precision[i]) + "," + formatNumber(c.recall[i]) + "\n";
    }
    return out;
}

void writeEvaluationFiles(const std::filesystem::path& dir, const Evaluation& e, const std::vector<std::string>& classNames,
                          const RunSummary* summary)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw FileError("cannot create folder " + dir.string() + ": " + ec.message());
    writeFileAtomically(dir / "metrics.json", metricsJson(e, classNames, summary).dump(2) + "\n");
    writeFileAtomically(dir / "roc.csv", rocCsv(e, classNames));
    writeFileAtomically(dir / "pr.csv", prCsv(e, classNames));
}

void writeRunFolder(const std::filesystem::path& dir, const Trainer& trainer, double threshold)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw FileError("cannot create folder " + dir.string() + ": " + ec.message());
    writeFileAtomically(dir / "config.json", configToText(trainer.config()));
    writeFileAtomically(dir / "history.csv", historyCsv(trainer.history().span(), trainer.network().layerCount()));
    const Evaluation e = trainer.evaluate(trainer.reportSubset(), threshold);
    writeEvaluationFiles(dir, e, trainer.data().classNames, &trainer.summary());
    saveWeights(dir / "weights.json", trainer.network(), trainer.config());
}

json crossValidationJson(const CrossValidation& cv)
{
    json folds = json::array();
    for (const auto& o : cv.outcomes) {
        json metrics(o.metrics);
        folds.push_back({{"fold", o.fold},
                         {"status", std::string(toString(o.summary.status))},
                         {"epochs_run", o.summary.epochsRun},
                         {"best_epoch", o.summary.bestEpoch},
                         {"metrics", metrics}});
    }
    return {{"folds", cv.folds}, {"per_fold", folds}, {"mean", json(cv.mean)}, {"std", json(cv.stddev)}};
}

std::string crossValidationTable(const CrossValidation& cv)
{
    std::string out;
    char line[160];
    for (const auto& [name, mean] : cv.mean) {
        std::snprintf(line, sizeof line, "%-18s %.4f ± %.4f  (", name.c_str(), mean, cv.stddev.at(name));
        out += line;
        for (std::size_t i = 0; i < cv.outcomes.size(); ++i) {
            const auto it = cv.outcomes[i].metrics.find(name);
            std::snprintf(line, sizeof line, "%s%.4f", i ? " " : "", it == cv.outcomes[i].metrics.end() ? NAN : it->second);
            out += line;
        }
        out += ")\n";
    }
    return out;
}

} // namespace hs
