// A line-protocol TCP proxy on 127.0.0.1 between a kiosk and the real
// queue-server that can lose what a LAN loses: it forwards everything, but in
// swallow mode it lets a ticket.issue reach the server (which commits it) and
// drops the reply, then cuts the connection, exactly the case where only a
// retry with the same request_id keeps the patient from a second number.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace anoman::kiosk::testing {

class LossyProxy {
public:
    enum class Mode { pass, swallow_issue_reply, refuse };

    explicit LossyProxy(std::uint16_t target_port);
    ~LossyProxy();
    LossyProxy(const LossyProxy&) = delete;
    LossyProxy& operator=(const LossyProxy&) = delete;

    std::uint16_t port() const { return port_; }
    void set_mode(Mode mode) { mode_ = mode; }
    int swallowed() const { return swallowed_; }
    int issue_requests() const { return issue_requests_; }

private:
    void accept_loop();
    void relay(int client_fd);

    std::uint16_t target_port_;
    std::uint16_t port_ = 0;
    int listen_fd_ = -1;
    int stop_pipe_[2] = {-1, -1};
    std::atomic<Mode> mode_{Mode::pass};
    std::atomic<int> swallowed_{0};
    std::atomic<int> issue_requests_{0};
    std::thread acceptor_;
    std::mutex mutex_;
    std::vector<std::thread> relays_;
};

}  // namespace anoman::kiosk::testing
