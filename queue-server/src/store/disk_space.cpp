#include "disk_space.hpp"

#include <sys/statvfs.h>

#include <cstdio>

namespace anoman::server {

std::optional<DiskSpace> measure_disk(const std::string& directory) {
    struct statvfs info {};
    if (::statvfs(directory.c_str(), &info) != 0) return std::nullopt;
    DiskSpace disk;
    disk.path = directory;
    disk.free_bytes = std::uint64_t{info.f_bavail} * info.f_frsize;
    disk.total_bytes = std::uint64_t{info.f_blocks} * info.f_frsize;
    return disk;
}

nlohmann::json disk_json(const DiskSpace& disk, std::uint64_t warn_below_bytes) {
    return nlohmann::json{{"path", disk.path},
                          {"free_bytes", disk.free_bytes},
                          {"total_bytes", disk.total_bytes},
                          {"warn_below_bytes", warn_below_bytes},
                          {"low", disk.free_bytes < warn_below_bytes}};
}

DiskWatch::Say DiskWatch::observe(std::uint64_t free_bytes, std::chrono::steady_clock::time_point now) {
    const bool low = free_bytes < warn_below_;
    if (low && !low_) {
        low_ = true;
        last_said_ = now;
        return Say::low;
    }
    if (!low && low_) {
        low_ = false;
        return Say::recovered;
    }
    if (low && now - last_said_ >= std::chrono::hours(1)) {
        last_said_ = now;
        return Say::still_low;
    }
    return Say::nothing;
}

std::string human_bytes(std::uint64_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return text;
}

}  // namespace anoman::server
