#include "backup_runner.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace anoman::server {

BackupRunner::~BackupRunner() {
    // A backup in progress finishes (its temporary file is renamed or removed).
    if (thread_.joinable()) thread_.join();
}

bool BackupRunner::start() {
    std::lock_guard lock(mutex_);
    if (running_) return false;
    if (thread_.joinable()) thread_.join();  // the previous one has finished: running_ is false
    running_ = true;
    thread_ = std::thread([this] {
        std::optional<std::string> error;
        try {
            const BackupInfo info = make_backup(options_);
            spdlog::info("backup {} written: {} bytes, seq {}, {} ms", info.file, info.bytes, info.seq, info.duration_ms);
        } catch (const std::exception& e) {
            error = e.what();
            spdlog::error("backup failed: {}", e.what());
        }
        std::lock_guard done(mutex_);
        last_error_ = error;
        last_error_ms_.reset();
        if (error)
            last_error_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
        running_ = false;
    });
    return true;
}

BackupState BackupRunner::state() {
    BackupState state;
    state.dir = options_.dir;
    state.keep = options_.keep;
    {
        std::lock_guard lock(mutex_);
        state.running = running_;
        state.last_error = last_error_;
        state.last_error_ms = last_error_ms_;
    }
    // The directory is the truth: the daily timer's copies count too.
    auto copies = list_backups(options_.dir);
    if (!copies.empty()) state.last = copies.front();
    return state;
}

}  // namespace anoman::server
