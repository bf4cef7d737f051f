#include "lossy_proxy.hpp"

#include <stdexcept>
#include <string>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace anoman::kiosk::testing {
namespace {

int connect_local(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool send_all(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

LossyProxy::LossyProxy(std::uint16_t target_port) : target_port_(target_port) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listen_fd_, 16) != 0)
        throw std::runtime_error("proxy: bind/listen");
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    if (::pipe2(stop_pipe_, O_CLOEXEC) != 0) throw std::runtime_error("proxy: pipe");
    acceptor_ = std::thread([this] { accept_loop(); });
}

LossyProxy::~LossyProxy() {
    char stop = 'x';
    (void)!::write(stop_pipe_[1], &stop, 1);
    acceptor_.join();
    std::vector<std::thread> relays;
    {
        std::lock_guard lock(mutex_);
        relays.swap(relays_);
    }
    for (auto& relay : relays) relay.join();
    ::close(listen_fd_);
    ::close(stop_pipe_[0]);
    ::close(stop_pipe_[1]);
}

void LossyProxy::accept_loop() {
    for (;;) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) continue;
        if (fds[1].revents) return;
        const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        if (mode_ == Mode::refuse) {
            ::close(client);
            continue;
        }
        std::lock_guard lock(mutex_);
        relays_.emplace_back([this, client] { relay(client); });
    }
}

void LossyProxy::relay(int client) {
    const int server = connect_local(target_port_);
    if (server < 0) {
        ::close(client);
        return;
    }
    std::string from_client;
    std::string from_server;
    nlohmann::json swallow_id;  // the id of the ticket.issue whose reply is lost
    bool open = true;
    while (open) {
        pollfd fds[3] = {{client, POLLIN, 0}, {server, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
        if (::poll(fds, 3, 200) < 0) break;
        if (fds[2].revents) break;
        if (mode_ == Mode::refuse) break;
        for (int side = 0; side < 2 && open; ++side) {
            if (!fds[side].revents) continue;
            char buffer[8192];
            const ssize_t got = ::read(fds[side].fd, buffer, sizeof buffer);
            if (got <= 0) {
                open = false;
                break;
            }
            std::string& pending = side == 0 ? from_client : from_server;
            pending.append(buffer, static_cast<std::size_t>(got));
            for (auto newline = pending.find('\n'); newline != std::string::npos; newline = pending.find('\n')) {
                const std::string line = pending.substr(0, newline + 1);
                pending.erase(0, newline + 1);
                const auto message = nlohmann::json::parse(line, nullptr, false);
                if (side == 0) {
                    if (message.is_object() && message.value("type", "") == "ticket.issue") {
                        ++issue_requests_;
                        if (mode_ == Mode::swallow_issue_reply) swallow_id = message.value("id", nlohmann::json());
                    }
                    open = send_all(server, line);
                } else {
                    if (!swallow_id.is_null() && message.is_object() && message.value("type", "") == "reply" &&
                        message.value("id", nlohmann::json()) == swallow_id) {
                        // The server committed the ticket; the kiosk never hears of it.
                        ++swallowed_;
                        open = false;
                        break;
                    }
                    open = send_all(client, line);
                }
                if (!open) break;
            }
        }
    }
    ::shutdown(client, SHUT_RDWR);
    ::shutdown(server, SHUT_RDWR);
    ::close(client);
    ::close(server);
}

}  // namespace anoman::kiosk::testing
