// backup.hpp on real files: a copy is whole, checked and self-contained;
// copies are pruned to the newest N (pre-upgrade copies kept); a restore
// keeps what it replaces and refuses while a server holds the database.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "anoman/config.hpp"
#include "backup.hpp"
#include "deploy_support.hpp"
#include "engine.hpp"
#include "schema.hpp"

using namespace anoman;
using namespace anoman::server;
using anoman::testing::scratch_dir;
using anoman::testing::sql_exec;
using anoman::testing::sql_text;
namespace fs = std::filesystem;

namespace {

// A database with the current schema and a few tickets, made by the engine.
fs::path make_database(const fs::path& dir, int tickets) {
    const fs::path path = dir / "queue.db";
    Config config = demo_config();
    Database db(path.string());
    Engine engine(config, db, "epoch");
    const Caller kiosk{"kiosk-1", proto::Role::kiosk, std::nullopt};
    for (int i = 0; i < tickets; ++i)
        engine.handle(kiosk, Json{{"type", "ticket.issue"}, {"id", i}, {"service", "A"}, {"request_id", "r" + std::to_string(i)}});
    return path;
}

}  // namespace

TEST_CASE("a backup is a checked, self-contained copy named by time and seq") {
    const fs::path dir = scratch_dir("backup-unit");
    const fs::path db = make_database(dir, 3);
    const BackupInfo info = make_backup(BackupOptions{db.string(), (dir / "backups").string(), 5, {}, {}});
    CHECK(fs::exists(info.file));
    CHECK(info.seq == std::stoll(sql_text(db, "SELECT max(seq) FROM events")));
    CHECK(info.schema_version == current_schema_version());
    CHECK(info.bytes == static_cast<std::int64_t>(fs::file_size(info.file)));
    const std::string name = fs::path(info.file).filename().string();
    CHECK(name.rfind("queue-", 0) == 0);
    CHECK(name.find("-seq" + std::to_string(info.seq) + ".db") != std::string::npos);
    // No temporary file left, no -wal needed: the copy is in rollback-journal mode.
    for (const auto& entry : fs::directory_iterator(dir / "backups")) CHECK(entry.path().extension() == ".db");
    CHECK(sql_text(info.file, "PRAGMA journal_mode") == "delete");
    CHECK(sql_text(info.file, "SELECT group_concat(number) FROM tickets") == "A001,A002,A003");

    const BackupInfo verified = verify_backup(info.file);
    CHECK(verified.seq == info.seq);
    CHECK(verified.made_ms == info.made_ms);
    const auto listed = list_backups((dir / "backups").string());
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].seq == info.seq);
}

TEST_CASE("copies beyond keep are pruned, oldest first; pre-upgrade copies stay") {
    const fs::path dir = scratch_dir("backup-prune");
    const fs::path db = make_database(dir, 1);
    const std::string backups = (dir / "backups").string();
    make_backup(BackupOptions{db.string(), backups, 0, "pre-upgrade-v1", {}});
    std::vector<std::string> made;
    for (int i = 0; i < 4; ++i) {
        made.push_back(make_backup(BackupOptions{db.string(), backups, 2, {}, {}}).file);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // distinct names (ms in the name)
    }
    std::vector<std::string> left;
    for (const auto& info : list_backups(backups)) left.push_back(fs::path(info.file).filename().string());
    REQUIRE(left.size() == 3);
    CHECK(left[0] == fs::path(made[3]).filename().string());
    CHECK(left[1] == fs::path(made[2]).filename().string());
    CHECK(left[2].find("-pre-upgrade-v1-seq") != std::string::npos);
}

TEST_CASE("verify refuses damaged files, other files and newer schemas") {
    const fs::path dir = scratch_dir("backup-verify");
    const fs::path db = make_database(dir, 2);
    const BackupInfo info = make_backup(BackupOptions{db.string(), (dir / "b").string(), 0, {}, {}});

    const fs::path newer = dir / "newer.db";
    fs::copy_file(info.file, newer);
    sql_exec(newer, "PRAGMA user_version = 99");
    CHECK_THROWS_WITH_AS(verify_backup(newer.string()), doctest::Contains("newer than this queue-server"), BackupError);

    const fs::path other = dir / "other.db";
    sql_exec(other, "CREATE TABLE x (y)");
    CHECK_THROWS_AS(verify_backup(other.string()), BackupError);

    const fs::path damaged = dir / "damaged.db";
    fs::copy_file(info.file, damaged);
    {
        // Overwrite the middle of the file (table pages) with garbage.
        std::fstream file(damaged, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(static_cast<std::streamoff>(fs::file_size(damaged) / 2));
        const std::string garbage(8192, '\xA5');
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    CHECK_THROWS_AS(verify_backup(damaged.string()), BackupError);
    CHECK_THROWS_AS(verify_backup((dir / "missing.db").string()), BackupError);
}

TEST_CASE("restore puts the copy in place, keeps the replaced files, refuses while the database is in use") {
    const fs::path dir = scratch_dir("backup-restore");
    const fs::path db = make_database(dir, 2);
    const BackupInfo info = make_backup(BackupOptions{db.string(), (dir / "b").string(), 0, {}, {}});
    // Later changes, which the restore will undo.
    sql_exec(db, "DELETE FROM tickets WHERE number = 'A002'");

    {
        // A running queue-server holds this lock, on the database file itself (database_file.hpp).
        const int fd = ::open(db.c_str(), O_RDONLY);
        REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
        CHECK_THROWS_WITH_AS(restore_backup(info.file, db.string()), doctest::Contains("stop it first"), BackupError);
        ::close(fd);
    }
    const BackupInfo restored = restore_backup(info.file, db.string());
    CHECK(restored.seq == info.seq);
    CHECK(sql_text(db, "SELECT group_concat(number) FROM tickets") == "A001,A002");
    int replaced = 0;
    for (const auto& entry : fs::directory_iterator(dir))
        replaced += entry.path().filename().string().rfind("queue.db.replaced-", 0) == 0;
    CHECK(replaced >= 1);
}
