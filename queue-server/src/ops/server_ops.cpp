#include "server_ops.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "backup.hpp"
#include "schema.hpp"
#include "sd_notify.hpp"

namespace anoman::server {

void add_ops_options(CLI::App& app, OpsOptions& options) {
    app.add_option("--backup-dir", options.backup_dir,
                   "directory for online backups (backup.now, queuectl backup); default: \"backups\" beside the database");
    app.add_option("--backup-keep", options.backup_keep, "backup copies kept (0 keeps all)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--backup-pace-ms", options.backup_pace_ms,
                   "pause between steps of 64 pages of a backup, to spare a slow disk (0: full speed)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--disk-warn-mb", options.disk_warn_mb,
                   "free space (MiB) below which server.status says the disk is low and the log warns")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.footer(R"(Exit status:
  0  a clean stop: SIGTERM or SIGINT lets in-flight requests finish, then the
     database is closed cleanly
  1  the database cannot be used: in use by another queue-server, newer than
     this version, unreadable, its folder missing; or it was deleted or
     replaced while the server ran (logged as critical)
  2  invalid command line or configuration, or a zero-length database file
     (one line says what and where)

Output:
  The first line on stdout is "listening on ADDR:PORT" once connections are
  accepted. The log goes to stderr (the journal under systemd).

Files:
  The configuration (PROTOCOL.md; /etc/si-anoman/server.json when packaged);
  the database (/var/lib/si-anoman/queue.db, locked with flock while the
  server runs) with its -wal and -shm files; the backup directory. A database of an older schema is first copied
  to the backup directory (...-pre-upgrade-vN...db), then migrated in place.

Environment:
  NOTIFY_SOCKET, WATCHDOG_USEC: set by systemd (Type=notify, WatchdogSec=).
  READY=1 once listening; a watchdog ping while both threads answer.

See also:
  queuectl(1), si-anoman-backup(1), /usr/share/doc/si-anoman-server/install-guide.md
)");
}

std::string backup_dir_for(const OpsOptions& options, const std::string& database) {
    if (!options.backup_dir.empty()) return options.backup_dir;
    if (database == ":memory:") return {};
    return (std::filesystem::absolute(database).parent_path() / "backups").string();
}

void prepare_database(Database& db, const std::string& database, const OpsOptions& options) {
    const int found = user_version(db);
    const std::string dir = backup_dir_for(options, database);
    // 0 is a new, empty database; newer ones are refused by migrate() with its own message.
    if (found == 0 || found >= current_schema_version() || dir.empty()) return;
    BackupOptions copy{database, dir, 0, "pre-upgrade-v" + std::to_string(found), {}};
    const BackupInfo info = make_backup(copy);
    spdlog::info("database schema {} -> {}: copy of the old database kept in {}", found, current_schema_version(),
                 info.file);
}

OpsRuntime::OpsRuntime(const OpsOptions& options, const std::string& database, Engine& engine, Server& server,
                       boost::asio::io_context& io)
    : server_(server),
      backup_(BackupOptions{database, backup_dir_for(options, database), options.backup_keep, {},
                            std::chrono::milliseconds(options.backup_pace_ms)}),
      watchdog_timer_(io),
      disk_timer_(io),
      disk_watch_(static_cast<std::uint64_t>(options.disk_warn_mb) * 1024 * 1024) {
    admin_.backup = backup_.options().dir.empty() ? nullptr : &backup_;
    admin_.census = &census_;
    admin_.database = database;
    admin_.disk_warn_bytes = disk_watch_.warn_below();
    engine.set_admin(&admin_);
    server.set_census(&census_);

    sd_notify_send("READY=1\nSTATUS=accepting connections");
    if (auto interval = sd_watchdog_interval()) {
        // Ping at half the interval, and only when a probe went through the
        // engine thread since the last ping: a stuck engine or a stuck network
        // thread both stop the pings, and systemd restarts the server.
        watchdog_period_ = *interval / 2;
        spdlog::info("systemd watchdog: {} ms", std::chrono::duration_cast<std::chrono::milliseconds>(*interval).count());
        watchdog_tick();
    }
    if (database != ":memory:") disk_tick();
}

OpsRuntime::~OpsRuntime() {
    *alive_ = false;
    boost::system::error_code ignored;
    watchdog_timer_.cancel();
    disk_timer_.cancel();
}

void OpsRuntime::stopping() {
    stopping_ = true;
    watchdog_timer_.cancel();
    disk_timer_.cancel();
    sd_notify_send("STOPPING=1");
}

void OpsRuntime::watchdog_tick() {
    if (stopping_) return;
    if (probe_returned_) {
        sd_notify_send("WATCHDOG=1");
        probe_returned_ = false;
        std::weak_ptr<bool> alive = alive_;
        server_.submit_probe([this, alive] {
            if (alive.lock()) probe_returned_ = true;
        });
    } else {
        spdlog::warn("watchdog: the engine thread has not answered for {} ms",
                     std::chrono::duration_cast<std::chrono::milliseconds>(watchdog_period_).count());
    }
    watchdog_timer_.expires_after(watchdog_period_);
    watchdog_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) watchdog_tick();
    });
}

void OpsRuntime::disk_tick() {
    if (stopping_) return;
    // statvfs on the network thread: one system call a minute, never blocked by the engine.
    const std::string dir = std::filesystem::absolute(admin_.database).parent_path().string();
    if (const auto disk = measure_disk(dir)) {
        switch (disk_watch_.observe(disk->free_bytes, std::chrono::steady_clock::now())) {
            case DiskWatch::Say::low:
            case DiskWatch::Say::still_low:
                spdlog::warn("disk space low: {} free of {} on {} (warning below {}); see install-guide.md, \"A full disk\"",
                             human_bytes(disk->free_bytes), human_bytes(disk->total_bytes), dir,
                             human_bytes(disk_watch_.warn_below()));
                break;
            case DiskWatch::Say::recovered:
                spdlog::info("disk space back above the warning: {} free on {}", human_bytes(disk->free_bytes), dir);
                break;
            case DiskWatch::Say::nothing:
                break;
        }
    }
    disk_timer_.expires_after(std::chrono::minutes(1));
    disk_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) disk_tick();
    });
}

}  // namespace anoman::server
