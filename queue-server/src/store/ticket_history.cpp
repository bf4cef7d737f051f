#include "ticket_history.hpp"

namespace anoman::server {

std::int64_t latest_queued_ms(Database& db) {
    return db.prepare("SELECT COALESCE(MAX(queued_at_ms), 0) FROM tickets").scalar<std::int64_t>();
}

std::optional<std::int64_t> oldest_waiting_queued_ms(Database& db, const std::string& service) {
    auto oldest = db.prepare("SELECT MIN(queued_at_ms) FROM tickets WHERE service = ? AND status = 'waiting'");
    oldest.bind(1, service);
    return oldest.scalar<std::optional<std::int64_t>>();
}

std::optional<std::string> last_announcement_body(Database& db, const std::string& day) {
    auto announce = db.prepare(
        "SELECT body FROM events WHERE service_day = ? AND kind = 'announcement' ORDER BY seq DESC LIMIT 1");
    announce.bind(1, day);
    if (!announce.step()) return std::nullopt;
    return announce.text(0);
}

std::vector<TicketHistoryRow> tickets_between(Database& db, const std::string& from, const std::string& to) {
    auto rows = db.prepare(
        "SELECT t.service, t.counter, t.status, t.issued_at_ms, t.first_called_at_ms, t.called_at_ms, "
        "t.finished_at_ms, s.score FROM tickets t LEFT JOIN satisfaction s ON s.ticket_id = t.id "
        "WHERE t.service_day BETWEEN ? AND ? AND t.status NOT IN ('booked', 'unclaimed')");  // bookings not checked in are no arrivals
    rows.bind(1, from).bind(2, to);
    std::vector<TicketHistoryRow> history;
    while (rows.step())
        history.push_back(TicketHistoryRow{rows.text(0), rows.optional_text(1), rows.text(2), rows.int64(3),
                                           rows.optional_int64(4), rows.optional_int64(5), rows.optional_int64(6),
                                           rows.optional_int64(7)});
    return history;
}

}  // namespace anoman::server
