// systemd integration without systemd: the test plays systemd's part with a
// datagram socket in $NOTIFY_SOCKET. The server says READY=1 once it listens,
// pings WATCHDOG=1 at half of $WATCHDOG_USEC while its threads answer, and
// says STOPPING=1 on SIGTERM.
#include <doctest/doctest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <filesystem>

#include "deploy_support.hpp"

using namespace anoman::testing;
namespace fs = std::filesystem;

namespace {

class NotifySocket {
public:
    // A path, or "@name": a name in the abstract namespace, as $NOTIFY_SOCKET writes it.
    explicit NotifySocket(const fs::path& path) : path_(path) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const std::string name = path.string();
        std::strncpy(address.sun_path, name.c_str(), sizeof address.sun_path - 1);
        socklen_t size = sizeof address;
        if (name.front() == '@') {
            address.sun_path[0] = '\0';
            size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
        }
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), size) == 0);
    }
    ~NotifySocket() {
        ::close(fd_);
        if (path_.string().front() != '@') fs::remove(path_);
    }
    // The next datagram, or "" after timeout.
    std::string next(std::chrono::milliseconds timeout) {
        pollfd wait{fd_, POLLIN, 0};
        if (::poll(&wait, 1, static_cast<int>(timeout.count())) <= 0) return {};
        char buffer[4096];
        const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
        return got > 0 ? std::string(buffer, static_cast<std::size_t>(got)) : std::string();
    }

private:
    fs::path path_;
    int fd_ = -1;
};

}  // namespace

TEST_CASE("READY=1, watchdog pings while alive, STOPPING=1") {
    const fs::path dir = scratch_dir("watchdog");
    // A short path: sun_path holds about 100 bytes.
    const fs::path socket_path = fs::temp_directory_path() / ("anoman-notify-" + std::to_string(::getpid()));
    fs::remove(socket_path);
    NotifySocket systemd(socket_path);

    ServerOptions options = in_dir(dir);
    options.env = {{"NOTIFY_SOCKET", socket_path.string()}, {"WATCHDOG_USEC", "400000"}};
    ServerProcess server(options);

    std::string first = systemd.next(std::chrono::seconds(5));
    CHECK(first.find("READY=1") != std::string::npos);
    int pings = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (pings < 3 && std::chrono::steady_clock::now() < until)
        pings += systemd.next(std::chrono::milliseconds(500)) == "WATCHDOG=1";
    CHECK(pings >= 3);

    server.terminate();
    bool stopping = false;
    for (int i = 0; i < 10 && !stopping; ++i) stopping = systemd.next(std::chrono::milliseconds(500)) == "STOPPING=1";
    CHECK(stopping);
    CHECK(server.wait() == 0);
}

TEST_CASE("no watchdog for another process ($WATCHDOG_PID), and nothing sent without $NOTIFY_SOCKET") {
    const fs::path socket_path = fs::temp_directory_path() / ("anoman-notify2-" + std::to_string(::getpid()));
    fs::remove(socket_path);
    NotifySocket systemd(socket_path);
    ServerOptions options;
    options.env = {{"NOTIFY_SOCKET", socket_path.string()}, {"WATCHDOG_USEC", "200000"}, {"WATCHDOG_PID", "1"}};
    ServerProcess server(options);
    CHECK(systemd.next(std::chrono::seconds(5)).find("READY=1") != std::string::npos);
    CHECK(systemd.next(std::chrono::milliseconds(600)).empty());  // no WATCHDOG=1 for a pid not ours

    ServerProcess plain;  // no NOTIFY_SOCKET: runs as ever
    LineClient client(plain.port());
    CHECK(client.hello_demo("admin")["type"] == "welcome");
}

TEST_CASE("$NOTIFY_SOCKET in the abstract namespace (@name)") {
    const std::string name = "@anoman-notify-abstract-" + std::to_string(::getpid());
    NotifySocket systemd(name);
    ServerOptions options;
    options.env = {{"NOTIFY_SOCKET", name}};
    ServerProcess server(options);
    CHECK(systemd.next(std::chrono::seconds(5)).find("READY=1") != std::string::npos);
    server.terminate();
    bool stopping = false;
    for (int i = 0; i < 10 && !stopping; ++i) stopping = systemd.next(std::chrono::milliseconds(500)) == "STOPPING=1";
    CHECK(stopping);
}
