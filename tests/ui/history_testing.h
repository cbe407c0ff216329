#pragma once
// Real runs through the training controller (real worker thread) with the
// run history archiving them, for the history, same-start and comparison
// tests.

#include "io/run_writer.h"
#include "main_window.h"
#include "run_history.h"
#include "training_controller.h"
#include "view_testing.h"

#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace hs::testing {

/// A main window without saved settings, keeping its run history in `runs`.
inline MainWindow::Options windowOptions(const QString& runs)
{
    MainWindow::Options options;
    options.useSettings = false;
    options.runsDirectory = runs;
    return options;
}

/// A controller whose ended runs are archived into a temporary folder,
/// and a history opened on that folder.
struct ArchivingController {
    QTemporaryDir dir;
    RunModel model;
    TrainingController controller{&model};
    RunHistory history;
    ArchivingController()
    {
        controller.setArchiveDirectory(dir.path());
        history.setRoot(dir.path());
    }
};

/// Trains `config` on this thread and writes its folder as
/// `hyperscope-cli train --out dir` does.
inline void writeCliRunFolder(const QString& dir, const RunConfig& config)
{
    Trainer trainer(config);
    NullObserver observer;
    RunControl control;
    trainer.run(observer, control);
    writeRunFolder(dir.toStdString(), trainer);
}

/// Trains `config` to its end on `controller` and returns the archived
/// folder (empty on failure, with a test failure recorded).
inline QString trainAndArchive(TrainingController& controller, const RunConfig& config)
{
    QSignalSpy archived(&controller, &TrainingController::runArchived);
    controller.setConfig(config);
    controller.train();
    if (!archived.wait(60000) && archived.isEmpty())
        return {};
    return archived.first().first().toString();
}

} // namespace hs::testing
