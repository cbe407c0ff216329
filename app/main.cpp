// hyperscope: the desktop application. Argument parsing only; the window
// and everything in it live in ui/.

#include "io/config_json.h"
#include "io/presets.h"
#include "main_window.h"
#include "sweep_window.h"
#include "training_controller.h"
#include "config_panel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr const char* kDescription =
    "A desktop laboratory for neural-network hyperparameters.\n"
    "Without a display, train headless with hyperscope-cli.";

bool hasDisplay()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
        const char* value = std::getenv(name);
        if (value && *value)
            return true;
    }
    return false;
#else
    return true;
#endif
}

bool wantsHelpOrVersion(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (!std::strcmp(a, "-h") || !std::strcmp(a, "--help") || !std::strcmp(a, "-?") || !std::strcmp(a, "--help-all")
            || !std::strcmp(a, "-v") || !std::strcmp(a, "--version"))
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    // Qt aborts with a platform-plugin message when there is no display;
    // say what to do instead (help and version need no display).
    const bool display = hasDisplay();
    if (!display && !wantsHelpOrVersion(argc, argv)) {
        std::fputs("hyperscope: no display (DISPLAY and WAYLAND_DISPLAY are unset): run 'xvfb-run -a hyperscope', "
                   "or train headless with 'hyperscope-cli'\n",
                   stderr);
        return 2;
    }
    if (!display)
        qputenv("QT_QPA_PLATFORM", "offscreen"); // only to print --help / --version

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Hyperscope"));
    QApplication::setApplicationName(QStringLiteral("hyperscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("Hyperscope"));
    QApplication::setApplicationVersion(QStringLiteral(HYPERSCOPE_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("hyperscope"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromLatin1(kDescription));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("CONFIG.json"), QStringLiteral("A run configuration to open."),
                                 QStringLiteral("[CONFIG.json]"));
    const QCommandLineOption preset(QStringLiteral("preset"),
                                    QStringLiteral("Start from the lesson preset NAME (see the Presets menu or "
                                                   "'hyperscope-cli presets')."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption train(QStringLiteral("train"), QStringLiteral("Start training as soon as the window opens."));
    const QCommandLineOption speed(QStringLiteral("speed"),
                                   QStringLiteral("Train at most N epochs per second, for a class to watch (0 = as fast "
                                                  "as possible)."),
                                   QStringLiteral("N"));
    const QCommandLineOption runs(QStringLiteral("runs"),
                                  QStringLiteral("Keep the run history in DIR instead of the app's data folder."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption sweep(QStringLiteral("sweep"),
                                   QStringLiteral("Open the search window on a sweep folder written by "
                                                  "hyperscope-cli sweep (its results table and charts)."),
                                   QStringLiteral("DIR"));
    const QCommandLineOption printState(
        QStringLiteral("print-state"),
        QStringLiteral("Print the restored session as JSON (the banner, the state and the config the window opens "
                       "with) and quit; for diagnosis."));
    parser.addOption(preset);
    parser.addOption(train);
    parser.addOption(speed);
    parser.addOption(runs);
    parser.addOption(sweep);
    parser.addOption(printState);
    parser.process(app);

    const QStringList files = parser.positionalArguments();
    if (files.size() > 1) {
        std::fputs("hyperscope: give at most one CONFIG.json (see --help)\n", stderr);
        return 2;
    }
    if (!files.isEmpty() && parser.isSet(preset)) {
        std::fputs("hyperscope: give either CONFIG.json or --preset, not both\n", stderr);
        return 2;
    }
    if (parser.isSet(preset) && !hs::findPreset(parser.value(preset).toStdString())) {
        std::string names;
        for (const auto& p : hs::presetCatalog())
            names += (names.empty() ? "" : ", ") + p.name;
        std::fprintf(stderr, "hyperscope: no preset called \"%s\"; the presets are: %s\n",
                     qPrintable(parser.value(preset)), names.c_str());
        return 2;
    }

    double epochsPerSecond = -1.0;
    if (parser.isSet(speed)) {
        bool number = false;
        epochsPerSecond = parser.value(speed).toDouble(&number);
        if (!number || !(epochsPerSecond >= 0.0) || epochsPerSecond > 1e6) {
            std::fprintf(stderr, "hyperscope: --speed %s is not a number of epochs per second between 0 and 1000000\n",
                         qPrintable(parser.value(speed)));
            return 2;
        }
    }

    hs::MainWindow::Options options;
    options.runsDirectory = parser.value(runs);
    hs::MainWindow window(options);
    if (epochsPerSecond >= 0.0)
        window.setSpeed(epochsPerSecond);
    window.show();
    bool ok = true;
    if (!files.isEmpty())
        ok = window.openConfig(files.first()); // the banner says why when it fails
    else if (parser.isSet(preset))
        ok = window.loadPreset(parser.value(preset));
    if (parser.isSet(printState)) {
        const nlohmann::json state = {
            {"banner", window.bannerText().toStdString()},
            {"state", hs::TrainingController::stateText(window.controller()->state()).toStdString()},
            {"config", hs::configToJson(window.configPanel()->config())},
        };
        std::printf("%s\n", state.dump(2).c_str());
        return ok ? 0 : 1;
    }
    if (parser.isSet(sweep)) {
        hs::SweepWindow* search = window.sweepWindow();
        search->show();
        search->openSweepFolder(parser.value(sweep)); // the window says why when it fails
    }
    if (ok && parser.isSet(train))
        QTimer::singleShot(0, window.controller(), [&window] {
            if (window.configPanel()->isValid())
                window.controller()->train();
        });
    return app.exec();
}
