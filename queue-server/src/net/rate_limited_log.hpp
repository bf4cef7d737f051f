// Log lines that a flood could repeat thousands of times a second (refused
// connections, refused hellos): at most one line per key (a source address)
// per interval, and at most kMaxLinesPerInterval lines per interval in all;
// the next line that is let through says how many were suppressed, so the
// journal stays bounded while the count stays visible.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace anoman::server {

class RateLimitedLog {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr auto kInterval = std::chrono::seconds(10);
    // Many addresses at once (a scan of the LAN) still give a bounded number of lines.
    static constexpr int kMaxLinesPerInterval = 20;
    static constexpr std::size_t kMaxKeys = 4096;

    // True if a line for key may be written now; suppressed is then the number of
    // lines for key (or for every key, past the global bound) held back since the last one.
    bool allow(const std::string& key, Clock::time_point now, std::uint64_t& suppressed);

private:
    struct Entry {
        Clock::time_point last{};
        std::uint64_t suppressed = 0;
    };
    std::map<std::string, Entry> keys_;
    Clock::time_point window_start_{};
    int lines_in_window_ = 0;
    std::uint64_t suppressed_globally_ = 0;
};

}  // namespace anoman::server
