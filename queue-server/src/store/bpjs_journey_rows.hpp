// The rows behind the BPJS journey rules (engine/bpjs_journey.hpp): bookings
// linked to tickets, the outbox rows the journey writes, and the tickets still
// open when a day ends. Queries only; the rules stay in the engine, and the
// caller owns the transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sqlite_db.hpp"

namespace anoman::server {

// A ticket its day ended on: waiting, called or skipped (finished_at_ms: when it was skipped).
struct EndingTicket {
    std::int64_t id = 0;
    std::string status;
    std::optional<std::int64_t> finished_at_ms;
};

class BpjsJourneyRows {
public:
    explicit BpjsJourneyRows(Database& db) : db_(db) {}

    std::optional<std::string> booking_of(std::int64_t ticket_id);
    std::optional<std::int64_t> ticket_with(const std::string& day, const std::string& code);
    // Records the link; the ticket's rows that waited for a booking code get it. Returns how many.
    int link(std::int64_t ticket_id, const std::string& code, const std::string& service_day, std::int64_t now_ms);
    int highest_task(std::int64_t ticket_id);        // updatewaktu rows only; 0: none yet
    std::int64_t last_waktu_ms(std::int64_t ticket_id);  // 0: no row yet
    std::int64_t insert_row(std::int64_t ticket_id, const std::optional<std::string>& booking_code, const char* kind,
                            std::optional<int> taskid, std::int64_t waktu_ms,
                            const std::optional<std::string>& keterangan, std::int64_t now_ms);
    // Undelivered rows of tickets never linked, created before `before_ms`.
    void delete_unlinked_before(std::int64_t before_ms);
    // Waiting, called and skipped tickets of the days in [since_day, today), by id.
    std::vector<EndingTicket> ending_tickets(const std::string& since_day, const std::string& today);

private:
    Database& db_;
};

}  // namespace anoman::server
