// The estimated-wait model (see wait_estimate.hpp for the reasoning).
#include <doctest/doctest.h>

#include "wait_estimate.hpp"

using namespace anoman::server;

TEST_CASE("mean service time: default without history, clamped durations") {
    CHECK(mean_service_seconds({}) == kDefaultServiceSeconds);
    CHECK(mean_service_seconds({60'000, 120'000}) == 90);
    // A ticket left open over lunch counts as 30 minutes, not 3 hours.
    CHECK(mean_service_seconds({3 * 3600'000}) == kMaxServiceSeconds);
    CHECK(mean_service_seconds({1'000}) == kMinServiceSeconds);
}

TEST_CASE("wait grows with the queue and shrinks with open counters") {
    CHECK(estimate_wait_seconds(0, 120, 2.0) == 0);
    CHECK(estimate_wait_seconds(4, 120, 1.0) == 480);
    CHECK(estimate_wait_seconds(4, 120, 2.0) == 240);
    CHECK(estimate_wait_seconds(3, 100, 0.5) == 600);
    // No open counter: the wait once one opens.
    CHECK(estimate_wait_seconds(2, 100, 0.0) == 200);
}
