// The reconnecting client: what it does with each line the server sends.
//
// Before welcome only welcome or an error line is acceptable. After it:
// replies go to their request by id, and in subscribe mode the snapshot
// and the events, whose seq must run without gaps. A gap, or a heartbeat
// announcing a seq the client never saw, means something was lost: the
// client subscribes again and starts over from a fresh snapshot, so it never
// shows a stale hall.
#include <chrono>

#include "anoman/protocol_requests.hpp"
#include "client_impl.hpp"

namespace anoman {

namespace {

std::string string_field(const proto::Json& line, const char* key) {
    auto it = line.find(key);
    return it != line.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string role_text(proto::Role role) { return std::string(proto::to_string(role)); }

}  // namespace

void Client::Impl::handle_line(const std::shared_ptr<Connection>& c, const std::string& text) {
    try {
        const proto::Json line = proto::Json::parse(text, nullptr, false);
        if (line.is_discarded() || !line.is_object()) {
            fail(c, "the server sent a line that is not a JSON object");
            return;
        }
        if (!c->welcomed) {
            handle_before_welcome(c, line);
            return;
        }
        const std::string type = string_field(line, "type");
        if (type == "reply") handle_reply(c, line);
        else if (type == "event") handle_event(c, line);
        else if (type == "heartbeat") handle_heartbeat(c, line);
        else if (type == "snapshot") handle_snapshot(c, line);
        else if (type == "error") {
            // Only for a line without a usable id, which this client never sends;
            // kept to explain a close that may follow (line_too_long).
            c->server_error = string_field(line, "code") + ": " + string_field(line, "message");
        }
        // Any other type is an extension this client does not know: ignored.
    } catch (const proto::ProtocolError& e) {
        fail(c, std::string("malformed message from the server: ") + e.what());
    } catch (const std::exception& e) {
        fail(c, std::string("internal error while reading the server: ") + e.what());
    }
}

void Client::Impl::handle_before_welcome(const std::shared_ptr<Connection>& c, const proto::Json& line) {
    const std::string type = string_field(line, "type");
    if (type == "error") {
        const std::string code = string_field(line, "code");
        const std::string message = string_field(line, "message");
        // Wrong token or protocol: retrying fast would not help, but the
        // configuration may be fixed on the server, so retry slowly.
        const bool refused = code == "unauthorized" || code == "unsupported_proto";
        fail(c, (refused ? "the server refused this device: " : "the server answered hello with an error: ") + code +
                    ": " + message,
             refused);
        return;
    }
    if (type != "welcome") {
        fail(c, "expected welcome from the server, got \"" + type + "\"");
        return;
    }
    proto::Welcome welcome = line.get<proto::Welcome>();
    c->welcomed = true;
    c->welcome = welcome;
    failures_in_a_row = 0;
    std::string detail = "connected to " + settings.connect.host + ":" + std::to_string(settings.connect.port) +
                         " as " + welcome.device + " (" + role_text(welcome.role) + ")";
    if (!last_epoch.empty() && last_epoch != welcome.epoch) detail += "; the server restarted (new epoch)";
    last_epoch = welcome.epoch;
    invoke(callbacks.on_welcome, welcome);
    if (c->closed) return;
    if (settings.subscribe) {
        // Online only once the snapshot is in; until then the watchdog runs.
        c->online_detail = detail;
        c->last_heard = std::chrono::steady_clock::now();
        arm_watchdog(c, settings.offline_after);
        subscribe(c, "welcome");
    } else {
        if (settings.keepalive_interval.count() > 0) arm_watchdog(c, settings.keepalive_interval);
        else c->watchdog.cancel();
        set_link(LinkState::online, detail);
    }
}

void Client::Impl::subscribe(const std::shared_ptr<Connection>& c, const std::string& /*why*/) {
    // Until the new snapshot arrives, events are ignored: it will contain them.
    c->subscribe_id = next_id++;
    c->subscription = Connection::Subscription::awaiting_reply;
    proto::Json message = proto::request_line(proto::SubscribeRequest{settings.subscribe_tickets}, c->subscribe_id);
    send_line(c, message.dump());
}

void Client::Impl::handle_reply(const std::shared_ptr<Connection>& c, const proto::Json& line) {
    auto id_it = line.find("id");
    if (id_it == line.end() || !id_it->is_number_integer()) return;  // not one of ours
    const std::int64_t id = id_it->get<std::int64_t>();

    if (id == c->subscribe_id && c->subscription == Connection::Subscription::awaiting_reply) {
        const proto::Reply reply = proto::parse_reply(line);
        if (!reply.ok) {
            const proto::Error& error = *reply.error;
            fail(c, "the server refused the subscription: " + std::string(proto::to_string(error.code)) + ": " +
                        error.message,
                 true);
            return;
        }
        c->subscription = Connection::Subscription::awaiting_snapshot;
        return;
    }

    if (id == c->keepalive_ping_id) {
        c->keepalive_ping_id = 0;
        arm_watchdog(c, settings.keepalive_interval);
        return;
    }
    auto it = pending.find(id);
    if (it == pending.end()) return;  // timed out already, or an old subscribe
    ReplyHandler handler = std::move(it->second.handler);
    it->second.timer->cancel();
    pending.erase(it);
    proto::Reply reply;
    try {
        reply = proto::parse_reply(line);
    } catch (const proto::ProtocolError& e) {
        reply = local_failure(line["id"], proto::ErrorCode::internal, std::string("malformed reply: ") + e.what());
    }
    invoke(handler, reply);
}

void Client::Impl::handle_snapshot(const std::shared_ptr<Connection>& c, const proto::Json& line) {
    if (c->subscription != Connection::Subscription::awaiting_snapshot) return;
    const proto::Snapshot snapshot = line.get<proto::Snapshot>();
    c->subscription = Connection::Subscription::live;
    c->last_seq = snapshot.seq;
    // The fresh picture first, then "online": a UI never drops its
    // reconnecting banner over stale numbers.
    invoke(callbacks.on_snapshot, snapshot);
    if (!c->announced_online && !c->closed) {
        c->announced_online = true;
        set_link(LinkState::online, c->online_detail);
    }
}

void Client::Impl::handle_event(const std::shared_ptr<Connection>& c, const proto::Json& line) {
    if (c->subscription != Connection::Subscription::live) return;  // the coming snapshot covers it
    const proto::Event event = line.get<proto::Event>();
    if (event.seq <= c->last_seq) return;  // already in the snapshot
    if (event.seq != c->last_seq + 1) {
        subscribe(c, "seq gap");
        return;
    }
    c->last_seq = event.seq;
    invoke(callbacks.on_event, event);
}

void Client::Impl::handle_heartbeat(const std::shared_ptr<Connection>& c, const proto::Json& line) {
    const proto::Heartbeat heartbeat = line.get<proto::Heartbeat>();
    if (c->subscription == Connection::Subscription::live) {
        if (heartbeat.epoch != c->welcome.epoch) {
            fail(c, "the server's epoch changed");
            return;
        }
        if (heartbeat.seq > c->last_seq) {
            subscribe(c, "missed events");  // the server sent events this client never read
            return;
        }
    }
    invoke(callbacks.on_heartbeat, heartbeat);
}

}  // namespace anoman
