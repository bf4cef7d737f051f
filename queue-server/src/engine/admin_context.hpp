// What the admin extensions of the engine (engine_admin.cpp) need from
// outside the engine: the backup runner, the connection census and the start
// time. Owned by OpsRuntime (server_ops.hpp); the engine only points at it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "backup_runner.hpp"
#include "connection_census.hpp"

namespace anoman::server {

struct AdminContext {
    BackupRunner* backup = nullptr;
    ConnectionCensus* census = nullptr;
    std::chrono::system_clock::time_point started_at = std::chrono::system_clock::now();
    std::chrono::steady_clock::time_point started_steady = std::chrono::steady_clock::now();
    std::string database;
    std::uint64_t disk_warn_bytes = 0;  // --disk-warn-mb: server.status "disk" says "low" below it
};

}  // namespace anoman::server
