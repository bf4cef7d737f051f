#include "printer_io.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "escpos.hpp"

namespace anoman::kiosk::io {
namespace {

int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left < 0 ? 0 : static_cast<int>(left);
}

// poll() for one event until the deadline; true when ready.
bool wait_for(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        pollfd entry{fd, events, 0};
        const int ready = ::poll(&entry, 1, remaining_ms(deadline));
        if (ready > 0) return true;
        if (ready == 0) return false;
        if (errno != EINTR) return false;
    }
}

}  // namespace

Fd::~Fd() {
    if (fd_ >= 0) ::close(fd_);
}

Fd& Fd::operator=(Fd&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

bool write_all(int fd, std::string_view bytes, Clock::time_point deadline, std::string& error) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t written = ::write(fd, bytes.data() + sent, bytes.size() - sent);
        if (written > 0) {
            sent += static_cast<std::size_t>(written);
            continue;
        }
        if (written < 0 && errno == EINTR) continue;
        if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            error = errno_text("write");
            return false;
        }
        if (!wait_for(fd, POLLOUT, deadline)) {
            error = "write: timed out after " + std::to_string(sent) + " of " + std::to_string(bytes.size()) + " bytes";
            return false;
        }
    }
    return true;
}

std::optional<unsigned char> read_byte(int fd, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        unsigned char value = 0;
        const ssize_t got = ::read(fd, &value, 1);
        if (got == 1) return value;
        if (got == 0) return std::nullopt;  // EOF
        if (errno == EINTR) continue;
        if (errno != EAGAIN) return std::nullopt;  // EWOULDBLOCK is EAGAIN on Linux
        if (!wait_for(fd, POLLIN, deadline)) return std::nullopt;
    }
}

void drain(int fd, std::chrono::milliseconds timeout) {
    while (read_byte(fd, timeout)) {
    }
}

PrinterStatus query_status(int fd, std::chrono::milliseconds answer_timeout) {
    using escpos::StatusQuery;
    unsigned char answers[3] = {};
    const StatusQuery queries[3] = {StatusQuery::printer, StatusQuery::offline_cause, StatusQuery::paper};
    for (int i = 0; i < 3; ++i) {
        std::string error;
        if (!write_all(fd, escpos::status_query(queries[i]), Clock::now() + answer_timeout, error))
            return {PrinterState::unreachable, false, error};
        auto answer = read_byte(fd, answer_timeout);
        if (!answer) {
            if (i == 0) return {PrinterState::no_answer, false, "no answer to DLE EOT 1"};
            return {PrinterState::offline, false, "no answer to DLE EOT " + std::to_string(static_cast<int>(queries[i]))};
        }
        answers[i] = *answer;
    }
    return decode_status(answers[0], answers[1], answers[2]);
}

Fd connect_tcp(const std::string& host, unsigned short port, std::chrono::milliseconds timeout, std::string& error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
        error = "resolve " + host + ": " + ::gai_strerror(rc);
        return Fd{};
    }
    const auto deadline = Clock::now() + timeout;
    const std::string where = "connect " + host + ":" + service;
    error = where + ": no address";
    for (addrinfo* entry = found; entry; entry = entry->ai_next) {
        Fd socket_fd(::socket(entry->ai_family, entry->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, entry->ai_protocol));
        if (!socket_fd) continue;
        if (::connect(socket_fd.get(), entry->ai_addr, entry->ai_addrlen) != 0) {
            if (errno != EINPROGRESS) {
                error = errno_text(where);
                continue;
            }
            if (!wait_for(socket_fd.get(), POLLOUT, deadline)) {
                error = where + ": timed out";
                continue;
            }
            int so_error = 0;
            socklen_t length = sizeof so_error;
            ::getsockopt(socket_fd.get(), SOL_SOCKET, SO_ERROR, &so_error, &length);
            if (so_error != 0) {
                error = where;
                error += ": ";
                error += std::strerror(so_error);
                continue;
            }
        }
        int one = 1;
        ::setsockopt(socket_fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::freeaddrinfo(found);
        error.clear();
        return socket_fd;
    }
    ::freeaddrinfo(found);
    return Fd{};
}

}  // namespace anoman::kiosk::io
