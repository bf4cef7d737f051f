// The estimated wait the kiosk prints and the screens show.
//
// Model: a patient with `ahead` patients before them in a queue waits about
//     ahead * mean_service / servers
// - mean_service: the mean duration (call to finish) of the last kRecentServices
//   finished tickets of that service, or kDefaultServiceSeconds without history.
//   Each duration is clamped to [kMinServiceSeconds, kMaxServiceSeconds], so one
//   clerk who forgot to press "finish" over lunch does not make every estimate absurd.
// - servers: the open counters that serve the service, each counting as 1/k of a
//   server when it serves k services (its time is shared among its queues). With no
//   open counter, one server is assumed: the wait once a counter opens.
// It is an honest rough figure, not a promise; the screens say "perkiraan" (estimate).
#pragma once

#include <cstdint>
#include <vector>

namespace anoman::server {

inline constexpr int kRecentServices = 20;
inline constexpr std::int64_t kDefaultServiceSeconds = 180;
inline constexpr std::int64_t kMinServiceSeconds = 30;
inline constexpr std::int64_t kMaxServiceSeconds = 1800;

// Mean service time in seconds from durations in milliseconds.
std::int64_t mean_service_seconds(const std::vector<std::int64_t>& durations_ms);

// servers: sum over open counters serving the service of 1/(services that counter serves).
std::int64_t estimate_wait_seconds(int ahead, std::int64_t mean_service_s, double servers);

}  // namespace anoman::server
