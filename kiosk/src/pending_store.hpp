// The ticket a patient is taking right now, kept on disk until it is printed
// or the patient has gone, so that a kiosk restarted mid-retry (power cut,
// crash, watchdog) resumes with the SAME request_id: the server then replays
// the ticket it may already have issued instead of taking a second number.
//
// One small JSON file, replaced atomically (write, fsync, rename), mode 0600
// because it can hold a NIK; removed as soon as the transaction is over.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace anoman::kiosk {

struct PendingIssue {
    std::string request_id;
    std::string service;          // code
    bool priority = false;
    nlohmann::json patient;       // the ticket.issue "patient" object, or null
    std::string language = "id";  // the patient's language, to resume in it
    std::int64_t started_unix_ms = 0;
    std::string booking_code;     // non-empty: a Mobile JKN check-in (booking.checkin), not ticket.issue
};

class PendingStore {
public:
    explicit PendingStore(std::filesystem::path file) : file_(std::move(file)) {}

    // false (with the reason in error) when the file cannot be written.
    bool save(const PendingIssue& pending, std::string& error);
    // nullopt when there is none, or it is unreadable (then it is removed).
    std::optional<PendingIssue> load();
    void clear();
    const std::filesystem::path& file() const { return file_; }

private:
    std::filesystem::path file_;
};

}  // namespace anoman::kiosk
