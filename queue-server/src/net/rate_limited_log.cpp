#include "rate_limited_log.hpp"

namespace anoman::server {

bool RateLimitedLog::allow(const std::string& key, Clock::time_point now, std::uint64_t& suppressed) {
    if (now - window_start_ >= kInterval) {
        window_start_ = now;
        lines_in_window_ = 0;
        // Forget quiet keys, so the map is bounded by the addresses of one interval.
        for (auto it = keys_.begin(); it != keys_.end();) {
            if (now - it->second.last >= kInterval && it->second.suppressed == 0) it = keys_.erase(it);
            else ++it;
        }
        // Addresses that flooded once and went quiet: their counts go to the global one.
        if (keys_.size() > kMaxKeys) {
            for (const auto& [unused, entry] : keys_) suppressed_globally_ += entry.suppressed;
            keys_.clear();
        }
    }
    auto it = keys_.find(key);
    const bool known = it != keys_.end();
    if (known && now - it->second.last < kInterval) {
        ++it->second.suppressed;
        return false;
    }
    if (lines_in_window_ >= kMaxLinesPerInterval) {
        ++suppressed_globally_;
        return false;
    }
    ++lines_in_window_;
    suppressed = suppressed_globally_;
    suppressed_globally_ = 0;
    if (known) {
        suppressed += it->second.suppressed;
        it->second = Entry{now, 0};
    } else {
        keys_.emplace(key, Entry{now, 0});
    }
    return true;
}

}  // namespace anoman::server
