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

double counter_share(int own_issued, int all_issued, int services_of_counter) {
    if (services_of_counter <= 1) return 1.0;
    const double own = std::max(own_issued, 0) + 1.0;
    const double all = std::max(all_issued, 0) + static_cast<double>(services_of_counter);
    return std::clamp(own / all, 0.0, 1.0);
}

std::int64_t estimate_wait_seconds(const WaitInputs& in) {
    double capacity = 0, free = 0;
    int counters = 0;
    for (const PoolCounter& c : in.pool) {
        if (!c.open) continue;
        capacity += c.share;
        if (!c.busy) free += c.share;
        ++counters;
    }
    double delay = 0;
    if (counters == 0) {
        // Nobody serves now: the whole pool, every counter free, from the opening.
        for (const PoolCounter& c : in.pool) capacity += c.share;
        free = capacity;
        counters = static_cast<int>(in.pool.size());
        delay = std::max(in.until_opening_s, 0.0);
    }
    if (counters == 0 || capacity <= 0) {
        // A service no counter serves: one server, as a figure better than none.
        capacity = 1;
        counters = 1;
    }
    const double sigma = capacity / counters;
    const double positions = std::max(0.0, std::max(in.ahead, 0) + sigma - free);
    return std::llround(delay + positions * std::max(in.service_s, 0.0) / capacity);
}

}  // namespace anoman::server
