// Engine benchmark harness: drives the real hs::Trainer (every per-layer
// statistic on, as in the product) on the scenarios of scenarios.json and
// prints one JSON object per run on standard output, for run_benchmarks.py.
//
//   bench_train peak                       FMA peak of one core and of all cores
//   bench_train run SCENARIOS.json NAME T  one scenario at T threads
//
// A run trains `warmup_epochs` epochs, then `blocks` timed blocks of whole
// epochs (each at least `block_seconds` long) and reports the median
// samples/second over the blocks. Every heap allocation made while the timed
// blocks run is counted through the malloc hook below (all threads), split
// into ordinary steps and the steps that close an epoch (which append to the
// history). Peak RSS is the process's, so each run is its own process.

#include "io/config_json.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <immintrin.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

// ---------------------------------------------------------------------------
// Allocation counting: the executable's malloc family interposes glibc's (and
// so also operator new, Eigen's aligned allocations and the C++ runtime's).
namespace {
std::atomic<bool> gCounting{false};
std::atomic<long long> gAllocations{0};
inline void noteAllocation()
{
    if (gCounting.load(std::memory_order_relaxed))
        gAllocations.fetch_add(1, std::memory_order_relaxed);
}
} // namespace

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);

void* malloc(std::size_t size)
{
    noteAllocation();
    return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size)
{
    noteAllocation();
    return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size)
{
    noteAllocation();
    return __libc_realloc(p, size);
}
void free(void* p) { __libc_free(p); }
void* memalign(std::size_t alignment, std::size_t size)
{
    noteAllocation();
    return __libc_memalign(alignment, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size)
{
    noteAllocation();
    return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size)
{
    noteAllocation();
    void* p = __libc_memalign(alignment, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}
}

namespace {

double now()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

long peakRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

double processCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// ---------------------------------------------------------------------------
// FMA peak: independent accumulator chains hide the FMA latency, so the loop
// runs at the core's FMA throughput. Compiled for AVX2+FMA (8-wide) whatever
// the project's architecture flag, and checked at run time.
constexpr int kChains = 12;

__attribute__((target("avx2,fma"))) double fmaLoop8(long iterations)
{
    __m256 acc[kChains];
    for (int c = 0; c < kChains; ++c)
        acc[c] = _mm256_set1_ps(static_cast<float>(c) * 1e-3f);
    const __m256 a = _mm256_set1_ps(0.999999f);
    const __m256 b = _mm256_set1_ps(1e-7f);
    for (long i = 0; i < iterations; ++i)
        for (int c = 0; c < kChains; ++c)
            acc[c] = _mm256_fmadd_ps(acc[c], a, b);
    __m256 sum = acc[0];
    for (int c = 1; c < kChains; ++c)
        sum = _mm256_add_ps(sum, acc[c]);
    float lanes[8];
    _mm256_storeu_ps(lanes, sum);
    return lanes[0];
}

__attribute__((target("avx512f"))) double fmaLoop16(long iterations)
{
    __m512 acc[kChains];
    for (int c = 0; c < kChains; ++c)
        acc[c] = _mm512_set1_ps(static_cast<float>(c) * 1e-3f);
    const __m512 a = _mm512_set1_ps(0.999999f);
    const __m512 b = _mm512_set1_ps(1e-7f);
    for (long i = 0; i < iterations; ++i)
        for (int c = 0; c < kChains; ++c)
            acc[c] = _mm512_fmadd_ps(acc[c], a, b);
    __m512 sum = acc[0];
    for (int c = 1; c < kChains; ++c)
        sum = _mm512_add_ps(sum, acc[c]);
    float lanes[16];
    _mm512_storeu_ps(lanes, sum);
    return lanes[0];
}

/// GFLOP/s of `threads` threads running the loop at once (best of 5).
double fmaPeak(int width, int threads)
{
    const long iterations = 20'000'000;
    const double flopsPerThread = 2.0 * width * kChains * static_cast<double>(iterations);
    double best = 0.0;
    volatile double sink = 0.0;
    for (int round = 0; round < 5; ++round) {
        std::vector<std::thread> pool;
        std::vector<double> results(threads);
        const double start = now();
        for (int t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                results[t] = width == 8 ? fmaLoop8(iterations) : fmaLoop16(iterations);
            });
        for (auto& th : pool)
            th.join();
        const double seconds = now() - start;
        for (double r : results)
            sink = sink + r;
        best = std::max(best, flopsPerThread * threads / seconds / 1e9);
    }
    return best;
}

int peakCommand()
{
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
        std::cerr << "bench_train: this CPU has no AVX2+FMA; the FMA peak is not measured\n";
        return 1;
    }
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    nlohmann::json out;
    out["fma8_gflops_1"] = fmaPeak(8, 1);
    out["fma8_gflops_all"] = fmaPeak(8, cores);
    if (__builtin_cpu_supports("avx512f")) {
        out["fma16_gflops_1"] = fmaPeak(16, 1);
        out["fma16_gflops_all"] = fmaPeak(16, cores);
    }
    out["cores"] = cores;
    std::cout << out.dump() << std::endl;
    return 0;
}

// ---------------------------------------------------------------------------
// Training runs.

class QuietObserver : public hs::TrainingObserver {};

/// GEMM floating-point operations per training sample: forward W·a, the
/// weight gradient δ·aᵀ, and the input gradient Wᵀ·δ for every layer but the
/// first (nobody needs dL/dx), 2 flops per multiply-add.
double gemmFlopsPerSample(const hs::Network& net)
{
    double flops = 0.0;
    for (int l = 0; l < net.layerCount(); ++l) {
        const double macs = static_cast<double>(net.layout(l).in) * net.layout(l).out;
        flops += 2.0 * macs * (l == 0 ? 2.0 : 3.0);
    }
    return flops;
}

int runCommand(const std::string& file, const std::string& name, int threads)
{
    std::ifstream in(file);
    if (!in) {
        std::cerr << "bench_train: cannot read " << file << "\n";
        return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json all = nlohmann::json::parse(text.str());
    const nlohmann::json* scenario = nullptr;
    for (const auto& s : all.at("scenarios"))
        if (s.at("name") == name)
            scenario = &s;
    if (!scenario) {
        std::cerr << "bench_train: no scenario named " << name << "\n";
        return 2;
    }
    nlohmann::json config = scenario->at("config");
    config["training"]["threads"] = threads;
    config["training"]["epochs"] = 1000000;
    const hs::ConfigParse parsed = hs::configFromJson(config);
    if (!parsed.ok()) {
        for (const auto& p : parsed.problems)
            std::cerr << "bench_train: " << p << "\n";
        return 2;
    }
    const int warmup = scenario->value("warmup_epochs", 1);
    const int blocks = scenario->value("blocks", 5);
    const double blockSeconds = scenario->value("block_seconds", 0.0);

    hs::Trainer trainer(parsed.config);
    QuietObserver observer;
    const double samples = static_cast<double>(trainer.data().split.train.samples());

    double lastEpoch = 0.0;
    for (int e = 0; e < warmup; ++e) {
        const double t0 = now();
        trainer.stepEpoch(observer);
        lastEpoch = now() - t0;
    }
    const int epochsPerBlock = std::max(1, static_cast<int>(std::ceil(blockSeconds / std::max(lastEpoch, 1e-9))));

    std::vector<double> rates, cpuRates;
    long long stepAllocations = 0, closingAllocations = 0, steps = 0, closingSteps = 0;
    gCounting.store(true);
    for (int b = 0; b < blocks; ++b) {
        const double t0 = now(), c0 = processCpuSeconds();
        for (int e = 0; e < epochsPerBlock; ++e) {
            const int startEpoch = trainer.epoch();
            while (!trainer.finished() && trainer.epoch() == startEpoch) {
                const bool closes = trainer.stepInEpoch() == trainer.stepsPerEpoch() - 1;
                const long long before = gAllocations.load(std::memory_order_relaxed);
                trainer.step(observer);
                const long long made = gAllocations.load(std::memory_order_relaxed) - before;
                (closes ? closingAllocations : stepAllocations) += made;
                ++(closes ? closingSteps : steps);
            }
        }
        rates.push_back(samples * epochsPerBlock / (now() - t0));
        cpuRates.push_back(samples * epochsPerBlock / (processCpuSeconds() - c0));
    }
    gCounting.store(false);
    if (trainer.finished()) {
        std::cerr << "bench_train: the run ended early: " << trainer.summary().message << "\n";
        return 3;
    }

    const double rate = median(rates);
    const double flops = gemmFlopsPerSample(trainer.network());
    nlohmann::json out;
    out["framework"] = "hyperscope";
    out["scenario"] = name;
    out["threads"] = threads;
    out["samples_per_second"] = rate;
    out["block_rates"] = rates;
    // Samples per CPU-second of all the process's threads: a check on a busy
    // machine (it is the wall-clock rate when the process runs undisturbed on
    // one core, and half of it when two threads are always busy).
    out["samples_per_cpu_second"] = median(cpuRates);
    out["epochs_per_block"] = epochsPerBlock;
    out["gemm_flops_per_sample"] = flops;
    out["gflops"] = rate * flops / 1e9;
    out["allocations_per_step"] = steps ? static_cast<double>(stepAllocations) / static_cast<double>(steps) : 0.0;
    out["allocations_per_epoch_end"] =
        closingSteps ? static_cast<double>(closingAllocations) / static_cast<double>(closingSteps) : 0.0;
    out["peak_rss_mib"] = static_cast<double>(peakRssKiB()) / 1024.0;
    out["final_train_loss"] = trainer.history().back().trainLoss;
    out["parameters"] = trainer.network().parameterCount();
    std::cout << out.dump() << std::endl;
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        if (args.size() == 1 && args[0] == "peak")
            return peakCommand();
        if (args.size() == 4 && args[0] == "run")
            return runCommand(args[1], args[2], std::stoi(args[3]));
        std::cerr << "usage: bench_train peak | bench_train run SCENARIOS.json NAME THREADS\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "bench_train: " << e.what() << "\n";
        return 1;
    }
}
