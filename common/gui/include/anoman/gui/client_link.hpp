// The one bridge between the network client (its Asio thread) and the UI
// thread, for the kiosk, the display and the counter alike: each message the
// client delivers is copied, stamped with the instant it arrived, and posted
// to the UI thread's RunQueue (whose wake is glfwPostEmptyEvent, so a frame
// loop asleep in glfwWaitEventsTimeout notices it at once). The handlers, and
// so the model, only ever run on the UI thread.
//
// Heartbeats only prove the server is alive and change nothing on screen: by
// default the newest one is kept aside without waking the UI (a frame every
// 2 s for nothing) and handed over at the next drain (deliver_heartbeat()).
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "anoman/client.hpp"
#include "anoman/run_queue.hpp"

namespace anoman::gui {

using Arrival = std::chrono::steady_clock::time_point;

// What the UI thread does with each message. Unset handlers ignore theirs.
struct LinkHandlers {
    std::function<void(LinkState, const std::string& detail, Arrival)> on_link;
    std::function<void(const proto::Welcome&, Arrival)> on_welcome;
    std::function<void(const proto::Snapshot&, Arrival)> on_snapshot;
    std::function<void(const proto::Event&, Arrival)> on_event;
    std::function<void(const proto::Heartbeat&, Arrival)> on_heartbeat;
    // After every message handed to the model (and every reply): e.g. send
    // what the model queued in reaction.
    std::function<void()> after;
};

enum class HeartbeatWake { no, yes };

class ClientLink {
public:
    ClientLink(RunQueue& ui, LinkHandlers handlers, HeartbeatWake heartbeat_wake = HeartbeatWake::no);
    ClientLink(const ClientLink&) = delete;
    ClientLink& operator=(const ClientLink&) = delete;

    // The callbacks to give the Client. They run on the client's thread and
    // refer to this link: it must outlive the client's thread (stop it first).
    ClientCallbacks callbacks();
    // A reply handler for Client::request that runs handler on the UI thread
    // (then the `after` hook).
    Client::ReplyHandler on_ui(std::function<void(const proto::Reply&)> handler);
    // UI thread: hands the newest heartbeat kept aside (if any) to on_heartbeat.
    // The frame loop calls it before each frame and before deciding to sleep.
    void deliver_heartbeat();

private:
    template <class Fn>
    void post(Fn fn) {
        ui_.post([this, fn = std::move(fn)] {
            fn();
            if (handlers_.after) handlers_.after();
        });
    }

    RunQueue& ui_;
    LinkHandlers handlers_;
    HeartbeatWake heartbeat_wake_;
    std::mutex heartbeat_mutex_;
    std::optional<std::pair<proto::Heartbeat, Arrival>> heartbeat_;  // the newest, not yet delivered
};

}  // namespace anoman::gui
