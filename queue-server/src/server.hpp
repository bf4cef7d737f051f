// The TCP front of queue-server: accepts connections, hands every hello and
// request to the engine worker, fans committed events out to subscribers,
// sends heartbeats, ticks the service day, and shuts down cleanly.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio.hpp>

#include "engine_worker.hpp"

namespace anoman::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
class Session;
class ConnectionCensus;

class Server {
public:
    static constexpr std::size_t kMaxConnections = 8192;

    Server(asio::io_context& io, Engine& engine, const std::string& host, std::uint16_t port);
    ~Server();

    tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    void start();
    // Stops accepting and reading, lets the engine finish what is queued, flushes
    // the replies, then calls done (on the network thread).
    void shutdown(std::function<void()> done);

    // From sessions (network thread).
    void submit(const std::shared_ptr<Session>& session, Job job, bool is_hello);
    void add_subscriber(const std::shared_ptr<Session>& session);
    void remove(Session* session);
    const std::string& epoch() const { return engine_.epoch(); }
    bool shutting_down() const { return shutting_down_; }

    // Operations hooks (server_admin.cpp, wired by OpsRuntime in server_ops.cpp).
    void set_census(ConnectionCensus* census) { census_ = census; }
    // Closes every connection of these devices with an unauthorized error (device.revoke).
    void close_devices(const std::vector<std::string>& devices);
    // done runs on the network thread once the engine thread has run a job
    // queued now: proof for the watchdog that both threads are alive.
    void submit_probe(std::function<void()> done);

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
    void deliver_batch(std::vector<std::function<void(Outcome&&)>> callbacks, std::vector<Outcome> outcomes);

    asio::io_context& io_;
    Engine& engine_;
    tcp::acceptor acceptor_;
    asio::steady_timer tick_timer_;
    EngineWorker worker_;
    std::set<std::shared_ptr<Session>> sessions_;
    std::vector<std::weak_ptr<Session>> subscribers_;
    bool shutting_down_ = false;
    ConnectionCensus* census_ = nullptr;
    std::vector<std::function<void(const std::vector<Json>&)>> event_listeners_;
};

}  // namespace anoman::server
