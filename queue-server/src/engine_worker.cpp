#include "engine_worker.hpp"

#include <spdlog/spdlog.h>

namespace anoman::server {

EngineWorker::EngineWorker(Engine& engine, Deliver deliver) : engine_(engine), deliver_(std::move(deliver)) {}

EngineWorker::~EngineWorker() { stop_and_join(); }

void EngineWorker::start() { thread_ = std::thread([this] { run(); }); }

void EngineWorker::submit(Job job, std::function<void(Outcome&&)> done) {
    {
        std::lock_guard lock(mutex_);
        queue_.emplace_back(std::move(job), std::move(done));
    }
    wake_.notify_one();
}

void EngineWorker::stop_and_join() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void EngineWorker::run() {
    while (true) {
        std::vector<Job> jobs;
        std::vector<std::function<void(Outcome&&)>> callbacks;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything queued has run
            while (!queue_.empty() && jobs.size() < kMaxBatch) {
                jobs.push_back(std::move(queue_.front().first));
                callbacks.push_back(std::move(queue_.front().second));
                queue_.pop_front();
            }
        }
        std::vector<Outcome> outcomes;
        try {
            outcomes = engine_.run_batch(jobs);
        } catch (const std::exception& e) {
            // run_batch answers its own failures; this is a last guard for the thread.
            spdlog::critical("engine batch failed unexpectedly: {}", e.what());
            outcomes.assign(jobs.size(), Outcome{});
        }
        deliver_(std::move(callbacks), std::move(outcomes));
    }
}

}  // namespace anoman::server
