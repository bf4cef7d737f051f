// The estimated wait the kiosk prints and the screens show: the time until the
// patient's first call. bench/ measures it against the waits that followed
// (bench-wait, bench/README.md section "Estimated wait").
//
// Model. The counters that serve a service form its pool; they call the best
// head across all the services they serve (priority first, then queue time),
// so a patient waits behind their own queue AND behind the other services'
// patients who came before them. Each input is cheap (O(services), no scan of
// the waiting queue):
// - ahead: the patients the pool calls before this one, counted: those before
//   it in its own queue, plus those of the pool's other services the pool
//   calls first (priority, then queue time, across services), each weighted by
//   the part of its service's counters that are in this pool. The per-service
//   order-statistic trees (waiting_order.hpp) give each count in O(log n).
//   (The first model inferred the others from each service's share of the
//   day's tickets; on bench-wait's shared desks it was 109 s off for Umum
//   patients on average, the counted model 59 s: bench/README.md section 7.)
// - the next call comes when one of the n OPEN counters of the pool finishes
//   (a closed counter, on a break, serves nobody): with every counter busy,
//   the patient at pool position p is called after about (p + 1) * service / n.
//   A free open counter (no current patient) takes one position at once:
//       wait = max(0, ahead + 1 - free) * service / n
// - before the counters open: when none of the pool is open and the day's
//   opening is still ahead (the time the service's first patient was called on
//   its last service day), the wait is the time until that opening, then the
//   queue served by the whole pool, every counter free at the start. With no
//   open counter and no opening ahead (a break of all, a late start, the first
//   day), the whole pool is assumed to come back now.
// - service: a robust mean of the durations (call to finish) of the last
//   kRecentServices finished tickets of the service. Each duration is clamped
//   to [kMinServiceSeconds, kOutlierFactor * median] (and kMaxServiceSeconds):
//   one clerk who forgot "finish" over lunch must not double every estimate,
//   while the long tail of real services (a skewed spread: most are quick, a
//   few take long) still counts. kDefaultServiceSeconds without history.
// It is an honest rough figure, not a promise; the screens say "perkiraan"
// (estimate). What it does not see: patients who will come with priority
// after this one, no-shows ahead (each costs the clerk a recall), counters that
// will close or open later.
#pragma once

#include <cstdint>
#include <vector>

namespace anoman::server {

inline constexpr int kRecentServices = 40;
inline constexpr std::int64_t kDefaultServiceSeconds = 180;
inline constexpr std::int64_t kMinServiceSeconds = 30;
inline constexpr std::int64_t kMaxServiceSeconds = 1800;
inline constexpr double kOutlierFactor = 4.0;

// Typical service time in seconds from durations in milliseconds (see above).
std::int64_t mean_service_seconds(const std::vector<std::int64_t>& durations_ms);

struct PoolCounter {
    bool open = false;
    bool busy = false;  // has a current patient
};

struct WaitInputs {
    double ahead = 0;  // the patients the whole pool calls before this one (see above)
    double service_s = kDefaultServiceSeconds;
    std::vector<PoolCounter> pool;  // every configured counter that serves the service
    double until_opening_s = 0;     // > 0 when none of the pool is open and the day's opening is ahead
};

std::int64_t estimate_wait_seconds(const WaitInputs& inputs);

}  // namespace anoman::server
