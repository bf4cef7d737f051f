#include "anoman/hospital_clock.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <date/date.h>
#include <date/tz.h>

namespace anoman {
namespace {

const date::time_zone* zone_of(const void* zone) { return static_cast<const date::time_zone*>(zone); }

}  // namespace

HospitalClock::HospitalClock(const std::string& timezone_name) : name_(timezone_name), zone_(nullptr) {
    try {
        zone_ = date::locate_zone(timezone_name);
    } catch (const std::exception&) {
        throw std::runtime_error("unknown timezone \"" + timezone_name + "\"");
    }
}

HospitalClock HospitalClock::of_this_machine() {
    // TZ first (as localtime_r would), then /etc/localtime; a machine with neither is on UTC.
    if (const char* tz = std::getenv("TZ"); tz && *tz) {
        try {
            return HospitalClock(*tz == ':' ? tz + 1 : tz);
        } catch (const std::exception&) {
        }
    }
    try {
        return HospitalClock(std::string(date::current_zone()->name()));
    } catch (const std::exception&) {
        return HospitalClock("UTC");
    }
}

std::string HospitalClock::hhmm(int minute_of_day) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", (minute_of_day / 60) % 100, minute_of_day % 60);
    return text;
}

SysMillis HospitalClock::now() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::string HospitalClock::service_day(SysMillis at) const {
    auto local = zone_of(zone_)->to_local(at);
    date::year_month_day ymd{date::floor<date::days>(local)};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

std::string HospitalClock::iso_local(SysMillis at) const {
    auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(at);
    auto info = zone_of(zone_)->get_info(seconds);
    auto local = zone_of(zone_)->to_local(seconds);
    auto day = date::floor<date::days>(local);
    date::year_month_day ymd{day};
    date::hh_mm_ss<std::chrono::seconds> tod{local - day};
    const long offset_min = info.offset.count() / 60;
    char text[64];
    // Every field is bounded (hours < 24, offsets < 24 h), so int is exact.
    const int offset_abs = static_cast<int>(std::labs(offset_min) % (24L * 60));
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(tod.hours().count() % 24), static_cast<int>(tod.minutes().count() % 60),
                  static_cast<int>(tod.seconds().count() % 60), offset_min < 0 ? '-' : '+', offset_abs / 60,
                  offset_abs % 60);
    return text;
}

int HospitalClock::minute_of_day(SysMillis at) const {
    auto local = zone_of(zone_)->to_local(at);
    auto since_midnight = local - date::floor<date::days>(local);
    return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(since_midnight).count());
}

SysMillis HospitalClock::next_midnight(SysMillis at) const {
    auto local = zone_of(zone_)->to_local(at);
    auto next_local_day = date::floor<date::days>(local) + date::days{1};
    // choose::earliest: a midnight skipped or repeated by DST still maps to one instant.
    auto utc = zone_of(zone_)->to_sys(next_local_day, date::choose::earliest);
    return std::chrono::time_point_cast<std::chrono::milliseconds>(utc);
}

namespace {

date::sys_days day_of(const std::string& day) {
    const int y = std::stoi(day.substr(0, 4));
    const auto m = static_cast<unsigned>(std::stoi(day.substr(5, 2)));
    const auto d = static_cast<unsigned>(std::stoi(day.substr(8, 2)));
    return date::sys_days{date::year_month_day{date::year{y}, date::month{m}, date::day{d}}};
}

}  // namespace

SysMillis HospitalClock::local_instant(const std::string& day, int minute) const {
    const date::local_days local_day{day_of(day).time_since_epoch()};
    auto utc = zone_of(zone_)->to_sys(local_day + std::chrono::minutes{minute}, date::choose::earliest);
    return std::chrono::time_point_cast<std::chrono::milliseconds>(utc);
}

int HospitalClock::days_between(const std::string& from, const std::string& to) {
    return (day_of(to) - day_of(from)).count();  // date::days counts in int
}

bool HospitalClock::valid_day(const std::string& day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (day[i] < '0' || day[i] > '9') return false;
    int y = std::stoi(day.substr(0, 4));
    unsigned m = static_cast<unsigned>(std::stoi(day.substr(5, 2)));
    unsigned d = static_cast<unsigned>(std::stoi(day.substr(8, 2)));
    return date::year_month_day{date::year{y}, date::month{m}, date::day{d}}.ok();
}

}  // namespace anoman
