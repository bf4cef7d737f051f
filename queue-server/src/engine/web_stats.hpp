// The dashboard's figures, computed on the engine thread from the tickets
// table: today's live view, and the history of a range of service days
// (waits p50/p90, arrivals and served per hour, no-shows, the share within a
// service's target wait, service time per counter, satisfaction), with the
// same tables as CSV. Definitions in docs/web.md.
#pragma once

#include <string>

#include "engine.hpp"

namespace anoman::server::web {

// The longest range a history request may span (a query of a quarter of a
// year keeps the engine thread busy for well under a second).
inline constexpr int kMaxHistoryDays = 93;

Json today_view(Engine& engine);
// from and to are YYYY-MM-DD, inclusive; throws OpError for a bad range.
Json history_view(Engine& engine, const std::string& from, const std::string& to);
// One table of a history_view as CSV: "services", "hours", "counters", "satisfaction".
// Empty when the table name is unknown.
std::string history_csv(const Json& history, const std::string& table);

}  // namespace anoman::server::web
