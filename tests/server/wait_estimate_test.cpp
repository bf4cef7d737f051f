// The estimated-wait model (see wait_estimate.hpp for the reasoning).
#include <doctest/doctest.h>

#include "wait_estimate.hpp"

using namespace anoman::server;

namespace {

PoolCounter counter(bool open, bool busy) {
    PoolCounter c;
    c.open = open;
    c.busy = busy;
    return c;
}

std::int64_t wait(double ahead, double service_s, std::vector<PoolCounter> pool, double until_opening_s = 0) {
    WaitInputs in;
    in.ahead = ahead;
    in.service_s = service_s;
    in.pool = std::move(pool);
    in.until_opening_s = until_opening_s;
    return estimate_wait_seconds(in);
}

}  // namespace

TEST_CASE("service time: default without history, clamped durations") {
    CHECK(mean_service_seconds({}) == kDefaultServiceSeconds);
    CHECK(mean_service_seconds({60'000, 120'000}) == 90);
    CHECK(mean_service_seconds({1'000}) == kMinServiceSeconds);
    // A ticket left open over lunch counts as 30 minutes, not 3 hours.
    CHECK(mean_service_seconds({3 * 3600'000}) == kMaxServiceSeconds);
}

TEST_CASE("service time: one forgotten finish does not double the estimate") {
    // 19 services of 90 s and one of 3 hours: the old mean (each clamped to
    // 30 min) said 176 s; the outlier now counts as 4 medians.
    std::vector<std::int64_t> durations(19, 90'000);
    durations.push_back(3 * 3600'000);
    CHECK(mean_service_seconds(durations) == 104);  // (19 * 90 + 360) / 20
    // The real long tail still counts: a skewed spread keeps its mean.
    CHECK(mean_service_seconds({60'000, 60'000, 60'000, 200'000}) == 95);
}

TEST_CASE("every counter busy: the next call waits for one to finish") {
    CHECK(wait(0, 90, {counter(true, true), counter(true, true)}) == 45);
    CHECK(wait(4, 90, {counter(true, true), counter(true, true)}) == 225);  // (4 + 1) * 90 / 2
    CHECK(wait(3, 100, {counter(true, true)}) == 400);
}

TEST_CASE("a free counter calls at once") {
    CHECK(wait(0, 90, {counter(true, false), counter(true, true)}) == 0);
    CHECK(wait(0, 90, {counter(true, false)}) == 0);
    // Two ahead, one counter free and one busy: the free one takes the first.
    CHECK(wait(2, 90, {counter(true, false), counter(true, true)}) == 90);
}

TEST_CASE("counters shared between services: the patients of both services ahead count") {
    // Two busy desks serving BPJS and Umum. An Umum patient with 3 Umum and 7
    // BPJS patients before them stands at pool position 10: (10 + 1) * 90 / 2.
    // (Counting its own queue only, as a single-service pool, said 180 s.)
    CHECK(wait(3 + 7, 90, {counter(true, true), counter(true, true)}) == 495);
    // Part of a service's counters in the pool: its patients count in part.
    CHECK(wait(3 + 0.5 * 8, 90, {counter(true, true), counter(true, true)}) == 360);
}

TEST_CASE("a closed counter serves nobody") {
    CHECK(wait(4, 90, {counter(true, true), counter(false, false)}) == 450);  // one desk on a break
    CHECK(wait(4, 90, {counter(true, true), counter(false, false)}) > wait(4, 90, {counter(true, true), counter(true, true)}));
}

TEST_CASE("before the counters open the wait runs from the opening") {
    // 40 minutes before the desks open, 10 ahead: both desks free at opening
    // take the first two, then (10 + 1 - 2) * 90 / 2.
    CHECK(wait(10, 90, {counter(false, false), counter(false, false)}, 2400) == 2400 + 405);
    CHECK(wait(0, 90, {counter(false, false), counter(false, false)}, 600) == 600);
    // No known opening ahead (a break of all, a late start): the pool, from now.
    CHECK(wait(10, 90, {counter(false, false), counter(false, false)}) == 405);
    // Once a counter is open, the opening no longer matters.
    CHECK(wait(0, 90, {counter(true, false), counter(false, false)}, 600) == 0);
}

TEST_CASE("a service no counter serves still gets a figure") {
    CHECK(wait(2, 100, {}) == 300);  // one server assumed, busy
}
