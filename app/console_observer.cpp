#include "console_observer.h"

#include "train/trainer.h"

#include <atomic>
#include <csignal>
#include <string>

#include <unistd.h>

namespace hs {
namespace {

std::atomic<bool> interruptRequested{false};

extern "C" void onInterrupt(int) { interruptRequested.store(true); }

std::string duration(double seconds)
{
    char buffer[32];
    if (seconds < 60)
        std::snprintf(buffer, sizeof buffer, "%.0fs", seconds);
    else if (seconds < 3600)
        std::snprintf(buffer, sizeof buffer, "%dm%02ds", int(seconds) / 60, int(seconds) % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%dh%02dm", int(seconds) / 3600, int(seconds) / 60 % 60);
    return buffer;
}

} // namespace

ConsoleObserver::ConsoleObserver(std::FILE* out, bool quiet, RunControl& control)
    : out_(out)
    , quiet_(quiet)
    , terminal_(::isatty(::fileno(out)) == 1)
    , control_(control)
{
}

void ConsoleObserver::installInterruptHandler() { std::signal(SIGINT, onInterrupt); }

bool ConsoleObserver::interrupted() { return interruptRequested.load(); }

void ConsoleObserver::onStart(const Trainer& trainer)
{
    epochs_ = trainer.config().training.epochs;
    every_ = std::max(1, epochs_ / 50);
    start_ = lastDraw_ = std::chrono::steady_clock::now();
    if (quiet_)
        return;
    const auto& split = trainer.data().split;
    std::fprintf(out_, "training on %ld samples (validation %ld, test %ld), batch %d, %d steps per epoch, %ld parameters\n",
                 long(split.train.samples()), long(split.val.samples()), long(split.test.samples()), trainer.batchSize(),
                 trainer.stepsPerEpoch(), long(trainer.network().parameterCount()));
}

void ConsoleObserver::onStep(const Trainer&, const StepRecord&)
{
    if (interruptRequested.load())
        control_.requestStop();
}

void ConsoleObserver::onEpoch(const Trainer&, const EpochRecord& r)
{
    if (quiet_)
        return;
    const auto now = std::chrono::steady_clock::now();
    const bool last = r.epoch == epochs_;
    if (terminal_ && !last && now - lastDraw_ < std::chrono::milliseconds(100))
        return;
    if (!terminal_ && !last && r.epoch % every_ != 0 && r.epoch != 1)
        return;
    lastDraw_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double eta = elapsed / r.epoch * (epochs_ - r.epoch);
    std::string line = "epoch " + std::to_string(r.epoch) + "/" + std::to_string(epochs_);
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "  train_loss %.4f", r.trainLoss);
    line += buffer;
    if (r.valLoss) {
        std::snprintf(buffer, sizeof buffer, "  val_loss %.4f", *r.valLoss);
        line += buffer;
    }
    if (r.valAccuracy) {
        std::snprintf(buffer, sizeof buffer, "  val_accuracy %.3f", *r.valAccuracy);
        line += buffer;
    } else if (r.trainAccuracy) {
        std::snprintf(buffer, sizeof buffer, "  train_accuracy %.3f", *r.trainAccuracy);
        line += buffer;
    }
    std::snprintf(buffer, sizeof buffer, "  lr %.3g  ETA %s", r.lr, duration(eta).c_str());
    line += buffer;
    if (terminal_) {
        std::fprintf(out_, "\r\033[K%s", line.c_str());
        lineOpen_ = true;
    } else {
        std::fprintf(out_, "%s\n", line.c_str());
    }
    std::fflush(out_);
}

void ConsoleObserver::onFinished(const Trainer&, const RunSummary& summary)
{
    if (quiet_)
        return;
    if (lineOpen_)
        std::fputc('\n', out_);
    std::fprintf(out_, "%s\n", summary.message.c_str());
}

} // namespace hs
