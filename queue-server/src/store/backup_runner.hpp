// Backups asked for over the protocol (backup.now): one at a time, on their
// own thread with their own SQLite connection, so the engine thread never
// waits for one. The state (running, last result, last error) is read by
// server.status from the engine thread.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "backup.hpp"

namespace anoman::server {

struct BackupState {
    std::string dir;
    int keep = 0;
    bool running = false;
    std::optional<BackupInfo> last;          // the newest copy in dir (made by anyone: this server or the timer)
    std::optional<std::string> last_error;   // of this server's last attempt, cleared by a success
    std::optional<std::int64_t> last_error_ms;
};

class BackupRunner {
public:
    explicit BackupRunner(BackupOptions options) : options_(std::move(options)) {}
    ~BackupRunner();
    BackupRunner(const BackupRunner&) = delete;
    BackupRunner& operator=(const BackupRunner&) = delete;

    // Starts a backup unless one is running (false then).
    bool start();
    BackupState state();
    const BackupOptions& options() const { return options_; }

private:
    BackupOptions options_;
    std::mutex mutex_;
    bool running_ = false;
    std::optional<std::string> last_error_;
    std::optional<std::int64_t> last_error_ms_;
    std::thread thread_;
};

}  // namespace anoman::server
