// Day-one operations in isolation (issue 17): when the free-space warning is
// logged, and which leftovers of dead backups the next backup removes.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "backup.hpp"
#include "deploy_support.hpp"
#include "disk_space.hpp"
#include "schema.hpp"

using namespace anoman::server;
using anoman::testing::scratch_dir;
namespace fs = std::filesystem;

TEST_CASE("the disk warning: once when space runs low, hourly while it stays low, once when it recovers") {
    using Say = DiskWatch::Say;
    DiskWatch watch(1000);
    auto at = std::chrono::steady_clock::time_point{} + std::chrono::hours(100);
    CHECK(watch.observe(5000, at) == Say::nothing);
    CHECK(watch.observe(999, at) == Say::low);
    CHECK(watch.observe(500, at + std::chrono::minutes(1)) == Say::nothing);
    CHECK(watch.observe(500, at + std::chrono::minutes(59)) == Say::nothing);
    CHECK(watch.observe(400, at + std::chrono::minutes(60)) == Say::still_low);
    CHECK(watch.observe(400, at + std::chrono::minutes(61)) == Say::nothing);
    CHECK(watch.observe(1000, at + std::chrono::minutes(62)) == Say::recovered);
    CHECK(watch.observe(2000, at + std::chrono::minutes(63)) == Say::nothing);
    CHECK(watch.observe(10, at + std::chrono::minutes(64)) == Say::low);

    const auto measured = measure_disk(scratch_dir("disk-measure").string());
    REQUIRE(measured);
    CHECK(measured->total_bytes >= measured->free_bytes);
    CHECK(measured->total_bytes > 0);
    CHECK_FALSE(measure_disk("/nonexistent/dir"));
    CHECK(human_bytes(1536) == "1.5 KiB");
    CHECK(human_bytes(3ULL * 1024 * 1024 * 1024) == "3.0 GiB");
}

TEST_CASE("a backup removes the .partial-* files of a backup whose process is gone, -wal and -shm included") {
    const fs::path dir = scratch_dir("stale-partials");
    const fs::path db = dir / "queue.db";
    {
        Database database(db.string());
        migrate(database);
    }
    const fs::path backups = dir / "backups";
    fs::create_directories(backups);
    // pid 2^22 + 1 is above Linux's pid_max limit: no process has it.
    const std::string dead = ".partial-4194305-77.tmp";
    const std::string alive = ".partial-" + std::to_string(::getpid()) + "-78.tmp";
    for (const std::string& name : {dead, dead + "-wal", dead + "-shm", dead + "-journal", alive})
        std::ofstream(backups / name) << "x";
    const BackupInfo info = make_backup(BackupOptions{db.string(), backups.string(), 5, {}, {}});
    CHECK(fs::exists(info.file));
    for (const std::string& name : {dead, dead + "-wal", dead + "-shm", dead + "-journal"})
        CHECK_MESSAGE(!fs::exists(backups / name), name);
    CHECK(fs::exists(backups / alive));  // a backup running now in a live process is left alone
}
