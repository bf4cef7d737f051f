#include "fake_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace anoman::testing {

using Clock = std::chrono::steady_clock;

// ---- FakePeer ---------------------------------------------------------------------
FakePeer::~FakePeer() { close(); }

void FakePeer::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void FakePeer::send_raw(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return;  // the client went away: the test's assertions will say so
        sent += static_cast<std::size_t>(n);
    }
}

void FakePeer::send_json(const Json& message) { send_raw(message.dump() + "\n"); }

std::optional<Json> FakePeer::read_json(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
        auto newline = buffer_.find('\n');
        if (newline != std::string::npos) {
            std::string line = buffer_.substr(0, newline);
            buffer_.erase(0, newline + 1);
            Json parsed = Json::parse(line, nullptr, false);
            if (parsed.is_discarded()) return Json{{"_raw", line}};
            return parsed;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0 || fd_ < 0) return std::nullopt;
        pollfd pfd{fd_, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
        char chunk[65536];
        ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return std::nullopt;
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

bool FakePeer::wait_closed(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline && fd_ >= 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd pfd{fd_, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) return false;
        char chunk[65536];
        ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return true;
    }
    return false;
}

Json FakePeer::welcome(const std::string& epoch, std::int64_t seq) {
    auto hello = read_json();
    if (!hello) throw std::runtime_error("fake server: no hello");
    send_json({{"type", "welcome"},
               {"proto", 1},
               {"role", hello->value("role", "display")},
               {"device", hello->value("device", "")},
               {"server", "fake-server/0"},
               {"epoch", epoch},
               {"service_day", "2026-11-22"},
               {"seq", seq},
               {"hospital", {{"name", "RSUD Uji"}, {"timezone", "Asia/Jakarta"}}}});
    return *hello;
}

std::optional<Json> FakePeer::serve_subscribe(const std::string& epoch, std::int64_t seq) {
    auto request = read_json();
    if (!request || request->value("type", "") != "subscribe") return std::nullopt;
    send_json({{"type", "reply"}, {"id", (*request)["id"]}, {"ok", true}, {"seq", seq}});
    send_json({{"type", "snapshot"},
               {"seq", seq},
               {"epoch", epoch},
               {"service_day", "2026-11-22"},
               {"services", Json::array()},
               {"counters", Json::array()},
               {"recent", Json::array()}});
    return request;
}

// ---- FakeServer ----------------------------------------------------------------------
FakeServer::FakeServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 16) != 0)
        throw std::runtime_error(std::string("fake server: bind/listen failed: ") + std::strerror(errno));
    socklen_t length = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &length);
    port_ = ntohs(addr.sin_port);
}

FakeServer::~FakeServer() {
    if (fd_ >= 0) ::close(fd_);
}

std::unique_ptr<FakePeer> FakeServer::accept(std::chrono::milliseconds timeout) {
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0) return nullptr;
    int peer = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (peer < 0) return nullptr;
    return std::make_unique<FakePeer>(peer);
}

Json fake_event(std::int64_t seq) {
    return {{"type", "event"},
            {"seq", seq},
            {"at", "2026-11-22T08:00:00+07:00"},
            {"kind", "announcement"},
            {"text", "event " + std::to_string(seq)}};
}

}  // namespace anoman::testing
