// Fuzz target: the weights file (hs::parseJson + hs::loadWeights), read by
// `--init-weights` and the GUI. Two small networks (with and without batch
// norm) take each input. A file that does not fit must be refused with
// std::invalid_argument (ConfigError for a syntax error) and leave the
// network exactly as it was; one that loads must round-trip.

#include "io/config_json.h"
#include "io/weights_file.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

hs::Network makeNetwork(bool batchNorm)
{
    hs::NetworkSpec spec;
    spec.inputs = 2;
    spec.hidden = {3};
    spec.outputs = 1;
    spec.batchNorm = batchNorm;
    hs::Network network(spec);
    hs::Rng rng(7);
    network.initialize(rng);
    return network;
}

bool sameState(const hs::Network& a, const hs::Network& b)
{
    if (a.parameters() != b.parameters())
        return false;
    for (int l = 0; l < a.layerCount(); ++l)
        if (a.runningMean(l) != b.runningMean(l) || a.runningVar(l) != b.runningVar(l))
            return false;
    return true;
}

void tryLoad(const nlohmann::json& json, bool batchNorm)
{
    static const hs::Network original[2] = {makeNetwork(false), makeNetwork(true)};
    hs::Network network = original[batchNorm];
    try {
        hs::loadWeights(json, network, "fuzz.json");
    } catch (const std::invalid_argument& e) {
        check(e.what()[0] != '\0');
        check(sameState(network, original[batchNorm]));   // a refusal changes nothing
        return;
    }
    check(network.parameters().allFinite());
    hs::Network again = original[batchNorm];
    hs::loadWeights(hs::weightsToJson(network, hs::RunConfig{}), again, "round trip");
    check(sameState(again, network));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    nlohmann::json json;
    try {
        json = hs::parseJson(text, "fuzz.json");
    } catch (const hs::ConfigError& e) {
        check(!e.problems().empty());
        return 0;
    }
    tryLoad(json, false);
    tryLoad(json, true);
    return 0;
}
