// systemd's notification protocol through libsystemd (sd_notify(3),
// sd_watchdog_enabled(3)).
// Used for Type=notify (READY=1 once listening), the watchdog (WATCHDOG=1)
// and STOPPING=1. Without $NOTIFY_SOCKET (not under systemd) it does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace anoman::server {

// Sends state ("READY=1", "WATCHDOG=1", ...). False if not under systemd or on error.
bool sd_notify_send(const std::string& state);

// The watchdog interval systemd expects pings within ($WATCHDOG_USEC, for this
// process per $WATCHDOG_PID); nullopt when the watchdog is off.
std::optional<std::chrono::microseconds> sd_watchdog_interval();

}  // namespace anoman::server
