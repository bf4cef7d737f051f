// The store and its schema: migrations, gap-free daily numbers, refusal of a
// newer database, transactions that leave nothing behind when rolled back.
#include <doctest/doctest.h>

#include <filesystem>

#include "schema.hpp"
#include "store.hpp"

using namespace anoman::server;

TEST_CASE("migrations bring a new database to the current version, once") {
    Database db(":memory:");
    migrate(db);
    migrate(db);  // idempotent
    auto s = db.prepare("PRAGMA user_version");
    REQUIRE(s.step());
    CHECK(s.int64(0) == current_schema_version());
}

TEST_CASE("the wait estimate's read of the last finished tickets is an index search, not a scan") {
    // Every ticket.issue makes this read (Store::recent_service_durations); before
    // the tickets_done index it scanned every ticket ever issued (bench/README.md).
    Database db(":memory:");
    migrate(db);
    auto plan = db.prepare(
        "EXPLAIN QUERY PLAN SELECT finished_at_ms - called_at_ms FROM tickets WHERE service = 'A' AND status = 'done' "
        "AND called_at_ms IS NOT NULL AND finished_at_ms IS NOT NULL ORDER BY finished_at_ms DESC LIMIT 20");
    std::string steps;
    while (plan.step()) steps += plan.text(3) + "\n";
    INFO(steps);
    CHECK(steps.find("USING INDEX tickets_done") != std::string::npos);
    CHECK(steps.find("TEMP B-TREE") == std::string::npos);  // no sort: the index is already in order
}

TEST_CASE("a database newer than the code is refused with a clear message") {
    Database db(":memory:");
    db.exec("PRAGMA user_version = 99");
    try {
        migrate(db);
        FAIL("expected a refusal");
    } catch (const StoreError& e) {
        CHECK(std::string(e.what()).find("newer than this queue-server") != std::string::npos);
    }
}

TEST_CASE("daily numbers: per service and day, and a rolled-back take leaves no gap") {
    Database db(":memory:");
    migrate(db);
    Store store(db);
    {
        Transaction tx(db);
        CHECK(store.take_daily_seq("A", "2026-11-22") == 1);
        CHECK(store.take_daily_seq("A", "2026-11-22") == 2);
        CHECK(store.take_daily_seq("B", "2026-11-22") == 1);
        CHECK(store.take_daily_seq("A", "2026-11-23") == 1);
        tx.commit();
    }
    {
        Transaction tx(db);
        CHECK(store.take_daily_seq("A", "2026-11-22") == 3);
        // no commit: rolled back
    }
    Transaction tx(db);
    CHECK(store.take_daily_seq("A", "2026-11-22") == 3);
    CHECK(store.issued_count("A", "2026-11-22") == 3);
}

TEST_CASE("event seq is never reused, even after rows are deleted or a savepoint is undone") {
    Database db(":memory:");
    migrate(db);
    Store store(db);
    Transaction tx(db);
    CHECK(store.append_event(1, "2026-11-22", "issued", "{}") == 1);
    {
        Savepoint sp(db);
        CHECK(store.append_event(2, "2026-11-22", "issued", "{}") == 2);
    }  // undone
    CHECK(store.last_seq() == 1);
    CHECK(store.append_event(3, "2026-11-22", "issued", "{}") == 2);
    db.exec("DELETE FROM events");
    CHECK(store.append_event(4, "2026-11-22", "issued", "{}") == 3);
    CHECK(store.last_seq() == 3);
}

TEST_CASE("a file database uses WAL with synchronous FULL") {
    const auto path = std::filesystem::temp_directory_path() / ("anoman-store-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path);
    {
        Database db(path.string());
        auto mode = db.prepare("PRAGMA journal_mode");
        REQUIRE(mode.step());
        CHECK(mode.text(0) == "wal");
        auto sync = db.prepare("PRAGMA synchronous");
        REQUIRE(sync.step());
        CHECK(sync.int64(0) == 2);  // FULL
    }
    std::filesystem::remove(path);
    std::filesystem::remove(path.string() + "-wal");
    std::filesystem::remove(path.string() + "-shm");
}
