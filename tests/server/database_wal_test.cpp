// The write-ahead log stays bounded (issue 11, item 1). A statement left
// active after its first row kept a read snapshot open in the server from its
// start: no checkpoint could copy past it, and the -wal file held every frame
// ever written (240 MB a day at kiosk pace). After a simulated day through the
// real server, a checkpoint from another connection must copy every frame,
// and the -wal file must stay a few MB.
#include <sqlite3.h>

#include <filesystem>
#include <iostream>

#include "conformance.hpp"

using namespace conform;
namespace fs = std::filesystem;

namespace {

struct Checkpoint {
    int busy = -1;
    int log_frames = -1;
    int checkpointed = -1;
};

// PRAGMA wal_checkpoint(PASSIVE) from a connection of our own, as an operator
// or a backup would run it beside the live server.
Checkpoint outside_checkpoint(const fs::path& db) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(handle, "PRAGMA wal_checkpoint(PASSIVE)", -1, &stmt, nullptr) == SQLITE_OK);
    Checkpoint result;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        result = {sqlite3_column_int(stmt, 0), sqlite3_column_int(stmt, 1), sqlite3_column_int(stmt, 2)};
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return result;
}

std::uintmax_t wal_bytes(const fs::path& db) {
    std::error_code ec;
    const auto size = fs::file_size(db.string() + "-wal", ec);
    return ec ? 0 : size;
}

}  // namespace

TEST_CASE("wal: after a simulated day an outside checkpoint copies every frame and the -wal stays a few MB") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto kiosk = login(server, config, "kiosk-1");
    auto loket1 = login(server, config, "loket-1");
    auto loket2 = login(server, config, "loket-2");
    auto hall = login(server, config, "hall-1");
    subscribe(*hall);

    // 3,000 patients, one request at a time as kiosks and counters send them:
    // each ticket is issued, called (which finishes the one before) and, at
    // the end, finished; reads in between as the displays and counters do.
    constexpr int kTickets = 3000;
    std::uintmax_t largest_wal = 0;
    for (int i = 0; i < kTickets; ++i) {
        issue_ok(*kiosk, i % 3 == 0 ? "B" : "A", "day-" + std::to_string(i));
        if (i % 2 == 1) {
            ok(*loket1, {{"type", "counter.call_next"}, {"counter", "L1"}});
            ok(*loket2, {{"type", "counter.call_next"}, {"counter", "L2"}});
        }
        if (i % 50 == 0) {
            ok(*kiosk, {{"type", "services.list"}});
            ok(*loket1, {{"type", "stats.counter"}, {"counter", "L1"}});
            hall->backlog().clear();
            largest_wal = std::max(largest_wal, wal_bytes(server.db()));
        }
    }
    ok(*loket1, {{"type", "counter.finish"}, {"counter", "L1"}});
    ok(*loket2, {{"type", "counter.finish"}, {"counter", "L2"}});
    largest_wal = std::max(largest_wal, wal_bytes(server.db()));

    // The server is idle now (its ticks write nothing): nothing of it may hold
    // the checkpoint back.
    const Checkpoint checkpoint = outside_checkpoint(server.db());
    std::cerr << "wal after " << kTickets << " tickets with calls: " << wal_bytes(server.db())
              << " bytes (largest seen " << largest_wal << "), checkpoint copied " << checkpoint.checkpointed
              << " of " << checkpoint.log_frames << " frames" << std::endl;
    CHECK(checkpoint.busy == 0);
    CHECK(checkpoint.log_frames >= 0);
    CHECK(checkpoint.checkpointed == checkpoint.log_frames);
    // journal_size_limit is 8 MiB; the automatic checkpoint keeps it near 4 MB.
    CHECK(largest_wal < 8u * 1024 * 1024);
    CHECK(wal_bytes(server.db()) < 8u * 1024 * 1024);
}
