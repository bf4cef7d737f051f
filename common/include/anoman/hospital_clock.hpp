// Hospital local time: service days, ISO-8601 stamps with the local offset,
// the next local midnight. Uses the real timezone database (date/tz over the
// OS tzdata), never a fixed offset, whatever the machine's TZ.
#pragma once

#include <chrono>
#include <string>

namespace anoman {

using SysSeconds = std::chrono::sys_seconds;
using SysMillis = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

class HospitalClock {
public:
    // Throws std::runtime_error for an unknown timezone name.
    explicit HospitalClock(const std::string& timezone_name = "Asia/Jakarta");

    static SysMillis now();
    // "08:05" for a minute of the day (0 to 1440; 1440 is "24:00", the end of a day's hours).
    static std::string hhmm(int minute_of_day);
    // This machine's own zone (TZ, else /etc/localtime, else UTC): for times
    // read on this machine (a test print, the backup list), never for service days.
    static HospitalClock of_this_machine();

    std::string service_day(SysMillis at) const;       // "2026-11-22"
    std::string iso_local(SysMillis at) const;         // "2026-11-22T08:01:02+07:00"
    int minute_of_day(SysMillis at) const;             // local minutes since midnight
    SysMillis next_midnight(SysMillis at) const;       // first instant of the next local day
    const std::string& timezone_name() const { return name_; }
    // The instant of a local day ("YYYY-MM-DD", valid) and minute since its midnight.
    SysMillis local_instant(const std::string& day, int minute) const;
    // Whole days from `from` to `to` (both valid "YYYY-MM-DD"; negative if `to` is earlier).
    static int days_between(const std::string& from, const std::string& to);

    // Parses "YYYY-MM-DD"; false if malformed or not a real date.
    static bool valid_day(const std::string& day);

private:
    std::string name_;
    const void* zone_;  // const date::time_zone*, kept opaque so callers need not include tz.h
};

}  // namespace anoman
