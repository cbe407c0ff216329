#include "io/config_json.h"

#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

namespace hs {

using nlohmann::json;

namespace {

std::string typeName(const json& v)
{
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "a boolean";
    if (v.is_number()) return "a number";
    if (v.is_string()) return "a string";
    if (v.is_array()) return "an array";
    return "an object";
}

// A value as it appears in a message: its JSON text, cut short (a config may
// hold a megabyte where a number belongs).
std::string brief(const json& v)
{
    std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
    if (text.size() > 60)
        text = text.substr(0, 57) + "...";
    return text;
}

// Walks one JSON object, reading the keys it knows and reporting the rest.
class Section {
public:
    Section(const json& j, std::string path, std::vector<std::string>& problems)
        : path_(std::move(path)), problems_(problems)
    {
        if (j.is_null())
            return;
        if (!j.is_object()) {
            problems_.push_back(path_ + " must be an object, not " + typeName(j));
            return;
        }
        object_ = &j;
    }
    ~Section()
    {
        if (!object_)
            return;
        for (auto it = object_->begin(); it != object_->end(); ++it)
            if (!known_.count(it.key()))
                problems_.push_back("unknown key " + key(it.key()) + ": allowed keys here are " + allowed());
    }

    const json* find(const std::string& name)
    {
        known_.insert(name);
        if (!object_)
            return nullptr;
        auto it = object_->find(name);
        return it == object_->end() ? nullptr : &*it;
    }
    bool has(const std::string& name)
    {
        known_.insert(name);
        return object_ && object_->contains(name);
    }
    std::string key(const std::string& name) const { return path_.empty() ? name : path_ + "." + name; }

    void read(const std::string& name, double& out)
    {
        if (const json* v = find(name)) {
            if (!v->is_number())
                wrongType(name, *v, "a number");
            else
                out = v->get<double>();
        }
    }
    void read(const std::string& name, int& out)
    {
        if (const json* v = find(name)) {
            if (!v->is_number()) {
                wrongType(name, *v, "a whole number");
                return;
            }
            const double d = v->get<double>();
            if (d != std::floor(d))
                problems_.push_back(key(name) + " = " + brief(*v) + " must be a whole number");
            else if (std::abs(d) > 2e9)
                problems_.push_back(key(name) + " = " + brief(*v) + " is out of range");
            else
                out = static_cast<int>(d);
        }
    }
    void read(const std::string& name, std::uint64_t& out)
    {
        if (const json* v = find(name)) {
            if (v->is_number_unsigned())
                out = v->get<std::uint64_t>();
            else if (v->is_number_integer() && v->get<std::int64_t>() >= 0)
                out = static_cast<std::uint64_t>(v->get<std::int64_t>());
            else
                problems_.push_back(key(name) + " = " + brief(*v) + " must be a whole number of at least 0");
        }
    }
    void read(const std::string& name, bool& out)
    {
        if (const json* v = find(name)) {
            if (!v->is_boolean())
                wrongType(name, *v, "true or false");
            else
                out = v->get<bool>();
        }
    }
    void read(const std::string& name, std::string& out, bool nullable = false)
    {
        if (const json* v = find(name)) {
            if (nullable && v->is_null())
                out.clear();
            else if (v->is_number_integer() && nullable)
                out = v->dump(); // a column index given as a number
            else if (!v->is_string())
                wrongType(name, *v, "a string");
            else
                out = v->get<std::string>();
        }
    }
    void read(const std::string& name, std::vector<int>& out)
    {
        if (const json* v = find(name)) {
            if (!v->is_array()) {
                wrongType(name, *v, "an array of whole numbers");
                return;
            }
            std::vector<int> values;
            for (std::size_t i = 0; i < v->size(); ++i) {
                const json& e = (*v)[i];
                if (!e.is_number() || e.get<double>() != std::floor(e.get<double>()) || std::abs(e.get<double>()) > 2e9) {
                    problems_.push_back(key(name) + "[" + std::to_string(i) + "] = " + brief(e) + " must be a whole number");
                    return;
                }
                values.push_back(e.get<int>());
            }
            out = std::move(values);
        }
    }

private:
    void wrongType(const std::string& name, const json& v, const char* expected)
    {
        std::string hint;
        if (v.is_string() && std::string_view(expected).find("number") != std::string_view::npos) {
            std::string t = v.get<std::string>();
            if (!t.empty() && (t[0] == '-' || t[0] == '+'))
                t.erase(0, 1);
            for (char& c : t)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (t == "nan" || t == "inf" || t == "infinity")
                hint = " (JSON has no NaN or infinity: give a finite number)";
        }
        problems_.push_back(key(name) + " = " + brief(v) + " must be " + expected + ", not " + typeName(v) + hint);
    }
    std::string allowed() const
    {
        std::string s;
        for (const auto& k : known_)
            s += (s.empty() ? "" : ", ") + k;
        return s;
    }

    std::string path_;
    std::vector<std::string>& problems_;
    const json* object_ = nullptr;
    std::set<std::string> known_;
};

const json& orNull(const json* j)
{
    static const json null;
    return j ? *j : null;
}

void readData(Section& top, DataConfig& d, std::vector<std::string>& problems)
{
    Section s(orNull(top.find("data")), "data", problems);
    s.read("dataset", d.dataset);
    s.read("samples", d.samples);
    s.read("noise", d.noise);
    s.read("classes", d.classes);
    s.read("dimensions", d.dimensions);
    s.read("positive_fraction", d.positiveFraction);
    s.read("path", d.path, true);
    s.read("label_column", d.labelColumn, true);
    s.read("separator", d.separator);
    s.read("skip_incomplete_rows", d.skipIncompleteRows);
    s.read("label_noise", d.labelNoise);
    s.read("noise_features", d.noiseFeatures);
    s.read("normalize", d.normalize);
    s.read("seed", d.seed);
    Section split(orNull(s.find("split")), "data.split", problems);
    split.read("train", d.split.train);
    split.read("val", d.split.val);
    split.read("test", d.split.test);
}

void readModel(Section& top, ModelConfig& m, std::vector<std::string>& problems)
{
    Section s(orNull(top.find("model")), "model", problems);
    s.read("task", m.task);
    s.read("hidden", m.hidden);
    s.read("activation", m.activation);
    s.read("leaky_slope", m.leakySlope);
    s.read("elu_alpha", m.eluAlpha);
    s.read("init", m.init);
    s.read("init_scale", m.initScale);
    s.read("batch_norm", m.batchNorm);
    s.read("residual", m.residual);
    s.read("dropout", m.dropout);
}

void readOptimizer(Section& training, OptimizerSpec& o, std::vector<std::string>& problems)
{
    Section s(orNull(training.find("optimizer")), "training.optimizer", problems);
    s.read("type", o.type);
    // Defaults that depend on the type, as PyTorch's constructors have them.
    if (o.type == "momentum" || o.type == "nesterov")
        o.momentum = 0.9;
    if (o.type == "nesterov")
        o.nesterov = true;
    if (o.type == "adagrad")
        o.eps = 1e-10;
    if (o.type == "adamw")
        o.weightDecay = 0.01;
    s.read("lr", o.lr);
    s.read("momentum", o.momentum);
    s.read("nesterov", o.nesterov);
    s.read("eps", o.eps);
    s.read("rho", o.rho);
    s.read("weight_decay", o.weightDecay);
    if (const json* betas = s.find("betas")) {
        if (!betas->is_array() || betas->size() != 2 || !(*betas)[0].is_number() || !(*betas)[1].is_number())
            problems.push_back("training.optimizer.betas = " + brief(*betas) + " must be an array of two numbers");
        else {
            o.beta1 = (*betas)[0].get<double>();
            o.beta2 = (*betas)[1].get<double>();
        }
    }
}

void readSchedule(Section& training, ScheduleSpec& c, std::vector<std::string>& problems)
{
    Section s(orNull(training.find("schedule")), "training.schedule", problems);
    s.read("type", c.type);
    s.read("step_size", c.stepSize);
    s.read("gamma", c.gamma);
    s.read("milestones", c.milestones);
    s.read("decay_rate", c.decayRate);
    s.read("decay_steps", c.decaySteps);
    s.read("period", c.period);
    s.read("restarts", c.restarts);
    s.read("period_mult", c.periodMult);
    s.read("min_lr", c.minLr);
    s.read("max_lr", c.maxLr);
    s.read("cycle_epochs", c.cycleEpochs);
    s.read("warmup_epochs", c.warmupEpochs);
    s.read("warmup_start_factor", c.warmupStartFactor);
    s.read("monitor", c.monitor);
    s.read("factor", c.factor);
    s.read("patience", c.patience);
    s.read("cooldown", c.cooldown);
    s.read("threshold", c.threshold);
}

void readTraining(Section& top, TrainingConfig& t, std::vector<std::string>& problems)
{
    Section s(orNull(top.find("training")), "training", problems);
    s.read("epochs", t.epochs);
    if (const json* b = s.find("batch_size"); b && b->is_string() && b->get<std::string>() == "full")
        t.batchSize = 0;
    else
        s.read("batch_size", t.batchSize);
    s.read("shuffle", t.shuffle);
    s.read("seed", t.seed);
    s.read("threads", t.threads);
    s.read("jitter", t.jitter);
    readOptimizer(s, t.optimizer, problems);
    readSchedule(s, t.schedule, problems);
    {
        Section r(orNull(s.find("regularization")), "training.regularization", problems);
        r.read("l1", t.l1);
        r.read("l2", t.l2);
    }
    {
        Section e(orNull(s.find("early_stopping")), "training.early_stopping", problems);
        e.read("enabled", t.earlyStopping.enabled);
        e.read("monitor", t.earlyStopping.monitor);
        e.read("patience", t.earlyStopping.patience);
        e.read("min_delta", t.earlyStopping.minDelta);
        e.read("restore_best", t.earlyStopping.restoreBest);
    }
    {
        Section c(orNull(s.find("gradient_clipping")), "training.gradient_clipping", problems);
        c.read("norm", t.clipNorm);
        c.read("value", t.clipValue);
    }
}

// Deeper than any config or weights file nests; beyond it the recursive parts
// of the JSON library (dump, copy) could exhaust the stack on hostile input.
constexpr int kMaxJsonDepth = 64;

// Byte offset of the bracket that opens level kMaxJsonDepth + 1, or npos.
std::size_t nestingBeyondLimit(std::string_view text)
{
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth)
                return i;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::string_view::npos;
}

std::vector<std::string> splitPath(std::string_view path)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t dot = path.find('.', start);
        parts.emplace_back(path.substr(start, dot == std::string_view::npos ? path.size() - start : dot - start));
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return parts;
}

} // namespace

json parseJson(std::string_view text, std::string_view source)
{
    // "source:line:column" of a byte offset, as people look for it in an editor.
    const auto where = [&](std::size_t offset) {
        offset = std::min(offset, text.size());
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i < offset; ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(column);
    };
    if (const std::size_t deep = nestingBeyondLimit(text); deep != std::string_view::npos)
        throw ConfigError({where(deep) + ": JSON nested more than " + std::to_string(kMaxJsonDepth)
                           + " levels deep: a run config or weights file nests at most 4 levels"});
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        if (auto pos = what.find("syntax error"); pos != std::string::npos)
            what = what.substr(pos);
        throw ConfigError({where(e.byte == 0 ? 0 : e.byte - 1) + ": not valid JSON (" + what + ")"});
    } catch (const json::out_of_range& e) {
        // A number beyond double range (1e999): the library names it in quotes.
        std::string what = e.what();
        std::size_t offset = text.size();
        if (const auto a = what.find('\''), b = what.rfind('\''); a != std::string::npos && b > a) {
            const std::string number = what.substr(a + 1, b - a - 1);
            offset = std::min(offset, text.find(number));
            what = "the number " + number + " is too large: numbers must be finite, at most about 1.8e308";
        }
        throw ConfigError({where(offset) + ": not valid JSON (" + what + ")"});
    } catch (const json::exception& e) {
        throw ConfigError({std::string(source) + ": not valid JSON (" + e.what() + ")"});
    }
}

ConfigParse configFromJson(const json& j)
{
    ConfigParse result;
    auto& problems = result.problems;
    if (!j.is_object()) {
        problems.push_back("a run config must be a JSON object, not " + typeName(j));
        return result;
    }
    {
        Section top(j, "", problems);
        std::string ignored;
        top.read("title", ignored);
        top.read("description", ignored);
        readData(top, result.config.data, problems);
        readModel(top, result.config.model, problems);
        readTraining(top, result.config.training, problems);
    }
    if (problems.empty())
        problems = result.config.validate();
    return result;
}

ConfigParse configFromText(std::string_view text, std::string_view source)
{
    if (text.size() > kMaxConfigFileBytes) {
        ConfigParse result;
        result.problems.push_back(std::string(source) + ": " + std::to_string(text.size() / 1000)
                                  + " kB of text, but a run config is at most " + std::to_string(kMaxConfigFileBytes / 1000)
                                  + " kB: is it the right file?");
        return result;
    }
    try {
        return configFromJson(parseJson(text, source));
    } catch (const ConfigError& e) {
        ConfigParse result;
        result.problems = e.problems();
        return result;
    }
}

json configToJson(const RunConfig& c)
{
    const auto& d = c.data;
    const auto& m = c.model;
    const auto& t = c.training;
    const auto& o = t.optimizer;
    const auto& s = t.schedule;
    json j;
    j["data"] = {{"dataset", d.dataset},
                 {"samples", d.samples},
                 {"noise", d.noise},
                 {"classes", d.classes},
                 {"dimensions", d.dimensions},
                 {"positive_fraction", d.positiveFraction},
                 {"path", d.path.empty() ? json(nullptr) : json(d.path)},
                 {"label_column", d.labelColumn.empty() ? json(nullptr) : json(d.labelColumn)},
                 {"separator", d.separator},
                 {"skip_incomplete_rows", d.skipIncompleteRows},
                 {"label_noise", d.labelNoise},
                 {"noise_features", d.noiseFeatures},
                 {"split", {{"train", d.split.train}, {"val", d.split.val}, {"test", d.split.test}}},
                 {"normalize", d.normalize},
                 {"seed", d.seed}};
    j["model"] = {{"task", m.task},
                  {"hidden", m.hidden},
                  {"activation", m.activation},
                  {"leaky_slope", m.leakySlope},
                  {"elu_alpha", m.eluAlpha},
                  {"init", m.init},
                  {"init_scale", m.initScale},
                  {"batch_norm", m.batchNorm},
                  {"residual", m.residual},
                  {"dropout", m.dropout}};
    j["training"] = {
        {"epochs", t.epochs},
        {"batch_size", t.batchSize},
        {"shuffle", t.shuffle},
        {"seed", t.seed},
        {"threads", t.threads},
        {"jitter", t.jitter},
        {"optimizer",
         {{"type", o.type},
          {"lr", o.lr},
          {"momentum", o.momentum},
          {"nesterov", o.nesterov},
          {"betas", {o.beta1, o.beta2}},
          {"eps", o.eps},
          {"rho", o.rho},
          {"weight_decay", o.weightDecay}}},
        {"schedule",
         {{"type", s.type},
          {"step_size", s.stepSize},
          {"gamma", s.gamma},
          {"milestones", s.milestones},
          {"decay_rate", s.decayRate},
          {"decay_steps", s.decaySteps},
          {"period", s.period},
          {"restarts", s.restarts},
          {"period_mult", s.periodMult},
          {"min_lr", s.minLr},
          {"max_lr", s.maxLr},
          {"cycle_epochs", s.cycleEpochs},
          {"warmup_epochs", s.warmupEpochs},
          {"warmup_start_factor", s.warmupStartFactor},
          {"monitor", s.monitor},
          {"factor", s.factor},
          {"patience", s.patience},
          {"cooldown", s.cooldown},
          {"threshold", s.threshold}}},
        {"regularization", {{"l1", t.l1}, {"l2", t.l2}}},
        {"early_stopping",
         {{"enabled", t.earlyStopping.enabled},
          {"monitor", t.earlyStopping.monitor},
          {"patience", t.earlyStopping.patience},
          {"min_delta", t.earlyStopping.minDelta},
          {"restore_best", t.earlyStopping.restoreBest}}},
        {"gradient_clipping", {{"norm", t.clipNorm}, {"value", t.clipValue}}}};
    return j;
}

std::string configToText(const RunConfig& config) { return configToJson(config).dump(2) + "\n"; }

void applyOverride(json& j, std::string_view assignment)
{
    const std::size_t eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0)
        throw std::invalid_argument("--set expects key.path=value, got \"" + std::string(assignment) + "\"");
    const auto parts = splitPath(assignment.substr(0, eq));
    if (parts.size() > static_cast<std::size_t>(kMaxJsonDepth))
        throw std::invalid_argument("--set key \"" + std::string(assignment.substr(0, std::min<std::size_t>(eq, 40)))
                                    + "...\" has more than " + std::to_string(kMaxJsonDepth) + " parts");
    const std::string_view text = assignment.substr(eq + 1);
    const std::string key(assignment.substr(0, eq));
    if (nestingBeyondLimit(text) != std::string_view::npos)
        throw std::invalid_argument("--set " + key + ": the value nests more than " + std::to_string(kMaxJsonDepth)
                                    + " levels deep");
    json value;
    try {
        value = json::parse(text.begin(), text.end());
    } catch (const json::out_of_range&) {
        throw std::invalid_argument("--set " + key + "=" + std::string(text.substr(0, 40))
                                    + (text.size() > 40 ? "..." : "")
                                    + ": the number is too large: numbers must be finite, at most about 1.8e308");
    } catch (const json::parse_error&) {
        value = std::string(text);   // not JSON: a plain string
        try {
            (void)value.dump();
        } catch (const json::type_error&) {
            throw std::invalid_argument("--set " + key + ": the value is not valid UTF-8 text");
        }
    }
    json* node = &j;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].empty())
            throw std::invalid_argument("--set key \"" + std::string(assignment.substr(0, eq)) + "\" has an empty part");
        if (!node->is_object())
            *node = json::object();
        if (i + 1 == parts.size())
            (*node)[parts[i]] = value;
        else
            node = &(*node)[parts[i]];
    }
}

} // namespace hs
