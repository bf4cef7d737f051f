// systemd's notification protocol, spoken directly (sd_notify(3),
// sd_watchdog_enabled(3)): one datagram per state to the AF_UNIX socket named
// in $NOTIFY_SOCKET, and the watchdog's interval from $WATCHDOG_USEC and
// $WATCHDOG_PID. systemd documents this protocol as stable and meant to be
// reimplemented; linking libsystemd for it mapped libsystemd, libgcrypt,
// libgpg-error, liblzma, libzstd, liblz4 and libcap into the server, about
// 1 MB of its resident memory (bench/README.md, issue 16).
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
