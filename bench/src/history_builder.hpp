// A database with weeks of history, as a hospital's server has after a month
// in service: one day of the morning script is played through the real queue
// engine in this process (virtual clock, so the rows, events and idempotency
// keys are exactly what the server writes), then copied with SQL to the days
// before today. Keys older than 8 days are left out, as the server prunes them.
#pragma once

#include <cstdint>

#include "bench_support.hpp"

namespace anoman::bench {

struct HistoryResult {
    int days = 0;
    long tickets = 0;
    long events = 0;
    double build_seconds = 0;
    std::uint64_t db_bytes = 0;  // after a checkpoint: the whole database, WAL empty
};

// Days today-days .. today-1, `patients` tickets each.
HistoryResult build_history(const fs::path& db_path, int days, int patients, std::uint32_t seed);

}  // namespace anoman::bench
