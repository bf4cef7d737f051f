#include "sd_notify.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace anoman::server {
namespace {

// A whole decimal number, or nothing (no sign, no spaces, no trailing text).
std::optional<std::uint64_t> decimal(const char* text) {
    if (!text || !*text) return std::nullopt;
    const std::string_view view(text);
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
    if (error != std::errc{} || end != view.data() + view.size()) return std::nullopt;
    return value;
}

}  // namespace

bool sd_notify_send(const std::string& state) {
    const char* path = std::getenv("NOTIFY_SOCKET");
    if (!path || !*path) return false;  // not under systemd
    // A path, or "@name" for the abstract namespace (its first byte is NUL on the wire).
    // Other forms (vsock:, used by virtual machines) are not for a hospital PC's service.
    if (path[0] != '/' && path[0] != '@') return false;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::size_t length = std::strlen(path);
    if (length >= sizeof(address.sun_path)) return false;
    std::memcpy(address.sun_path, path, length);
    if (path[0] == '@') address.sun_path[0] = '\0';
    const auto address_size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + length);

    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    // A datagram: the state arrives whole or not at all. MSG_NOSIGNAL: a vanished
    // manager must not kill the server with SIGPIPE.
    const ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr*>(&address), address_size);
    ::close(fd);
    return sent == static_cast<ssize_t>(state.size());
}

std::optional<std::chrono::microseconds> sd_watchdog_interval() {
    const auto usec = decimal(std::getenv("WATCHDOG_USEC"));
    if (!usec || *usec == 0 || *usec > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    // $WATCHDOG_PID names the process the watchdog is for; a child that inherited
    // the environment must not ping for its parent.
    if (const char* pid_text = std::getenv("WATCHDOG_PID"); pid_text && *pid_text) {
        const auto pid = decimal(pid_text);
        if (!pid || *pid != static_cast<std::uint64_t>(::getpid())) return std::nullopt;
    }
    return std::chrono::microseconds(static_cast<std::int64_t>(*usec));
}

}  // namespace anoman::server
