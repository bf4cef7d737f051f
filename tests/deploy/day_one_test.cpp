// What INSTALL.md promised IT staff on day one (issue 17), against the real
// queue-server, queuectl and si-anoman-backup:
// - a restore keeps the device registry (a device revoked after the copy stays
//   revoked, one added since stays), and says so; with the database lost it
//   refuses unless told to take the copy's registry;
// - si-anoman-backup list/restore find the backups where SI_ANOMAN_BACKUP_DIR
//   (the environment, or /etc/default/si-anoman) puts them;
// - a restore run as root leaves no file the service user cannot use, and a
//   database the server cannot open is reported as what it is;
// - a refused connection is one line in the log;
// - a failed backup (the disk full) leaves no .partial-* file;
// - server.status and queuectl status show the free disk space and warn.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "backup.hpp"
#include "deploy_support.hpp"
#include "eventually.hpp"

using namespace anoman::testing;
namespace fs = std::filesystem;

namespace {

RunResult backup_tool(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> argv = {program("si-anoman-backup").string(), "--settings", "/nonexistent"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, std::chrono::seconds(30), env);
}

int count_of(const std::string& text, const std::string& needle) {
    int count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
    return count;
}

std::string only_backup(const fs::path& dir) {
    const auto copies = anoman::server::list_backups(dir.string());
    REQUIRE(copies.size() == 1);
    return fs::path(copies[0].file).filename().string();
}

}  // namespace

TEST_CASE("a restore keeps the device registry of the database it replaces, and says what that changes") {
    const fs::path dir = scratch_dir("restore-registry");
    const fs::path backups = dir / "backups";
    auto server = std::make_unique<ServerProcess>(in_dir(dir));
    const std::string stolen = token_in(queuectl(*server, {"device", "add", "kiosk-stolen", "--role", "kiosk"}).output);
    REQUIRE(stolen.size() == 64);
    REQUIRE(queuectl(*server, {"backup"}).status == 0);
    const std::string copy = only_backup(backups);

    // After the copy: the kiosk is stolen and revoked, a new one is registered.
    REQUIRE(queuectl(*server, {"device", "revoke", "kiosk-stolen"}).status == 0);
    const std::string fresh = token_in(queuectl(*server, {"device", "add", "kiosk-new", "--role", "kiosk"}).output);
    REQUIRE(fresh.size() == 64);
    server->terminate();
    REQUIRE(server->wait() == 0);
    server.reset();

    const RunResult restored = backup_tool({"--db", (dir / "queue.db").string(), "restore", copy});
    INFO(restored.output);
    REQUIRE(restored.status == 0);
    CHECK(restored.output.find("registry of the replaced database is kept") != std::string::npos);
    CHECK(restored.output.find("kiosk-stolen: revoked (active in the copy; kept as it is now)") != std::string::npos);
    CHECK(restored.output.find("kiosk-new: active (registered after the copy; kept)") != std::string::npos);

    ServerProcess again(in_dir(dir));
    LineClient thief(again.port());
    CHECK(thief.hello("kiosk", "kiosk-stolen", stolen)["code"] == "unauthorized");
    LineClient kiosk(again.port());
    CHECK(kiosk.hello("kiosk", "kiosk-new", fresh)["type"] == "welcome");
}

TEST_CASE("a restore over a lost database refuses until told to take the copy's registry, and lists it") {
    const fs::path dir = scratch_dir("restore-lost");
    auto server = std::make_unique<ServerProcess>(in_dir(dir));
    REQUIRE(queuectl(*server, {"device", "add", "hall-9", "--role", "display"}).status == 0);
    REQUIRE(queuectl(*server, {"backup"}).status == 0);
    const std::string copy = only_backup(dir / "backups");
    server->terminate();
    REQUIRE(server->wait() == 0);
    server.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(dir / (std::string("queue.db") + suffix));

    const RunResult refused = backup_tool({"--db", (dir / "queue.db").string(), "restore", copy});
    INFO(refused.output);
    CHECK(refused.status == 1);
    CHECK(refused.output.find("--devices-from-copy") != std::string::npos);
    CHECK(refused.output.find("Nothing was changed") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "queue.db"));

    const RunResult taken = backup_tool({"--db", (dir / "queue.db").string(), "restore", "--devices-from-copy", copy});
    INFO(taken.output);
    REQUIRE(taken.status == 0);
    CHECK(taken.output.find("the copy's registry is used") != std::string::npos);
    CHECK(taken.output.find("hall-9: active (from the copy)") != std::string::npos);
    CHECK(sql_text(dir / "queue.db", "SELECT id FROM devices") == "hall-9");
}

TEST_CASE("si-anoman-backup list and restore use SI_ANOMAN_BACKUP_DIR, from the environment or the settings file") {
    const fs::path dir = scratch_dir("backup-dir-setting");
    const fs::path second_disk = dir / "second-disk";
    auto server = std::make_unique<ServerProcess>(in_dir(dir));
    const RunResult made = backup_tool({"--db", server->db().string(), "backup"}, {{"SI_ANOMAN_BACKUP_DIR", second_disk.string()}});
    INFO(made.output);
    REQUIRE(made.status == 0);
    const std::string copy = only_backup(second_disk);
    CHECK_FALSE(fs::exists(dir / "backups" / copy));

    const RunResult listed =
        backup_tool({"--db", server->db().string(), "list"}, {{"SI_ANOMAN_BACKUP_DIR", second_disk.string()}});
    CHECK(listed.output.find("backups in " + second_disk.string()) != std::string::npos);
    CHECK(listed.output.find(copy) != std::string::npos);

    // The packaged settings file, as IT staff edit it (INSTALL.md section 8).
    const fs::path settings = dir / "si-anoman.default";
    std::ofstream(settings) << "# comment\nSI_ANOMAN_BACKUP_DIR=\"" << second_disk.string() << "\"\nSI_ANOMAN_BACKUP_KEEP=3\n";
    const RunResult from_file = run_program(
        {program("si-anoman-backup").string(), "--settings", settings.string(), "--db", server->db().string(), "list"});
    CHECK(from_file.output.find(copy) != std::string::npos);

    server->terminate();
    REQUIRE(server->wait() == 0);
    server.reset();
    const RunResult restored = run_program({program("si-anoman-backup").string(), "--settings", settings.string(), "--db",
                                            (dir / "queue.db").string(), "restore", copy});
    INFO(restored.output);
    CHECK(restored.status == 0);
}

TEST_CASE("a restore as root leaves no file the service user cannot use; a database the server cannot open is not another server") {
    const fs::path dir = scratch_dir("restore-root");
    {
        ServerProcess first(in_dir(dir));
        REQUIRE(queuectl(first, {"backup"}).status == 0);
        first.terminate();
        REQUIRE(first.wait() == 0);
    }
    const std::string copy = only_backup(dir / "backups");
    if (::geteuid() == 0) {
        // The data folder belongs to the service user (nobody here), as /var/lib/si-anoman to si-anoman.
        REQUIRE(::chown(dir.c_str(), 65534, 65534) == 0);
        const RunResult restored = backup_tool({"--db", (dir / "queue.db").string(), "restore", copy});
        INFO(restored.output);
        REQUIRE(restored.status == 0);
        struct stat info {};
        REQUIRE(::stat((dir / "queue.db").c_str(), &info) == 0);
        CHECK(info.st_uid == 65534u);
        CHECK(info.st_gid == 65534u);
        // Nothing else new beside it: no lock file, no leftovers of the temporary copy
        // (the test server's own log is the test's).
        for (const auto& entry : fs::directory_iterator(dir)) {
            const std::string name = entry.path().filename().string();
            CHECK_MESSAGE((name == "queue.db" || name == "backups" || name.find(".replaced-") != std::string::npos ||
                           entry.path().extension() == ".log"),
                          name);
        }
        REQUIRE(::chown(dir.c_str(), 0, 0) == 0);
    } else {
        MESSAGE("not root: the ownership of a root restore is not checked");
    }

    // A database the server cannot open (here a directory in its place; for
    // the service user, a root-owned file): the message says so, and does not
    // send IT staff looking for another server.
    const fs::path blocked = dir / "blocked.db";
    fs::create_directory(blocked);
    const RunResult refused = run_program({program("queue-server").string(), "--db", blocked.string(), "--port", "0"});
    INFO(refused.output);
    CHECK(refused.status != 0);
    CHECK(refused.output.find("blocked.db") != std::string::npos);
    CHECK(refused.output.find("another queue-server") == std::string::npos);

    // The real second server is still called one.
    ServerProcess holder(in_dir(dir));
    const RunResult second =
        run_program({program("queue-server").string(), "--db", holder.db().string(), "--port", "0"});
    CHECK(second.status == 1);
    CHECK(second.output.find("in use by another queue-server") != std::string::npos);
}

TEST_CASE("a refused connection is one line in the log, and a flood of them is not a flood of lines") {
    ServerProcess server;
    LineClient wrong(server.port());
    CHECK(wrong.hello("kiosk", "kiosk-1", std::string(64, '0'))["code"] == "unauthorized");
    CHECK(eventually([&] { return server.output().find("refused connection from 127.0.0.1") != std::string::npos; }));
    CHECK(server.output().find("as device kiosk-1") != std::string::npos);

    // Refusals are logged once per address per 10 s: the garbage comes from another address.
    LineClient garbage(server.port(), "127.0.0.1", "127.0.0.3");
    garbage.send_line("GET / HTTP/1.0");
    CHECK(garbage.wait_closed());
    CHECK(eventually([&] { return count_of(server.output(), "refused connection from") == 2; }));

    // A device guessing from another address: every refusal is answered (after
    // 10, with rate_limited and slowed down), its log is one line per 10 s, and
    // a right device on 127.0.0.1 is welcomed at once.
    for (int i = 0; i < 12; ++i) {
        LineClient flood(server.port(), "127.0.0.1", "127.0.0.4");
        const std::string code = flood.hello("kiosk", "kiosk-1\nforged line", "x").value("code", "");
        CHECK((code == "unauthorized" || code == "rate_limited"));
    }
    LineClient last(server.port());
    CHECK(last.hello_demo("kiosk")["type"] == "welcome");
    const std::string log = server.output();
    CHECK(count_of(log, "refused connection from 127.0.0.4") == 1);
    CHECK(log.find("\nforged line") == std::string::npos);  // no line forged into the journal
}

TEST_CASE("a backup that fails on a full disk leaves no .partial-* file behind") {
    const fs::path dir = scratch_dir("backup-full-disk");
    {
        ServerProcess first(in_dir(dir));
        first.terminate();
        REQUIRE(first.wait() == 0);
    }
    // Enough history that the copy is bigger than the file size the shell allows.
    sql_exec(dir / "queue.db", "CREATE TABLE filler (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                               "FROM n WHERE i < 200) INSERT INTO filler SELECT randomblob(4096) FROM n");
    const fs::path backups = dir / "backups";
    fs::create_directories(backups);
    // A file size limit stands in for a full disk: writes past it fail (EFBIG).
    for (const char* limit_kb : {"8", "64", "600"}) {
        const RunResult failed = run_program(
            {"sh", "-c",
             std::string("trap '' XFSZ; ulimit -f ") + limit_kb + "; exec \"$0\" --settings /nonexistent --db \"$1\" --dir \"$2\" backup",
             program("si-anoman-backup").string(), (dir / "queue.db").string(), backups.string()});
        INFO(limit_kb << " KB: " << failed.output);
        CHECK(failed.status == 1);
        for (const auto& entry : fs::directory_iterator(backups)) CHECK_MESSAGE(false, "left behind: " << entry.path());
    }
}

TEST_CASE("server.status and queuectl status show the free disk space and warn below the threshold") {
    const fs::path dir = scratch_dir("disk-status");
    ServerOptions options = in_dir(dir);
    // A threshold no disk meets: the warning must show everywhere.
    options.args = {"--disk-warn-mb", "1000000000"};
    ServerProcess low(options);
    LineClient admin(low.port());
    REQUIRE(admin.hello_demo("admin")["type"] == "welcome");
    const Json status = admin.request(Json{{"type", "server.status"}});
    REQUIRE(status["disk"].is_array());
    REQUIRE(status["disk"].size() >= 1);
    const Json& disk = status["disk"][0];
    CHECK(disk["holds"] == "database");
    CHECK(disk["free_bytes"].get<std::uint64_t>() > 0);
    CHECK(disk["total_bytes"].get<std::uint64_t>() >= disk["free_bytes"].get<std::uint64_t>());
    CHECK(disk["warn_below_bytes"].get<std::uint64_t>() == 1000000000ULL * 1024 * 1024);
    CHECK(disk["low"] == true);
    CHECK(eventually([&] { return low.output().find("disk space low") != std::string::npos; }));
    const RunResult shown = queuectl(low, {"status"});
    INFO(shown.output);
    CHECK(shown.output.find("  disk      ") != std::string::npos);
    CHECK(shown.output.find("WARNING   disk space low for the database") != std::string::npos);

    ServerProcess fine(in_dir(scratch_dir("disk-status-fine")));
    const RunResult normal = queuectl(fine, {"status"});
    CHECK(normal.output.find("  disk      ") != std::string::npos);
    CHECK(normal.output.find("disk space low") == std::string::npos);
    CHECK(fine.output().find("disk space low") == std::string::npos);
}
