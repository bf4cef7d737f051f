#include "refusal_log.hpp"

#include <spdlog/spdlog.h>

namespace anoman::server {
namespace {

// What a client sent goes into the journal: no control characters (a forged
// line break), and not too long.
std::string printable(const std::string& text) {
    std::string out;
    for (char c : text.substr(0, 200)) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
    return out;
}

}  // namespace

void RefusalLog::refused(const std::string& remote, const std::string& device, const std::string& why,
                         Clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (now - window_start_ >= std::chrono::minutes(1)) {
        if (suppressed_ > 0)
            spdlog::warn("refused {} more connections in the last minute (not logged one by one)", suppressed_);
        window_start_ = now;
        in_window_ = 0;
        suppressed_ = 0;
    }
    if (++in_window_ > kBurst) {
        ++suppressed_;
        return;
    }
    spdlog::warn("refused connection from {}{}: {}", remote, device.empty() ? "" : " as device " + printable(device),
                 printable(why));
}

RefusalLog& RefusalLog::instance() {
    static RefusalLog log;
    return log;
}

}  // namespace anoman::server
