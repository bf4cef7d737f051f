// The database file under a running server: the checks before SQLite opens
// it, the single-server lock, and the check that it is still there.
//
// The lock is an flock on the database file itself, on a descriptor kept open
// for the life of the process. (A separate "<db>.lock" file went with the
// folder when the folder was deleted, and a second server then started on the
// same path.) The descriptor is never closed while SQLite has the file open:
// closing any descriptor of a file drops the process's POSIX locks on it,
// SQLite's included.
//
// The flock alone is not enough: once the folder is deleted, a second server
// on a re-created path locks a new file. So the server also holds, for its
// lifetime, an abstract Unix socket named after the database's absolute path
// (Linux: no file, nothing to delete, released by the kernel when the process
// ends): while the first server runs, a second one on that path is refused.
//
// A server whose file is deleted or replaced under it would go on answering
// "ok" for changes written to a file nobody can open again. The engine calls
// exit_if_lost() on every tick and after every commit, before anything is
// answered: the path must still name the file that was opened, or the server
// logs it as critical and exits (status 1; systemd restarts it, and the new
// process sees the real situation).
#pragma once

#include <stdexcept>
#include <optional>
#include <string>

#include <sys/types.h>

namespace anoman::server {

class DatabaseFileError : public std::runtime_error {
public:
    DatabaseFileError(int exit_status, const std::string& message)
        : std::runtime_error(message), exit_status_(exit_status) {}
    int exit_status() const { return exit_status_; }  // 1: cannot be used now; 2: a setup error

private:
    int exit_status_;
};

class DatabaseFile {
public:
    DatabaseFile() = default;
    ~DatabaseFile();
    DatabaseFile(const DatabaseFile&) = delete;
    DatabaseFile& operator=(const DatabaseFile&) = delete;

    // Before SQLite opens `path`: its folder exists (else status 1, saying so)
    // and an existing file is not empty (status 2: SQLite would silently make
    // a new database of it). Nothing for ":memory:".
    static void check_before_open(const std::string& path);
    // After SQLite opened it: takes the lock (status 1 if another server has
    // it) and records which file the path names.
    void lock(const std::string& path);
    // nullopt while the path still names the locked file; else what happened.
    std::optional<std::string> problem() const;
    // Logs problem() as critical and ends the process at once (status 1),
    // before anything more is answered.
    void exit_if_lost() const;

private:
    std::string path_;
    int fd_ = -1;
    int name_fd_ = -1;  // the abstract socket
    dev_t dev_ = 0;
    ino_t ino_ = 0;
};

}  // namespace anoman::server
