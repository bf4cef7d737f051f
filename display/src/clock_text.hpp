// The hall clock's words: "Senin, 23 November 2026", "08:15", "WIB".
#pragma once

#include <string>

#include "anoman/hospital_clock.hpp"
#include "anoman/i18n.hpp"

namespace anoman::display {

struct ClockText {
    std::string date;      // "Senin, 23 November 2026" / "Monday, 23 November 2026"
    std::string time;      // "08:15"
    std::string zone;      // "WIB", "WITA", "WIT", or "UTC+07:00"
    int seconds_to_next_minute = 60;
};

// From an ISO-8601 local stamp "2026-11-23T08:15:42+07:00" (HospitalClock::iso_local)
// and the timezone name. An unreadable stamp gives empty texts.
ClockText clock_text(const std::string& iso_local, const std::string& timezone_name, Language language);

}  // namespace anoman::display
