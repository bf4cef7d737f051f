// The floor of a fan-out on this machine: a bare sender that holds N loopback
// connections and, each time its trigger connection sends a byte, writes the
// same event line to every one of them with plain send() calls on one thread
// (no JSON, no engine, no Asio, no allocation). Measured with the same LinePump
// and kernel timestamps as the server, it is what loopback TCP itself costs
// for one line to N sockets: no server on this machine can fan out faster from
// one thread, and bench-fanout reports the server as a ratio to it.
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
    RawFanoutSender(std::string line, int subscribers);
    ~RawFanoutSender();
    RawFanoutSender(const RawFanoutSender&) = delete;
    RawFanoutSender& operator=(const RawFanoutSender&) = delete;

    std::uint16_t port() const { return port_; }
    // True once the trigger and every subscriber are accepted.
    bool ready() const { return ready_.load(); }

private:
    void run();

    std::string line_;
    int subscribers_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> ready_{false};
    std::vector<int> fds_;
    std::thread thread_;
};

}  // namespace anoman::bench
