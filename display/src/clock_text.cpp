#include "clock_text.hpp"

#include <array>
#include <chrono>

#include "anoman/hospital_clock.hpp"

namespace anoman::display {
namespace {

constexpr std::array<const char*, 7> kDaysId = {"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"};
constexpr std::array<const char*, 7> kDaysEn = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                "Thursday", "Friday", "Saturday"};
constexpr std::array<const char*, 12> kMonthsId = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
                                                   "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
constexpr std::array<const char*, 12> kMonthsEn = {"January", "February", "March",     "April",   "May",      "June",
                                                   "July",    "August",   "September", "October", "November", "December"};

// Indonesia's three zones by their Indonesian abbreviations; anything else by offset.
std::string zone_label(const std::string& timezone_name, const std::string& offset) {
    if (timezone_name == "Asia/Jakarta" || timezone_name == "Asia/Pontianak") return "WIB";
    if (timezone_name == "Asia/Makassar") return "WITA";
    if (timezone_name == "Asia/Jayapura") return "WIT";
    return "UTC" + offset;
}

}  // namespace

ClockText clock_text(const std::string& iso_local, const std::string& timezone_name, Language language) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    char offset[8] = {};
    if (std::sscanf(iso_local.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%6s", &year, &month, &day, &hour, &minute, &second,
                    offset) != 7 ||
        month < 1 || month > 12)
        return {};
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return {};
    const unsigned weekday = std::chrono::weekday{std::chrono::sys_days{ymd}}.c_encoding();

    const bool indonesian = language == Language::id;
    ClockText text;
    text.date = std::string(indonesian ? kDaysId[weekday] : kDaysEn[weekday]) + ", " + std::to_string(day) + " " +
                (indonesian ? kMonthsId[static_cast<std::size_t>(month - 1)]
                            : kMonthsEn[static_cast<std::size_t>(month - 1)]) +
                " " + std::to_string(year);
    text.time = HospitalClock::hhmm(hour * 60 + minute);
    text.zone = zone_label(timezone_name, offset);
    text.seconds_to_next_minute = 60 - second;
    return text;
}

}  // namespace anoman::display
