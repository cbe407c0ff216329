// Config differences read as short items: "lr 0.03 → 0.3".

#include "io/config_diff.h"
#include "io/config_json.h"

#include <nlohmann/json.hpp>

#include <QTest>

using namespace hs;

class TestIoConfigDiff : public QObject {
    Q_OBJECT
private slots:
    void describe_data()
    {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("expected");
        QTest::newRow("lr") << "training.optimizer.lr=0.3" << "lr 0.01 → 0.3";
        QTest::newRow("hidden") << "model.hidden=[16,16]" << "hidden [8,8] → [16,16]";
        QTest::newRow("string") << "model.activation=relu" << "activation tanh → relu";
        QTest::newRow("ambiguous seed") << "training.seed=7" << "training.seed 42 → 7";
        QTest::newRow("ambiguous type") << "training.optimizer.type=sgd" << "optimizer.type adam → sgd";
        QTest::newRow("bool") << "model.batch_norm=true" << "batch_norm false → true";
    }
    void describe()
    {
        QFETCH(QString, assignment);
        QFETCH(QString, expected);
        const nlohmann::json before = configToJson(RunConfig{});
        nlohmann::json after = before;
        applyOverride(after, assignment.toStdString());
        const auto changes = configDiff(before, after);
        QCOMPARE(QString::fromStdString(describeChanges(changes)), expected);
    }

    void noChange()
    {
        const nlohmann::json a = configToJson(RunConfig{});
        QVERIFY(configDiff(a, a).empty());
        QCOMPARE(QString::fromStdString(describeChanges({})), QString());
    }

    void manyChangesAreCut()
    {
        const nlohmann::json before = configToJson(RunConfig{});
        nlohmann::json after = before;
        for (const char* a : {"training.optimizer.lr=0.3", "training.epochs=5", "model.hidden=[3]",
                              "model.dropout=0.5", "data.noise=0.2", "training.batch_size=8"})
            applyOverride(after, a);
        const auto changes = configDiff(before, after);
        QCOMPARE(changes.size(), std::size_t(6));
        QVERIFY(QString::fromStdString(describeChanges(changes, 4)).endsWith(QStringLiteral(", +2 more")));
    }

    void missingKeys()
    {
        const auto changes = configDiff(nlohmann::json{{"a", 1}}, nlohmann::json{{"b", 2}});
        QCOMPARE(changes.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(changes[0].before), QStringLiteral("1"));
        QCOMPARE(QString::fromStdString(changes[0].after), QStringLiteral("–"));
    }
};

QTEST_GUILESS_MAIN(TestIoConfigDiff)
#include "test_io_config_diff.moc"
