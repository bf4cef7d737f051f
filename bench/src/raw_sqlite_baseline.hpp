// The yardstick of the ticket throughput benchmark: raw SQLite in this
// process, on the server's own schema, inserting one ticket row per
// transaction (BEGIN IMMEDIATE; INSERT; COMMIT) with the server's settings:
// WAL, synchronous=FULL. It is what "one durable ticket per fsync" costs on
// this disk at this moment; the benchmark runs it in slices alternating with
// the server's, so both see the same disk.
#pragma once

#include <cstdint>
#include <vector>

#include "bench_support.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace anoman::bench {

struct RawSqliteResult {
    long rows = 0;
    double seconds = 0;
    Percentiles commit_ms;  // per transaction, BEGIN to COMMIT
    double rows_per_second() const { return seconds > 0 ? static_cast<double>(rows) / seconds : 0; }
};

class RawSqliteWriter {
public:
    explicit RawSqliteWriter(const fs::path& db_path);  // creates the server's schema
    ~RawSqliteWriter();
    RawSqliteWriter(const RawSqliteWriter&) = delete;
    RawSqliteWriter& operator=(const RawSqliteWriter&) = delete;

    // Inserts one ticket per transaction for `seconds`, adding to `result`.
    void run_for(double seconds, RawSqliteResult& result);

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
    std::vector<std::string> codes_;
    std::vector<long> next_seq_;
    long inserted_ = 0;
};

}  // namespace anoman::bench
