#include "opening_history.hpp"

namespace anoman::server {

std::optional<std::int64_t> OpeningHistory::last_first_call(const std::string& service, const std::string& day) {
    // The latest day first (tickets_day index, newest first), then that day's earliest call.
    auto last = db_.prepare(
        "SELECT service_day FROM tickets WHERE service_day < ?1 AND service_day >= date(?1, '-14 days') "
        "AND service = ?2 AND first_called_at_ms IS NOT NULL ORDER BY service_day DESC LIMIT 1");
    last.bind(1, day).bind(2, service);
    if (!last.step()) return std::nullopt;
    const std::string last_day = last.text(0);
    auto first = db_.prepare(
        "SELECT MIN(first_called_at_ms) FROM tickets WHERE service_day = ? AND service = ? "
        "AND first_called_at_ms IS NOT NULL");
    first.bind(1, last_day).bind(2, service);
    if (!first.step() || first.is_null(0)) return std::nullopt;
    return first.int64(0);
}

}  // namespace anoman::server
