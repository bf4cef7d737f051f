#include "bpjs_journey_rows.hpp"

namespace anoman::server {

std::optional<std::string> BpjsJourneyRows::booking_of(std::int64_t ticket_id) {
    auto s = db_.prepare("SELECT booking_code FROM bpjs_bookings WHERE ticket_id = ?");
    s.bind(1, ticket_id);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

std::optional<std::int64_t> BpjsJourneyRows::ticket_with(const std::string& day, const std::string& code) {
    auto s = db_.prepare("SELECT ticket_id FROM bpjs_bookings WHERE service_day = ? AND booking_code = ?");
    s.bind(1, day).bind(2, code);
    if (!s.step()) return std::nullopt;
    return s.int64(0);
}

int BpjsJourneyRows::link(std::int64_t ticket_id, const std::string& code, const std::string& service_day,
                          std::int64_t now_ms) {
    db_.prepare("INSERT INTO bpjs_bookings (ticket_id, booking_code, service_day, linked_ms) VALUES (?, ?, ?, ?)")
        .bind(1, ticket_id)
        .bind(2, code)
        .bind(3, service_day)
        .bind(4, now_ms)
        .run();
    // Tasks that happened before the link keep their order (their ids) and go now.
    db_.prepare("UPDATE bpjs_outbox SET booking_code = ? WHERE ticket_id = ? AND booking_code IS NULL")
        .bind(1, code)
        .bind(2, ticket_id)
        .run();
    return db_.changes();
}

int BpjsJourneyRows::highest_task(std::int64_t ticket_id) {
    auto s = db_.prepare("SELECT COALESCE(MAX(taskid), 0) FROM bpjs_outbox WHERE ticket_id = ? AND kind = 'updatewaktu'");
    s.bind(1, ticket_id);
    return s.scalar<int>();
}

std::int64_t BpjsJourneyRows::last_waktu_ms(std::int64_t ticket_id) {
    auto s = db_.prepare("SELECT COALESCE(MAX(waktu_ms), 0) FROM bpjs_outbox WHERE ticket_id = ?");
    s.bind(1, ticket_id);
    return s.scalar<std::int64_t>();
}

std::int64_t BpjsJourneyRows::insert_row(std::int64_t ticket_id, const std::optional<std::string>& booking_code,
                                         const char* kind, std::optional<int> taskid, std::int64_t waktu_ms,
                                         const std::optional<std::string>& keterangan, std::int64_t now_ms) {
    auto insert = db_.prepare(
        "INSERT INTO bpjs_outbox (ticket_id, booking_code, kind, taskid, waktu_ms, keterangan, created_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, ticket_id).bind(2, booking_code).bind(3, kind);
    if (taskid) insert.bind(4, static_cast<std::int64_t>(*taskid));
    else insert.bind_null(4);
    insert.bind(5, waktu_ms).bind(6, keterangan).bind(7, now_ms).run();
    return db_.last_insert_id();
}

void BpjsJourneyRows::delete_unlinked_before(std::int64_t before_ms) {
    db_.prepare("DELETE FROM bpjs_outbox WHERE booking_code IS NULL AND state <> 'delivered' AND created_ms < ?")
        .bind(1, before_ms)
        .run();
}

std::vector<EndingTicket> BpjsJourneyRows::ending_tickets(const std::string& since_day, const std::string& today) {
    // The day's open and skipped tickets are few (the tickets_day index finds them).
    auto s = db_.prepare(
        "SELECT id, status, finished_at_ms FROM tickets WHERE service_day >= ? AND service_day < ? "
        "AND status IN ('waiting', 'called', 'skipped') ORDER BY id");
    s.bind(1, since_day).bind(2, today);
    std::vector<EndingTicket> ending;
    while (s.step()) ending.push_back({s.int64(0), s.text(1), s.optional_int64(2)});
    return ending;
}

}  // namespace anoman::server
