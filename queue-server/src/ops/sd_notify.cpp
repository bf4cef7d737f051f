#include "sd_notify.hpp"

#include <systemd/sd-daemon.h>

#include <cstdint>

namespace anoman::server {

bool sd_notify_send(const std::string& state) {
    // > 0: sent; 0: not under systemd ($NOTIFY_SOCKET unset); < 0: an error.
    return ::sd_notify(0, state.c_str()) > 0;
}

std::optional<std::chrono::microseconds> sd_watchdog_interval() {
    // Checks $WATCHDOG_PID against this process too.
    std::uint64_t usec = 0;
    if (::sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
    return std::chrono::microseconds(static_cast<std::int64_t>(usec));
}

}  // namespace anoman::server
