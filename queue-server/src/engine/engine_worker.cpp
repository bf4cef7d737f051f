#include "engine_worker.hpp"

#include <spdlog/spdlog.h>

namespace anoman::server {

EngineWorker::EngineWorker(Engine& engine, Deliver deliver) : engine_(engine), deliver_(std::move(deliver)) {}

EngineWorker::~EngineWorker() { stop_and_join(); }

void EngineWorker::start() {
    engine_.hand_over();  // the worker thread owns the engine from now on
    thread_ = std::thread([this] { run(); });
}

void EngineWorker::submit(Job job, std::function<void(Outcome&&)> done, std::shared_ptr<const JobSource> source) {
    {
        std::lock_guard lock(mutex_);
        auto& queue = queues_[source.get()];
        if (queue.empty()) turn_.push_back(source.get());
        queue.push_back(Entry{std::move(job), std::move(done), std::move(source)});
    }
    wake_.notify_one();
}

void EngineWorker::stop_and_join() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
        thread_.join();
        engine_.hand_over();  // back to whoever uses it next (the shutdown, a test)
    }
}

void EngineWorker::take_batch(std::vector<Job>& jobs, std::vector<std::function<void(Outcome&&)>>& callbacks) {
    // Rounds over the connections in turn_, one job of each per round, until
    // the batch is full or each has given kMaxPerSourcePerBatch or run dry.
    std::map<const JobSource*, std::size_t> taken;
    std::size_t passes_without_taking = 0;
    while (!turn_.empty() && jobs.size() < kMaxBatch && passes_without_taking < turn_.size()) {
        const JobSource* key = turn_.front();
        turn_.pop_front();
        auto& queue = queues_[key];
        std::size_t& count = taken[key];
        bool took = false;
        while (!queue.empty() && count < kMaxPerSourcePerBatch && !took) {
            Entry entry = std::move(queue.front());
            queue.pop_front();
            if (entry.source && entry.source->closed.load()) {
                ++dropped_;  // its connection is gone: nobody to answer
                continue;
            }
            jobs.push_back(std::move(entry.job));
            callbacks.push_back(std::move(entry.done));
            ++count;
            took = true;
        }
        passes_without_taking = took ? 0 : passes_without_taking + 1;
        if (queue.empty()) queues_.erase(key);
        else turn_.push_back(key);  // its turn comes again in the next round (or batch)
    }
}

void EngineWorker::run() {
    while (true) {
        std::vector<Job> jobs;
        std::vector<std::function<void(Outcome&&)>> callbacks;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !turn_.empty(); });
            if (turn_.empty()) return;  // stopping, and everything queued has run
            take_batch(jobs, callbacks);
        }
        if (jobs.empty()) continue;  // only dropped jobs were waiting
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
