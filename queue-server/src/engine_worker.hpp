// The engine's own thread: the single owner of the SQLite connection.
// Jobs from every connection queue here; the thread takes all that are
// waiting (up to kMaxBatch), runs them in one transaction (group commit: one
// fsync for many requests, no durability lost since nothing is answered before
// the commit), and hands the outcomes, in order, to the network thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "engine.hpp"

namespace anoman::server {

class EngineWorker {
public:
    static constexpr std::size_t kMaxBatch = 256;
    // Called on the worker thread with each batch's jobs' callbacks and outcomes, in order.
    using Deliver = std::function<void(std::vector<std::function<void(Outcome&&)>>, std::vector<Outcome>)>;

    EngineWorker(Engine& engine, Deliver deliver);
    ~EngineWorker();

    void start();
    // done runs on the network thread (via Deliver) once the job's batch committed.
    void submit(Job job, std::function<void(Outcome&&)> done);
    // Runs every job already queued, then stops the thread.
    void stop_and_join();

private:
    void run();

    Engine& engine_;
    Deliver deliver_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<Job, std::function<void(Outcome&&)>>> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace anoman::server
