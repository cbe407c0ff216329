#include "cli_charts.h"

#include "chart_export.h"
#include "run_model.h"
#include "run_snapshot.h"

#include <QApplication>

#include <cstdio>

namespace hs {

namespace {

// The CLI has no window: a QApplication on the offscreen platform (unless
// the caller chose a platform) is enough for widgets to lay out and paint.
// Created once, destroyed by releaseCharts() before main() returns: from an
// exit handler, after Qt's own statics are gone, its destructor crashes, and
// never destroying it leaves fontconfig's caches unfreed (LeakSanitizer).
QApplication* app = nullptr;

void ensureApplication()
{
    if (app)
        return;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt's notes (e.g. about XDG_RUNTIME_DIR) would break the CLI's promise
    // of quiet output; only its critical messages get through.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
        if (type == QtCriticalMsg || type == QtFatalMsg)
            std::fprintf(stderr, "hyperscope-cli: %s\n", qPrintable(message));
    });
    static int argc = 1;
    static char name[] = "hyperscope-cli";
    static char* argv[] = {name, nullptr};
    app = new QApplication(argc, argv);
}

} // namespace

std::string chartsUnavailableReason()
{
    return {};
}

void releaseCharts()
{
    delete app;
    app = nullptr;
}

bool writeRunCharts(const Trainer& trainer, double threshold, const std::string& dir, const std::string& format,
                    std::string* error)
{
    ensureApplication();
    RunModel model;
    model.reset(makeSetup(trainer));
    model.apply(makeUpdate(trainer, UpdateContents{}.withPlaneOf(model.setup())));
    model.setThreshold(threshold);
    QString message;
    if (!renderRunCharts(model, QString::fromStdString(dir), QString::fromStdString(format), &message)) {
        if (error)
            *error = message.toStdString();
        return false;
    }
    return true;
}

} // namespace hs
