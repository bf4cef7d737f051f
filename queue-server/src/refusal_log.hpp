// One journal line per refused connection (a wrong token, a revoked device,
// no hello), so IT staff can find a misconfigured or stolen device
// (INSTALL.md, section 5: journalctl -u si-anoman-server | grep refused).
// A flood of refusals (a scanner, a device in a reconnect loop) must not
// flood the journal: at most kBurst lines per minute, then one line that
// counts the rest.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace anoman::server {

class RefusalLog {
public:
    static constexpr int kBurst = 20;
    using Clock = std::chrono::steady_clock;

    // remote "10.0.0.7:51234", device as claimed in the hello ("" if none), why (the error sent).
    void refused(const std::string& remote, const std::string& device, const std::string& why,
                 Clock::time_point now = Clock::now());

    static RefusalLog& instance();

private:
    std::mutex mutex_;
    Clock::time_point window_start_{};
    int in_window_ = 0;
    int suppressed_ = 0;
};

}  // namespace anoman::server
