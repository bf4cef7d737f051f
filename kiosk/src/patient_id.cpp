#include "patient_id.hpp"

namespace anoman::kiosk {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
int two_digits(std::string_view text, std::size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); }

}  // namespace

IdProblem validate_id(IdKind kind, std::string_view value) {
    if (value.empty()) return IdProblem::empty;
    if (kind == IdKind::nik) {
        for (char c : value)
            if (!is_digit(c)) return IdProblem::nik_not_digits;
        if (value.size() != kNikLength) return IdProblem::nik_length;
        // PP KK CC DDMMYY SSSS: province, regency, district, birth date, serial.
        int day = two_digits(value, 6);
        if (day > 40) day -= 40;  // women: day + 40
        const int month = two_digits(value, 8);
        if (day < 1 || day > 31 || month < 1 || month > 12) return IdProblem::nik_birth_date;
        return IdProblem::none;
    }
    for (char c : value)
        if (!is_digit(c) && !is_upper(c)) return IdProblem::booking_chars;
    if (value.size() < kBookingCodeMin || value.size() > kBookingCodeMax) return IdProblem::booking_length;
    return IdProblem::none;
}

bool key_allowed(IdKind kind, char key) { return is_digit(key) || (kind == IdKind::booking_code && is_upper(key)); }

std::size_t max_length(IdKind kind) { return kind == IdKind::nik ? kNikLength : kBookingCodeMax; }

std::string group_digits(std::string_view value) {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += ' ';
        out += value[i];
    }
    return out;
}

}  // namespace anoman::kiosk
