#include "anoman/gui/client_link.hpp"

namespace anoman::gui {
namespace {

Arrival now() { return std::chrono::steady_clock::now(); }

}  // namespace

ClientLink::ClientLink(RunQueue& ui, LinkHandlers handlers, HeartbeatWake heartbeat_wake)
    : ui_(ui), handlers_(std::move(handlers)), heartbeat_wake_(heartbeat_wake) {}

ClientCallbacks ClientLink::callbacks() {
    ClientCallbacks callbacks;
    // Stamp the arrival on the client's thread: the UI may be busy drawing.
    callbacks.on_link = [this](LinkState state, const std::string& detail) {
        post([this, state, detail, at = now()] {
            if (handlers_.on_link) handlers_.on_link(state, detail, at);
        });
    };
    callbacks.on_welcome = [this](const proto::Welcome& welcome) {
        post([this, welcome, at = now()] {
            if (handlers_.on_welcome) handlers_.on_welcome(welcome, at);
        });
    };
    callbacks.on_snapshot = [this](const proto::Snapshot& snapshot) {
        post([this, snapshot, at = now()] {
            if (handlers_.on_snapshot) handlers_.on_snapshot(snapshot, at);
        });
    };
    callbacks.on_event = [this](const proto::Event& event) {
        post([this, event, at = now()] {
            if (handlers_.on_event) handlers_.on_event(event, at);
        });
    };
    callbacks.on_heartbeat = [this](const proto::Heartbeat& heartbeat) {
        if (heartbeat_wake_ == HeartbeatWake::yes) {
            post([this, heartbeat, at = now()] {
                if (handlers_.on_heartbeat) handlers_.on_heartbeat(heartbeat, at);
            });
            return;
        }
        std::lock_guard lock(heartbeat_mutex_);
        heartbeat_.emplace(heartbeat, now());
    };
    return callbacks;
}

Client::ReplyHandler ClientLink::on_ui(std::function<void(const proto::Reply&)> handler) {
    return [this, handler = std::move(handler)](const proto::Reply& reply) {
        post([handler, reply] { handler(reply); });
    };
}

void ClientLink::deliver_heartbeat() {
    std::optional<std::pair<proto::Heartbeat, Arrival>> newest;
    {
        std::lock_guard lock(heartbeat_mutex_);
        newest.swap(heartbeat_);
    }
    if (!newest) return;
    if (handlers_.on_heartbeat) handlers_.on_heartbeat(newest->first, newest->second);
    if (handlers_.after) handlers_.after();
}

}  // namespace anoman::gui
