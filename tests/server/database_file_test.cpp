// The database file under the server (issue 11, item 6): deleted or replaced
// under a running server, it stops at once and acknowledges nothing more;
// files it cannot use are refused at start with messages that name them.
#include <signal.h>

#include <filesystem>
#include <fstream>

#include "conformance.hpp"

using namespace conform;
namespace fs = std::filesystem;
using anoman::testing::run_program;
using anoman::testing::scratch_dir;

namespace {

// A server whose database is in a folder of its own (its log stays outside),
// with a kiosk that has had a ticket.
struct ServerInDataFolder {
    Json config = test_config();
    fs::path dir;
    ServerProcess server;
    std::unique_ptr<LineClient> kiosk;

    explicit ServerInDataFolder(const std::string& label)
        : dir(scratch_dir(label)), server(options(config, dir)), kiosk(login(server, config, "kiosk-1")) {
        issue_ok(*kiosk, "A", "before");
    }
    static ServerOptions options(const Json& config, const fs::path& dir) {
        fs::create_directories(dir / "data");
        ServerOptions options = with_config(config);
        options.dir = dir;
        options.db = dir / "data" / "queue.db";
        return options;
    }
};

// queue-server started on this database, expected to refuse it.
anoman::testing::RunResult run_on(const fs::path& db, const std::string& label) {
    const fs::path config = scratch_dir(label) / "config.json";
    std::ofstream(config) << test_config().dump(2);
    return run_program({anoman::testing::program("queue-server").string(), "--config", config.string(), "--db",
                        db.string(), "--host", "127.0.0.1", "--port", "0"},
                       10s);
}

}  // namespace

TEST_CASE("database file: the folder deleted under a running server: it exits non-zero, nothing more is acknowledged") {
    ServerInDataFolder s("dbfile-deleted");
    fs::remove_all(s.dir / "data");
    // Everything sent from now on went to a file nobody can open again.
    int acknowledged = 0;
    for (int sent = 0; sent < 200; ++sent) {
        try {
            s.kiosk->send_json({{"type", "ticket.issue"}, {"id", 1000 + sent}, {"service", "A"},
                                {"request_id", "after-" + std::to_string(sent)}});
        } catch (const std::exception&) {
            break;  // the connection is gone
        }
        auto reply = s.kiosk->read_json(3s);
        if (!reply) break;  // closed (or silent): not acknowledged
        if (is_ok(*reply)) ++acknowledged;
    }
    CHECK(acknowledged == 0);
    const int status = s.server.wait(5s);
    CHECK(status != -1);  // it stopped by itself
    CHECK(status != 0);
    CHECK(status < 128);  // exited, not killed
    const std::string output = s.server.output();
    CHECK(output.find("critical") != std::string::npos);
    CHECK(output.find(s.server.db().string()) != std::string::npos);
}

TEST_CASE("database file: found missing by the tick alone, with nobody sending anything") {
    ServerInDataFolder s("dbfile-idle");
    s.kiosk->close();
    fs::remove_all(s.dir / "data");
    CHECK(s.server.wait(5s) == 1);  // ticks twice a second
    CHECK(s.server.output().find("folder of database") != std::string::npos);
}

TEST_CASE("database file: replaced under a running server (a restore while it runs): it exits non-zero") {
    ServerInDataFolder s("dbfile-replaced");
    const fs::path db = s.server.db();
    fs::copy_file(db, s.dir / "other.db");
    fs::rename(s.dir / "other.db", db);
    auto reply = s.kiosk->request({{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "two"}}, 3s);
    CHECK_FALSE(is_ok(reply));
    CHECK(s.server.wait(5s) == 1);
    CHECK(s.server.output().find("was replaced by another file") != std::string::npos);
}

TEST_CASE("database file: a second server on the same file is refused while the first runs") {
    ServerInDataFolder first("dbfile-second");
    const auto result = run_on(first.server.db(), "dbfile-second-run");
    CHECK(result.status == 1);
    CHECK(result.output.find("in use by another queue-server") != std::string::npos);
    CHECK(first.server.running());
}

TEST_CASE("database file: with the folder deleted and re-created, a second server is refused while the first runs") {
    ServerInDataFolder first("dbfile-recreated");
    // Hold the first server still, so it cannot notice the deletion yet.
    REQUIRE(::kill(first.server.pid(), SIGSTOP) == 0);
    fs::remove_all(first.dir / "data");
    fs::create_directories(first.dir / "data");
    const auto second = run_on(first.server.db(), "dbfile-recreated-run");
    REQUIRE(::kill(first.server.pid(), SIGCONT) == 0);
    CHECK(second.status == 1);
    CHECK(second.output.find("in use by another queue-server") != std::string::npos);
    CHECK(first.server.wait(5s) == 1);  // and the first one, running again, stops
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
