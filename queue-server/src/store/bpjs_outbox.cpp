#include "bpjs_outbox.hpp"

#include <algorithm>

namespace anoman::server {
namespace {

using proto::Json;

constexpr const char* kColumns =
    "id, ticket_id, booking_code, kind, taskid, waktu_ms, keterangan, created_ms, state, attempts, last_try_ms, "
    "last_code, last_message, delivered_ms";

OutboxRow read_row(const Statement& s) {
    OutboxRow row;
    row.id = s.int64(0);
    row.ticket_id = s.int64(1);
    row.booking_code = s.optional_text(2);
    row.kind = s.text(3);
    row.taskid = s.optional_int64(4);
    row.waktu_ms = s.int64(5);
    row.keterangan = s.optional_text(6);
    row.created_ms = s.int64(7);
    row.state = s.text(8);
    row.attempts = static_cast<int>(s.int64(9));
    row.last_try_ms = s.optional_int64(10);
    row.last_code = s.optional_int64(11);
    row.last_message = s.optional_text(12);
    row.delivered_ms = s.optional_int64(13);
    return row;
}

}  // namespace

std::vector<OutboxRow> BpjsOutbox::next_to_send(int limit) {
    // Strict order per booking: only each booking's first undelivered row is a candidate.
    auto s = db_.prepare(std::string("SELECT ") + kColumns +
                         " FROM bpjs_outbox WHERE id IN (SELECT MIN(id) FROM bpjs_outbox WHERE state <> 'delivered' "
                         "AND booking_code IS NOT NULL GROUP BY booking_code) AND state = 'pending' ORDER BY id LIMIT ?");
    s.bind(1, static_cast<std::int64_t>(limit));
    std::vector<OutboxRow> rows;
    while (s.step()) rows.push_back(read_row(s));
    return rows;
}

void BpjsOutbox::mark_delivered(std::int64_t id, std::int64_t code, const std::string& message, std::int64_t now_ms) {
    db_.prepare("UPDATE bpjs_outbox SET state = 'delivered', attempts = attempts + 1, last_try_ms = ?, last_code = ?, "
                "last_message = ?, delivered_ms = ? WHERE id = ?")
        .bind(1, now_ms)
        .bind(2, code)
        .bind(3, message)
        .bind(4, now_ms)
        .bind(5, id)
        .run();
}

void BpjsOutbox::mark_rejected(std::int64_t id, std::int64_t code, const std::string& message, std::int64_t now_ms) {
    db_.prepare("UPDATE bpjs_outbox SET state = 'rejected', attempts = attempts + 1, last_try_ms = ?, last_code = ?, "
                "last_message = ? WHERE id = ?")
        .bind(1, now_ms)
        .bind(2, code)
        .bind(3, message)
        .bind(4, id)
        .run();
}

void BpjsOutbox::mark_failed(std::int64_t id, std::optional<std::int64_t> code, const std::string& message,
                             std::int64_t now_ms) {
    db_.prepare("UPDATE bpjs_outbox SET attempts = attempts + 1, last_try_ms = ?, last_code = ?, last_message = ? "
                "WHERE id = ? AND state = 'pending'")
        .bind(1, now_ms)
        .bind(2, code)
        .bind(3, message)
        .bind(4, id)
        .run();
}

std::vector<OutboxRow> BpjsOutbox::rows_of(const std::string& booking_code) {
    auto s = db_.prepare(std::string("SELECT ") + kColumns + " FROM bpjs_outbox WHERE booking_code = ? ORDER BY id");
    s.bind(1, booking_code);
    std::vector<OutboxRow> rows;
    while (s.step()) rows.push_back(read_row(s));
    return rows;
}

int BpjsOutbox::retry(const std::optional<std::string>& booking_code) {
    if (booking_code) {
        db_.prepare("UPDATE bpjs_outbox SET state = 'pending' WHERE state = 'rejected' AND booking_code = ?")
            .bind(1, *booking_code)
            .run();
    } else {
        db_.prepare("UPDATE bpjs_outbox SET state = 'pending' WHERE state = 'rejected'").run();
    }
    return db_.changes();
}

Json BpjsOutbox::figures(std::int64_t now_ms, std::int64_t day_start_ms) {
    const auto pending = db_.prepare("SELECT COUNT(*) FROM bpjs_outbox WHERE state = 'pending' AND booking_code IS NOT NULL")
                             .scalar<std::int64_t>();
    const auto rejected = db_.prepare("SELECT COUNT(*) FROM bpjs_outbox WHERE state = 'rejected'").scalar<std::int64_t>();
    const auto unlinked =
        db_.prepare("SELECT COUNT(*) FROM bpjs_outbox WHERE state <> 'delivered' AND booking_code IS NULL")
            .scalar<std::int64_t>();
    const auto oldest =
        db_.prepare("SELECT MIN(created_ms) FROM bpjs_outbox WHERE state <> 'delivered' AND booking_code IS NOT NULL")
            .scalar<std::optional<std::int64_t>>();
    const auto delivered = db_.prepare("SELECT COUNT(*) FROM bpjs_outbox WHERE state = 'delivered' AND delivered_ms >= ?")
                               .bind(1, day_start_ms)
                               .scalar<std::int64_t>();
    Json figures{{"pending", pending},
                 {"rejected", rejected},
                 {"waiting_link", unlinked},
                 {"delivered_today", delivered},
                 {"oldest_pending_age_s", Json()}};
    if (oldest) figures["oldest_pending_age_s"] = std::max<std::int64_t>(0, (now_ms - *oldest) / 1000);
    return figures;
}

Json BpjsOutbox::last_errors(int limit) {
    // Each booking's first undelivered row, when a try of it has failed or BPJS refused it.
    auto s = db_.prepare(std::string("SELECT ") + kColumns +
                         " FROM bpjs_outbox WHERE id IN (SELECT MIN(id) FROM bpjs_outbox WHERE state <> 'delivered' "
                         "AND booking_code IS NOT NULL GROUP BY booking_code) AND last_message IS NOT NULL "
                         "ORDER BY id LIMIT ?");
    s.bind(1, static_cast<std::int64_t>(limit));
    Json errors = Json::array();
    while (s.step()) errors.push_back(to_json(read_row(s)));
    return errors;
}

Json to_json(const OutboxRow& row) {
    auto optional = [](const auto& value) { return value ? Json(*value) : Json(); };
    return Json{{"id", row.id},
                {"ticket", row.ticket_id},
                {"booking_code", optional(row.booking_code)},
                {"kind", row.kind},
                {"taskid", optional(row.taskid)},
                {"waktu", row.waktu_ms},
                {"keterangan", optional(row.keterangan)},
                {"state", row.state},
                {"attempts", row.attempts},
                {"last_try_ms", optional(row.last_try_ms)},
                {"last_code", optional(row.last_code)},
                {"last_message", optional(row.last_message)},
                {"delivered_ms", optional(row.delivered_ms)}};
}

}  // namespace anoman::server
