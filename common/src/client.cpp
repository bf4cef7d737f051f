// The reconnecting client: life cycle, one connection at a time, requests.
// What the server says is read in client_lines.cpp.
//
// Everything below the public methods runs on the client's own thread (the
// one running io), so the state needs no locks; request() and stop() reach it
// by posting. Every handler checks that its connection is still open first.
#include <chrono>
#include <cstdio>
#include <utility>

#include "anoman/protocol_requests.hpp"
#include "client_impl.hpp"

namespace anoman {

using namespace std::chrono_literals;
using boost::system::error_code;

namespace {

constexpr std::chrono::milliseconds kFirstBackoff = 250ms;

std::string seconds_text(std::chrono::milliseconds delay) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(delay.count()) / 1000.0);
    return text;
}

std::string dump_line(const proto::Json& message) {
    // Invalid UTF-8 in a caller's string must not throw inside the client.
    return message.dump(-1, ' ', false, proto::Json::error_handler_t::replace);
}

}  // namespace

proto::Reply local_failure(const proto::Json& id, proto::ErrorCode code, const std::string& message) {
    proto::Reply reply;
    reply.id = id;
    reply.ok = false;
    reply.error = proto::Error{code, message};
    reply.body = proto::error_reply(id, *reply.error);
    return reply;
}

// ---- life cycle ------------------------------------------------------------------

Client::Impl::Impl(Settings settings_in, ClientCallbacks callbacks_in)
    : settings(std::move(settings_in)), callbacks(std::move(callbacks_in)), jitter_rng(std::random_device{}()) {
    if (!settings.connect.tls_pin.empty()) tls_context = tls::client_context();
}

void Client::Impl::start(const std::shared_ptr<Impl>& self) {
    std::lock_guard lock(lifecycle_mutex);
    if (started || stopped) return;
    started = true;
    work.emplace(io.get_executor());
    asio::post(io, [this] {
        set_link(LinkState::connecting,
                 "connecting to " + settings.connect.host + ":" + std::to_string(settings.connect.port));
        connect_now();
    });
    // The thread holds the Impl, so stop() called from a callback (on this
    // very thread, where it cannot join) still leaves it alive until run() ends.
    thread = std::thread([self] {
        for (;;) {
            try {
                self->io.run();
                return;
            } catch (const std::exception& e) {
                // A last resort: handlers catch their own exceptions.
                std::fprintf(stderr, "anoman client: unexpected exception: %s\n", e.what());
            }
        }
    });
    thread_id = thread.get_id();
}

void Client::Impl::stop() {
    {
        std::lock_guard lock(lifecycle_mutex);
        if (stopped) return;
        stopped = true;
        stop_requested = true;
        if (!started) return;
    }
    asio::post(io, [this] { shutdown(); });
    if (std::this_thread::get_id() == thread_id.load()) {
        thread.detach();  // called from a callback: run() ends after this handler
        return;
    }
    if (thread.joinable()) thread.join();
}

void Client::Impl::shutdown() {
    stopping = true;
    retry_timer.cancel();
    if (conn) {
        conn->closed = true;
        error_code ignored;
        conn->socket.close(ignored);
        conn->watchdog.cancel();
        conn->resolver.cancel();
        conn.reset();
    }
    // Pending handlers are dropped, not called: their owners are going away too.
    for (auto& entry : pending) entry.second.timer->cancel();
    pending.clear();
    work.reset();
    io.stop();
}

void Client::Impl::set_link(LinkState new_state, const std::string& detail) {
    state = new_state;
    invoke(callbacks.on_link, new_state, detail);
}

std::chrono::milliseconds Client::Impl::next_backoff() {
    // 250 ms, 500 ms, 1 s, ... up to max_backoff, each drawn from [half, full]
    // so that a hall full of devices does not reconnect in lockstep.
    const int doublings = failures_in_a_row < 16 ? failures_in_a_row : 16;
    ++failures_in_a_row;
    auto base = kFirstBackoff * (1LL << doublings);
    if (base > settings.max_backoff) base = settings.max_backoff;
    if (base < 2ms) return 1ms;
    std::uniform_int_distribution<long long> pick(base.count() / 2, base.count());
    return std::chrono::milliseconds(pick(jitter_rng));
}

// ---- one connection --------------------------------------------------------------

void Client::Impl::connect_now() {
    if (stopping) return;
    auto c = std::make_shared<Connection>(io);
    conn = c;
    arm_watchdog(c, settings.connect_timeout);
    c->resolver.async_resolve(
        settings.connect.host, std::to_string(settings.connect.port),
        [this, c](error_code ec, const tcp::resolver::results_type& results) {
            if (c->closed) return;
            if (ec) {
                fail(c, "cannot resolve " + settings.connect.host + ": " + ec.message());
                return;
            }
            asio::async_connect(c->socket, results, [this, c](error_code connect_ec, const tcp::endpoint&) {
                if (c->closed) return;
                if (connect_ec) {
                    fail(c, "cannot connect to " + settings.connect.host + ":" +
                                std::to_string(settings.connect.port) + ": " + connect_ec.message());
                    return;
                }
                if (tls_context) start_tls(c);
                else on_connected(c);
            });
        });
}

void Client::Impl::start_tls(const std::shared_ptr<Connection>& c) {
    // A wrong pin or a server without TLS fails like a server that is down:
    // the client says why and tries again after the backoff. The connect
    // watchdog bounds a handshake that never ends.
    c->pin_check = std::make_shared<tls::PinCheck>();
    c->pin_check->pin = settings.connect.tls_pin;
    c->tls = std::make_unique<tls::TlsStream>(c->socket, *tls_context);
    tls::pin_server_certificate(*c->tls, c->pin_check);
    c->tls->async_handshake(asio::ssl::stream_base::client, [this, c](error_code ec) {
        if (c->closed) return;
        if (ec) {
            fail(c, tls::handshake_failure(ec, *c->pin_check));
            return;
        }
        on_connected(c);
    });
}

void Client::Impl::on_connected(const std::shared_ptr<Connection>& c) {
    try {
        error_code ignored;
        c->socket.set_option(tcp::no_delay(true), ignored);
        proto::Hello hello;
        hello.role = settings.connect.role;
        hello.device = settings.connect.device;
        hello.token = settings.connect.token;
        send_line(c, dump_line(proto::Json(hello)));
        do_read(c);
    } catch (const std::exception& e) {
        fail(c, std::string("internal error: ") + e.what());
    }
}

void Client::Impl::arm_watchdog(const std::shared_ptr<Connection>& c, std::chrono::steady_clock::duration after) {
    c->watchdog.expires_after(after);
    c->watchdog.async_wait([this, c](error_code ec) {
        if (ec || c->closed) return;
        try {
            on_watchdog(c);
        } catch (const std::exception& e) {
            fail(c, std::string("internal error: ") + e.what());
        }
    });
}

void Client::Impl::on_watchdog(const std::shared_ptr<Connection>& c) {
    if (!c->welcomed) {
        fail(c, "no welcome from the server within " + seconds_text(settings.connect_timeout));
        return;
    }
    // Checked against the last line heard: cheaper than re-arming per line.
    const auto silent = std::chrono::steady_clock::now() - c->last_heard;
    if (settings.subscribe) {
        // The server sends a subscriber something at least every 2 s.
        if (silent >= settings.offline_after) {
            fail(c, "no event or heartbeat from the server for " + seconds_text(settings.offline_after));
            return;
        }
        arm_watchdog(c, settings.offline_after - silent);
        return;
    }
    if (c->keepalive_ping_id != 0) {
        fail(c, "no answer to a keepalive ping within " + seconds_text(settings.request_timeout));
        return;
    }
    if (silent < settings.keepalive_interval) {
        arm_watchdog(c, settings.keepalive_interval - silent);
        return;
    }
    c->keepalive_ping_id = next_id++;
    send_line(c, proto::request_line(proto::PingRequest{}, c->keepalive_ping_id).dump());
    arm_watchdog(c, settings.request_timeout);
}

void Client::Impl::do_read(const std::shared_ptr<Connection>& c) {
    // Bounded: a line without '\n' within kMaxLineBytes ends in not_found.
    auto on_line = [this, c](error_code ec, std::size_t length) {
        if (c->closed) return;
        if (ec) {
            std::string why;
            if (ec == asio::error::not_found) why = "the server sent a line longer than 65536 bytes";
            else if (tls::is_end_of_stream(ec)) why = "the server closed the connection";
            else why = "connection error: " + ec.message();
            if (!c->server_error.empty()) why += " (after its error " + c->server_error + ")";
            fail(c, why);
            return;
        }
        std::string text = c->read_buffer.substr(0, length - 1);
        c->read_buffer.erase(0, length);
        if (!text.empty() && text.back() == '\r') text.pop_back();
        c->last_heard = std::chrono::steady_clock::now();
        handle_line(c, text);
        if (!c->closed) do_read(c);
    };
    tls::with_stream(c->socket, c->tls, [&](auto& stream) {
        asio::async_read_until(stream, asio::dynamic_buffer(c->read_buffer, proto::kMaxLineBytes), '\n',
                               std::move(on_line));
    });
}

void Client::Impl::send_line(const std::shared_ptr<Connection>& c, std::string line) {
    line.push_back('\n');
    c->queued_bytes += line.size();
    c->write_queue.push_back(std::move(line));
    if (!c->writing) do_write(c);
}

void Client::Impl::do_write(const std::shared_ptr<Connection>& c) {
    if (c->write_queue.empty()) {
        c->writing = false;
        return;
    }
    c->writing = true;
    // One line at a time from the front; send_line() only appends.
    tls::with_stream(c->socket, c->tls, [&](auto& stream) {
        asio::async_write(stream, asio::buffer(c->write_queue.front()), [this, c](error_code ec, std::size_t) {
            if (c->closed) return;
            if (ec) {
                fail(c, "cannot send to the server: " + ec.message());
                return;
            }
            c->queued_bytes -= c->write_queue.front().size();
            c->write_queue.pop_front();
            do_write(c);
        });
    });
}

void Client::Impl::fail(const std::shared_ptr<Connection>& c, const std::string& why, bool refused) {
    if (stopping || !c || c->closed) return;
    c->closed = true;
    error_code ignored;
    c->socket.close(ignored);
    c->watchdog.cancel();
    c->resolver.cancel();
    if (conn != c) return;
    conn.reset();

    std::chrono::milliseconds delay;
    if (refused) {
        delay = settings.refused_retry;
        set_link(LinkState::refused, why + "; trying again in " + seconds_text(delay));
    } else {
        delay = next_backoff();
        set_link(LinkState::connecting, why + "; reconnecting in " + seconds_text(delay));
    }
    fail_pending("connection lost");
    retry_timer.expires_after(delay);
    retry_timer.async_wait([this](error_code ec) {
        if (ec || stopping) return;
        connect_now();
    });
}

// ---- requests ----------------------------------------------------------------------

void Client::Impl::request(proto::Json message, ReplyHandler handler) {
    bool running = false;
    {
        std::lock_guard lock(lifecycle_mutex);
        running = started && !stopped;
    }
    if (!running) {
        // No thread to call it on: say so at once rather than never.
        invoke(handler, local_failure(nullptr, proto::ErrorCode::internal, "not connected"));
        return;
    }
    asio::post(io, [this, message = std::move(message), handler = std::move(handler)]() mutable {
        try {
            start_request(std::move(message), std::move(handler));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "anoman client: request failed: %s\n", e.what());
        }
    });
}

void Client::Impl::start_request(proto::Json message, ReplyHandler handler) {
    if (stopping) return;
    if (!message.is_object() || !message.contains("type") || !message["type"].is_string()) {
        invoke(handler, local_failure(nullptr, proto::ErrorCode::bad_request,
                                      "a request must be a JSON object with a string \"type\""));
        return;
    }
    if (!conn || conn->closed || !conn->welcomed) {
        invoke(handler, local_failure(nullptr, proto::ErrorCode::internal, "not connected"));
        return;
    }
    if (conn->queued_bytes > kMaxUnsentBytes) {
        invoke(handler, local_failure(nullptr, proto::ErrorCode::internal, "send queue full"));
        return;
    }
    const std::int64_t id = next_id++;
    message["id"] = id;
    auto timer = std::make_unique<asio::steady_timer>(io, settings.request_timeout);
    timer->async_wait([this, id](error_code ec) {
        if (ec) return;
        auto it = pending.find(id);
        if (it == pending.end()) return;
        ReplyHandler expired = std::move(it->second.handler);
        pending.erase(it);
        invoke(expired, local_failure(id, proto::ErrorCode::internal, "timeout"));
        // A server that does not answer in time may be gone without a word
        // (a dead switch, a powered-off PC): start over on a new connection.
        if (conn) fail(conn, "no reply within " + seconds_text(settings.request_timeout));
    });
    pending.emplace(id, Pending{std::move(handler), std::move(timer)});
    send_line(conn, dump_line(message));
}

void Client::Impl::fail_pending(const std::string& why) {
    // Taken out first: a handler may issue a new request (which fails at once).
    auto failed = std::move(pending);
    pending.clear();
    for (auto& [id, entry] : failed) {
        entry.timer->cancel();
        invoke(entry.handler, local_failure(id, proto::ErrorCode::internal, why));
    }
}

// ---- the public face ------------------------------------------------------------------

Client::Client(Settings settings, ClientCallbacks callbacks)
    : impl_(std::make_shared<Impl>(std::move(settings), std::move(callbacks))) {}

Client::~Client() {
    if (impl_) impl_->stop();
}

void Client::start() { impl_->start(impl_); }
void Client::stop() { impl_->stop(); }
void Client::request(proto::Json request, ReplyHandler handler) { impl_->request(std::move(request), std::move(handler)); }
LinkState Client::link() const { return impl_->state.load(); }

}  // namespace anoman
