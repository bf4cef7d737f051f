#include "backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <memory>
#include <random>
#include <thread>

#include "database_file.hpp"
#include "schema.hpp"

namespace anoman::server {
namespace fs = std::filesystem;

namespace {

// The last seq ever given, as the server counts it (Store::last_seq): old
// events are pruned, so max(seq) of what is left is not it.
constexpr const char* kLastSeqSql = "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)";

using Clock = std::chrono::system_clock;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

// The store's own Database and Statement (sqlite_db.hpp), with their
// StoreErrors turned into BackupErrors that say what was being done.
std::unique_ptr<Database> open_or_throw(const std::string& path, OpenMode mode, const std::string& what) {
    try {
        return std::make_unique<Database>(path, mode, 10000);
    } catch (const StoreError& e) {
        throw BackupError("cannot open " + what + " " + path + ": " + e.what());
    }
}

void exec_or_throw(Database& db, const char* sql, const std::string& what) {
    try {
        db.exec(sql);
    } catch (const StoreError& e) {
        throw BackupError(what + ": " + e.what());
    }
}

// The first column of the first row as text ("" if none or NULL).
std::string query_text(Database& db, const char* sql) {
    try {
        auto stmt = db.prepare(sql);
        return stmt.step() ? stmt.text(0) : std::string();
    } catch (const StoreError& e) {
        throw BackupError(std::string("query failed: ") + e.what());
    }
}

int schema_version_or_throw(Database& db) {
    try {
        return user_version(db);
    } catch (const StoreError& e) {
        throw BackupError(std::string("cannot read the schema version: ") + e.what());
    }
}

std::int64_t to_int(const std::string& text) { return text.empty() ? 0 : std::stoll(text); }

void fsync_path(const std::string& path, bool directory) {
    const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) throw BackupError("cannot open " + path + " to flush it to disk");
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) throw BackupError("fsync failed for " + path + " (disk full or failing?)");
}

// "queue-20261122T081502.123Z" for a Unix time in ms (UTC, sorts by time).
std::string stamp(std::int64_t ms) {
    const std::time_t seconds = ms / 1000;
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[40];
    std::snprintf(text, sizeof text, "%04d%02d%02dT%02d%02d%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
    return text;
}

// Parses the time back out of a backup file name; nullopt for other files.
std::optional<std::int64_t> made_ms_from_name(const std::string& name) {
    int year, month, day, hour, minute, second, millis;
    if (name.rfind("queue-", 0) != 0 || name.size() < 3 || name.substr(name.size() - 3) != ".db") return std::nullopt;
    if (std::sscanf(name.c_str(), "queue-%4d%2d%2dT%2d%2d%2d.%3dZ", &year, &month, &day, &hour, &minute, &second,
                    &millis) != 7)
        return std::nullopt;
    std::tm utc{};
    utc.tm_year = year - 1900;
    utc.tm_mon = month - 1;
    utc.tm_mday = day;
    utc.tm_hour = hour;
    utc.tm_min = minute;
    utc.tm_sec = second;
    const std::int64_t seconds = ::timegm(&utc);
    return seconds * 1000 + millis;
}

std::optional<std::int64_t> seq_from_name(const std::string& name) {
    const auto at = name.find("-seq");
    if (at == std::string::npos) return std::nullopt;
    try {
        return std::stoll(name.substr(at + 4));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// .partial-<pid>-... files of a backup whose process is gone (killed, power
// cut): no one else removes them. A live pid's files may be a backup running
// now (the timer's beside the server's) and are left alone.
void remove_stale_partials(const std::string& dir) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(".partial-", 0) != 0) continue;
        const long pid = std::strtol(name.c_str() + 9, nullptr, 10);
        if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) continue;
        std::error_code ignored;
        fs::remove(it->path(), ignored);
    }
}

// A temporary SQLite file and its companions, removed unless kept: a copy
// that failed after SQLite switched it to WAL (disk full) has -wal and -shm too.
struct RemoveTemp {
    std::string path;
    bool keep = false;
    ~RemoveTemp() {
        std::error_code ignored;
        if (!keep)
            for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix, ignored);
    }
};

bool is_pre_upgrade(const std::string& name) { return name.find("-pre-upgrade-") != std::string::npos; }

// Copies src (read transaction already open) into dst in steps.
void copy_pages(Database& src, Database& dst, std::chrono::milliseconds pace) {
    sqlite3_backup* backup = sqlite3_backup_init(dst.handle(), "main", src.handle(), "main");
    if (!backup) throw BackupError(std::string("cannot start the copy: ") + sqlite3_errmsg(dst.handle()));
    int rc = SQLITE_OK;
    while (true) {
        rc = sqlite3_backup_step(backup, pace.count() > 0 ? kPagesPerStep : -1);
        if (rc == SQLITE_DONE) break;
        if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            std::this_thread::sleep_for(pace.count() > 0 ? pace : std::chrono::milliseconds(5));
            continue;
        }
        break;
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) throw BackupError(std::string("copy failed: ") + sqlite3_errstr(rc));
}

std::string check_integrity(Database& handle) {
    // quick_check would skip index consistency; a backup is worth the full check.
    return query_text(handle, "PRAGMA integrity_check");
}

}  // namespace

BackupInfo make_backup(const BackupOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    if (!fs::exists(options.database)) throw BackupError("no database at " + options.database);
    std::error_code ec;
    fs::create_directories(options.dir, ec);
    if (ec) throw BackupError("cannot create the backup directory " + options.dir + ": " + ec.message());

    // Read side: its own connection (never the server's), one read transaction.
    const auto src = open_or_throw(options.database, OpenMode::existing, "database");
    exec_or_throw(*src, "BEGIN", "cannot start reading");
    // The first read fixes the snapshot the whole copy is made of.
    const std::int64_t seq = to_int(query_text(*src, kLastSeqSql));

    remove_stale_partials(options.dir);
    std::random_device random;
    const std::string temp = (fs::path(options.dir) / (".partial-" + std::to_string(::getpid()) + "-" +
                                                       std::to_string(random()) + ".tmp")).string();
    RemoveTemp remove_temp{temp};

    BackupInfo info;
    {
        const auto dst = open_or_throw(temp, OpenMode::new_file, "backup file");
        copy_pages(*src, *dst, options.pace);
        exec_or_throw(*src, "COMMIT", "cannot end reading");
        // One self-contained file: a copy of a WAL database would otherwise
        // come up in WAL mode and want -wal/-shm files beside it.
        exec_or_throw(*dst, "PRAGMA journal_mode=DELETE", "cannot finish the backup file");
        const std::string integrity = check_integrity(*dst);
        if (integrity != "ok") throw BackupError("the copy failed its integrity check: " + integrity);
        info.schema_version = schema_version_or_throw(*dst);
    }
    fsync_path(temp, false);

    info.made_ms = now_ms();
    info.seq = seq;
    std::string name = "queue-" + stamp(info.made_ms);
    name += options.label.empty() ? "-seq" + std::to_string(seq) : "-" + options.label + "-seq" + std::to_string(seq);
    fs::path final_path = fs::path(options.dir) / (name + ".db");
    if (fs::exists(final_path)) final_path = fs::path(options.dir) / (name + "-" + std::to_string(random() % 1000) + ".db");
    if (::rename(temp.c_str(), final_path.c_str()) != 0)
        throw BackupError("cannot rename the backup into place in " + options.dir);
    remove_temp.keep = true;
    fsync_path(options.dir, true);

    info.file = final_path.string();
    info.bytes = static_cast<std::int64_t>(fs::file_size(final_path, ec));
    info.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    if (options.keep > 0) prune_backups(options.dir, options.keep);
    return info;
}

std::vector<BackupInfo> list_backups(const std::string& dir) {
    std::vector<BackupInfo> found;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const auto made = made_ms_from_name(name);
        if (!made || !it->is_regular_file()) continue;
        BackupInfo info;
        info.file = it->path().string();
        info.made_ms = *made;
        info.seq = seq_from_name(name).value_or(0);
        std::error_code size_ec;
        info.bytes = static_cast<std::int64_t>(it->file_size(size_ec));
        found.push_back(std::move(info));
    }
    std::sort(found.begin(), found.end(), [](const BackupInfo& a, const BackupInfo& b) { return a.file > b.file; });
    return found;
}

int prune_backups(const std::string& dir, int keep) {
    int kept = 0, removed = 0;
    for (const BackupInfo& info : list_backups(dir)) {
        if (is_pre_upgrade(fs::path(info.file).filename().string())) continue;
        if (++kept <= keep) continue;
        std::error_code ec;
        if (fs::remove(info.file, ec)) ++removed;
    }
    return removed;
}

BackupInfo verify_backup(const std::string& file) {
    if (!fs::is_regular_file(file)) throw BackupError("no backup file at " + file);
    const auto handle_owner = open_or_throw(file, OpenMode::read_only, "backup file");
    Database& handle = *handle_owner;
    BackupInfo info;
    info.file = file;
    info.schema_version = schema_version_or_throw(handle);
    if (info.schema_version > current_schema_version())
        throw BackupError(file + " has schema version " + std::to_string(info.schema_version) +
                          ", newer than this queue-server understands (" + std::to_string(current_schema_version()) +
                          "); restore it with the newer version");
    if (info.schema_version < 1 || query_text(handle, "SELECT name FROM sqlite_master WHERE name = 'events'").empty())
        throw BackupError(file + " is not a Si Anoman queue database");
    const std::string integrity = check_integrity(handle);
    if (integrity != "ok") throw BackupError(file + " failed its integrity check: " + integrity);
    info.seq = to_int(query_text(handle, kLastSeqSql));
    std::error_code ec;
    info.bytes = static_cast<std::int64_t>(fs::file_size(file, ec));
    info.made_ms = made_ms_from_name(fs::path(file).filename().string()).value_or(0);
    return info;
}

BackupInfo restore_backup(const std::string& file, const std::string& database, bool devices_from_copy,
                          RegistryCarry* registry) {
    const BackupInfo info = verify_backup(file);
    // Run as root (sudo), what is created here must still belong to whoever
    // owns the data directory (the service user), or the server cannot use it.
    const fs::path parent = fs::absolute(database).parent_path();
    struct stat owner {};
    const bool give_away = ::geteuid() == 0 && ::stat(parent.c_str(), &owner) == 0;
    auto give = [&](const std::string& path) {
        if (give_away && ::chown(path.c_str(), owner.st_uid, owner.st_gid) != 0)
            throw BackupError("cannot give " + path + " to the owner of " + parent.string());
    };

    // The same lock queue-server holds while it runs (database_file.hpp), held
    // while the files are swapped. No file yet: no server can be using it.
    DatabaseFile held;
    if (fs::exists(database)) {
        try {
            held.lock(database);
        } catch (const DatabaseFileError& e) {
            throw BackupError(std::string(e.what()) + "; stop it first (sudo systemctl stop si-anoman-server), then restore");
        }
    }

    // Decide about the device registry before anything is moved.
    if (!devices_from_copy) {
        const CurrentRegistry live = read_current_registry(database);
        if (!live.readable)
            throw BackupError("the device registry of the database being replaced cannot be kept: " + live.problem +
                              ".\nWith --devices-from-copy the registry is taken from the copy: devices registered "
                              "after the copy are then missing and devices revoked after it can connect again "
                              "(check with queuectl device list). Nothing was changed.");
    }

    // The restored file is made complete beside the database (the copy, with
    // the registry carried over from the live database, which the lock keeps
    // still) before anything is moved: a failure up to here changes nothing.
    const std::string temp = database + ".restoring";
    RemoveTemp remove_temp{temp};
    std::error_code ec;
    fs::copy_file(file, temp, fs::copy_options::overwrite_existing, ec);
    if (ec) throw BackupError("cannot copy " + file + " to " + temp + ": " + ec.message());
    const RegistryCarry carried = carry_device_registry(database, temp, devices_from_copy);
    give(temp);
    ::chmod(temp.c_str(), 0640);
    fsync_path(temp, false);

    // Keep what is replaced (the WAL may hold the last commits), never delete it.
    const std::string aside = database + ".replaced-" + stamp(now_ms());
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const std::string from = database + suffix;
        if (fs::exists(from) && ::rename(from.c_str(), (aside + suffix).c_str()) != 0)
            throw BackupError("cannot move " + from + " aside");
    }
    if (::rename(temp.c_str(), database.c_str()) != 0) throw BackupError("cannot rename " + temp + " to " + database);
    remove_temp.keep = true;
    // The file is in place; what its connections left beside it (-shm) is not needed, and may be root's.
    for (const char* suffix : {"-journal", "-wal", "-shm"}) fs::remove(temp + suffix, ec);
    if (registry) *registry = carried;
    fsync_path(parent.string(), true);
    return info;
}

}  // namespace anoman::server
