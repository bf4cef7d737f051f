#include "wait_estimate.hpp"

#include <algorithm>
#include <cmath>

namespace anoman::server {

std::int64_t mean_service_seconds(const std::vector<std::int64_t>& durations_ms) {
    if (durations_ms.empty()) return kDefaultServiceSeconds;
    double total = 0;
    for (std::int64_t ms : durations_ms)
        total += static_cast<double>(std::clamp<std::int64_t>(ms / 1000, kMinServiceSeconds, kMaxServiceSeconds));
    return static_cast<std::int64_t>(std::llround(total / static_cast<double>(durations_ms.size())));
}

std::int64_t estimate_wait_seconds(int ahead, std::int64_t mean_service_s, double servers) {
    if (ahead <= 0) return 0;
    const double effective = servers > 0.0 ? servers : 1.0;
    return static_cast<std::int64_t>(std::llround(static_cast<double>(ahead) * static_cast<double>(mean_service_s) / effective));
}

}  // namespace anoman::server
