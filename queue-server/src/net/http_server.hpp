// A small HTTP/1.1 door on Boost.Beast, shared by the web door (web_door.hpp)
// and the Mobile JKN door to come: each door is one HttpServer with its own
// listener, limits and routes (its Handler). The server owns the bounds every
// door needs: a bounded number of connections, connections and a request rate
// per address, and a rate-limited access log that names the caller. Sessions
// (http_session.hpp) own the per-connection ones: timeouts on every step,
// header and body limits, bounded keep-alive, bounded stream queues.
// Everything runs on the network thread (the io_context of the queue server).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio.hpp>
#include <boost/beast/http.hpp>

namespace anoman::server::http {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;

struct Limits {
    std::size_t header_bytes = 8192;          // request line and headers; past it: 431
    std::size_t body_bytes = 16384;           // past it: 413
    std::size_t max_connections = 4096;        // past it: new connections are closed at once
    std::size_t connections_per_address = 64;  // past it: 503 and close
    double requests_per_second = 10;           // per address, a token bucket...
    double request_burst = 60;                 // ...holding this many
    std::chrono::milliseconds request_timeout{10000};  // the first request, headers and body
    std::chrono::milliseconds idle_timeout{15000};     // keep-alive: the next request
    std::chrono::milliseconds write_timeout{10000};    // one answer or one stream write
    int requests_per_connection = 100;         // keep-alive, then Connection: close
    std::size_t stream_queue_bytes = 65536;  // unsent stream data past it: disconnected
};

class Session;

class Server {
public:
    // Called for every request within the limits. The handler answers through
    // Session::respond (now or later) or turns the connection into a stream.
    using Handler = std::function<void(const std::shared_ptr<Session>&, Request&&)>;
    // What the access log shows of a target (e.g. secrets in paths shortened).
    using LogTarget = std::function<std::string(std::string_view target)>;

    Server(asio::io_context& io, std::string name, const std::string& host, std::uint16_t port, Limits limits,
           Handler handler, LogTarget log_target = nullptr);
    ~Server();

    tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    const std::string& name() const { return name_; }
    const Limits& limits() const { return limits_; }
    void start();
    // Stops accepting and closes every connection.
    void stop();
    std::size_t connections() const { return sessions_.size(); }

    // From sessions.
    bool take_request_token(const std::string& address);
    void handle(const std::shared_ptr<Session>& session, Request&& request) { handler_(session, std::move(request)); }
    void closed(Session* session);
    void access_log(const Session& session, std::string_view method, std::string_view target, unsigned status,
                    std::size_t bytes, std::chrono::steady_clock::duration took);
    // Warnings about a caller (timeouts, limits), under the same rate limit as the access log.
    void warn(const Session& session, std::string_view what);

private:
    struct Address {
        std::size_t connections = 0;
        double tokens = 0;
        std::chrono::steady_clock::time_point refilled;
    };
    void do_accept();
    void sweep();
    bool log_allowed();

    asio::io_context& io_;
    std::string name_;
    Limits limits_;
    Handler handler_;
    LogTarget log_target_;
    tcp::acceptor acceptor_;
    asio::steady_timer sweep_timer_;
    std::set<std::shared_ptr<Session>> sessions_;
    std::unordered_map<std::string, Address> addresses_;
    bool stopped_ = false;
    // The access log's own bucket: a flood cannot fill the disk with log lines.
    double log_tokens_ = 50;
    std::chrono::steady_clock::time_point log_refilled_ = std::chrono::steady_clock::now();
    std::size_t log_suppressed_ = 0;
};

}  // namespace anoman::server::http
