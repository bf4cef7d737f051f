#include "raw_fanout_baseline.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace anoman::bench {

RawFanoutSender::RawFanoutSender(std::string line, int subscribers, int threads)
    : line_(std::move(line)), subscribers_(subscribers), threads_(std::max(1, threads)) {
    if (line_.empty() || line_.back() != '\n') line_.push_back('\n');
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 4096) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        throw std::runtime_error(std::string("raw fan-out listener: ") + std::strerror(errno));
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
}

RawFanoutSender::~RawFanoutSender() {
    // Closing the listener ends a pending accept; the trigger's close ends the send loop.
    ::shutdown(listen_fd_, SHUT_RDWR);
    if (!fds_.empty()) ::shutdown(fds_.front(), SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    stopping_ = true;
    for (auto& helper : helpers_) helper.join();
    for (int fd : fds_) ::close(fd);
    ::close(listen_fd_);
}

void RawFanoutSender::run() {
    while (static_cast<int>(fds_.size()) < subscribers_ + 1) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR) continue;
            return;
        }
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fds_.push_back(fd);
    }
    // Helpers spin between rounds: a wake-up through the scheduler would
    // add its own latency to the floor (tried on 2 cores: helpers woken
    // through a futex made the 2-thread floor 5.15 / 11.61 ms, spinning
    // 3.82 / 7.51 ms; the lower floor is the fair one).
    for (int share = 1; share < threads_; ++share)
        helpers_.emplace_back([this, share] {
            std::uint64_t seen = 0;
            while (!stopping_) {
                const std::uint64_t now = round_.load();
                if (now == seen) continue;
                seen = now;
                send_share(share);
                --pending_;
            }
        });
    ready_ = true;
    char trigger[64];
    while (::recv(fds_.front(), trigger, sizeof trigger, 0) > 0) {
        pending_ = threads_ - 1;
        ++round_;
        send_share(0);
        while (pending_.load() > 0) {
        }
    }
    stopping_ = true;
}

void RawFanoutSender::send_share(int share) {
    // Blocking sockets, one line each: the receivers read as fast as they can.
    for (std::size_t i = 1 + static_cast<std::size_t>(share); i < fds_.size(); i += static_cast<std::size_t>(threads_))
        ::send(fds_[i], line_.data(), line_.size(), MSG_NOSIGNAL);
}

}  // namespace anoman::bench
