#include "clock_watch.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace anoman::server {
namespace {

std::int64_t ms_of(ClockWatch::Mono mono) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(mono.time_since_epoch()).count();
}

// "86400.0 s (1 d 00:00:00)" for a log line: the size of a step.
std::string describe(std::int64_t ms) {
    ms = (std::llabs(ms) + 50) / 100 * 100;  // to a tenth of a second
    std::string text = fmt::format("{:.1f} s", static_cast<double>(ms) / 1000.0);
    const std::int64_t s = ms / 1000;
    if (s >= 60) text += fmt::format(" ({} d {:02}:{:02}:{:02})", s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
    return text;
}

}  // namespace

SysMillis ClockWatch::observe(SysMillis wall, Mono mono) {
    const std::int64_t offset = wall.time_since_epoch().count() - ms_of(mono);
    const std::int64_t threshold = kStepThreshold.count();
    if (!started_) {
        started_ = true;
        offset_ms_ = offset;
        return wall;
    }
    const std::int64_t step = offset - offset_ms_;
    if (std::llabs(step) <= threshold) {
        if (held_)
            spdlog::warn("wall clock: back to the time it had before the forward step of {}; that step is ignored",
                         describe(held_->offset_ms - offset_ms_));
        held_.reset();
        offset_ms_ = offset;  // follows NTP's slewing
        return wall;
    }
    if (step < 0) {
        // Back: taken at once; the engine never moves the service day back.
        spdlog::warn("wall clock: stepped back by {} against the monotonic clock", describe(step));
        held_.reset();
        offset_ms_ = offset;
        return wall;
    }
    if (!held_ || std::llabs(offset - held_->offset_ms) > threshold) {
        spdlog::warn("wall clock: stepped forward by {} against the monotonic clock; the service day follows it "
                     "only if it holds {} min",
                     describe(step), kHold.count());
        held_ = Held{offset, mono};
    } else {
        held_->offset_ms = offset;
    }
    if (mono - held_->since >= kHold) {
        spdlog::warn("wall clock: the forward step of {} held {} min; the service day follows it now", describe(step),
                     kHold.count());
        held_.reset();
        offset_ms_ = offset;
        return wall;
    }
    return SysMillis(std::chrono::milliseconds(ms_of(mono) + offset_ms_));
}

}  // namespace anoman::server
