// Steps of the wall clock, told apart from its running by the monotonic clock.
//
// The service day follows the wall clock, but a wall clock can be stepped: a
// clerk setting the date by hand, an NTP server with a wrong date, a dead CMOS
// battery. The rule (docs/protocol.md, "The service day and a stepped clock"):
// - every step (the wall clock moving against the monotonic clock by more than
//   kStepThreshold) is logged as a warning with its size;
// - a step FORWARD is held: until the new time has held for kHold (measured
//   on the monotonic clock), the service day follows the time the clock would
//   show without the step. If the clock comes back before that, nothing has
//   happened: no rollover, nothing cancelled, numbering goes on;
// - a step BACK is taken at once: the service day never goes back (the
//   engine keeps it), and the next midnight the clock reaches by running
//   rolls it over.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "anoman/hospital_clock.hpp"

namespace anoman::server {

class ClockWatch {
public:
    using Mono = std::chrono::steady_clock::time_point;
    // NTP slews at most 0.5 ms/s, and both clocks are read together: anything
    // beyond this between two readings is a step.
    static constexpr std::chrono::milliseconds kStepThreshold{2000};
    // How long a forward step must hold before the service day follows it.
    static constexpr std::chrono::minutes kHold{10};

    // One reading of both clocks (every engine job and tick). Returns the
    // wall time the service day is decided by: `wall` itself, unless a forward
    // step is being held.
    SysMillis observe(SysMillis wall, Mono mono);
    // A forward step not yet taken (for logs and tests).
    bool holding() const { return held_.has_value(); }

private:
    struct Held {
        std::int64_t offset_ms;  // wall - mono since the step
        Mono since;
    };
    bool started_ = false;
    std::int64_t offset_ms_ = 0;  // wall - mono, as trusted
    std::optional<Held> held_;
};

}  // namespace anoman::server
