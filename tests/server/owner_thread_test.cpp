// One thread owns the connection and the engine (owner_thread.hpp): debug
// builds catch a use from another thread at the entry point; the engine
// worker hands the engine to its thread and back. Release builds (NDEBUG)
// compile the checks away, so these cases only report that they were skipped
// there; deploy/run-sanitized-tests.sh runs them in the debug build.
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>

#include "anoman/config.hpp"
#include "engine_worker.hpp"
#include "eventually.hpp"
#include "owner_thread.hpp"
#include "sqlite_db.hpp"

using namespace anoman;
using namespace anoman::server;

namespace {

std::atomic<int> violations{0};
// The first entry point caught since the count was reset (one stray call may
// pass several: Engine::last_seq, then the Database::prepare under it).
// Written by the thread that called in, read after it was joined or seen done.
std::string first_violation;

void record_violation(const char* entry_point) {
    if (violations++ == 0) first_violation = entry_point;
}

// Records violations instead of aborting, for the test's life.
struct RecordViolations {
    OwnerViolationHandler previous;
    RecordViolations() : previous(set_owner_violation_handler(&record_violation)) { violations = 0; }
    ~RecordViolations() { set_owner_violation_handler(previous); }
};

template <class F>
void on_other_thread(F f) {
    std::thread thread(f);
    thread.join();
}

}  // namespace

TEST_CASE("owner thread: the connection's opener owns it; another thread's use is caught, a handed-over one is not") {
    if (!kOwnerChecks) {
        MESSAGE("release build: owner-thread checks are compiled out (the debug build runs this case)");
        return;
    }
    RecordViolations recording;
    Database db(":memory:");
    db.exec("CREATE TABLE t (x INTEGER)");
    on_other_thread([&] { db.exec("INSERT INTO t VALUES (1)"); });
    CHECK(violations == 1);
    CHECK(first_violation == "Database::exec");

    db.hand_over();
    on_other_thread([&] { db.exec("INSERT INTO t VALUES (2)"); });  // the new owner
    CHECK(violations == 1);
    violations = 0;
    (void)db.prepare("SELECT COUNT(*) FROM t").scalar<int>();  // the old one, now a stranger
    CHECK(violations == 1);
    CHECK(first_violation == "Database::prepare");
}

TEST_CASE("owner thread: the engine worker's thread owns the engine while it runs, the caller after the join") {
    if (!kOwnerChecks) {
        MESSAGE("release build: owner-thread checks are compiled out (the debug build runs this case)");
        return;
    }
    RecordViolations recording;
    Config config = demo_config();
    Database db(":memory:");
    Engine engine(config, db, "e");
    (void)engine.tick();  // the test thread built it and may use it
    CHECK(violations == 0);

    std::atomic<bool> delivered{false};
    EngineWorker worker(engine, [&](auto, auto) { delivered = true; });
    worker.start();
    worker.submit(Job{Job::Kind::tick, {}, proto::Json()}, nullptr);
    // The worker thread ran a batch (it now owns the engine); a read from here is what once corrupted WAL frames.
    REQUIRE(testing::eventually([&] { return delivered.load(); }));
    (void)engine.last_seq();
    CHECK(violations >= 1);
    CHECK(first_violation == "Engine::last_seq");

    worker.stop_and_join();
    violations = 0;
    (void)engine.tick();  // handed back by the join
    (void)engine.last_seq();
    CHECK(violations == 0);
}
