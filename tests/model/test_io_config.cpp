// The run-config JSON contract: defaults, round trips, overrides, and a
// message naming key, value and allowed range for every kind of bad input.

#include "io/config_json.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace hs;
using nlohmann::json;

namespace {

QString problemsOf(const std::string& text)
{
    const ConfigParse p = configFromText(text, "test.json");
    QStringList lines;
    for (const auto& s : p.problems)
        lines << QString::fromStdString(s);
    return lines.join('\n');
}

} // namespace

class TestConfig : public QObject {
    Q_OBJECT
private slots:
    void emptyObjectIsTheDefaultRun()
    {
        const ConfigParse p = configFromText("{}");
        QVERIFY(p.ok());
        QCOMPARE(p.config.data.dataset, std::string("spiral"));
        QCOMPARE(p.config.data.samples, 1000);
        QCOMPARE(p.config.model.hidden, (std::vector<int>{8, 8}));
        QCOMPARE(p.config.model.activation, std::string("tanh"));
        QCOMPARE(p.config.training.epochs, 200);
        QCOMPARE(p.config.training.batchSize, 32);
        QCOMPARE(p.config.training.seed, std::uint64_t(42));
        QCOMPARE(p.config.training.optimizer.type, std::string("adam"));
        QCOMPARE(p.config.training.optimizer.lr, 0.01);
        QCOMPARE(p.config.data.split.val, 0.15);
    }

    void designDocumentExampleParses()
    {
        const char* text = R"({
          "data": {"dataset": "spiral", "samples": 1000, "noise": 0.1, "classes": 2,
                   "dimensions": 2, "path": null, "label_column": null,
                   "split": {"train": 0.7, "val": 0.15, "test": 0.15},
                   "normalize": "zscore", "seed": 1},
          "model": {"task": "classification", "hidden": [8, 8], "activation": "tanh",
                    "init": "xavier_uniform", "batch_norm": false, "residual": false,
                    "dropout": 0.0},
          "training": {"epochs": 200, "batch_size": 32, "shuffle": true, "seed": 42,
                       "optimizer": {"type": "adam", "lr": 0.01},
                       "schedule": {"type": "constant"},
                       "regularization": {"l1": 0.0, "l2": 0.0},
                       "early_stopping": {"enabled": false, "monitor": "val_loss",
                                          "patience": 10, "min_delta": 0.0,
                                          "restore_best": true},
                       "threads": 1}
        })";
        const ConfigParse p = configFromText(text);
        QVERIFY2(p.ok(), qPrintable(problemsOf(text)));
    }

    void roundTripIsExact()
    {
        RunConfig c;
        c.data.dataset = "blobs";
        c.data.classes = 5;
        c.data.dimensions = 7;
        c.model.hidden = {3, 1, 4};
        c.model.activation = "leaky_relu";
        c.model.leakySlope = 0.2;
        c.training.optimizer.type = "adamw";
        c.training.optimizer.lr = 0.123456789012345;
        c.training.optimizer.beta2 = 0.95;
        c.training.schedule.type = "multistep";
        c.training.schedule.milestones = {3, 9};
        c.training.seed = 18446744073709551615ULL;
        c.training.clipNorm = 1.5;
        const ConfigParse back = configFromJson(configToJson(c));
        QVERIFY(back.ok());
        QCOMPARE(configToText(back.config), configToText(c));
        QCOMPARE(back.config.training.seed, c.training.seed);
        QCOMPARE(back.config.training.optimizer.lr, c.training.optimizer.lr);
    }

    void optimizerDefaultsFollowTheType()
    {
        QCOMPARE(configFromText(R"({"training": {"optimizer": {"type": "momentum"}}})").config.training.optimizer.momentum, 0.9);
        const auto n = configFromText(R"({"training": {"optimizer": {"type": "nesterov"}}})").config.training.optimizer;
        QVERIFY(n.nesterov);
        QCOMPARE(configFromText(R"({"training": {"optimizer": {"type": "adagrad"}}})").config.training.optimizer.eps, 1e-10);
        QCOMPARE(configFromText(R"({"training": {"optimizer": {"type": "adamw"}}})").config.training.optimizer.weightDecay, 0.01);
        QCOMPARE(configFromText(R"({"training": {"optimizer": {"type": "sgd"}}})").config.training.optimizer.momentum, 0.0);
        QCOMPARE(configFromText(R"({"training": {"optimizer": {"type": "momentum", "momentum": 0.5}}})")
                     .config.training.optimizer.momentum, 0.5);
    }

    void badInputNamesKeyValueAndRange_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown top-level key") << R"({"trainig": {}})" << "unknown key trainig";
        QTest::newRow("unknown nested key") << R"({"model": {"hiden": [8]}})" << "unknown key model.hiden";
        QTest::newRow("wrong type") << R"({"training": {"epochs": "many"}})" << "training.epochs = \"many\" must be a whole number";
        QTest::newRow("fraction for int") << R"({"training": {"epochs": 2.5}})" << "training.epochs = 2.5 must be a whole number";
        QTest::newRow("zero epochs") << R"({"training": {"epochs": 0}})" << "training.epochs = 0 is out of range: must be between 1 and 1e+06";
        QTest::newRow("negative lr") << R"({"training": {"optimizer": {"lr": -1}}})" << "training.optimizer.lr = -1 is out of range";
        QTest::newRow("huge samples") << R"({"data": {"samples": 1e12}})" << "data.samples = 1000000000000.0 is out of range";
        QTest::newRow("negative seed") << R"({"training": {"seed": -3}})" << "training.seed = -3 must be a whole number of at least 0";
        QTest::newRow("split above 1") << R"({"data": {"split": {"train": 0.8, "val": 0.3, "test": 0.1}}})" << "data.split fractions sum to 1.2";
        QTest::newRow("unknown activation") << R"({"model": {"activation": "swish"}})" << "model.activation = \"swish\" is not one of: linear, sigmoid";
        QTest::newRow("zero width") << R"({"model": {"hidden": [8, 0]}})" << "model.hidden[1] = 0 is out of range";
        QTest::newRow("dropout 1") << R"({"model": {"dropout": 1.0}})" << "model.dropout = 1 is out of range";
        QTest::newRow("val monitor without val") << R"({"data": {"split": {"train": 0.8, "val": 0, "test": 0.2}}, "training": {"early_stopping": {"enabled": true}}})"
                                                 << "training.early_stopping.monitor = \"val_loss\" needs a validation set";
        QTest::newRow("task mismatch") << R"({"data": {"dataset": "plane"}})" << "model.task = \"classification\" does not fit data.dataset = \"plane\"";
        QTest::newRow("nesterov without momentum") << R"({"training": {"optimizer": {"type": "sgd", "nesterov": true}}})" << "nesterov needs";
        QTest::newRow("batch norm with batch 1") << R"({"model": {"batch_norm": true}, "training": {"batch_size": 1}})" << "model.batch_norm needs training.batch_size";
        QTest::newRow("not an object") << R"([1, 2])" << "a run config must be a JSON object";
        QTest::newRow("section not an object") << R"({"model": 3})" << "model must be an object";
        QTest::newRow("truncated JSON") << "{\n  \"model\": {" << "test.json:2:";
        QTest::newRow("betas") << R"({"training": {"optimizer": {"betas": [0.9]}}})" << "training.optimizer.betas = [0.9] must be an array of two numbers";
    }
    void badInputNamesKeyValueAndRange()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const QString problems = problemsOf(text.toStdString());
        QVERIFY2(problems.contains(expected), qPrintable(problems));
    }

    void everyProblemIsReported()
    {
        const QString problems = problemsOf(R"({"training": {"epochs": 0, "batch_size": -1}, "model": {"dropout": 2}})");
        QCOMPARE(problems.count('\n') + 1, 3);
    }

    void overrides()
    {
        json j = json::object();
        applyOverride(j, "training.optimizer.lr=0.3");
        applyOverride(j, "model.hidden=[16,16,16]");
        applyOverride(j, "model.activation=relu");
        applyOverride(j, "model.batch_norm=true");
        const ConfigParse p = configFromJson(j);
        QVERIFY(p.ok());
        QCOMPARE(p.config.training.optimizer.lr, 0.3);
        QCOMPARE(p.config.model.hidden, (std::vector<int>{16, 16, 16}));
        QCOMPARE(p.config.model.activation, std::string("relu"));
        QVERIFY(p.config.model.batchNorm);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, applyOverride(j, "no-equals-sign"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, applyOverride(j, "model..x=1"));
    }

    void fullBatchKeyword()
    {
        QCOMPARE(configFromText(R"({"training": {"batch_size": "full"}})").config.training.batchSize, 0);
    }
};

QTEST_APPLESS_MAIN(TestConfig)
#include "test_io_config.moc"
