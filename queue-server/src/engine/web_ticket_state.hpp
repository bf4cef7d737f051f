// What a ticket's page shows, computed on the engine thread: the number, the
// service, how many are ahead, the estimated wait, the counter once called.
// One function serves the page, its first event and every refresh, so they agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine.hpp"

namespace anoman::server::web {

// The ticket a page code names, if it is one of today's tickets. Another
// day's ticket and an unknown code are the same answer: nothing (no oracle).
std::optional<TicketRow> ticket_for_code(Engine& engine, const std::string& code);

// {"number", "service", "service_name", "service_name_en", "status", "ahead",
//  "est_wait_s", "counter", "counter_name", "calls", "hospital", "rated"}
Json ticket_state(Engine& engine, const TicketRow& row);

// The same state after an event about the ticket, without the database: the
// called phone hears of its call in the same fan-out as the hall display.
Json state_after_event(const Config& config, const Json& last_state, const Json& event_ticket);

// A page code's shape (22 base64url characters); anything else is looked up
// all the same, so a malformed code answers in the same time as a wrong one.
bool plausible_code(const std::string& code);

}  // namespace anoman::server::web
