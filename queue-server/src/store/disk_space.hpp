// Free space on the disk that holds the database (and, when elsewhere, the
// backups). The server survives a full disk (a write that fails is refused
// and nothing acknowledged is lost), but the queue stops issuing: IT staff
// must see it coming. server.status reports it, `queuectl status` warns, and
// the journal gets a warning when it drops below the threshold (again every
// hour while it stays low) and a line when it recovers. INSTALL.md, "A full
// disk", gives the procedure.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace anoman::server {

struct DiskSpace {
    std::string path;           // the directory measured
    std::uint64_t free_bytes = 0;   // available to an unprivileged user (statvfs f_bavail)
    std::uint64_t total_bytes = 0;
};

// statvfs of the directory; nullopt if it cannot be measured.
std::optional<DiskSpace> measure_disk(const std::string& directory);

// {"path","free_bytes","total_bytes","warn_below_bytes","low"} for server.status.
nlohmann::json disk_json(const DiskSpace& disk, std::uint64_t warn_below_bytes);

// Decides when to log: below the threshold, once and then every hour; above
// it again, once. Pure, so a test can drive it with any clock.
class DiskWatch {
public:
    enum class Say { nothing, low, still_low, recovered };
    explicit DiskWatch(std::uint64_t warn_below_bytes) : warn_below_(warn_below_bytes) {}
    Say observe(std::uint64_t free_bytes, std::chrono::steady_clock::time_point now);
    std::uint64_t warn_below() const { return warn_below_; }

private:
    std::uint64_t warn_below_;
    bool low_ = false;
    std::chrono::steady_clock::time_point last_said_{};
};

// "1.4 GiB"
std::string human_bytes(std::uint64_t bytes);

}  // namespace anoman::server
