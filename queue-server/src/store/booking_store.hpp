// Mobile JKN bookings as typed queries (schema step 5 -> 6). A booking's
// number is a tickets row with the internal status 'booked' (then 'waiting'
// at check-in, or 'unclaimed' if cancelled first); the Store's protocol reads
// never see those two statuses. Nothing here commits: the engine's batch does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sqlite_db.hpp"

namespace anoman::server {

struct BookingRow {
    std::int64_t ticket_id = 0;
    std::string booking_code;
    std::string service;
    std::string service_day;
    std::string jenis;  // "jkn" or "nonjkn"
    std::optional<std::string> nomorkartu;
    std::string nik;
    std::optional<std::string> nohp;
    std::optional<std::string> norm;
    std::optional<std::string> nomorreferensi;
    std::optional<std::int64_t> jeniskunjungan;
    std::int64_t estimated_ms = 0;
    std::int64_t created_ms = 0;
    std::string source;
    std::string state = "booked";  // booked, checked_in, cancelled
    std::optional<std::int64_t> checked_in_ms;
    std::optional<std::int64_t> cancelled_ms;
    std::optional<std::string> cancel_reason;
    // From its tickets row.
    std::string number;
    std::int64_t daily_seq = 0;
};

class BookingStore {
public:
    explicit BookingStore(Database& db) : db_(db) {}

    void insert(const BookingRow& row);
    std::optional<BookingRow> by_code(const std::string& code);
    std::optional<BookingRow> by_ticket(std::int64_t ticket_id);
    // Bookings of one quota that still count (booked or checked in).
    int active_count(const std::string& service, const std::string& day, const std::string& jenis);
    // An active booking of this patient (same NIK or card) at this service on this day.
    std::optional<std::string> patient_booking(const std::string& service, const std::string& day,
                                               const std::string& nik, const std::optional<std::string>& kartu);
    void mark_checked_in(std::int64_t ticket_id, std::int64_t now_ms);
    // The booking and its tickets row ('booked' -> 'unclaimed') together.
    void mark_cancelled(std::int64_t ticket_id, std::int64_t now_ms, const std::string& reason);
    // Bookings still 'booked' on days up to `day` (the expiry sweep picks those whose hours ended).
    std::vector<BookingRow> open_until(const std::string& day);
    // Not yet checked-in bookings of a service on a day (statusantrean of a later day).
    int booked_count(const std::string& service, const std::string& day);
    // Bookings of a service on a day still waiting for check-in with a number up to daily_seq
    // (sisaantrean of a booking for a later day: itself and those before it).
    int booked_through(const std::string& service, const std::string& day, std::int64_t daily_seq);

private:
    std::vector<BookingRow> select(const std::string& where, const std::string& arg);
    Database& db_;
};

}  // namespace anoman::server
