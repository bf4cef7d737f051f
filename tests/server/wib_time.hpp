// An instant of November 2026 given as the hospital's wall-clock time (WIB,
// UTC+7), for engine tests that drive the clock: wib(22, 8, 0) is
// 2026-11-22 08:00:00 WIB = 01:00:00 UTC.
#pragma once

#include <chrono>

#include "anoman/hospital_clock.hpp"

namespace anoman::testing {

inline SysMillis wib(int day, int hour, int minute, int second = 0, int millis = 0) {
    using namespace std::chrono;
    auto date = sys_days{year{2026} / November / day};
    return time_point_cast<milliseconds>(date + hours{hour - 7} + minutes{minute} + seconds{second} +
                                         milliseconds{millis});
}

}  // namespace anoman::testing
