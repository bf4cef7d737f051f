// The backup/restore cycle against the real queue-server:
// - an online backup while kiosks keep issuing: every request is answered
//   while the backup runs (no pause), and the copy is a consistent prefix;
// - restore with si-anoman-backup, start again: numbering and seq continue
//   from the copy, and clients see a new epoch.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "backup.hpp"
#include "deploy_support.hpp"

using namespace anoman::testing;
namespace fs = std::filesystem;

namespace {

// Years of history in a few MB: old, finished tickets (what a hospital's
// database holds after months), so that a paced backup takes many steps.
void add_history(const fs::path& db, int tickets) {
    sql_exec(db,
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(tickets) +
                 ") INSERT INTO tickets (service_day, issued_service, service, daily_seq, number, priority, status, "
                 "counter, calls, issued_at_ms, queued_at_ms, called_at_ms, first_called_at_ms, finished_at_ms, device, "
                 "request_id, patient) SELECT '2020-01-' || printf('%02d', 1 + i / 1000), 'A', 'A', 1 + i % 1000, "
                 "printf('A%03d', 1 + i % 1000), 0, 'done', 'L1', 1, 0, 0, 0, 0, 0, 'kiosk-1', 'history-' || i, "
                 "'{\"kind\":\"bpjs\",\"nik\":\"3505123456780001\"}' FROM n");
}

int number_of(const Json& reply) { return std::stoi(reply["ticket"]["number"].get<std::string>().substr(1)); }

}  // namespace

TEST_CASE("online backup while issuing, then restore: numbers and seq continue, new epoch") {
    const fs::path dir = scratch_dir("backup-cycle");
    const fs::path backups = dir / "backups";
    const fs::path db = dir / "queue.db";
    {
        ServerProcess first(in_dir(dir));  // creates the schema
        first.terminate();
        REQUIRE(first.wait() == 0);
    }
    add_history(db, 20000);

    // A paced backup (a pause every 64 pages) takes a while: the queue must not notice.
    ServerOptions options = in_dir(dir);
    options.args = {"--backup-dir", backups.string(), "--backup-pace-ms", "25"};
    auto server = std::make_unique<ServerProcess>(options);
    LineClient kiosk(server->port());
    REQUIRE(kiosk.hello_demo("kiosk")["type"] == "welcome");
    LineClient admin(server->port());
    const Json welcome = admin.hello_demo("admin");
    REQUIRE(welcome["type"] == "welcome");
    const std::string first_epoch = welcome["epoch"];

    for (int i = 0; i < 5; ++i) REQUIRE(issue(kiosk, "B", "before-" + std::to_string(i))["ok"] == true);

    const Json started = admin.request(Json{{"type", "backup.now"}});
    REQUIRE(started["ok"] == true);
    CHECK(started["started"] == true);
    CHECK(admin.request(Json{{"type", "backup.now"}})["error"]["code"] == "invalid_state");  // one at a time

    // Service B has no daily quota, so the loop below can run as long as the backup does.
    // Issue while the backup runs; count replies that came back before the
    // server said the backup was still running.
    int answered_during_backup = 0, issued_during = 0;
    std::set<int> numbers;
    for (int i = 0; i < 400; ++i) {
        const Json reply = issue(kiosk, "B", "during-" + std::to_string(i));
        REQUIRE(reply["ok"] == true);
        numbers.insert(number_of(reply));
        ++issued_during;
        const Json status = admin.request(Json{{"type", "server.status"}});
        if (!status["backup"]["running"].get<bool>()) break;
        ++answered_during_backup;
    }
    MESSAGE("tickets answered while the backup was running: " << answered_during_backup);
    CHECK(answered_during_backup >= 2);
    CHECK(numbers.size() == static_cast<std::size_t>(issued_during));

    const Json status = wait_for_backup(admin);
    REQUIRE(status["backup"]["last"].is_object());
    CHECK(status["backup"]["last_error"].is_null());
    const auto copies = anoman::server::list_backups(backups.string());
    REQUIRE(copies.size() == 1);
    const anoman::server::BackupInfo copy = anoman::server::verify_backup(copies[0].file);
    CHECK(status["backup"]["last"]["seq"] == copy.seq);

    // The copy is the database as of one instant: a gap-free prefix of today's numbers.
    const std::string today = hospital_today();
    const int in_copy = std::stoi(sql_text(copy.file, "SELECT count(*) FROM tickets WHERE service_day = '" + today + "'"));
    CHECK(in_copy >= 5);
    CHECK(sql_text(copy.file, "SELECT max(daily_seq) FROM tickets WHERE service_day = '" + today + "'") ==
          std::to_string(in_copy));
    CHECK(sql_text(copy.file, "SELECT max(seq) FROM events") == std::to_string(copy.seq));
    CHECK(std::stoll(sql_text(copy.file, "SELECT count(*) FROM events")) == copy.seq);  // no gap in seq either

    // More tickets after the backup: the restore will take the queue back before them.
    for (int i = 0; i < 3; ++i) REQUIRE(issue(kiosk, "B", "after-" + std::to_string(i))["ok"] == true);
    server->terminate();
    REQUIRE(server->wait() == 0);
    server.reset();

    const RunResult restore = run_program({program("si-anoman-backup").string(), "--db", db.string(), "--dir",
                                           backups.string(), "restore", fs::path(copy.file).filename().string()});
    INFO(restore.output);
    REQUIRE(restore.status == 0);
    CHECK(restore.output.find("restored") != std::string::npos);

    ServerProcess again(in_dir(dir));
    LineClient display(again.port());
    const Json welcome_again = display.hello_demo("display");
    REQUIRE(welcome_again["type"] == "welcome");
    CHECK(welcome_again["epoch"] != first_epoch);  // clients know to resubscribe
    CHECK(welcome_again["seq"] == copy.seq);
    const Json subscribed = display.request(Json{{"type", "subscribe"}});
    REQUIRE(subscribed["ok"] == true);
    CHECK(subscribed["seq"] == copy.seq);
    const auto snapshot = display.next_push();
    REQUIRE(snapshot);
    CHECK((*snapshot)["type"] == "snapshot");
    CHECK((*snapshot)["epoch"] == welcome_again["epoch"]);

    LineClient kiosk_again(again.port());
    REQUIRE(kiosk_again.hello_demo("kiosk")["type"] == "welcome");
    const Json next = issue(kiosk_again, "B", "after-restore");
    REQUIRE(next["ok"] == true);
    CHECK(number_of(next) == in_copy + 1);  // numbering continues from the copy
    // A request_id the copy knows is still idempotent.
    const Json replay = issue(kiosk_again, "B", "before-0");
    CHECK(replay["replayed"] == true);
    CHECK(replay["ticket"]["number"] == "B001");

    // The event of the new ticket continues the copy's seq.
    std::optional<Json> event;
    while ((event = display.next_push()) && (*event)["type"] != "event") {
    }
    REQUIRE(event);
    CHECK((*event)["seq"] == copy.seq + 1);
    CHECK((*event)["kind"] == "issued");
}

TEST_CASE("si-anoman-backup works beside a running server and prunes to --keep") {
    const fs::path dir = scratch_dir("backup-tool");
    ServerProcess server(in_dir(dir));
    LineClient kiosk(server.port());
    REQUIRE(kiosk.hello_demo("kiosk")["type"] == "welcome");
    REQUIRE(issue(kiosk, "B", "tool-1")["ok"] == true);
    for (int i = 0; i < 3; ++i) {
        const RunResult made = run_program({program("si-anoman-backup").string(), "--db", server.db().string(), "--keep",
                                            "2", "backup"});
        INFO(made.output);
        REQUIRE(made.status == 0);
        CHECK(made.output.find("integrity ok") != std::string::npos);
        REQUIRE(issue(kiosk, "B", "tool-" + std::to_string(i + 2))["ok"] == true);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const auto copies = anoman::server::list_backups((dir / "backups").string());
    CHECK(copies.size() == 2);
    // The server saw the timer's copies too.
    LineClient admin(server.port());
    REQUIRE(admin.hello_demo("admin")["type"] == "welcome");
    const Json status = admin.request(Json{{"type", "server.status"}});
    CHECK(status["backup"]["last"]["file"] == fs::path(copies[0].file).filename().string());

    const RunResult refused = run_program({program("si-anoman-backup").string(), "--db", server.db().string(),
                                           "restore", copies[0].file});
    CHECK(refused.status == 1);
    CHECK(refused.output.find("stop it first") != std::string::npos);
    const RunResult usage = run_program({program("si-anoman-backup").string(), "backup"});
    CHECK(usage.status == 2);
}
