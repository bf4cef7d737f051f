// The engine's own thread: the single owner of the SQLite connection.
// Jobs from every connection queue here; the thread takes what is waiting (up
// to kMaxBatch), runs it in one transaction (group commit: one fsync for many
// requests, no durability lost since nothing is answered before the commit),
// and hands the outcomes, in order, to the network thread.
//
// Batches are taken fairly: round robin over the connections with jobs
// waiting, at most kMaxPerSourcePerBatch of one connection per batch, so eight
// displays pipelining services.list cannot push a kiosk's ticket.issue to the
// back of thousands of their requests. A connection's own jobs keep their
// order (its replies come in request order). Jobs of a connection that closed
// before they ran are dropped: nobody is left to answer, and a kiosk retries
// its ticket.issue with the same request_id on its next connection.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine.hpp"

namespace anoman::server {

// One per connection, shared with the worker: set when the connection closes.
struct JobSource {
    std::atomic<bool> closed{false};
};

class EngineWorker {
public:
    static constexpr std::size_t kMaxBatch = 256;
    // A batch lasts as long as its jobs: with 8 displays pipelining
    // services.list, 8 each made batches of 64 (the kiosks' issue p50 85 ms),
    // 2 each batches of 16 (p50 8 ms, and more lists answered per second:
    // bench-flood). Kiosks send one request at a time, so their issues still
    // share a batch and its one commit (group commit).
    static constexpr std::size_t kMaxPerSourcePerBatch = 2;
    // Called on the worker thread with each batch's jobs' callbacks and outcomes, in order.
    using Deliver = std::function<void(std::vector<std::function<void(Outcome&&)>>, std::vector<Outcome>)>;

    EngineWorker(Engine& engine, Deliver deliver);
    ~EngineWorker();

    void start();
    // done runs on the network thread (via Deliver) once the job's batch committed.
    // source: the connection it came from (none: the server's own jobs, never dropped).
    void submit(Job job, std::function<void(Outcome&&)> done, std::shared_ptr<const JobSource> source = nullptr);
    // Runs every job already queued, then stops the thread.
    void stop_and_join();
    // Jobs dropped because their connection had closed (for tests and logs).
    std::uint64_t dropped() const { return dropped_; }

private:
    struct Entry {
        Job job;
        std::function<void(Outcome&&)> done;
        std::shared_ptr<const JobSource> source;
    };
    void run();
    // Takes the next batch from queues_ (mutex held).
    void take_batch(std::vector<Job>& jobs, std::vector<std::function<void(Outcome&&)>>& callbacks);

    Engine& engine_;
    Deliver deliver_;
    std::mutex mutex_;
    std::condition_variable wake_;
    // Waiting jobs by connection, and the connections with jobs in round-robin order.
    std::map<const JobSource*, std::deque<Entry>> queues_;
    std::deque<const JobSource*> turn_;
    bool stopping_ = false;
    std::atomic<std::uint64_t> dropped_{0};
    std::thread thread_;
};

}  // namespace anoman::server
