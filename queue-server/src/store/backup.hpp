// Online backups of the queue database, and their restore.
//
// A backup never stops the queue: it reads through its own SQLite connection
// inside one read transaction (WAL lets the server keep committing meanwhile,
// and the copy is the database exactly as of that transaction's start), copies
// with the SQLite backup API into a temporary file in the backup directory,
// checks the copy (PRAGMA integrity_check), fsyncs it, renames it into place
// (so a backup file is either whole or absent) and fsyncs the directory. Then
// it keeps the newest N copies.
//
// File names sort by time: queue-20261122T081502.123Z-seq41.db (UTC).
// Copies made before a schema migration are named ...-pre-upgrade-v1.db and
// are never pruned.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "restore_devices.hpp"

namespace anoman::server {

class BackupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct BackupInfo {
    std::string file;            // full path
    std::int64_t bytes = 0;
    std::int64_t seq = 0;        // the last event seq the copy holds
    int schema_version = 0;
    std::int64_t made_ms = 0;    // Unix ms (from the name)
    std::int64_t duration_ms = 0;  // make_backup only
};

struct BackupOptions {
    std::string database;        // the live database file
    std::string dir;             // where copies go (created if missing)
    int keep = 14;               // copies kept (pre-upgrade copies not counted); 0 keeps all
    std::string label;           // "" for ordinary copies, "pre-upgrade-v1" ...
    // Pause between steps of kPagesPerStep pages: spreads the I/O of a big
    // backup on a slow disk (SD card, old HDD). 0: copy at full speed.
    std::chrono::milliseconds pace{0};
};

inline constexpr int kPagesPerStep = 64;

// Makes one backup; throws BackupError with a message for IT staff.
BackupInfo make_backup(const BackupOptions& options);
// Backup files in dir, newest first (empty if dir does not exist).
std::vector<BackupInfo> list_backups(const std::string& dir);
// Deletes the oldest ordinary copies beyond keep; returns how many went.
int prune_backups(const std::string& dir, int keep);
// Opens a copy read-only: integrity check, schema version, last seq. Throws BackupError.
BackupInfo verify_backup(const std::string& file);

// Puts a verified copy in place of database (the queue-server must be
// stopped: its lock is checked). The replaced files are kept beside it as
// <database>.replaced-<time>[-wal|-shm]. The device registry of the replaced
// database is kept (restore_devices.hpp); when it cannot be read the restore
// refuses unless devices_from_copy. Run as root, the restored database goes
// to the owner of the database's directory.
// Returns what was restored; *registry (if given) says what happened to the devices.
// Throws BackupError (newer schema, failed check, server running, I/O).
BackupInfo restore_backup(const std::string& file, const std::string& database, bool devices_from_copy = false,
                          RegistryCarry* registry = nullptr);

}  // namespace anoman::server
