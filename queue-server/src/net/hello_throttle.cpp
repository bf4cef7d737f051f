#include "hello_throttle.hpp"

#include <algorithm>

namespace anoman::server {

HelloThrottle::Clock::duration HelloThrottle::penalty(const Address& address, Clock::time_point now) {
    auto it = entries_.find(address);
    if (it == entries_.end()) return Clock::duration::zero();
    Entry& entry = it->second;
    if (now - entry.last >= kQuiet) {
        entries_.erase(it);
        return Clock::duration::zero();
    }
    if (entry.failures < kFreeFailures) return Clock::duration::zero();
    const int doublings = std::min(entry.failures - kFreeFailures, 16);
    const Clock::duration delay = std::min<Clock::duration>(kFirstDelay * (1 << doublings), kMaxDelay);
    ++entry.failures;
    entry.last = now;
    return delay;
}

void HelloThrottle::failed(const Address& address, Clock::time_point now) {
    if (entries_.size() >= kMaxAddresses && !entries_.count(address)) {
        std::erase_if(entries_, [&](const auto& item) { return now - item.second.last >= kQuiet; });
        if (entries_.size() >= kMaxAddresses) entries_.erase(entries_.begin());
    }
    Entry& entry = entries_[address];
    if (now - entry.last >= kQuiet) entry.failures = 0;
    ++entry.failures;
    entry.last = now;
}

}  // namespace anoman::server
