// ISO-8601 times as the server writes them ("2026-11-22T08:01:02+07:00",
// optionally with fractional seconds or "Z"), back into instants, so the
// console can show how long a patient has waited or been at the counter.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "anoman/hospital_clock.hpp"

namespace anoman::counter {

// nullopt when the text is not such a time.
std::optional<SysMillis> parse_iso_time(std::string_view text);

// Whole seconds from `since` to `now`, never negative (a clock a little
// behind the server's must not show "-0:02").
std::int64_t seconds_since(SysMillis since, SysMillis now);

}  // namespace anoman::counter
