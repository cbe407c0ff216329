#include "io/weights_file.h"

#include "io/atomic_file.h"
#include "io/config_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace hs {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "hyperscope-weights/1";

json values(const Eigen::Ref<const Vector>& v)
{
    json a = json::array();
    for (Eigen::Index i = 0; i < v.size(); ++i)
        a.push_back(static_cast<double>(v(i)));
    return a;
}

// Fields read leniently: a value of the wrong type reads as "absent" (an
// empty string, -1), so the messages below say what differs instead of the
// JSON library's type errors; numbers outside int range never reach a cast.
std::string textField(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long long countField(const json& object, const char* key)
{
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer())
        return -1;
    if (it->is_number_unsigned())
        return it->get<std::uint64_t>() > 1'000'000'000u ? -1 : static_cast<long long>(it->get<std::uint64_t>());
    return it->get<std::int64_t>();
}

std::string shape(Eigen::Index a, Eigen::Index b) { return std::to_string(a) + "×" + std::to_string(b); }

void readValues(const json& layer, const char* key, Eigen::Ref<Vector> out, const std::string& where)
{
    if (!layer.contains(key) || !layer[key].is_array())
        throw std::invalid_argument(where + " has no \"" + key + "\" array");
    const json& a = layer[key];
    if (static_cast<Eigen::Index>(a.size()) != out.size())
        throw std::invalid_argument(where + ": \"" + key + "\" has " + std::to_string(a.size()) + " values, the network needs "
                                    + std::to_string(out.size()));
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!a[i].is_number())
            throw std::invalid_argument(where + ": \"" + key + "\"[" + std::to_string(i) + "] is not a number");
        const double v = a[i].get<double>();
        if (!(std::abs(v) <= static_cast<double>(std::numeric_limits<Scalar>::max())))
            throw std::invalid_argument(where + ": \"" + key + "\"[" + std::to_string(i) + "] = " + a[i].dump()
                                        + " is out of range: must be a finite 32-bit float (magnitude below 3.4e38)");
        out(static_cast<Eigen::Index>(i)) = static_cast<Scalar>(v);
    }
}

} // namespace

json weightsToJson(const Network& network, const RunConfig& config)
{
    json layers = json::array();
    for (int l = 0; l < network.layerCount(); ++l) {
        const auto& s = network.layout(l);
        // Row-major: transpose the column-major out × in block.
        const Matrix wt = network.weight(l).transpose();
        layers.push_back({{"name", "dense" + std::to_string(l + 1)},
                          {"kind", "dense"},
                          {"in", s.in},
                          {"out", s.out},
                          {"weight", values(Eigen::Map<const Vector>(wt.data(), wt.size()))},
                          {"bias", values(network.bias(l))}});
        if (s.gamma >= 0)
            layers.push_back({{"name", "batch_norm" + std::to_string(l + 1)},
                              {"kind", "batch_norm"},
                              {"features", s.out},
                              {"gamma", values(network.parameters().segment(s.gamma, s.out))},
                              {"beta", values(network.parameters().segment(s.beta, s.out))},
                              {"running_mean", values(network.runningMean(l))},
                              {"running_var", values(network.runningVar(l))}});
    }
    return {{"format", kFormat}, {"config", configToJson(config)}, {"layers", layers}};
}

void saveWeights(const std::filesystem::path& path, const Network& network, const RunConfig& config)
{
    writeFileAtomically(path, weightsToJson(network, config).dump() + "\n");
}

void loadWeights(const json& j, Network& network, std::string_view source)
{
    const std::string src(source);
    if (!j.is_object() || textField(j, "format") != kFormat)
        throw std::invalid_argument(src + " is not a weights file (expected \"format\": \"" + kFormat + "\")");
    if (!j.contains("layers") || !j["layers"].is_array())
        throw std::invalid_argument(src + " has no \"layers\" array");
    const json& layers = j["layers"];
    Network loaded = network;
    std::size_t index = 0;
    auto next = [&](const std::string& kind, const std::string& name) -> const json& {
        if (index >= layers.size())
            throw std::invalid_argument(src + " has " + std::to_string(layers.size()) + " layers; the network needs " + name
                                        + " and more: the architectures differ");
        const json& layer = layers[index++];
        if (!layer.is_object() || textField(layer, "kind") != kind)
            throw std::invalid_argument(src + ": layer " + std::to_string(index) + " is not a " + kind
                                        + " layer where the network has " + name + ": the architectures differ");
        return layer;
    };
    for (int l = 0; l < network.layerCount(); ++l) {
        const auto& s = network.layout(l);
        const std::string name = "dense" + std::to_string(l + 1);
        const json& layer = next("dense", name);
        const long long in = countField(layer, "in"), out = countField(layer, "out");
        if (in < 0 || out < 0)
            throw std::invalid_argument(src + ": " + name + " needs \"in\" and \"out\" as whole numbers (the network has "
                                        + std::to_string(s.in) + " and " + std::to_string(s.out) + ")");
        if (in != s.in || out != s.out)
            throw std::invalid_argument(src + ": " + name + " is " + shape(out, in) + " (out × in) in the file but "
                                        + shape(s.out, s.in) + " in the network: the architectures differ");
        Vector rowMajor(static_cast<Eigen::Index>(s.in) * s.out);
        readValues(layer, "weight", rowMajor, src + ": " + name);
        loaded.weight(l) = Eigen::Map<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
            rowMajor.data(), s.out, s.in);
        readValues(layer, "bias", loaded.bias(l), src + ": " + name);
        if (s.gamma >= 0) {
            const std::string bn = "batch_norm" + std::to_string(l + 1);
            const json& norm = next("batch_norm", bn);
            readValues(norm, "gamma", loaded.parameters().segment(s.gamma, s.out), src + ": " + bn);
            readValues(norm, "beta", loaded.parameters().segment(s.beta, s.out), src + ": " + bn);
            readValues(norm, "running_mean", loaded.runningMean(l), src + ": " + bn);
            readValues(norm, "running_var", loaded.runningVar(l), src + ": " + bn);
            if ((loaded.runningVar(l).array() < Scalar(0)).any())
                throw std::invalid_argument(src + ": " + bn + ": \"running_var\" has a negative value: variances are at least 0");
        }
    }
    if (index != layers.size())
        throw std::invalid_argument(src + " has " + std::to_string(layers.size() - index)
                                    + " more layers than the network: the architectures differ");
    network = std::move(loaded);
}

void loadWeightsFile(const std::filesystem::path& path, Network& network)
{
    // Generous for any formatting (a value takes at most ~25 bytes), yet a
    // wrong file of gigabytes is refused before it is read.
    const std::uintmax_t limit = 1'000'000 + 64 * static_cast<std::uintmax_t>(network.parameterCount());
    const std::string text = readFile(path, limit, "the weights file of this network");
    loadWeights(parseJson(text, path.string()), network, path.string());
}

} // namespace hs
