// "Same start": a run can begin from another run's initial weights and
// seeds, so that the only difference between them is the changed knob.

#include "history_testing.h"
#include "io/atomic_file.h"
#include "io/config_json.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>

using namespace hs;
using namespace hs::testing;
using State = TrainingController::State;

namespace {

nlohmann::json layersOf(const QString& runDir, const char* file)
{
    return parseJson(readFile(QDir(runDir).filePath(QString::fromLatin1(file)).toStdString()), file).at("layers");
}

double firstEpochLoss(const QString& runDir)
{
    const std::string text = readFile(QDir(runDir).filePath(QStringLiteral("history.csv")).toStdString());
    const auto line = QString::fromStdString(text).split(QLatin1Char('\n')).at(1);
    return line.section(QLatin1Char(','), 1, 1).toDouble();
}

} // namespace

class TestSameStart : public QObject {
    Q_OBJECT
private slots:
    void onlyTheKnobDiffers_data()
    {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<bool>("sameFirstLoss");
        // Another initializer alone: the loaded weights override it, so the
        // runs are identical.
        QTest::newRow("identical") << "" << true;
        QTest::newRow("other init") << "model.init=he_normal" << true;
        QTest::newRow("other lr") << "training.optimizer.lr=0.1" << false;
    }
    void onlyTheKnobDiffers()
    {
        QFETCH(QString, assignment);
        QFETCH(bool, sameFirstLoss);
        ArchivingController archiving;
        TrainingController& controller = archiving.controller;
        const QString a = trainAndArchive(controller, circleConfig());
        QVERIFY(!a.isEmpty());

        nlohmann::json j = configToJson(circleConfig());
        if (!assignment.isEmpty())
            applyOverride(j, assignment.toStdString());
        const ConfigParse parsed = configFromJson(j);
        QVERIFY(parsed.ok());
        controller.setInitialWeights(QDir(a).filePath(QStringLiteral("initial_weights.json")), QStringLiteral("Run 1"));
        QCOMPARE(controller.initialWeightsLabel(), QStringLiteral("Run 1"));
        const QString b = trainAndArchive(controller, parsed.config);
        QVERIFY(!b.isEmpty());
        QVERIFY(layersOf(b, "initial_weights.json") == layersOf(a, "initial_weights.json")); // the same epoch-0 state
        QCOMPARE(firstEpochLoss(b) == firstEpochLoss(a), sameFirstLoss);
        if (assignment == QLatin1String("model.init=he_normal")) {
            // Without the same start, the initializer does change the start.
            controller.setInitialWeights({}, {});
            const QString c = trainAndArchive(controller, parsed.config);
            QVERIFY(layersOf(c, "initial_weights.json") != layersOf(a, "initial_weights.json"));
        }
    }

    void otherArchitectureIsRefused()
    {
        ArchivingController archiving;
        TrainingController& controller = archiving.controller;
        const QString a = trainAndArchive(controller, circleConfig());
        QVERIFY(!a.isEmpty());
        RunConfig wider = circleConfig();
        wider.model.hidden = {7};
        QSignalSpy errors(&controller, &TrainingController::errorOccurred);
        controller.setConfig(wider);
        controller.setInitialWeights(QDir(a).filePath(QStringLiteral("initial_weights.json")), QStringLiteral("Run 1"));
        controller.train();
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Failed, 20000);
        QVERIFY(!errors.isEmpty());
        const QString message = errors.last().first().toString();
        QVERIFY2(message.startsWith(QStringLiteral("Cannot start from the initial weights of Run 1: ")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("initial_weights.json")), qPrintable(message));
    }
};

QTEST_MAIN(TestSameStart)
#include "test_same_start.moc"
