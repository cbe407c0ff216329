#include "io/run_reader.h"

#include "io/atomic_file.h"
#include "io/config_json.h"
#include "io/csv_fields.h"
#include "train/trainer.h"

#include <charconv>
#include <map>

namespace hs {

namespace {

[[noreturn]] void fail(std::string_view source, std::size_t line, const std::string& what)
{
    throw RunFolderError(std::string(source) + (line ? ": line " + std::to_string(line) : std::string()) + ": " + what);
}

std::vector<std::string> splitCsv(std::string_view line, std::string_view source, std::size_t lineNo)
{
    bool unclosed = false;
    auto fields = splitCsvFields(line, &unclosed);
    if (unclosed)
        fail(source, lineNo, "unclosed quote");
    return fields;
}

// A header line and the records below it, with their line numbers.
struct Table {
    std::map<std::string, std::size_t> column;
    std::vector<std::string> header;
    std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;

    std::optional<std::size_t> find(const std::string& name) const
    {
        const auto it = column.find(name);
        return it == column.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    }
};

Table readTable(std::string_view text, std::string_view source, const std::vector<std::string>& required)
{
    Table t;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    std::size_t lineNo = 0;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty())
            continue;
        auto fields = splitCsv(line, source, lineNo);
        if (t.header.empty()) {
            t.header = std::move(fields);
            for (std::size_t i = 0; i < t.header.size(); ++i)
                if (!t.column.emplace(t.header[i], i).second)
                    fail(source, lineNo, "column '" + t.header[i] + "' appears twice");
            continue;
        }
        if (fields.size() != t.header.size())
            fail(source, lineNo, std::to_string(fields.size()) + " cells, but the header has " + std::to_string(t.header.size()));
        t.rows.emplace_back(lineNo, std::move(fields));
    }
    if (t.header.empty())
        fail(source, 0, "empty file (no header line)");
    for (const auto& name : required)
        if (!t.find(name))
            fail(source, 1, "no '" + name + "' column");
    return t;
}

double number(const std::string& cell, std::string_view source, std::size_t line, const std::string& column)
{
    double v = 0.0;
    const char* end = cell.data() + cell.size();
    const auto [ptr, ec] = std::from_chars(cell.data(), end, v);
    if (cell.empty() || ec != std::errc() || ptr != end)
        fail(source, line, column + ": '" + cell.substr(0, 40) + "' is not a number");
    return v;
}

long long integer(const std::string& cell, std::string_view source, std::size_t line, const std::string& column)
{
    long long v = 0;
    const char* end = cell.data() + cell.size();
    const auto [ptr, ec] = std::from_chars(cell.data(), end, v);
    if (cell.empty() || ec != std::errc() || ptr != end)
        fail(source, line, column + ": '" + cell.substr(0, 40) + "' is not a whole number");
    return v;
}

std::string readPart(const std::filesystem::path& dir, const char* name, std::string_view what)
{
    try {
        return readFile(dir / name, kMaxRunFileBytes, what);
    } catch (const FileError& e) {
        throw RunFolderError(e.what());
    }
}

} // namespace

std::vector<EpochRecord> readHistoryCsv(std::string_view text, std::string_view source, int* layersOut)
{
    const Table t = readTable(text, source, {"epoch", "train_loss"});
    int layers = 0;
    while (t.find("grad_norm_L" + std::to_string(layers + 1)))
        ++layers;
    if (layersOut)
        *layersOut = layers;
    std::vector<EpochRecord> out;
    out.reserve(t.rows.size());
    for (const auto& row : t.rows) {
        // Named, not a structured binding: clang 14 cannot capture those in lambdas.
        const std::size_t line = row.first;
        const std::vector<std::string>& cells = row.second;
        auto cellOf = [&](const std::string& name) -> const std::string* {
            const auto c = t.find(name);
            return c ? &cells[*c] : nullptr;
        };
        auto optional = [&](const std::string& name) -> std::optional<double> {
            const std::string* c = cellOf(name);
            if (!c || c->empty())
                return std::nullopt;
            return number(*c, source, line, name);
        };
        EpochRecord r;
        const long long epoch = integer(*cellOf("epoch"), source, line, "epoch");
        if (epoch < 1 || epoch > 100'000'000 || (!out.empty() && epoch <= out.back().epoch))
            fail(source, line, "epoch: " + std::to_string(epoch) + " is out of order (epochs count up from 1)");
        r.epoch = static_cast<int>(epoch);
        r.trainLoss = number(*cellOf("train_loss"), source, line, "train_loss");
        r.valLoss = optional("val_loss");
        r.trainAccuracy = optional("train_accuracy");
        r.valAccuracy = optional("val_accuracy");
        r.lr = optional("lr").value_or(0.0);
        r.penalty = optional("penalty").value_or(0.0);
        r.epochSeconds = optional("epoch_seconds").value_or(0.0);
        r.lrReduced = optional("lr_reduced").value_or(0.0) != 0.0;
        if (const std::string* c = cellOf("steps"); c && !c->empty())
            r.steps = integer(*c, source, line, "steps");
        r.layers.resize(static_cast<std::size_t>(layers));
        for (int l = 0; l < layers; ++l) {
            const std::string suffix = "_L" + std::to_string(l + 1);
            LayerStats& s = r.layers[static_cast<std::size_t>(l)];
            s.gradNorm = optional("grad_norm" + suffix).value_or(0.0);
            s.updateRatio = optional("update_ratio" + suffix).value_or(0.0);
            s.weightNorm = optional("weight_norm" + suffix).value_or(0.0);
            s.deadFraction = optional("dead_fraction" + suffix).value_or(0.0);
            s.saturatedFraction = optional("saturated_fraction" + suffix).value_or(0.0);
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<StepHistory::Point> readStepsCsv(std::string_view text, std::string_view source)
{
    const Table t = readTable(text, source, {"step", "loss", "lr"});
    const std::size_t s = *t.find("step"), l = *t.find("loss"), r = *t.find("lr");
    std::vector<StepHistory::Point> out;
    out.reserve(t.rows.size());
    for (const auto& row : t.rows) {
        // Named, not a structured binding: clang 14 cannot capture those in lambdas.
        const std::size_t line = row.first;
        const std::vector<std::string>& cells = row.second;
        StepHistory::Point p;
        p.step = integer(cells[s], source, line, "step");
        if (p.step < 1 || (!out.empty() && p.step <= out.back().step))
            fail(source, line, "step: " + cells[s] + " is out of order (steps count up from 1)");
        p.loss = number(cells[l], source, line, "loss");
        p.lr = number(cells[r], source, line, "lr");
        out.push_back(p);
    }
    return out;
}

std::vector<CurvePoints> readCurveCsv(std::string_view text, std::string_view source, std::string_view xColumn,
                                      std::string_view yColumn)
{
    const Table t = readTable(text, source, {"class", std::string(xColumn), std::string(yColumn)});
    const std::size_t c = *t.find("class"), x = *t.find(std::string(xColumn)), y = *t.find(std::string(yColumn));
    std::vector<CurvePoints> out;
    for (const auto& row : t.rows) {
        // Named, not a structured binding: clang 14 cannot capture those in lambdas.
        const std::size_t line = row.first;
        const std::vector<std::string>& cells = row.second;
        if (out.empty() || out.back().className != cells[c]) {
            for (const auto& curve : out)
                if (curve.className == cells[c])
                    fail(source, line, "class '" + cells[c].substr(0, 40) + "' appears in two separate blocks");
            out.push_back({cells[c], {}, {}});
        }
        out.back().x.push_back(number(cells[x], source, line, std::string(xColumn)));
        out.back().y.push_back(number(cells[y], source, line, std::string(yColumn)));
    }
    return out;
}

RunSummary summaryFromMetrics(const nlohmann::json& m, std::string_view source)
{
    RunSummary s;
    if (!m.is_object())
        fail(source, 0, "expected a JSON object");
    auto get = [&](const char* key, auto& into) {
        const auto it = m.find(key);
        if (it == m.end() || it->is_null())
            return;
        using T = std::decay_t<decltype(into)>;
        const bool ok = std::is_same_v<T, bool> ? it->is_boolean()
                        : std::is_same_v<T, std::string> ? it->is_string()
                                                         : it->is_number_integer();
        if (!ok)
            fail(source, 0, std::string(key) + ": wrong type (" + it->type_name() + ")");
        into = it->get<T>();
    };
    std::string status;
    get("status", status);
    if (!status.empty()) {
        bool known = false;
        for (RunStatus r : {RunStatus::Running, RunStatus::Finished, RunStatus::StoppedEarly, RunStatus::Stopped,
                            RunStatus::Diverged})
            if (toString(r) == status) {
                s.status = r;
                known = true;
            }
        if (!known)
            fail(source, 0, "status: '" + status.substr(0, 40) + "' is not one of finished, stopped_early, stopped, diverged");
    }
    get("message", s.message);
    get("epochs_run", s.epochsRun);
    get("stopped_epoch", s.stoppedEpoch);
    get("best_epoch", s.bestEpoch);
    get("restored_best", s.restoredBest);
    get("diverged_epoch", s.divergedEpoch);
    get("diverged_step", s.divergedStep);
    return s;
}

RunFolder readRunFolder(const std::filesystem::path& dir)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw RunFolderError(dir.string() + ": not a folder");
    RunFolder f;
    f.dir = dir;
    const std::string configText = readPart(dir, "config.json", "a run config");
    const ConfigParse parsed = configFromText(configText, (dir / "config.json").string());
    if (!parsed.ok()) {
        std::string message = (dir / "config.json").string() + ": not a valid run config:";
        for (const auto& p : parsed.problems)
            message += "\n" + p;
        throw RunFolderError(message);
    }
    f.config = parsed.config;
    const std::string historyName = (dir / "history.csv").string();
    f.history = readHistoryCsv(readPart(dir, "history.csv", "a run history"), historyName, &f.layers);
    const std::string metricsName = (dir / "metrics.json").string();
    try {
        f.metrics = parseJson(readPart(dir, "metrics.json", "a metrics file"), metricsName);
    } catch (const ConfigError& e) {
        throw RunFolderError(e.what());
    }
    f.summary = summaryFromMetrics(f.metrics, metricsName);
    if (std::filesystem::exists(dir / "steps.csv", ec))
        f.steps = readStepsCsv(readPart(dir, "steps.csv", "a step history"), (dir / "steps.csv").string());
    if (std::filesystem::exists(dir / "roc.csv", ec))
        f.roc = readCurveCsv(readPart(dir, "roc.csv", "a ROC curve"), (dir / "roc.csv").string(), "fpr", "tpr");
    if (std::filesystem::exists(dir / "pr.csv", ec))
        f.pr = readCurveCsv(readPart(dir, "pr.csv", "a precision-recall curve"), (dir / "pr.csv").string(), "recall",
                            "precision");
    f.hasWeights = std::filesystem::is_regular_file(dir / "weights.json", ec);
    f.hasInitialWeights = std::filesystem::is_regular_file(dir / "initial_weights.json", ec);
    return f;
}

} // namespace hs
