// Nothing lost after a forced kill: the run-in-progress marker follows the
// controller (set while a run is in progress, cleared when it ends, is reset
// or the app quits), and the real app, killed with SIGKILL mid-run, opens
// next time with the run's config and says that the run was lost.

#include "run_configs.h"
#include "run_model.h"
#include "session_guard.h"
#include "training_controller.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace hs;
using State = TrainingController::State;
using testing::smallConfig;

namespace {

/// The app's environment: offscreen, its settings and data in `root`.
QProcessEnvironment appEnvironment(const QString& root)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("qt.qpa.*=false"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), root + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), root + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), root + QStringLiteral("/cache"));
    return env;
}

QString settingsFile(const QString& root)
{
    return root + QStringLiteral("/config/Hyperscope/hyperscope.conf");
}

bool markerOnDisk(const QString& root)
{
    return QSettings(settingsFile(root), QSettings::IniFormat).contains(QStringLiteral("session/runInProgress"));
}

/// Runs `hyperscope --print-state` and returns its JSON.
QJsonObject printState(const QString& root)
{
    QProcess app;
    app.setProcessEnvironment(appEnvironment(root));
    app.start(QStringLiteral(HYPERSCOPE_GUI), {QStringLiteral("--print-state")});
    if (!app.waitForFinished(30000) || app.exitStatus() != QProcess::NormalExit || app.exitCode() != 0) {
        qWarning("--print-state failed: %s", app.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(app.readAllStandardOutput()).object();
}

} // namespace

class TestSessionGuard : public QObject {
    Q_OBJECT
private:
    QTemporaryDir settingsDir_;

private slots:
    void initTestCase()
    {
        QVERIFY(settingsDir_.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("HyperscopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("session"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
    }
    void markerFollowsTheRun();
    void quittingMidRunClearsTheMarker();
    void killedMidRunRestoresTheConfigAndSaysTheRunWasLost();
};

void TestSessionGuard::markerFollowsTheRun()
{
    RunModel model;
    TrainingController controller(&model);
    controller.setConfig(smallConfig(5));
    SessionGuard guard(&controller);
    QVERIFY(!guard.interruptedRunConfig());
    QVERIFY(!SessionGuard::runInProgress()); // a prepared run nobody started

    QSignalSpy ended(&controller, &TrainingController::runEnded);
    QTimer::singleShot(0, &controller, [&] {
        controller.train();
        QVERIFY(SessionGuard::runInProgress());
    });
    QVERIFY(ended.wait(20000));
    QVERIFY(!SessionGuard::runInProgress());

    // Stepping into a run starts it too; Reset discards it.
    controller.reset();
    controller.step();
    QTRY_COMPARE(controller.state(), State::Paused);
    QVERIFY(SessionGuard::runInProgress());
    controller.reset();
    QVERIFY(!SessionGuard::runInProgress());
}

void TestSessionGuard::quittingMidRunClearsTheMarker()
{
    RunModel model;
    TrainingController controller(&model);
    controller.setConfig(smallConfig(100000));
    auto guard = std::make_unique<SessionGuard>(&controller);
    QTimer::singleShot(0, &controller, [&] { controller.train(); });
    QTRY_VERIFY_WITH_TIMEOUT(model.totalSteps() > 0, 20000);
    QVERIFY(SessionGuard::runInProgress());
    guard.reset();
    QVERIFY(!SessionGuard::runInProgress());
    // The next guard finds nothing to report.
    SessionGuard next(&controller);
    QVERIFY(!next.interruptedRunConfig());
}

void TestSessionGuard::killedMidRunRestoresTheConfigAndSaysTheRunWasLost()
{
    QTemporaryDir root;
    QVERIFY(root.isValid());
    // A path with a space and non-ASCII characters, as people name things.
    const QString configPath = root.path() + QStringLiteral("/my run — lr ü.json");
    {
        QFile f(configPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"data": {"samples": 1000},
                    "model": {"hidden": [16, 16]},
                    "training": {"epochs": 100000, "batch_size": 10, "optimizer": {"lr": 0.0123}}})");
    }

    QProcess app;
    app.setProcessEnvironment(appEnvironment(root.path()));
    app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    app.start(QStringLiteral(HYPERSCOPE_GUI), {configPath, QStringLiteral("--train")});
    QVERIFY2(app.waitForStarted(10000), qPrintable(app.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(markerOnDisk(root.path()), 30000);
    QTest::qWait(300); // mid-run, past the first epochs
    QCOMPARE(app.state(), QProcess::Running);
    app.kill(); // SIGKILL: no destructor, no closeEvent, no settings saved on the way out
    QVERIFY(app.waitForFinished(10000));
    QCOMPARE(app.exitStatus(), QProcess::CrashExit);
    QVERIFY(markerOnDisk(root.path()));

    const QJsonObject first = printState(root.path());
    QVERIFY2(first.value(QStringLiteral("banner")).toString().contains(QStringLiteral("ended while a run was training")),
             qPrintable(QJsonDocument(first).toJson()));
    QVERIFY(first.value(QStringLiteral("banner")).toString().contains(QStringLiteral("the run was lost")));
    const QJsonObject training = first.value(QStringLiteral("config")).toObject().value(QStringLiteral("training")).toObject();
    QCOMPARE(training.value(QStringLiteral("optimizer")).toObject().value(QStringLiteral("lr")).toDouble(), 0.0123);
    QCOMPARE(training.value(QStringLiteral("epochs")).toInt(), 100000);
    QCOMPARE(first.value(QStringLiteral("state")).toString(), QStringLiteral("idle"));
    QVERIFY(!markerOnDisk(root.path()));

    // Said once; the config stays.
    const QJsonObject second = printState(root.path());
    QCOMPARE(second.value(QStringLiteral("banner")).toString(), QString());
    QCOMPARE(second.value(QStringLiteral("config")).toObject().value(QStringLiteral("training")).toObject()
                 .value(QStringLiteral("optimizer")).toObject().value(QStringLiteral("lr")).toDouble(),
             0.0123);
}

QTEST_MAIN(TestSessionGuard)
#include "test_session_guard.moc"
