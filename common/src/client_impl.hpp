// Inside the reconnecting client (private to common/src): the Asio state
// behind Client's pimpl. client.cpp holds the life cycle, the connection and
// the requests; client_lines.cpp reads what the server says.
#pragma once

#include <atomic>
#include <cstdio>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp needs std::exchange

#include <boost/asio.hpp>

#include "anoman/client.hpp"
#include "tls_link.hpp"

namespace anoman {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Unsent requests a connection may hold; a server that reads nothing for this
// long is dead anyway, and the silence watchdog or a timeout will say so.
inline constexpr std::size_t kMaxUnsentBytes = 1 << 20;

// One TCP connection attempt, from resolve to close. Handlers hold it by
// shared_ptr and do nothing once it is closed or no longer the current one,
// so a late completion from an old connection can never touch the new one.
struct Connection {
    explicit Connection(asio::io_context& io) : socket(io), resolver(io), watchdog(io) {}

    enum class Subscription { none, awaiting_reply, awaiting_snapshot, live };

    tcp::socket socket;
    // With --tls-pin: the TLS stream over socket (made once connected), and its pin check.
    std::unique_ptr<tls::TlsStream> tls;
    std::shared_ptr<tls::PinCheck> pin_check;
    tcp::resolver resolver;
    // Before welcome: the connect + hello deadline. Subscribed: the silence watchdog.
    asio::steady_timer watchdog;
    std::chrono::steady_clock::time_point last_heard{};
    std::string read_buffer;
    std::deque<std::string> write_queue;
    std::size_t queued_bytes = 0;
    bool writing = false;
    bool closed = false;
    bool welcomed = false;
    proto::Welcome welcome;
    Subscription subscription = Subscription::none;
    std::int64_t subscribe_id = 0;
    std::int64_t last_seq = 0;  // last event delivered (or the snapshot's seq)
    std::int64_t keepalive_ping_id = 0;  // not subscribed: the ping awaiting its reply
    bool announced_online = false;
    std::string online_detail;  // said with LinkState::online once the snapshot is in
    std::string server_error;   // an error line heard after welcome, for the close reason
};

struct Client::Impl {
    Impl(Settings settings_in, ClientCallbacks callbacks_in);

    // ---- life cycle (any thread) ----
    void start(const std::shared_ptr<Impl>& self);
    void stop();
    void request(proto::Json message, ReplyHandler handler);

    // ---- on the client's thread (client.cpp) ----
    void connect_now();
    void start_tls(const std::shared_ptr<Connection>& conn);
    void on_connected(const std::shared_ptr<Connection>& conn);
    void do_read(const std::shared_ptr<Connection>& conn);
    void send_line(const std::shared_ptr<Connection>& conn, std::string line);
    void do_write(const std::shared_ptr<Connection>& conn);
    void arm_watchdog(const std::shared_ptr<Connection>& conn, std::chrono::steady_clock::duration after);
    void on_watchdog(const std::shared_ptr<Connection>& conn);
    // Closes conn (if current), fails its pending requests and schedules the
    // next attempt: after the backoff, or after refused_retry when refused.
    void fail(const std::shared_ptr<Connection>& conn, const std::string& why, bool refused = false);
    void shutdown();
    std::chrono::milliseconds next_backoff();
    void start_request(proto::Json message, ReplyHandler handler);
    void fail_pending(const std::string& why);
    void set_link(LinkState state, const std::string& detail);

    // ---- reading lines (client_lines.cpp) ----
    void handle_line(const std::shared_ptr<Connection>& conn, const std::string& text);
    void handle_before_welcome(const std::shared_ptr<Connection>& conn, const proto::Json& line);
    void handle_reply(const std::shared_ptr<Connection>& conn, const proto::Json& line);
    void handle_snapshot(const std::shared_ptr<Connection>& conn, const proto::Json& line);
    void handle_event(const std::shared_ptr<Connection>& conn, const proto::Json& line);
    void handle_heartbeat(const std::shared_ptr<Connection>& conn, const proto::Json& line);
    void subscribe(const std::shared_ptr<Connection>& conn, const std::string& why);

    // Runs a user callback; an exception from it is reported, never let into Asio.
    template <typename Fn, typename... Args>
    void invoke(const Fn& callback, const Args&... args) noexcept;

    Settings settings;
    ClientCallbacks callbacks;
    // Declared before the io_context and every stream: outlives them.
    std::unique_ptr<asio::ssl::context> tls_context;  // with a tls_pin only

    // Declared first: destroyed last, after every timer and socket that uses it.
    asio::io_context io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::thread thread;
    std::atomic<std::thread::id> thread_id{};

    std::mutex lifecycle_mutex;
    std::atomic<bool> stop_requested{false};  // no callback runs once stop() has begun
    bool started = false;
    bool stopped = false;
    bool stopping = false;  // client's thread only

    asio::steady_timer retry_timer{io};
    std::shared_ptr<Connection> conn;
    std::atomic<LinkState> state{LinkState::connecting};
    int failures_in_a_row = 0;
    std::string last_epoch;
    std::int64_t next_id = 1;
    std::minstd_rand jitter_rng;

    struct Pending {
        ReplyHandler handler;
        std::unique_ptr<asio::steady_timer> timer;
    };
    std::map<std::int64_t, Pending> pending;
};

// A local failure, shaped like the server's ok=false reply.
proto::Reply local_failure(const proto::Json& id, proto::ErrorCode code, const std::string& message);

template <typename Fn, typename... Args>
void Client::Impl::invoke(const Fn& callback, const Args&... args) noexcept {
    if (!callback || stop_requested) return;
    try {
        callback(args...);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "anoman client: a callback threw: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "anoman client: a callback threw an unknown exception\n");
    }
}

}  // namespace anoman
