// The database file under the server (issue 11, item 6): deleted or replaced
// under a running server, it stops at once and acknowledges nothing more;
// files it cannot use are refused at start with messages that name them.
#include <filesystem>
#include <fstream>

#include "conformance.hpp"

using namespace conform;
namespace fs = std::filesystem;
using anoman::testing::run_program;
using anoman::testing::scratch_dir;

namespace {

// A server whose database is in a folder of its own (its log stays outside).
ServerOptions in_data_folder(const Json& config, const fs::path& dir) {
    fs::create_directories(dir / "data");
    ServerOptions options = with_config(config);
    options.dir = dir;
    options.db = dir / "data" / "queue.db";
    return options;
}

// queue-server started on this database, expected to refuse it.
anoman::testing::RunResult run_on(const fs::path& db, const std::string& label) {
    const fs::path config = scratch_dir(label) / "config.json";
    std::ofstream(config) << test_config().dump(2);
    return run_program({anoman::testing::program("queue-server").string(), "--config", config.string(), "--db",
                        db.string(), "--host", "127.0.0.1", "--port", "0"},
                       10s);
}

// Waits (bounded) for the server to exit; its status, or -1.
int exit_status_within(ServerProcess& server, std::chrono::milliseconds timeout) { return server.wait(timeout); }

}  // namespace

TEST_CASE("database file: the folder deleted under a running server: it exits non-zero, nothing more is acknowledged") {
    const Json config = test_config();
    const fs::path dir = scratch_dir("dbfile-deleted");
    ServerProcess server(in_data_folder(config, dir));
    auto kiosk = login(server, config, "kiosk-1");
    for (int i = 0; i < 3; ++i) issue_ok(*kiosk, "A", "before-" + std::to_string(i));

    fs::remove_all(dir / "data");
    // Everything sent from now on went to a file nobody can open again.
    int acknowledged = 0, sent = 0;
    for (; sent < 200; ++sent) {
        try {
            kiosk->send_json({{"type", "ticket.issue"}, {"id", 1000 + sent}, {"service", "A"},
                              {"request_id", "after-" + std::to_string(sent)}});
        } catch (const std::exception&) {
            break;  // the connection is gone
        }
        auto reply = kiosk->read_json(3s);
        if (!reply) break;  // closed (or silent): not acknowledged
        if (is_ok(*reply)) ++acknowledged;
    }
    CHECK(acknowledged == 0);
    const int status = exit_status_within(server, 5s);
    CHECK(status != -1);  // it stopped by itself
    CHECK(status != 0);
    CHECK(status < 128);  // exited, not killed
    const std::string output = server.output();
    CHECK(output.find("critical") != std::string::npos);
    CHECK(output.find((dir / "data" / "queue.db").string()) != std::string::npos);
}

TEST_CASE("database file: found missing by the tick alone, with nobody sending anything") {
    const Json config = test_config();
    const fs::path dir = scratch_dir("dbfile-idle");
    ServerProcess server(in_data_folder(config, dir));
    {
        auto kiosk = login(server, config, "kiosk-1");
        issue_ok(*kiosk, "A", "one");
    }
    fs::remove_all(dir / "data");
    const int status = exit_status_within(server, 5s);  // ticks twice a second
    CHECK(status == 1);
    CHECK(server.output().find("folder of database") != std::string::npos);
}

TEST_CASE("database file: replaced under a running server (a restore while it runs): it exits non-zero") {
    const Json config = test_config();
    const fs::path dir = scratch_dir("dbfile-replaced");
    ServerProcess server(in_data_folder(config, dir));
    auto kiosk = login(server, config, "kiosk-1");
    issue_ok(*kiosk, "A", "one");
    const fs::path db = server.db();
    fs::copy_file(db, dir / "other.db");
    fs::rename(dir / "other.db", db);
    auto reply = kiosk->request({{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "two"}}, 3s);
    CHECK_FALSE(is_ok(reply));
    CHECK(exit_status_within(server, 5s) == 1);
    CHECK(server.output().find("was replaced by another file") != std::string::npos);
}

TEST_CASE("database file: a second server on the same file is refused while the first runs") {
    const Json config = test_config();
    const fs::path dir = scratch_dir("dbfile-second");
    ServerProcess first(in_data_folder(config, dir));
    const auto result = run_on(first.db(), "dbfile-second-run");
    CHECK(result.status == 1);
    CHECK(result.output.find("in use by another queue-server") != std::string::npos);
    CHECK(first.running());
}

TEST_CASE("database file: a zero-length database file is refused (exit 2, one line naming it) and left as it is") {
    const fs::path db = scratch_dir("dbfile-empty") / "queue.db";
    std::ofstream(db).close();
    const auto result = run_on(db, "dbfile-empty-run");
    CHECK(result.status == 2);
    const auto lines = lines_of(result.output);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find(db.string()) != std::string::npos);
    CHECK(lines[0].find("empty") != std::string::npos);
    CHECK(fs::file_size(db) == 0);
}

TEST_CASE("database file: a missing folder is reported as a missing folder") {
    const fs::path db = scratch_dir("dbfile-nofolder") / "missing" / "queue.db";
    const auto result = run_on(db, "dbfile-nofolder-run");
    CHECK(result.status == 1);
    CHECK(result.output.find("folder " + db.parent_path().string()) != std::string::npos);
    CHECK(result.output.find("does not exist") != std::string::npos);
    CHECK(result.output.find("in use") == std::string::npos);
}

TEST_CASE("database file: a file that is not a database is refused with its name") {
    const fs::path db = scratch_dir("dbfile-garbage") / "queue.db";
    std::ofstream(db) << std::string(8192, 'x');
    const auto result = run_on(db, "dbfile-garbage-run");
    CHECK(result.status == 1);
    CHECK(result.output.find(db.string()) != std::string::npos);
    CHECK(result.output.find("not a database") != std::string::npos);
}
