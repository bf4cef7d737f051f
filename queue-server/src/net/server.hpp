// The TCP front of queue-server: accepts connections, hands every hello and
// request to the engine worker, fans committed events out to subscribers,
// sends heartbeats, ticks the service day, and shuts down cleanly.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl/context.hpp>

#include "connection_gate.hpp"
#include "engine_worker.hpp"
#include "hello_throttle.hpp"
#include "line_budget.hpp"
#include "rate_limited_log.hpp"

namespace anoman::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
class Session;
class ConnectionCensus;
class BpjsSender;

class Server {
public:
    static constexpr std::size_t kMaxConnections = 8192;

    Server(asio::io_context& io, Engine& engine, const std::string& host, std::uint16_t port);
    ~Server();

    tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    // Before start(): every connection speaks TLS with this context (listen.tls, tls_context.hpp).
    void use_tls(std::shared_ptr<asio::ssl::context> context) { tls_ = std::move(context); }
    void start();
    // Stops accepting and reading, lets the engine finish what is queued, flushes
    // the replies, then calls done (on the network thread).
    void shutdown(std::function<void()> done);

    // From sessions (network thread).
    void submit(const std::shared_ptr<Session>& session, Job job, bool is_hello);
    void add_subscriber(const std::shared_ptr<Session>& session);
    void remove(Session* session);
    const std::string& epoch() const { return engine_.epoch(); }
    // Guards against floods and guessing (connection_gate.hpp, hello_throttle.hpp, line_budget.hpp).
    LineBudget& line_budget() { return line_budget_; }
    std::chrono::steady_clock::duration hello_penalty(const asio::ip::address& address);
    // A refused hello: logged (rate-limited); guess: a well-formed hello with wrong credentials.
    void hello_refused(const Session& session, const std::string& device, bool guess, const std::string& code,
                       const std::string& message);
    void hello_accepted(const Session& session);
    // A connection refused or closed for a flood: logged at a bounded rate.
    void note_refusal(const asio::ip::address& address, const std::string& why);
    bool shutting_down() const { return shutting_down_; }

    // Operations hooks (server_admin.cpp, wired by OpsRuntime in server_ops.cpp).
    void set_census(ConnectionCensus* census) { census_ = census; }
    // Closes every connection of these devices with an unauthorized error (device.revoke).
    void close_devices(const std::vector<std::string>& devices);
    // done runs on the network thread once the engine thread has run a job
    // queued now: proof for the watchdog that both threads are alive.
    void submit_probe(std::function<void()> done);
    // The BPJS sender, when BPJS reporting is configured (bpjs.ref goes to it).
    void set_bpjs(BpjsSender* sender) { bpjs_ = sender; }
    BpjsSender* bpjs() const { return bpjs_; }

    // The HTTP doors (web_door.hpp): work for the engine thread, answered (done,
    // on the network thread) after its batch committed, like a request.
    void submit_task(std::function<Json(Engine&, Outcome&)> task, std::function<void(Outcome&&)> done);
    // Called on the network thread with every batch of committed events, right
    // after the subscribers were given them.
    void add_event_listener(std::function<void(const std::vector<Json>&)> listener) {
        event_listeners_.push_back(std::move(listener));
    }

private:
    void do_accept();
    void on_tick();
    void broadcast(std::vector<Json>& events);
    void give_back_memory();
    void deliver_batch(std::vector<std::function<void(Outcome&&)>> callbacks, std::vector<Outcome> outcomes);

    asio::io_context& io_;
    Engine& engine_;
    tcp::acceptor acceptor_;
    std::shared_ptr<asio::ssl::context> tls_;  // null: plain TCP
    asio::steady_timer tick_timer_;
    EngineWorker worker_;
    std::set<std::shared_ptr<Session>> sessions_;
    std::vector<std::weak_ptr<Session>> subscribers_;
    bool shutting_down_ = false;
    ConnectionCensus* census_ = nullptr;
    ConnectionGate gate_{kMaxConnections};
    HelloThrottle throttle_;
    LineBudget line_budget_;
    RateLimitedLog refusal_log_;
    RateLimitedLog hello_log_;
    std::size_t footprint_peak_ = 0;
    std::size_t sessions_peak_ = 0;  // sessions and unfinished lines since the last malloc_trim
    static constexpr std::size_t kTrimAfterFreeBytes = std::size_t{1024} * 1024;
    std::size_t free_after_trim_ = 0;  // malloc's free bytes right after the last trim (or since, the least)
    BpjsSender* bpjs_ = nullptr;
    std::vector<std::function<void(const std::vector<Json>&)>> event_listeners_;
};

}  // namespace anoman::server
