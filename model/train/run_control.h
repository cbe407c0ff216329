#pragma once
// Stop and pause requests from another thread, checked by the trainer at
// batch boundaries. Atomics (and a condition variable for pause), never plain
// flags shared across threads.

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace hs {

class RunControl {
public:
    /// Ends the run after the current batch; also releases a paused run.
    void requestStop();
    bool stopRequested() const { return stop_.load(std::memory_order_acquire); }

    void setPaused(bool paused);
    bool paused() const { return paused_.load(std::memory_order_acquire); }

    /// Blocks the calling (training) thread while paused and no stop is requested.
    void waitWhilePaused();

    /// Clears stop and pause for a new run.
    void reset();

private:
    std::atomic<bool> stop_{false};
    std::atomic<bool> paused_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
};

} // namespace hs
