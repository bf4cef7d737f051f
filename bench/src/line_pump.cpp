#include "line_pump.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include "anoman/protocol_requests.hpp"

namespace anoman::bench {

LinePump::LinePump() : epoll_fd_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_fd_ < 0) throw std::runtime_error("epoll_create1 failed");
}

LinePump::~LinePump() {
    close_all();
    ::close(epoll_fd_);
}

int LinePump::connect(std::uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        const int error = errno;
        ::close(fd);
        throw std::runtime_error(std::string("connect: ") + std::strerror(error));
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // The kernel stamps when data reached this socket: what a display process
    // of its own would see, without this loop's time spent on other sockets.
    ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    const int index = static_cast<int>(conns_.size());
    conns_.push_back(Conn{fd, {}});
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u32 = static_cast<std::uint32_t>(index);
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
    return index;
}

int LinePump::open_count() const {
    int open = 0;
    for (const auto& conn : conns_) open += conn.fd >= 0;
    return open;
}

void LinePump::send(int conn, std::string_view line) {
    Conn& c = conns_[static_cast<std::size_t>(conn)];
    if (c.fd < 0) return;
    std::string data(line);
    if (data.empty() || data.back() != '\n') data.push_back('\n');
    std::size_t sent = 0;
    while (sent < data.size()) {
        ssize_t n = ::send(c.fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            pollfd pfd{c.fd, POLLOUT, 0};
            ::poll(&pfd, 1, 100);
        } else {
            close_conn(conn);
            return;
        }
    }
}

std::vector<int> LinePump::subscribe_displays(std::uint16_t port, int count, const LineFn& on_line) {
    std::vector<int> displays;
    int snapshots = 0;
    const LineFn count_snapshots = [&](int conn, std::string_view line, Clock::time_point at) {
        if (has(line, "\"snapshot\"")) ++snapshots;
        else if (on_line) on_line(conn, line, at);
    };
    while (static_cast<int>(displays.size()) < count) {
        const int wave = std::min(kDisplayWave, count - static_cast<int>(displays.size()));
        for (int i = 0; i < wave; ++i) {
            const int conn = connect(port);
            hello(conn, "display", "hall-1", "bench-hall");
            send(conn, proto::request_line(proto::SubscribeRequest{}, 1).dump());
            displays.push_back(conn);
        }
        if (!poll_until([&] { return snapshots == static_cast<int>(displays.size()); }, std::chrono::seconds(30),
                        count_snapshots))
            throw std::runtime_error("only " + std::to_string(snapshots) + " of " + std::to_string(displays.size()) +
                                     " displays got their snapshot");
    }
    return displays;
}

void LinePump::hello(int conn, const std::string& role, const std::string& device, const std::string& token) {
    proto::Hello line;
    line.role = proto::role_from_string(role).value_or(proto::Role::display);
    line.device = device;
    line.token = token;
    send(conn, proto::Json(line).dump());
}

int LinePump::poll(int timeout_ms, const LineFn& on_line) {
    epoll_event events[512];
    const int ready = ::epoll_wait(epoll_fd_, events, 512, timeout_ms);
    int lines = 0;
    for (int i = 0; i < ready; ++i) {
        const int index = static_cast<int>(events[i].data.u32);
        Conn& c = conns_[static_cast<std::size_t>(index)];
        if (c.fd < 0) continue;
        char chunk[65536];
        iovec io{chunk, sizeof chunk};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
        msghdr message{};
        message.msg_iov = &io;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        ssize_t got = ::recvmsg(c.fd, &message, 0);
        Clock::time_point read_at = Clock::now();
        for (cmsghdr* cm = CMSG_FIRSTHDR(&message); got > 0 && cm; cm = CMSG_NXTHDR(&message, cm)) {
            if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_TIMESTAMPNS) continue;
            timespec stamp{};
            std::memcpy(&stamp, CMSG_DATA(cm), sizeof stamp);
            const auto arrived = std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
                std::chrono::seconds(stamp.tv_sec) + std::chrono::nanoseconds(stamp.tv_nsec)));
            const auto age = std::chrono::system_clock::now() - arrived;
            if (age > std::chrono::system_clock::duration::zero())
                read_at -= std::chrono::duration_cast<Clock::duration>(age);
        }
        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
            close_conn(index);
            continue;
        }
        if (got < 0) continue;
        c.input.append(chunk, static_cast<std::size_t>(got));
        std::size_t start = 0;
        for (std::size_t end; (end = c.input.find('\n', start)) != std::string::npos; start = end + 1) {
            on_line(index, std::string_view(c.input).substr(start, end - start), read_at);
            ++lines;
        }
        c.input.erase(0, start);
    }
    return lines;
}

bool LinePump::poll_until(const std::function<bool()>& done, std::chrono::milliseconds timeout, const LineFn& on_line) {
    const auto deadline = Clock::now() + timeout;
    while (!done()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        poll(static_cast<int>(std::min<long long>(left, 50)), on_line);
    }
    return true;
}

void LinePump::close_conn(int conn) {
    Conn& c = conns_[static_cast<std::size_t>(conn)];
    if (c.fd < 0) return;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    c.fd = -1;
}

void LinePump::close_all() {
    for (int i = 0; i < size(); ++i) close_conn(i);
}

bool has(std::string_view line, std::string_view needle) { return line.find(needle) != std::string_view::npos; }

std::int64_t int_field(std::string_view line, std::string_view key) {
    std::string pattern;  // "key": (appended piecewise: GCC 12 warns falsely on "..." + string)
    pattern.reserve(key.size() + 3);
    pattern.append(1, '"').append(key).append("\":");
    const auto at = line.find(pattern);
    if (at == std::string_view::npos) return -1;
    std::int64_t value = 0;
    bool digits = false;
    for (std::size_t i = at + pattern.size(); i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) {
        value = value * 10 + (line[i] - '0');
        digits = true;
    }
    return digits ? value : -1;
}

}  // namespace anoman::bench
