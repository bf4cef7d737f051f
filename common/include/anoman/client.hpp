// The reconnecting protocol client every program uses (kiosk, display,
// counter console, queuectl watch, tests).
//
// It runs its own Asio thread: connects, says hello, optionally subscribes,
// reconnects with backoff after any failure, and resubscribes when the
// server's epoch changes or an event's seq skips. Callbacks run on that
// thread; a GUI hands them to its UI thread through a RunQueue. Asio stays
// behind the pimpl so GUI code never sees it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "anoman/protocol.hpp"

namespace anoman {

// Where the client connects, and as whom (PROTOCOL.md "Client programs' command line").
struct ConnectOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = proto::kDefaultPort;
    proto::Role role = proto::Role::display;
    std::string device;
    std::string token;
    // Not empty: connect with TLS and accept only the server certificate with
    // this SHA-256 fingerprint (64 lower-case hex digits, tls::normalize_pin).
    std::string tls_pin;
};

enum class LinkState {
    connecting,   // no connection yet, or waiting to retry
    online,       // welcome received (and, when subscribing, the snapshot)
    refused,      // the server refused the hello (unauthorized, unsupported_proto): retried slowly
};

struct ClientCallbacks {
    // The link changed; detail says why in words a technician can read.
    std::function<void(LinkState, const std::string& detail)> on_link;
    std::function<void(const proto::Welcome&)> on_welcome;
    // subscribe mode only: a fresh snapshot (after every (re)subscribe), then events in order.
    std::function<void(const proto::Snapshot&)> on_snapshot;
    std::function<void(const proto::Event&)> on_event;
    std::function<void(const proto::Heartbeat&)> on_heartbeat;
};

class Client {
public:
    using ReplyHandler = std::function<void(const proto::Reply&)>;

    struct Settings {
        ConnectOptions connect;
        bool subscribe = false;          // send subscribe after welcome
        bool subscribe_tickets = false;  // ask the snapshot for today's ticket list
        std::chrono::milliseconds request_timeout{5000};
        std::chrono::milliseconds max_backoff{5000};
        // Extensions (additive): connect + hello must complete within connect_timeout;
        // a refused hello is retried after refused_retry; a subscribed link that hears
        // nothing (no event, no heartbeat) for offline_after is treated as dead.
        std::chrono::milliseconds connect_timeout{5000};
        std::chrono::milliseconds refused_retry{30000};
        std::chrono::milliseconds offline_after{std::chrono::seconds(proto::kOfflineAfterSeconds)};
        // Not subscribed (a kiosk): after this long without a line from the server
        // the client sends a ping, and reconnects if it gets no answer within
        // request_timeout, so a silently dead link shows before a patient touches
        // the screen. Zero disables it.
        std::chrono::milliseconds keepalive_interval{10000};
    };

    Client(Settings settings, ClientCallbacks callbacks);
    ~Client();  // stops and joins
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    void start();
    void stop();

    // Sends a request (an object with "type"; the client sets "id"). The handler
    // gets the reply, or a local failure as a Reply with ok=false and code
    // "internal" and message "not connected" / "timeout" / "connection lost".
    // Requests are accepted once the welcome is in (a subscriber need not wait
    // for its snapshot). Nothing is queued while offline: the caller decides
    // whether to retry (a kiosk retries ticket.issue with the same request_id).
    // A timeout also drops the connection (a server that does not answer within
    // request_timeout is treated as gone) and the client reconnects. Once
    // stop() has begun no callback or handler runs: pending ones are dropped.
    // A request that is not an object with a string "type" fails with bad_request.
    void request(proto::Json request, ReplyHandler handler);

    LinkState link() const;

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace anoman
