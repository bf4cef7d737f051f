#include "wait_estimate.hpp"

#include <algorithm>
#include <cmath>

namespace anoman::server {

std::int64_t mean_service_seconds(const std::vector<std::int64_t>& durations_ms) {
    if (durations_ms.empty()) return kDefaultServiceSeconds;
    std::vector<std::int64_t> sorted = durations_ms;
    const auto middle = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2);
    std::nth_element(sorted.begin(), middle, sorted.end());
    const double median_s = static_cast<double>(*middle) / 1000.0;
    const double low = static_cast<double>(kMinServiceSeconds);
    const double high = std::clamp(kOutlierFactor * median_s, low, static_cast<double>(kMaxServiceSeconds));
    double total = 0;
    for (std::int64_t ms : durations_ms) total += std::clamp(static_cast<double>(ms) / 1000.0, low, high);
    return std::llround(total / static_cast<double>(durations_ms.size()));
}

std::int64_t estimate_wait_seconds(const WaitInputs& in) {
    int open = 0, free = 0;
    for (const PoolCounter& c : in.pool) {
        if (!c.open) continue;
        ++open;
        free += !c.busy;
    }
    int counters = open;
    double delay = 0;
    if (open == 0) {
        // Nobody serves now: the whole pool, every counter free, from the opening.
        counters = free = static_cast<int>(in.pool.size());
        delay = std::max(in.until_opening_s, 0.0);
    }
    if (counters == 0) counters = 1;  // a service no counter serves: one busy server, as a figure better than none
    const double positions = std::max(0.0, std::max(in.ahead, 0.0) + 1 - free);
    return std::llround(delay + positions * std::max(in.service_s, 0.0) / counters);
}

}  // namespace anoman::server
