// The weights file: exact round trips (batch-norm statistics included),
// PyTorch's row-major layout, and clear refusals of files that do not fit.

#include "io/weights_file.h"

#include "io/config_json.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace hs;
using nlohmann::json;

namespace {

RunConfig config(std::vector<int> hidden, bool batchNorm = false)
{
    RunConfig c;
    c.data.dataset = "blobs";
    c.data.classes = 3;
    c.data.dimensions = 4;
    c.data.samples = 120;
    c.model.hidden = std::move(hidden);
    c.model.batchNorm = batchNorm;
    c.training.epochs = 3;
    return c;
}

QString messageOf(const json& j, Network& network)
{
    try {
        loadWeights(j, network, "w.json");
    } catch (const std::invalid_argument& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestWeights : public QObject {
    Q_OBJECT
private slots:
    void roundTripIsExact()
    {
        Trainer t(config({5, 4}, true));
        TrainingObserver quiet;
        RunControl control;
        t.run(quiet, control);
        const json j = weightsToJson(t.network(), t.config());
        QCOMPARE(j["format"].get<std::string>(), std::string("hyperscope-weights/1"));
        QCOMPARE(j["layers"].size(), std::size_t(3 + 2)); // three dense layers, two batch norms

        Trainer fresh(config({5, 4}, true));
        Network n = fresh.network();
        QVERIFY(n.parameters() != t.network().parameters());
        loadWeights(json::parse(j.dump()), n, "w.json");
        QVERIFY(n.parameters() == t.network().parameters());
        QVERIFY(n.runningMean(0) == t.network().runningMean(0));
        QVERIFY(n.runningVar(1) == t.network().runningVar(1));
        QVERIFY(n.runningVar(0) != Vector::Ones(5)); // trained statistics, not the initial ones
    }

    void weightsAreRowMajorOutTimesIn()
    {
        Trainer t(config({}));
        const json layer = weightsToJson(t.network(), t.config())["layers"][0];
        QCOMPARE(layer["in"].get<int>(), 4);
        QCOMPARE(layer["out"].get<int>(), 3);
        const auto w = t.network().weight(0);
        // element (row r, column c) is at r·in + c
        QCOMPARE(layer["weight"][1 * 4 + 2].get<double>(), double(w(1, 2)));
        QCOMPARE(layer["weight"][2 * 4 + 0].get<double>(), double(w(2, 0)));
    }

    void configIsIncluded()
    {
        Trainer t(config({3}));
        const json j = weightsToJson(t.network(), t.config());
        QVERIFY(configFromJson(j["config"]).ok());
        QCOMPARE(configFromJson(j["config"]).config.model.hidden, (std::vector<int>{3}));
    }

    void refusesWhatDoesNotFit_data()
    {
        QTest::addColumn<QString>("mutation");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a weights file") << "format" << "is not a weights file";
        QTest::newRow("different width") << "width" << "dense1 is 6×4 (out × in) in the file but 5×4 in the network";
        QTest::newRow("missing layer") << "drop" << "the architectures differ";
        QTest::newRow("extra layer") << "extra" << "more layers than the network";
        QTest::newRow("short values") << "short" << "\"bias\" has 4 values, the network needs 5";
        QTest::newRow("text value") << "text" << "\"weight\"[0] is not a number";
    }
    void refusesWhatDoesNotFit()
    {
        QFETCH(QString, mutation);
        QFETCH(QString, message);
        Trainer t(config({5}));
        json j = weightsToJson(t.network(), t.config());
        if (mutation == "format")
            j["format"] = "something-else/2";
        else if (mutation == "width") {
            j["layers"][0]["out"] = 6;
        } else if (mutation == "drop")
            j["layers"].erase(1);
        else if (mutation == "extra")
            j["layers"].push_back(j["layers"][1]);
        else if (mutation == "short")
            j["layers"][0]["bias"].erase(0);
        else if (mutation == "text")
            j["layers"][0]["weight"][0] = "x";
        Network n = t.network();
        const Vector before = n.parameters();
        const QString what = messageOf(j, n);
        QVERIFY2(what.contains(message), qPrintable(what));
        QVERIFY(n.parameters() == before); // a refused file changes nothing
    }
};

QTEST_APPLESS_MAIN(TestWeights)
#include "test_io_weights.moc"
