// Work for the UI thread, posted from other threads (Tracy's run queue).
// The UI thread drains it once per frame; the wake callback (glfwPostEmptyEvent)
// makes a frame loop that sleeps in glfwWaitEventsTimeout notice new work.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <utility>

namespace anoman {

class RunQueue {
public:
    using Task = std::function<void()>;

    void set_wake(std::function<void()> wake) {
        std::lock_guard lock(mutex_);
        wake_ = std::move(wake);
    }

    void post(Task task) {
        std::function<void()> wake;
        {
            std::lock_guard lock(mutex_);
            tasks_.push_back(std::move(task));
            wake = wake_;
        }
        if (wake) wake();
    }

    // Runs everything posted so far; returns how many tasks ran.
    int drain() {
        std::deque<Task> batch;
        {
            std::lock_guard lock(mutex_);
            batch.swap(tasks_);
        }
        for (auto& task : batch) task();
        return static_cast<int>(batch.size());
    }

private:
    std::mutex mutex_;
    std::deque<Task> tasks_;
    std::function<void()> wake_;
};

}  // namespace anoman
