#include "kiosk_booking.hpp"

#include <array>
#include <chrono>

namespace anoman::kiosk {

char checkin_code_char(char typed) {
    if (typed >= 'a' && typed <= 'z') return static_cast<char>(typed - 'a' + 'A');
    if ((typed >= 'A' && typed <= 'Z') || (typed >= '0' && typed <= '9')) return typed;
    return '\0';
}

Booking parse_booking(const proto::Json& j) {
    if (!j.is_object()) throw proto::ProtocolError("booking: expected object");
    Booking b;
    const std::string_view path = "booking";
    b.booking_code = proto::require_string(j, "booking_code", path);
    b.service = proto::require_string(j, "service", path);
    b.number = proto::require_string(j, "number", path);
    b.service_day = proto::require_string(j, "service_day", path);
    b.state = proto::require_string(j, "state", path);
    b.service_name = proto::optional_string(j, "service_name", path).value_or(b.service);
    b.namapoli = proto::optional_string(j, "namapoli", path).value_or("");
    b.namadokter = proto::optional_string(j, "namadokter", path).value_or("");
    b.jampraktek = proto::optional_string(j, "jampraktek", path).value_or("");
    b.estimated_at = proto::optional_string(j, "estimated_at", path).value_or("");
    b.jenis = proto::optional_string(j, "jenis", path).value_or("");
    b.checkin_from = proto::optional_string(j, "checkin_from", path).value_or("");
    b.checkin_until = proto::optional_string(j, "checkin_until", path).value_or("");
    if (auto it = j.find("ticket"); it != j.end() && it->is_object()) b.ticket = it->get<proto::Ticket>();
    return b;
}

std::string_view to_string(CheckinProblem problem) {
    switch (problem) {
        case CheckinProblem::not_found: return "not_found";
        case CheckinProblem::not_today: return "not_today";
        case CheckinProblem::too_early: return "too_early";
        case CheckinProblem::too_late: return "too_late";
        case CheckinProblem::cancelled: return "cancelled";
        case CheckinProblem::checked_in: return "checked_in";
        case CheckinProblem::server_down: return "server_down";
        case CheckinProblem::not_allowed: return "not_allowed";
    }
    return "?";
}

std::optional<CheckinProblem> checkin_problem_from_reason(std::string_view reason) {
    if (reason == "not_today") return CheckinProblem::not_today;
    if (reason == "too_early") return CheckinProblem::too_early;
    if (reason == "too_late") return CheckinProblem::too_late;
    if (reason == "cancelled") return CheckinProblem::cancelled;
    if (reason == "checked_in") return CheckinProblem::checked_in;
    return std::nullopt;
}

std::string string_field(const proto::Json& obj, const char* key) {
    if (!obj.is_object()) return "";
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string clock_text(std::string_view iso) {
    if (iso.size() < 16 || iso[10] != 'T' || iso[13] != ':') return "";
    return std::string(iso.substr(11, 5));
}

std::string date_text(std::string_view day, Language language) {
    auto number = [&](std::size_t at, std::size_t length) {
        int value = 0;
        for (std::size_t i = at; i < at + length; ++i) {
            if (day[i] < '0' || day[i] > '9') return -1;
            value = value * 10 + (day[i] - '0');
        }
        return value;
    };
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::string(day);
    const int y = number(0, 4), m = number(5, 2), d = number(8, 2);
    const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                          std::chrono::day(static_cast<unsigned>(d))};
    if (y < 0 || !ymd.ok()) return std::string(day);
    static constexpr std::array<const char*, 12> months_id = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
                                                              "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
    static constexpr std::array<const char*, 12> months_en = {"January", "February", "March",     "April",   "May",      "June",
                                                              "July",    "August",   "September", "October", "November", "December"};
    static constexpr std::array<const char*, 7> days_id = {"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"};
    static constexpr std::array<const char*, 7> days_en = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                           "Thursday", "Friday", "Saturday"};
    const unsigned weekday = std::chrono::weekday(std::chrono::sys_days(ymd)).c_encoding();
    const auto month_index = static_cast<std::size_t>(m - 1);
    const bool en = language == Language::en;
    return std::string(en ? days_en[weekday] : days_id[weekday]) + ", " + std::to_string(d) + " " +
           (en ? months_en[month_index] : months_id[month_index]) + " " + std::to_string(y);
}

}  // namespace anoman::kiosk
