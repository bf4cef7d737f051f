// queue-server's operations features, wired into server_main.cpp with a few
// lines: the backup options, a safety copy before a schema migration, and at
// run time the backup runner, the connection census, systemd's READY/STOPPING
// notifications and the watchdog.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <boost/asio.hpp>

#include "admin_context.hpp"
#include "anoman/config.hpp"
#include "disk_space.hpp"
#include "engine.hpp"
#include "server.hpp"

namespace anoman::server {

struct OpsOptions {
    std::string backup_dir;  // default: "backups" beside the database
    int backup_keep = 14;
    int backup_pace_ms = 0;
    int disk_warn_mb = 2048;  // free space below this is "low" (status, journal)
};

void add_ops_options(CLI::App& app, OpsOptions& options);
// The backup directory the options and the database path give.
std::string backup_dir_for(const OpsOptions& options, const std::string& database);

// Before the engine migrates an older database: a copy named
// ...-pre-upgrade-vN.db in the backup directory (never pruned). Throws
// BackupError if the copy fails: better not to start than to migrate without one.
void prepare_database(Database& db, const std::string& database, const OpsOptions& options);

class OpsRuntime {
public:
    // Sets the engine's admin context and the server's census, tells systemd
    // READY=1, and starts the watchdog if systemd asked for one.
    OpsRuntime(const OpsOptions& options, const std::string& database, Engine& engine, Server& server,
               boost::asio::io_context& io);
    ~OpsRuntime();
    // STOPPING=1 and no more watchdog pings (the signal handler calls it).
    void stopping();

private:
    void watchdog_tick();
    void disk_tick();  // every minute: a journal line when free space crosses the threshold

    Server& server_;
    BackupRunner backup_;
    ConnectionCensus census_;
    AdminContext admin_;
    boost::asio::steady_timer watchdog_timer_;
    std::chrono::microseconds watchdog_period_{0};
    boost::asio::steady_timer disk_timer_;
    DiskWatch disk_watch_;
    bool probe_returned_ = true;
    bool stopping_ = false;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace anoman::server
