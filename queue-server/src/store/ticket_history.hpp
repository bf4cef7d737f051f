// Read-only queries over the tickets and events of past and present days, for
// figures rather than for the queue's rules: the engine's start, the web
// dashboard (engine/web_stats.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sqlite_db.hpp"

namespace anoman::server {

// One ticket of a history range, with its satisfaction score if it has one.
struct TicketHistoryRow {
    std::string service;
    std::optional<std::string> counter;
    std::string status;
    std::int64_t issued_at_ms = 0;
    std::optional<std::int64_t> first_called_at_ms;
    std::optional<std::int64_t> called_at_ms;
    std::optional<std::int64_t> finished_at_ms;
    std::optional<std::int64_t> score;
};

// The latest queue entry time of any ticket; 0 on an empty database.
std::int64_t latest_queued_ms(Database& db);
// When the longest-waiting ticket of a service joined its queue; nullopt if none waits.
std::optional<std::int64_t> oldest_waiting_queued_ms(Database& db, const std::string& service);
// The body of the day's last announcement event, if any.
std::optional<std::string> last_announcement_body(Database& db, const std::string& day);
// Every ticket of the service days from..to (inclusive).
std::vector<TicketHistoryRow> tickets_between(Database& db, const std::string& from, const std::string& to);

}  // namespace anoman::server
