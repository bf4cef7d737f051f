// The engine worker takes jobs fairly across connections and drops the jobs
// of connections that closed before they ran (engine_worker.hpp).
#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>

#include "anoman/config.hpp"
#include "engine_worker.hpp"

using namespace anoman;
using namespace anoman::server;
using proto::Json;
using namespace std::chrono_literals;

namespace {

struct Recorder {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::vector<std::string>> batches;  // the labels of each batch, in order
    std::size_t delivered = 0;

    EngineWorker::Deliver deliver() {
        return [this](std::vector<std::function<void(Outcome&&)>> callbacks, std::vector<Outcome> outcomes) {
            std::lock_guard lock(mutex);
            batches.emplace_back();
            for (std::size_t i = 0; i < callbacks.size(); ++i)
                if (callbacks[i]) callbacks[i](std::move(outcomes[i]));
            changed.notify_all();
        };
    }
    // A callback that records label in the current batch (called under the mutex).
    std::function<void(Outcome&&)> label(std::string text) {
        return [this, text](Outcome&&) {
            batches.back().push_back(text);
            ++delivered;
        };
    }
    bool wait_for(std::size_t count) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 10s, [&] { return delivered >= count; });
    }
};

Job request(const Caller& caller, Json body) { return Job{Job::Kind::request, caller, std::move(body)}; }

// A worker over a real engine on an in-memory database, recording its batches.
struct WorkerFixture {
    Config config = demo_config();
    Database db{":memory:"};
    Engine engine{config, db, "e"};
    Recorder recorder;
    EngineWorker worker{engine, recorder.deliver()};
};

}  // namespace

TEST_CASE_FIXTURE(WorkerFixture, "worker: a kiosk's request is in the first batch although displays queued hundreds before it") {
    const Caller display{"hall-1", proto::Role::display, std::nullopt};
    const Caller kiosk{"kiosk-1", proto::Role::kiosk, std::nullopt};
    std::vector<std::shared_ptr<JobSource>> displays(8);
    for (auto& source : displays) source = std::make_shared<JobSource>();
    auto kiosk_source = std::make_shared<JobSource>();
    // Queued before the thread starts, so the batches are known.
    for (int i = 0; i < 100; ++i)
        for (std::size_t d = 0; d < displays.size(); ++d)
            worker.submit(request(display, {{"type", "services.list"}, {"id", i}}),
                          recorder.label("d" + std::to_string(d) + ":" + std::to_string(i)), displays[d]);
    worker.submit(request(kiosk, {{"type", "ticket.issue"}, {"id", 1}, {"service", config.services.front().code},
                                  {"request_id", "k:1"}}),
                  recorder.label("kiosk"), kiosk_source);
    worker.start();
    REQUIRE(recorder.wait_for(801));
    worker.stop_and_join();

    std::lock_guard lock(recorder.mutex);
    const auto& first = recorder.batches.front();
    CHECK(std::find(first.begin(), first.end(), "kiosk") != first.end());
    // At most kMaxPerSourcePerBatch of one connection in any batch, and each
    // connection's jobs in the order it sent them.
    std::map<std::string, int> next_of;
    for (const auto& batch : recorder.batches) {
        std::map<std::string, std::size_t> in_batch;
        for (const auto& label : batch) {
            const std::string source = label.substr(0, label.find(':'));
            CHECK(++in_batch[source] <= EngineWorker::kMaxPerSourcePerBatch);
            if (source == "kiosk") continue;
            const int number = std::stoi(label.substr(label.find(':') + 1));
            CHECK(number == next_of[source]);
            next_of[source] = number + 1;
        }
    }
    CHECK(next_of.size() == 8);
    for (const auto& [source, next] : next_of) CHECK(next == 100);
}

TEST_CASE_FIXTURE(WorkerFixture, "worker: jobs of a connection that closed before they ran are dropped, the others run") {
    const Caller kiosk{"kiosk-1", proto::Role::kiosk, std::nullopt};
    const std::string service = config.services.front().code;
    auto gone = std::make_shared<JobSource>();
    auto alive = std::make_shared<JobSource>();
    for (int i = 0; i < 5; ++i)
        worker.submit(request(kiosk, {{"type", "ticket.issue"}, {"id", i}, {"service", service},
                                      {"request_id", "gone:" + std::to_string(i)}}),
                      recorder.label("gone"), gone);
    worker.submit(request(kiosk, {{"type", "ticket.issue"}, {"id", 9}, {"service", service}, {"request_id", "alive:1"}}),
                  [&](Outcome&& outcome) {
                      recorder.batches.back().push_back(outcome.line["ticket"]["number"].get<std::string>());
                      ++recorder.delivered;
                  },
                  alive);
    gone->closed = true;  // the kiosk's connection dropped while its requests waited
    worker.start();
    REQUIRE(recorder.wait_for(1));
    worker.stop_and_join();
    CHECK(worker.dropped() == 5);
    std::lock_guard lock(recorder.mutex);
    std::vector<std::string> all;
    for (const auto& batch : recorder.batches) all.insert(all.end(), batch.begin(), batch.end());
    REQUIRE(all.size() == 1);
    // The dropped ones took no number: the surviving request got the first one.
    CHECK(all.front() == config.services.front().prefix + "001");
}
