// The optional identification a patient types on the keypad: a NIK (the
// 16-digit national identity number on the KTP) or a Mobile JKN booking code.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace anoman::kiosk {

enum class IdKind { nik, booking_code };

inline constexpr std::size_t kNikLength = 16;
inline constexpr std::size_t kBookingCodeMin = 6;
inline constexpr std::size_t kBookingCodeMax = 20;

enum class IdProblem {
    none,
    empty,
    nik_length,       // not exactly 16 digits
    nik_not_digits,
    nik_birth_date,   // digits 7-12 are not a date (DD, +40 for women; MM 01-12)
    booking_length,   // outside 6..20 characters
    booking_chars,    // other than A-Z and 0-9
};

// Checks what the keypad produced. The NIK check stops at what the number
// itself says (length, digits, the birth date field): it cannot know whether
// the person exists, and refusing a real NIK would turn a patient away.
IdProblem validate_id(IdKind kind, std::string_view value);

// Whether the keypad takes this key for this kind (digits; letters for codes).
bool key_allowed(IdKind kind, char key);
std::size_t max_length(IdKind kind);

// "3505124107900001" -> "3505 1241 0790 0001": easier to check on screen.
std::string group_digits(std::string_view value);

}  // namespace anoman::kiosk
