#pragma once
// The helper threads a network splits its large products and a step's
// element-wise work over (see BasicNetwork::setThreads). Private to the
// engine: only network.cpp and worker_team.cpp include it.

#include "core/denormals.h"

#include <Eigen/Core>

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace hs::detail {

/// A fixed team of threads that runs one task split into size() parts: part
/// 0 on the calling thread, the others on helper threads that spin briefly
/// between tasks and then sleep (C++20 atomic wait), so a training step's
/// several products cost no thread wake-ups. Which part does what is fixed,
/// so results never depend on timing.
class WorkerTeam {
public:
    explicit WorkerTeam(int size)
        : size_(size)
    {
        Eigen::initParallel(); // Eigen's cache-size statics, before any helper calls into it
        for (int part = 1; part < size; ++part)
            threads_.emplace_back([this, part] { loop(part); });
    }
    ~WorkerTeam()
    {
        stop_.store(true, std::memory_order_relaxed);
        generation_.fetch_add(1, std::memory_order_release);
        generation_.notify_all();
        for (auto& t : threads_)
            t.join();
    }
    WorkerTeam(const WorkerTeam&) = delete;
    WorkerTeam& operator=(const WorkerTeam&) = delete;

    int size() const { return size_; }

    /// Calls task(part) for every part in [0, size()) and returns when all are done.
    template <typename Task>
    void run(Task& task)
    {
        invoke_ = [](void* t, int part) { (*static_cast<Task*>(t))(part); };
        context_ = &task;
        floatMode_ = currentFloatMode(); // the parts compute as the caller does (denormals flushed or not)
        pending_.store(size_ - 1, std::memory_order_relaxed);
        generation_.fetch_add(1, std::memory_order_release);
        generation_.notify_all();
        task(0);
        for (int spin = 0;; ++spin) {
            const int left = pending_.load(std::memory_order_acquire);
            if (left == 0)
                return;
            if (spin < kSpin)
                relax();
            else
                pending_.wait(left, std::memory_order_acquire);
        }
    }

private:
    // Up to about a millisecond (a pause is 10 to 140 cycles, by CPU): long
    // enough to bridge the serial work between a step's products and between
    // steps, so a training helper rarely sleeps; short enough to give the
    // core back soon after training stops. With 2^11 the helpers of a
    // 784-256-128 network slept and woke several times a step (~16 % of the
    // run in futex calls and context switches).
    static constexpr int kSpin = 1 << 14;

    static void relax()
    {
#if defined(__x86_64__) || defined(__i386__)
        _mm_pause();
#else
        std::this_thread::yield();
#endif
    }

    void loop(int part)
    {
        std::uint32_t seen = 0;
        for (;;) {
            std::uint32_t current = 0;
            for (int spin = 0;; ++spin) {
                current = generation_.load(std::memory_order_acquire);
                if (current != seen)
                    break;
                if (spin < kSpin)
                    relax();
                else
                    generation_.wait(seen, std::memory_order_acquire);
            }
            seen = current;
            if (stop_.load(std::memory_order_relaxed))
                return;
            setFloatMode(floatMode_);
            invoke_(context_, part);
            if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1)
                pending_.notify_one();
        }
    }

    const int size_;
    std::vector<std::thread> threads_;
    void (*invoke_)(void*, int) = nullptr;
    void* context_ = nullptr;
    unsigned floatMode_ = 0;
    std::atomic<std::uint32_t> generation_{0};
    std::atomic<int> pending_{0};
    std::atomic<bool> stop_{false};
};

} // namespace hs::detail
