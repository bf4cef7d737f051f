// A Mobile JKN booking as booking.get describes it (docs/protocol.md,
// "Bookings"), the booking code the kiosk accepts from its keypad or a
// barcode scanner, and why a check-in can be refused, in words for the screen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "anoman/i18n.hpp"
#include "anoman/protocol.hpp"

namespace anoman::kiosk {

// The server forms codes of upper-case letters and digits ("20261203C0007X4K");
// the protocol allows up to 32 characters (protocol_bounds' booking-code rule).
inline constexpr std::size_t kCheckinCodeMax = proto::kMaxBookingCodeChars;

// What the keypad or a scanner may put into the code, upper-cased; '\0' when
// the character has no place in a booking code (a scanner's prefix, a space).
char checkin_code_char(char typed);

struct Booking {
    std::string booking_code;
    std::string service;        // the service code of the queue it joins
    std::string service_name;
    std::string namapoli;
    std::string namadokter;
    std::string number;         // "C007"
    std::string service_day;    // YYYY-MM-DD
    std::string jampraktek;     // "08:00-12:00"
    std::string estimated_at;   // ISO local
    std::string jenis;          // "jkn" | "nonjkn"
    std::string state;          // "booked" | "checked_in" | "cancelled"
    std::string checkin_from;   // ISO local
    std::string checkin_until;
    std::optional<proto::Ticket> ticket;  // once checked in

    // The poli's name as the patient knows it from Mobile JKN.
    const std::string& poli() const { return namapoli.empty() ? service_name : namapoli; }
};

// Parses booking.get's "booking"; throws proto::ProtocolError.
Booking parse_booking(const proto::Json& booking);

// Why a check-in (or the lookup before it) did not go on.
enum class CheckinProblem {
    not_found,    // no booking with this code
    not_today,    // for another service day
    too_early,    // before checkin_from
    too_late,     // after checkin_until
    cancelled,
    checked_in,   // already, with another request
    server_down,  // the lookup got no answer
    not_allowed,  // the server refuses this kiosk (role, an older server)
};
std::string_view to_string(CheckinProblem problem);
// booking.checkin's invalid_state "reason"; nullopt for one this kiosk does not know.
std::optional<CheckinProblem> checkin_problem_from_reason(std::string_view reason);

// obj[key] when obj is an object and that is a string, else "" (error objects
// come from the network: a wrong type must not throw).
std::string string_field(const proto::Json& obj, const char* key);

// "2026-12-03T07:00:00+07:00" -> "07:00"; "" when it is not that form.
std::string clock_text(std::string_view iso_local);
// "2026-12-03" -> "Kamis, 3 Desember 2026" / "Thursday, 3 December 2026".
std::string date_text(std::string_view day, Language language);

}  // namespace anoman::kiosk
