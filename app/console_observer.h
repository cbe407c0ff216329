#pragma once
// Progress of a CLI run: on a terminal one line rewritten in place; when
// piped, plain lines (about fifty per run) so logs stay short; nothing with
// --quiet. Also turns Ctrl-C into a clean stop so results are still written.

#include "train/observer.h"
#include "train/run_control.h"

#include <chrono>
#include <cstdio>

namespace hs {

class ConsoleObserver : public TrainingObserver {
public:
    ConsoleObserver(std::FILE* out, bool quiet, RunControl& control);

    void onStart(const Trainer& trainer) override;
    void onStep(const Trainer& trainer, const StepRecord& step) override;
    void onEpoch(const Trainer& trainer, const EpochRecord& record) override;
    void onFinished(const Trainer& trainer, const RunSummary& summary) override;

    /// Installs a SIGINT handler that asks the run to stop after the current batch.
    static void installInterruptHandler();
    /// True once Ctrl-C was pressed.
    static bool interrupted();

private:
    std::FILE* out_;
    bool quiet_;
    bool terminal_;
    RunControl& control_;
    int epochs_ = 0;
    int every_ = 1;
    std::chrono::steady_clock::time_point start_, lastDraw_;
    bool lineOpen_ = false;
};

} // namespace hs
