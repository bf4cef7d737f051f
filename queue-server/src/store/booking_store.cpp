#include "booking_store.hpp"

namespace anoman::server {
namespace {

constexpr const char* kColumns =
    "b.ticket_id, b.booking_code, b.service, b.service_day, b.jenis, b.nomorkartu, b.nik, b.nohp, b.norm, "
    "b.nomorreferensi, b.jeniskunjungan, b.estimated_ms, b.created_ms, b.source, b.state, b.checked_in_ms, "
    "b.cancelled_ms, b.cancel_reason, t.number, t.daily_seq";

BookingRow read_row(const Statement& s) {
    BookingRow row;
    row.ticket_id = s.int64(0);
    row.booking_code = s.text(1);
    row.service = s.text(2);
    row.service_day = s.text(3);
    row.jenis = s.text(4);
    row.nomorkartu = s.optional_text(5);
    row.nik = s.text(6);
    row.nohp = s.optional_text(7);
    row.norm = s.optional_text(8);
    row.nomorreferensi = s.optional_text(9);
    row.jeniskunjungan = s.optional_int64(10);
    row.estimated_ms = s.int64(11);
    row.created_ms = s.int64(12);
    row.source = s.text(13);
    row.state = s.text(14);
    row.checked_in_ms = s.optional_int64(15);
    row.cancelled_ms = s.optional_int64(16);
    row.cancel_reason = s.optional_text(17);
    row.number = s.text(18);
    row.daily_seq = s.int64(19);
    return row;
}

}  // namespace

std::vector<BookingRow> BookingStore::select(const std::string& where, const std::string& arg) {
    auto s = db_.prepare(std::string("SELECT ") + kColumns +
                         " FROM jkn_bookings b JOIN tickets t ON t.id = b.ticket_id " + where);
    s.bind(1, arg);
    std::vector<BookingRow> rows;
    while (s.step()) rows.push_back(read_row(s));
    return rows;
}

void BookingStore::insert(const BookingRow& row) {
    db_.prepare(
           "INSERT INTO jkn_bookings (ticket_id, booking_code, service, service_day, jenis, nomorkartu, nik, nohp, "
           "norm, nomorreferensi, jeniskunjungan, estimated_ms, created_ms, source, state) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked')")
        .bind(1, row.ticket_id)
        .bind(2, row.booking_code)
        .bind(3, row.service)
        .bind(4, row.service_day)
        .bind(5, row.jenis)
        .bind(6, row.nomorkartu)
        .bind(7, row.nik)
        .bind(8, row.nohp)
        .bind(9, row.norm)
        .bind(10, row.nomorreferensi)
        .bind(11, row.jeniskunjungan)
        .bind(12, row.estimated_ms)
        .bind(13, row.created_ms)
        .bind(14, row.source)
        .run();
}

std::optional<BookingRow> BookingStore::by_code(const std::string& code) {
    auto rows = select("WHERE b.booking_code = ?", code);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::optional<BookingRow> BookingStore::by_ticket(std::int64_t ticket_id) {
    auto rows = select("WHERE b.ticket_id = ?", std::to_string(ticket_id));
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

int BookingStore::active_count(const std::string& service, const std::string& day, const std::string& jenis) {
    return db_.prepare("SELECT COUNT(*) FROM jkn_bookings WHERE service = ? AND service_day = ? AND jenis = ? "
                       "AND state IN ('booked', 'checked_in')")
        .bind(1, service)
        .bind(2, day)
        .bind(3, jenis)
        .scalar<int>();
}

std::optional<std::string> BookingStore::patient_booking(const std::string& service, const std::string& day,
                                                         const std::string& nik,
                                                         const std::optional<std::string>& kartu) {
    auto s = db_.prepare(
        "SELECT booking_code FROM jkn_bookings WHERE service_day = ? AND service = ? AND state IN ('booked', "
        "'checked_in') AND (nik = ? OR (? IS NOT NULL AND nomorkartu = ?)) LIMIT 1");
    s.bind(1, day).bind(2, service).bind(3, nik).bind(4, kartu).bind(5, kartu);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

void BookingStore::mark_checked_in(std::int64_t ticket_id, std::int64_t now_ms) {
    db_.prepare("UPDATE jkn_bookings SET state = 'checked_in', checked_in_ms = ? WHERE ticket_id = ?")
        .bind(1, now_ms)
        .bind(2, ticket_id)
        .run();
}

void BookingStore::mark_cancelled(std::int64_t ticket_id, std::int64_t now_ms, const std::string& reason) {
    db_.prepare("UPDATE jkn_bookings SET state = 'cancelled', cancelled_ms = ?, cancel_reason = ? WHERE ticket_id = ?")
        .bind(1, now_ms)
        .bind(2, reason)
        .bind(3, ticket_id)
        .run();
    db_.prepare("UPDATE tickets SET status = 'unclaimed', finished_at_ms = ? WHERE id = ? AND status = 'booked'")
        .bind(1, now_ms)
        .bind(2, ticket_id)
        .run();
}

std::vector<BookingRow> BookingStore::open_until(const std::string& day) {
    return select("WHERE b.state = 'booked' AND b.service_day <= ? ORDER BY b.service_day, b.ticket_id", day);
}

int BookingStore::booked_count(const std::string& service, const std::string& day) {
    return db_.prepare("SELECT COUNT(*) FROM jkn_bookings WHERE service = ? AND service_day = ? AND state = 'booked'")
        .bind(1, service)
        .bind(2, day)
        .scalar<int>();
}

int BookingStore::booked_through(const std::string& service, const std::string& day, std::int64_t daily_seq) {
    return db_
        .prepare("SELECT COUNT(*) FROM jkn_bookings b JOIN tickets t ON t.id = b.ticket_id "
                 "WHERE b.service = ? AND b.service_day = ? AND b.state = 'booked' AND t.daily_seq <= ?")
        .bind(1, service)
        .bind(2, day)
        .bind(3, daily_seq)
        .scalar<int>();
}

}  // namespace anoman::server
