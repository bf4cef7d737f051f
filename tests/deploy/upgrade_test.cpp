// The upgrade path: a database at schema version 1, as the first release
// wrote it, is migrated in place by this queue-server (after a copy is kept),
// and its queue goes on; a database newer than this queue-server is refused
// with a clear message and a failing exit status.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "backup.hpp"
#include "deploy_support.hpp"
#include "schema.hpp"

using namespace anoman::testing;
namespace fs = std::filesystem;

namespace {

// The fixture's SQL with today's service day, loaded into a new database file.
fs::path database_v1(const fs::path& dir) {
    std::ifstream in(fs::path(ANOMAN_FIXTURES_DIR) / "queue-v1.sql");
    std::stringstream text;
    text << in.rdbuf();
    std::string sql = text.str();
    const std::string today = hospital_today();
    for (auto at = sql.find("@DAY@"); at != std::string::npos; at = sql.find("@DAY@", at)) sql.replace(at, 5, today);
    const fs::path db = dir / "queue.db";
    sql_exec(db, sql);
    return db;
}

}  // namespace

TEST_CASE("a version 1 database is migrated in place and its queue goes on") {
    const fs::path dir = scratch_dir("upgrade-v1");
    const fs::path db = database_v1(dir);
    REQUIRE(sql_text(db, "PRAGMA user_version") == "1");

    auto server = std::make_unique<ServerProcess>(in_dir(dir));
    LineClient admin(server->port());
    const Json welcome = admin.hello_demo("admin");
    REQUIRE(welcome["type"] == "welcome");
    CHECK(welcome["seq"] == 8);  // the fixture's events 1-8 are kept

    // Tickets of the old version are there, as they were.
    const Json a001 = admin.request(Json{{"type", "ticket.get"}, {"number", "A001"}});
    REQUIRE(a001["ok"] == true);
    CHECK(a001["ticket"]["status"] == "called");
    CHECK(a001["ticket"]["counter"] == "L1");
    const Json b002 = admin.request(Json{{"type", "ticket.get"}, {"number", "B002"}});
    CHECK(b002["ticket"]["status"] == "waiting");

    // Numbering and seq continue.
    LineClient kiosk(server->port());
    REQUIRE(kiosk.hello_demo("kiosk")["type"] == "welcome");
    const Json next = issue(kiosk, "A", "after-upgrade");
    REQUIRE(next["ok"] == true);
    CHECK(next["ticket"]["number"] == "A006");
    CHECK(next["ticket"]["id"] == 8);
    CHECK(issue(kiosk, "A", "v1-0")["replayed"] == true);  // the old version's request ids still count

    // The new schema's features work on the migrated database.
    const Json added = admin.request(Json{{"type", "device.add"}, {"device", "kiosk-new"}, {"role", "kiosk"}});
    CHECK(added["ok"] == true);
    const Json status = admin.request(Json{{"type", "server.status"}});
    CHECK(status["schema_version"] == anoman::server::current_schema_version());
    CHECK(status["queues"][0]["waiting"] == 5);  // A002-A006

    server->terminate();
    REQUIRE(server->wait() == 0);
    server.reset();
    CHECK(sql_text(db, "PRAGMA user_version") == std::to_string(anoman::server::current_schema_version()));

    // The copy taken before migrating: still version 1, with the fixture's 7 tickets.
    const auto copies = anoman::server::list_backups((dir / "backups").string());
    REQUIRE(copies.size() == 1);
    CHECK(copies[0].file.find("-pre-upgrade-v1-seq8.db") != std::string::npos);
    CHECK(sql_text(copies[0].file, "PRAGMA user_version") == "1");
    CHECK(sql_text(copies[0].file, "SELECT count(*) FROM tickets") == "7");

    // A second start migrates nothing and copies nothing.
    ServerProcess again(in_dir(dir));
    again.terminate();
    CHECK(again.wait() == 0);
    CHECK(anoman::server::list_backups((dir / "backups").string()).size() == 1);
}

TEST_CASE("a database newer than this queue-server is refused with a clear message") {
    const fs::path dir = scratch_dir("upgrade-newer");
    const fs::path db = database_v1(dir);
    sql_exec(db, "PRAGMA user_version = 99");
    const std::string tickets_before = sql_text(db, "SELECT count(*) FROM tickets");

    const RunResult run = run_program({program("queue-server").string(), "--db", db.string(), "--port", "0"});
    INFO(run.output);
    CHECK(run.status != 0);
    CHECK(run.output.find("schema version 99") != std::string::npos);
    CHECK(run.output.find("newer than this queue-server understands") != std::string::npos);
    CHECK(run.output.find("listening on") == std::string::npos);
    // Refused, not touched.
    CHECK(sql_text(db, "PRAGMA user_version") == "99");
    CHECK(sql_text(db, "SELECT count(*) FROM tickets") == tickets_before);
    CHECK_FALSE(fs::exists(dir / "backups"));

    // Restoring such a copy with this version is refused too.
    const RunResult restore = run_program({program("si-anoman-backup").string(), "--db", (dir / "other.db").string(),
                                           "restore", db.string()});
    CHECK(restore.status == 1);
    CHECK(restore.output.find("newer than this queue-server") != std::string::npos);
}
