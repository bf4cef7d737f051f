// The busy morning, live: a real queue-server, kiosks issuing the script's
// patients as they arrive, twelve clerks calling them, displays and counter
// consoles subscribed, all over loopback in one compressed hour; the server's
// CPU and memory sampled every second.
#pragma once

#include <cstdint>
#include <vector>

#include "bench_support.hpp"

namespace anoman::bench {

struct MorningOptions {
    int patients = 3000;
    double compressed_hour_s = 60;  // real seconds that play one simulated hour
    int kiosks = 4;
    int displays = 10;
    double kiosk_refresh_s = 5;     // each kiosk's services.list, in real seconds
    std::uint32_t seed = 2026;
};

struct MorningSample {
    double sim_minute = 0;
    double cpu_percent = 0;  // of one core, over the last second
    double rss_mb = 0;
};

struct MorningResult {
    Percentiles issue_ms, call_ms, list_ms, other_ms;
    long issued = 0, calls = 0, empty_calls = 0, failures = 0;
    std::vector<MorningSample> samples;
    double wall_s = 0;
    double cpu_seconds = 0;  // server CPU over the whole morning
    double peak_rss_mb = 0;
    std::uint64_t db_bytes_before = 0, db_bytes_after = 0;  // after a clean stop
};

MorningResult run_morning(const fs::path& dir, const fs::path& db, const MorningOptions& options);

// Database file plus WAL, if any.
std::uint64_t database_bytes(const fs::path& db);

}  // namespace anoman::bench
