// queuectl watch: subscribe with the reconnecting Client and print the
// snapshot and each event as it comes, until interrupted (or --count events).
//
// The client's callbacks run on its thread; they only queue lines, and this
// thread prints them, so output stays ordered and is written from one place.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <ostream>

#include "anoman/client.hpp"
#include "queuectl.hpp"

namespace anoman::queuectl {

namespace {

struct WatchQueue {
    struct Line {
        bool is_event = false;
        bool to_err = false;
        std::string text;
    };
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Line> lines;
    bool ever_online = false;
    std::optional<std::string> refused;  // refused before ever being online

    void push(Line line) {
        {
            std::lock_guard lock(mutex);
            lines.push_back(std::move(line));
        }
        wake.notify_one();
    }
};

}  // namespace

std::atomic<bool>& interrupted() {
    static std::atomic<bool> flag{false};
    return flag;
}

int run_watch(const Invocation& inv, const ConnectOptions& connect, std::ostream& out, std::ostream& err) {
    auto queue = std::make_shared<WatchQueue>();
    const bool json = inv.options.json;
    const auto timeout = std::chrono::milliseconds(static_cast<long long>(inv.options.timeout_s * 1000));

    Client::Settings settings;
    settings.connect = connect;
    settings.subscribe = true;
    settings.subscribe_tickets = inv.command.tickets;
    settings.request_timeout = timeout;
    settings.connect_timeout = timeout;

    ClientCallbacks callbacks;
    callbacks.on_link = [queue](LinkState state, const std::string& detail) {
        {
            std::lock_guard lock(queue->mutex);
            if (state == LinkState::online) queue->ever_online = true;
            // Without the client's "trying again in ...": watch gives up on a refusal at start.
            if (state == LinkState::refused && !queue->ever_online) queue->refused = detail.substr(0, detail.rfind("; "));
        }
        // detail already says what happened ("connected to ...", "... reconnecting in 0.5 s").
        queue->push({false, true, std::string("queuectl watch: ") + (state == LinkState::refused ? "refused: " : "") + detail});
    };
    callbacks.on_snapshot = [queue, json](const proto::Snapshot& snapshot) {
        queue->push({false, false, json ? proto::Json(snapshot).dump() : format_snapshot(snapshot)});
    };
    callbacks.on_event = [queue, json](const proto::Event& event) {
        queue->push({true, false, json ? proto::Json(event).dump() : format_event(event)});
    };

    Client client(settings, callbacks);
    client.start();

    const auto give_up_at = std::chrono::steady_clock::now() + timeout;
    int events_printed = 0;
    while (true) {
        std::deque<WatchQueue::Line> batch;
        bool ever_online = false;
        std::optional<std::string> refused;
        {
            std::unique_lock lock(queue->mutex);
            queue->wake.wait_for(lock, std::chrono::milliseconds(100), [&] { return !queue->lines.empty(); });
            batch.swap(queue->lines);
            ever_online = queue->ever_online;
            refused = queue->refused;
        }
        for (const auto& line : batch) {
            (line.to_err ? err : out) << line.text << std::endl;  // flushed: watch is often piped
            if (line.is_event && inv.command.count > 0 && ++events_printed >= inv.command.count) return kExitOk;
        }
        if (interrupted()) return kExitOk;
        if (!ever_online && refused) {
            err << "queuectl: " << *refused << "\n";
            return kExitErrorReply;
        }
        if (!ever_online && std::chrono::steady_clock::now() > give_up_at) {
            err << "queuectl: cannot reach the queue-server at " << connect.host << ":" << connect.port << "\n";
            return kExitUnreachable;
        }
    }
}

}  // namespace anoman::queuectl
