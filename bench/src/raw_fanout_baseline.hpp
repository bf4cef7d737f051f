// The floor of a fan-out on this machine: a bare sender that holds N loopback
// connections and, each time its trigger connection sends a byte, writes the
// same event line to every one of them with plain send() calls (no JSON, no
// engine, no Asio, no allocation), from one thread or split over several.
// Measured with the same LinePump and kernel timestamps as the server, it is
// what loopback TCP itself costs for one line to N sockets: no server on this
// machine fans out faster with as many threads, and bench-fanout reports the
// server as a ratio to it.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace anoman::bench {

class RawFanoutSender {
public:
    // Listens on 127.0.0.1 (any port); the first connection accepted is the
    // trigger, the next `subscribers` receive the line.
    // threads: how many send the line, each to its share of the subscribers.
    RawFanoutSender(std::string line, int subscribers, int threads = 1);
    ~RawFanoutSender();
    RawFanoutSender(const RawFanoutSender&) = delete;
    RawFanoutSender& operator=(const RawFanoutSender&) = delete;

    std::uint16_t port() const { return port_; }
    // True once the trigger and every subscriber are accepted.
    bool ready() const { return ready_.load(); }

private:
    void run();
    void send_share(int share);  // the subscribers share, share + threads, ...

    std::string line_;
    int subscribers_;
    int threads_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> ready_{false};
    std::vector<int> fds_;  // the trigger, then the subscribers
    std::thread thread_;
    // Helpers for threads > 1: each round, the trigger's thread bumps round_
    // and sends its own share; the helpers send theirs and count down.
    std::vector<std::thread> helpers_;
    std::atomic<std::uint64_t> round_{0};
    std::atomic<int> pending_{0};
    std::atomic<bool> stopping_{false};
};

}  // namespace anoman::bench
