// Records what a Client reports (on its own thread) so a test can wait for
// it and assert on it from the test thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "anoman/client.hpp"

namespace anoman::testing {

class ClientRecorder {
public:
    ClientCallbacks callbacks() {
        ClientCallbacks cb;
        cb.on_link = [this](LinkState state, const std::string& detail) {
            record([&] { links.emplace_back(state, detail); });
        };
        cb.on_welcome = [this](const proto::Welcome& welcome) { record([&] { welcomes.push_back(welcome); }); };
        cb.on_snapshot = [this](const proto::Snapshot& snapshot) { record([&] { snapshots.push_back(snapshot); }); };
        cb.on_event = [this](const proto::Event& event) { record([&] { events.push_back(event); }); };
        cb.on_heartbeat = [this](const proto::Heartbeat&) { record([&] { ++heartbeats; }); };
        return cb;
    }

    // Waits until pred() (called under the lock) holds; false on timeout.
    template <typename Pred>
    bool wait(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return pred(); });
    }

    // Runs fn under the lock (to read the recorded values safely).
    template <typename Fn>
    auto locked(Fn fn) {
        std::lock_guard lock(mutex_);
        return fn();
    }

    bool online_count_at_least(std::size_t count) const {
        std::size_t seen = 0;
        for (const auto& link : links) seen += link.first == LinkState::online;
        return seen >= count;
    }

    // Written under the lock by the client's thread.
    std::vector<std::pair<LinkState, std::string>> links;
    std::vector<proto::Welcome> welcomes;
    std::vector<proto::Snapshot> snapshots;
    std::vector<proto::Event> events;
    int heartbeats = 0;

private:
    template <typename Fn>
    void record(Fn fn) {
        {
            std::lock_guard lock(mutex_);
            fn();
        }
        changed_.notify_all();
    }

    std::mutex mutex_;
    std::condition_variable changed_;
};

// Sends a request and waits for its handler; nullopt if the handler was not
// called within timeout.
inline std::optional<proto::Reply> request_and_wait(Client& client, proto::Json request,
                                                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto promise = std::make_shared<std::promise<proto::Reply>>();
    auto future = promise->get_future();
    client.request(std::move(request), [promise](const proto::Reply& reply) { promise->set_value(reply); });
    if (future.wait_for(timeout) != std::future_status::ready) return std::nullopt;
    return future.get();
}

inline std::string error_message(const proto::Reply& reply) { return reply.error ? reply.error->message : ""; }

}  // namespace anoman::testing
