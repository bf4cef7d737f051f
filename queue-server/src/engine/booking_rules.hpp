// The pure rules of Mobile JKN bookings (docs/mobile-jkn.md), apart from the
// database so they can be read and tested on their own: the shape of a
// booking code, card and NIK numbers, jampraktek as Mobile JKN writes it, the
// estimated time and the check-in window.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "anoman/config.hpp"
#include "anoman/hospital_clock.hpp"

namespace anoman::server {

// "20261203" + prefix + the daily number (at least 4 digits) + 3 random
// characters: "20261203C0007X4K". Unique because (day, prefix, number) is;
// the random tail makes a neighbour's code hard to guess. At most 32
// characters of A-Z and 0-9 (protocol_bounds' booking-code rule).
std::string make_booking_code(const std::string& service_day, const std::string& prefix, std::int64_t daily_seq,
                              const std::string& random_tail);
// Three characters from 64 hex digits of randomness, from an alphabet without 0/O/1/I.
std::string booking_code_tail(const std::string& random_hex);

bool all_digits(const std::string& text, std::size_t length);
// "08:00 - 12:00" and "08:00-12:00" are the same practice hours (BPJS-ANTREAN.md part 2, pitfall 11).
std::string normalise_jampraktek(const std::string& text);

// ISO weekday of a valid day: 1 = Senin (Monday) ... 7 = Minggu (Sunday), as HFIS numbers them.
int weekday_of(const std::string& day);

// A request for a number on a later (or this) day: Mobile JKN's ambilantrean,
// or booking.add of an administrator / SIMRS. Types are checked by the caller.
struct BookingRequest {
    std::optional<std::string> nomorkartu;  // 13 digits; absent or empty: a non-JKN booking
    std::string nik;                        // 16 digits
    std::string nohp;
    std::string kodepoli;
    std::string norm;
    std::string tanggalperiksa;  // YYYY-MM-DD
    std::int64_t kodedokter = 0;
    std::string jampraktek;
    std::optional<std::int64_t> jeniskunjungan;
    std::string nomorreferensi;
    std::string source;  // "mobile_jkn" or an admin device
};

struct CheckinWindow {
    std::int64_t from_ms = 0;
    std::int64_t until_ms = 0;
};
// Opens checkin_early_min before the estimate, closes checkin_late_min after it,
// never after the end of jampraktek.
CheckinWindow checkin_window(const ServiceBpjsConfig& poli, const HospitalClock& clock, const std::string& day,
                             std::int64_t estimated_ms);

}  // namespace anoman::server
