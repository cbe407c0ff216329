// GUI benchmark: what the desktop app costs the training it shows, and how
// responsive it stays meanwhile.
//
//   bench_gui SCENARIOS.json NAME [--epochs N] [--rounds R] [--threads T] [--profile] [--no-probe]
//
// For one scenario of scenarios.json it alternates, R times each:
//   headless  the real Trainer on this thread with a no-op observer (what
//             hyperscope-cli train does, minus its files), and
//   gui       the real MainWindow (shown; every view live) training the same
//             config on its worker thread,
// after one headless run that is not counted (a warm-up), and reports
// samples/second of each (median over rounds; both timed from a
// built data set to the run's end), their ratio, the GUI's cost (from the
// median of each round's GUI/headless ratio), and
// the event loop's latency while the GUI trains: a 5 ms probe timer records
// how late each of its ticks arrives (p50, p95, p99, max). It also reports
// the time from the start of main() until the window has been shown and the
// event loop is idle, i.e. usable, and the process's resident memory before
// the first and after the last GUI run. One JSON object on standard output.
//
// Run it on a display (xvfb-run -a) or with QT_QPA_PLATFORM=offscreen; the
// epochs of the scenario's config are overridden by --epochs (default: 20),
// its training threads by --threads (default: the config's, 1).
// --profile adds where the GUI thread spent its CPU time, by receiver class
// and event type (those over 20 ms in all). --no-probe leaves the probe out
// (no latencies then): its 200 wake-ups a second are the measurement's cost,
// not the GUI's, about 2 % of a core that a training thread may need.

#include "io/config_json.h"
#include "main_window.h"
#include "run_model.h"
#include "train/run_control.h"
#include "train/trainer.h"
#include "training_controller.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// CPU time the calling thread has used, in seconds.
double threadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

// With --profile: where the GUI thread's time goes, per receiver class and
// event type, in CPU time of the outermost events only (a repaint's nested
// paint events count in the repaint that sent them; time waiting for a core
// counts nowhere).
class ProfilingApplication : public QApplication {
public:
    using QApplication::QApplication;
    bool profile = false;
    struct Cost {
        double total = 0.0, longest = 0.0;
        int events = 0;
    };
    std::map<std::string, Cost> costs;

    bool notify(QObject* receiver, QEvent* event) override
    {
        if (!profile || depth_ > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        // Named first: the event may delete its receiver (DeferredDelete).
        std::string what = std::string(receiver->metaObject()->className()) + " / " + std::to_string(int(event->type()));
        const double start = threadCpuSeconds();
        ++depth_;
        const bool result = QApplication::notify(receiver, event);
        --depth_;
        const double ms = 1e3 * (threadCpuSeconds() - start);
        auto& c = costs[std::move(what)];
        c.total += ms;
        c.longest = std::max(c.longest, ms);
        ++c.events;
        return result;
    }

private:
    int depth_ = 0;
};

struct NullObserver : hs::TrainingObserver {};

// Resident memory of this process, MiB (Linux).
double residentMiB()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// The process's peak resident memory so far (VmHWM), in MiB.
double peakResidentMiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0; // kB
    return 0.0;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(std::clamp(p / 100.0 * double(v.size() - 1), 0.0, double(v.size() - 1)));
    return v[i];
}

hs::RunConfig scenarioConfig(const std::string& file, const std::string& name, int epochs, int threads)
{
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error("cannot read " + file);
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json all = nlohmann::json::parse(text.str());
    for (const auto& s : all.at("scenarios"))
        if (s.at("name") == name) {
            nlohmann::json config = s.at("config");
            config["training"]["epochs"] = epochs;
            if (threads > 0)
                config["training"]["threads"] = threads;
            const hs::ConfigParse parsed = hs::configFromJson(config);
            if (!parsed.ok())
                throw hs::ConfigError(parsed.problems);
            return parsed.config;
        }
    throw std::runtime_error("no scenario called " + name);
}

double trainSamples(const hs::RunConfig& config)
{
    const hs::Trainer probe(config);
    return double(probe.data().split.train.samples());
}

// samples/second of the whole run, headless.
double headless(const hs::RunConfig& config, double samples)
{
    hs::Trainer trainer(config);
    NullObserver observer;
    hs::RunControl control;
    const auto start = Clock::now();
    trainer.run(observer, control);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return samples * config.training.epochs / seconds;
}

struct GuiResult {
    double samplesPerSecond = 0.0;
    std::vector<double> lateMs;
    double rssAtTenthMiB = 0.0; // resident memory a tenth of the way through the run
    double guiThreadShare = 0.0; // the GUI thread's CPU time over the run's wall time
};

// samples/second of the whole run in the window (from Train to the run's
// end), and the probe's lateness meanwhile.
GuiResult gui(hs::MainWindow& window, const hs::RunConfig& config, double samples, bool withProbe)
{
    GuiResult result;
    hs::TrainingController* controller = window.controller();
    controller->reset();
    QEventLoop loop;
    QObject::connect(controller, &hs::TrainingController::runEnded, &loop, &QEventLoop::quit);
    QObject::connect(controller, &hs::TrainingController::errorOccurred, &loop, &QEventLoop::quit);

    constexpr int kProbeMs = 5;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(kProbeMs);
    auto last = Clock::now();
    std::vector<std::pair<Clock::time_point, double>> rss; // sampled every 100 ticks
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const auto now = Clock::now();
        result.lateMs.push_back(std::max(0.0, std::chrono::duration<double, std::milli>(now - last).count() - kProbeMs));
        last = now;
        if (result.lateMs.size() % 100 == 0)
            rss.emplace_back(now, residentMiB());
    });

    // Timed from the run's setup reaching the window (the data set built on
    // the worker, as the headless side's Trainer is built before its clock
    // starts) to the run's end; the probe runs the whole time.
    Clock::time_point start;
    double cpuStart = 0.0;
    QObject::connect(window.runModel(), &hs::RunModel::runReset, &loop, [&] {
        start = Clock::now();
        cpuStart = threadCpuSeconds();
    });
    QTimer::singleShot(0, controller, [&] {
        start = last = Clock::now();
        cpuStart = threadCpuSeconds();
        if (withProbe)
            probe.start();
        controller->train();
    });
    loop.exec();
    probe.stop();
    const auto end = Clock::now();
    const double seconds = std::chrono::duration<double>(end - start).count();
    result.guiThreadShare = (threadCpuSeconds() - cpuStart) / seconds;
    const auto tenth = start + (end - start) / 10;
    result.rssAtTenthMiB = residentMiB();
    for (const auto& [when, mib] : rss)
        if (when >= tenth) {
            result.rssAtTenthMiB = mib;
            break;
        }
    if (controller->state() == hs::TrainingController::State::Failed)
        throw std::runtime_error("the GUI run failed: " + controller->message().toStdString());
    result.samplesPerSecond = samples * config.training.epochs / seconds;
    return result;
}

} // namespace

int main(int argc, char** argv)
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    try {
        std::vector<std::string> args(argv + 1, argv + argc);
        int epochs = 20, rounds = 3, threads = 0;
        bool profile = false, withProbe = true;
        std::vector<std::string> positional;
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (args[i] == "--epochs" && i + 1 < args.size())
                epochs = std::stoi(args[++i]);
            else if (args[i] == "--rounds" && i + 1 < args.size())
                rounds = std::stoi(args[++i]);
            else if (args[i] == "--threads" && i + 1 < args.size())
                threads = std::stoi(args[++i]);
            else if (args[i] == "--profile")
                profile = true;
            else if (args[i] == "--no-probe")
                withProbe = false;
            else
                positional.push_back(args[i]);
        }
        if (positional.size() != 2) {
            std::cerr << "usage: bench_gui SCENARIOS.json NAME [--epochs N] [--rounds R] [--threads T] [--profile] "
                         "[--no-probe]\n";
            return 2;
        }
        ProfilingApplication app(argc, argv);
        hs::MainWindow::Options options;
        options.useSettings = false;
        hs::MainWindow window(options);
        window.resize(1600, 1000);
        window.show();
        double usableMs = 0.0;
        {
            QEventLoop idle;
            QTimer::singleShot(0, &idle, [&] {
                usableMs = double(sinceStart.nsecsElapsed()) / 1e6;
                idle.quit();
            });
            idle.exec();
        }

        const hs::RunConfig config = scenarioConfig(positional[0], positional[1], epochs, threads);
        const double samples = trainSamples(config);
        window.controller()->setConfig(config);

        std::vector<double> headlessRates, guiRates, paired, late, guiShares;
        double rssBefore = 0.0, rssAfter = 0.0, rssTenth = 0.0;
        // A headless run first, not counted: the first run of a process is
        // cold (its pages, the worker team's threads) and read ~10 % slower
        // than the next ones, which made the first round's GUI look free.
        headless(config, samples);
        for (int r = 0; r < rounds; ++r) {
            headlessRates.push_back(headless(config, samples));
            app.profile = profile;
            if (r == 0)
                rssBefore = residentMiB();
            GuiResult g = gui(window, config, samples, withProbe);
            rssAfter = residentMiB();
            rssTenth = g.rssAtTenthMiB;
            app.profile = false;
            guiRates.push_back(g.samplesPerSecond);
            paired.push_back(g.samplesPerSecond / headlessRates.back());
            guiShares.push_back(g.guiThreadShare);
            late.insert(late.end(), g.lateMs.begin(), g.lateMs.end());
        }
        const double h = median(headlessRates), g = median(guiRates);
        nlohmann::json out{{"scenario", positional[1]},
                           {"epochs", epochs},
                           {"rounds", rounds},
                           {"threads", config.training.threads},
                           {"headless_samples_per_second", h},
                           {"gui_samples_per_second", g},
                           {"headless_samples_per_second_per_round", headlessRates},
                           {"gui_samples_per_second_per_round", guiRates},
                           {"gui_over_headless", g / h},
                           // Each round's GUI run over the headless run just before it: on a
                           // shared machine whose speed drifts, the steadier measure of the cost.
                           {"gui_over_headless_per_round", paired},
                           {"gui_cost_percent", 100.0 * (1.0 - median(paired))},
                           // How much of a core the GUI thread used while the window trained
                           // (its updates, repaints and the probe): on a machine whose cores
                           // all train, the least the GUI can cost.
                           {"gui_thread_cpu_percent_per_round", [&] {
                                std::vector<double> percent;
                                for (double share : guiShares)
                                    percent.push_back(100.0 * share);
                                return percent;
                            }()},
                           {"probe_ticks", late.size()},
                           {"latency_ms", {{"p50", percentile(late, 50)},
                                           {"p95", percentile(late, 95)},
                                           {"p99", percentile(late, 99)},
                                           {"max", percentile(late, 100)}}},
                           {"window_usable_ms", usableMs},
                           // The GUI's memory around its runs: the first run's start (window
                           // built, no run yet) and the last run's end (its whole history held).
                           {"rss_mib_before_gui_runs", rssBefore},
                           {"rss_mib_after_gui_runs", rssAfter},
                           {"rss_mib_growth", rssAfter - rssBefore},
                           // Flat memory: what the last run grew by over its last nine tenths.
                           {"rss_mib_at_a_tenth_of_the_last_run", rssTenth},
                           {"rss_mib_growth_over_the_last_nine_tenths", rssAfter - rssTenth},
                           {"peak_rss_mib", peakResidentMiB()}};
        if (!withProbe) {
            // The probe measures the latencies and samples the memory mid-run.
            out["latency_ms"] = nullptr;
            out["rss_mib_at_a_tenth_of_the_last_run"] = nullptr;
            out["rss_mib_growth_over_the_last_nine_tenths"] = nullptr;
        }
        for (const auto& [what, cost] : app.costs)
            if (cost.total > 20.0 || cost.longest > 20.0)
                out["profile_ms"][what] = {{"total", cost.total}, {"longest", cost.longest}, {"events", cost.events}};
        std::cout << out.dump(2) << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_gui: " << e.what() << "\n";
        return 1;
    }
}
