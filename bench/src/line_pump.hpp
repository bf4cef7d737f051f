// Many protocol connections to 127.0.0.1 driven by one thread with epoll: the
// load generators' engine. Lines are handed over as they arrive, stamped with
// the time the kernel received them on that socket (SO_TIMESTAMPNS, so the
// time this loop spends on other sockets does not count), and left unparsed (a benchmark looks only for the
// few bytes it needs, so the load generator stays cheap next to the server).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bench_support.hpp"

namespace anoman::bench {

class LinePump {
public:
    using LineFn = std::function<void(int conn, std::string_view line, Clock::time_point read_at)>;

    LinePump();
    ~LinePump();
    LinePump(const LinePump&) = delete;
    LinePump& operator=(const LinePump&) = delete;

    // Connects to 127.0.0.1:port; returns the connection's index (0, 1, 2, ...).
    int connect(std::uint16_t port);
    int size() const { return static_cast<int>(conns_.size()); }
    bool closed(int conn) const { return conns_[static_cast<std::size_t>(conn)].fd < 0; }
    int open_count() const;

    // Sends one line; a '\n' is added. Waits (briefly) if the socket is full.
    void send(int conn, std::string_view line);
    // Sends the hello of a device.
    void hello(int conn, const std::string& role, const std::string& device, const std::string& token);

    // Waits up to timeout_ms for input and hands every complete line to on_line.
    // Returns the number of lines handed over.
    int poll(int timeout_ms, const LineFn& on_line);
    // Polls until done() or the deadline; false on timeout.
    bool poll_until(const std::function<bool()>& done, std::chrono::milliseconds timeout, const LineFn& on_line);

    // Connects `count` hall displays (hello as hall-1, subscribe) in waves of
    // kDisplayWave, each wave waiting for its snapshots: the server admits at
    // most 64 connections per address that have not said hello yet
    // (connection_gate.hpp), and every display of a real hall is its own
    // machine. Returns the new connections; throws if a wave gets no snapshots
    // within the timeout. Lines other than snapshots go to on_line.
    static constexpr int kDisplayWave = 32;
    std::vector<int> subscribe_displays(std::uint16_t port, int count, const LineFn& on_line = nullptr);

    void close_all();

private:
    struct Conn {
        int fd = -1;
        std::string input;
    };
    void close_conn(int conn);

    int epoll_fd_ = -1;
    std::vector<Conn> conns_;
};

// Small helpers to read the server's compact JSON lines without parsing them.
bool has(std::string_view line, std::string_view needle);
// The integer after "key": in the line (first occurrence), or -1.
std::int64_t int_field(std::string_view line, std::string_view key);

}  // namespace anoman::bench
