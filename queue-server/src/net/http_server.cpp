#include "http_server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "http_session.hpp"

namespace anoman::server::http {

Server::Server(asio::io_context& io, std::string name, const std::string& host, std::uint16_t port, Limits limits,
               Handler handler, LogTarget log_target)
    : io_(io),
      name_(std::move(name)),
      limits_(limits),
      handler_(std::move(handler)),
      log_target_(std::move(log_target)),
      acceptor_(io),
      sweep_timer_(io) {
    tcp::endpoint endpoint(asio::ip::make_address(host), port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
}

Server::~Server() { stop(); }

void Server::start() {
    do_accept();
    sweep();
}

void Server::stop() {
    if (stopped_) return;
    stopped_ = true;
    boost::system::error_code ec;
    acceptor_.close(ec);
    sweep_timer_.cancel();
    const auto closing = sessions_;  // a copy: close() may remove from sessions_
    for (const auto& session : closing) session->close();
    sessions_.clear();
}

void Server::do_accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
        if (stopped_ || ec == asio::error::operation_aborted) return;
        if (ec) {
            // Out of file descriptors and the like: breathe, then accept again.
            spdlog::warn("{}: accept failed: {}", name_, ec.message());
            auto pause = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(100));
            pause->async_wait([this, pause](boost::system::error_code) {
                if (!stopped_) do_accept();
            });
            return;
        }
        if (sessions_.size() >= limits_.max_connections) {
            boost::system::error_code ignored;
            socket.close(ignored);
        } else {
            auto session = std::make_shared<Session>(std::move(socket), *this);
            Address& address = addresses_[session->address()];
            if (address.refilled == std::chrono::steady_clock::time_point{}) {
                address.tokens = limits_.request_burst;
                address.refilled = std::chrono::steady_clock::now();
            }
            ++address.connections;
            sessions_.insert(session);
            session->start();
        }
        do_accept();
    });
}

bool Server::take_request_token(const std::string& address) {
    auto it = addresses_.find(address);
    if (it == addresses_.end()) return false;
    Address& state = it->second;
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - state.refilled).count();
    state.tokens = std::min(limits_.request_burst, state.tokens + seconds * limits_.requests_per_second);
    state.refilled = now;
    if (state.connections > limits_.connections_per_address) return false;
    if (state.tokens < 1) return false;
    state.tokens -= 1;
    return true;
}

void Server::closed(Session* session) {
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
        if (it->get() != session) continue;
        auto address = addresses_.find(session->address());
        if (address != addresses_.end() && address->second.connections > 0) --address->second.connections;
        // Released later: the session may be inside its own handler.
        auto keep = *it;  // NOLINT(performance-unnecessary-copy-initialization): a reference dies with the erase
        sessions_.erase(it);
        asio::post(io_, [keep] {});
        return;
    }
}

void Server::sweep() {
    // Addresses without connections whose bucket is full again are forgotten,
    // so the table holds only recent callers, whatever a year brings.
    const auto now = std::chrono::steady_clock::now();
    for (auto it = addresses_.begin(); it != addresses_.end();) {
        const double seconds = std::chrono::duration<double>(now - it->second.refilled).count();
        const bool full = it->second.tokens + seconds * limits_.requests_per_second >= limits_.request_burst;
        if (it->second.connections == 0 && full) it = addresses_.erase(it);
        else ++it;
    }
    sweep_timer_.expires_after(std::chrono::seconds(10));
    sweep_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec && !stopped_) sweep();
    });
}

bool Server::log_allowed() {
    const auto now = std::chrono::steady_clock::now();
    log_tokens_ = std::min(50.0, log_tokens_ + std::chrono::duration<double>(now - log_refilled_).count() * 20.0);
    log_refilled_ = now;
    if (log_tokens_ < 1) {
        ++log_suppressed_;
        return false;
    }
    log_tokens_ -= 1;
    if (log_suppressed_ > 0) {
        spdlog::info("{}: {} access log line(s) left out (more than 20 a second)", name_, log_suppressed_);
        log_suppressed_ = 0;
    }
    return true;
}

void Server::access_log(const Session& session, std::string_view method, std::string_view target, unsigned status,
                        std::size_t bytes, std::chrono::steady_clock::duration took) {
    if (!log_allowed()) return;
    const std::string shown = log_target_ ? log_target_(target) : std::string(target.substr(0, target.find('?')));
    spdlog::info("{} {}{}{} \"{} {}\" {} {}B {}ms", name_, session.address(), session.who().empty() ? "" : " ",
                 session.who(), method, shown, status, bytes,
                 std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
}

void Server::warn(const Session& session, std::string_view what) {
    if (!log_allowed()) return;
    spdlog::warn("{} {}: {}", name_, session.address(), what);
}

}  // namespace anoman::server::http
