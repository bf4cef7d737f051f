#include "booking_rules.hpp"

#include <algorithm>
#include <cstdio>

namespace anoman::server {

std::string make_booking_code(const std::string& service_day, const std::string& prefix, std::int64_t daily_seq,
                              const std::string& random_tail) {
    std::string day;
    for (char c : service_day)
        if (c != '-') day += c;
    char number[24];
    std::snprintf(number, sizeof number, "%04lld", static_cast<long long>(daily_seq));
    return day + prefix + number + random_tail;
}

std::string booking_code_tail(const std::string& random_hex) {
    static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // 32: no 0/O, 1/I
    std::string tail;
    for (std::size_t i = 0; i + 1 < random_hex.size() && tail.size() < 3; i += 2) {
        const int byte = std::stoi(random_hex.substr(i, 2), nullptr, 16);
        tail += kAlphabet[byte % 32];
    }
    return tail;
}

bool all_digits(const std::string& text, std::size_t length) {
    return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string normalise_jampraktek(const std::string& text) {
    std::string out;
    for (char c : text)
        if (c != ' ') out += c;
    return out;
}

int weekday_of(const std::string& day) {
    // Days since 1970-01-01 (a Thursday, ISO 4).
    const int days = HospitalClock::days_between("1970-01-01", day);
    return ((days % 7) + 7 + 3) % 7 + 1;
}

CheckinWindow checkin_window(const ServiceBpjsConfig& poli, const HospitalClock& clock, const std::string& day,
                             std::int64_t estimated_ms) {
    const ServiceHours hours = parse_service_hours(poli.jampraktek);
    const std::int64_t end_ms = clock.local_instant(day, hours.end_minute).time_since_epoch().count();
    CheckinWindow window;
    window.from_ms = estimated_ms - std::int64_t{poli.checkin_early_min} * 60000;
    window.until_ms = std::min(estimated_ms + std::int64_t{poli.checkin_late_min} * 60000, end_ms);
    window.from_ms = std::min(window.from_ms, window.until_ms);
    return window;
}

}  // namespace anoman::server
