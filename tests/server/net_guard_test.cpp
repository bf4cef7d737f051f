// Unit tests of the network layer's guards: the admission gate, the hello
// throttle, the rate-limited log, the unfinished-line budget and the framer
// giving memory back (the flood and guessing through real TCP are in
// net_flood_test.cpp).
#include <doctest/doctest.h>

#include <string>

#include "connection_gate.hpp"
#include "hello_throttle.hpp"
#include "line_budget.hpp"
#include "line_framer.hpp"
#include "rate_limited_log.hpp"

using namespace anoman::server;
using namespace std::chrono_literals;
using Address = boost::asio::ip::address;

namespace {
Address addr(const char* text) { return boost::asio::ip::make_address(text); }
}  // namespace

TEST_CASE("gate: a few connections without hello per address; others and devices that said hello are not affected") {
    ConnectionGate gate(1000);
    for (int i = 0; i < ConnectionGate::kMaxUnauthenticatedPerAddress; ++i)
        REQUIRE(gate.admit(addr("10.0.0.66")) == ConnectionGate::Verdict::admit);
    CHECK(gate.admit(addr("10.0.0.66")) == ConnectionGate::Verdict::address_full);
    CHECK(gate.admit(addr("10.0.0.5")) == ConnectionGate::Verdict::admit);
    // One says hello: the address has room for one more.
    gate.authenticated(addr("10.0.0.66"));
    CHECK(gate.admit(addr("10.0.0.66")) == ConnectionGate::Verdict::admit);
    CHECK(gate.admit(addr("10.0.0.66")) == ConnectionGate::Verdict::address_full);
    gate.closed(addr("10.0.0.66"), false);
    CHECK(gate.unauthenticated_from(addr("10.0.0.66")) == ConnectionGate::kMaxUnauthenticatedPerAddress - 1);
    CHECK(gate.admit(addr("10.0.0.66")) == ConnectionGate::Verdict::admit);
}

TEST_CASE("gate: connections without hello use at most half the cap, the rest stays for devices") {
    ConnectionGate gate(64);
    int admitted = 0;
    for (int host = 1; host <= 20; ++host) {
        for (int i = 0; i < 4; ++i) {
            if (gate.admit(addr(("10.0.1." + std::to_string(host)).c_str())) == ConnectionGate::Verdict::admit)
                ++admitted;
        }
    }
    CHECK(admitted == 32);
    CHECK(gate.admit(addr("10.0.2.1")) == ConnectionGate::Verdict::unauthenticated_full);
    // Four of them say hello: room again for connections without hello.
    for (int i = 0; i < 4; ++i) gate.authenticated(addr("10.0.1.1"));
    CHECK(gate.unauthenticated() == 28);
    CHECK(gate.total() == 32);
    CHECK(gate.admit(addr("10.0.2.1")) == ConnectionGate::Verdict::admit);
}

TEST_CASE("gate: the cap counts everyone") {
    ConnectionGate gate(8);
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 4; ++i) REQUIRE(gate.admit(addr("10.0.0.5")) == ConnectionGate::Verdict::admit);
        for (int i = 0; i < 4; ++i) gate.authenticated(addr("10.0.0.5"));
    }
    CHECK(gate.total() == 8);
    CHECK(gate.admit(addr("10.0.0.6")) == ConnectionGate::Verdict::full);
    gate.closed(addr("10.0.0.5"), true);
    CHECK(gate.admit(addr("10.0.0.6")) == ConnectionGate::Verdict::admit);
}

TEST_CASE("throttle: free failures, then rate limited with a growing delay; other addresses untouched; quiet resets") {
    HelloThrottle throttle;
    const auto t0 = HelloThrottle::Clock::time_point{} + 1h;
    const Address guesser = addr("10.0.0.66");
    for (int i = 0; i < HelloThrottle::kFreeFailures; ++i) {
        CHECK(throttle.penalty(guesser, t0) == HelloThrottle::Clock::duration::zero());
        throttle.failed(guesser, t0);
    }
    const auto first = throttle.penalty(guesser, t0 + 1s);
    const auto second = throttle.penalty(guesser, t0 + 2s);
    const auto third = throttle.penalty(guesser, t0 + 3s);
    CHECK(first == HelloThrottle::kFirstDelay);
    CHECK(second == 2 * first);
    CHECK(third == 2 * second);
    for (int i = 0; i < 30; ++i) (void)throttle.penalty(guesser, t0 + 4s);
    CHECK(throttle.penalty(guesser, t0 + 5s) == HelloThrottle::kMaxDelay);
    CHECK(throttle.penalty(addr("10.0.0.5"), t0 + 5s) == HelloThrottle::Clock::duration::zero());
    // Rate-limited attempts keep it from going quiet; a quiet minute forgets it.
    CHECK(throttle.penalty(guesser, t0 + 5s + HelloThrottle::kQuiet - 1s) > HelloThrottle::Clock::duration::zero());
    CHECK(throttle.penalty(guesser, t0 + 6s + 2 * HelloThrottle::kQuiet) == HelloThrottle::Clock::duration::zero());
}

TEST_CASE("rate-limited log: one line per key per interval, the suppressed ones counted, a global bound") {
    RateLimitedLog log;
    const auto t0 = RateLimitedLog::Clock::time_point{} + 1h;
    std::uint64_t suppressed = 99;
    CHECK(log.allow("10.0.0.66", t0, suppressed));
    CHECK(suppressed == 0);
    for (int i = 0; i < 500; ++i) CHECK_FALSE(log.allow("10.0.0.66", t0 + 1s, suppressed));
    CHECK(log.allow("10.0.0.5", t0 + 1s, suppressed));
    CHECK(log.allow("10.0.0.66", t0 + RateLimitedLog::kInterval, suppressed));
    CHECK(suppressed == 500);
    // A scan of many addresses: at most kMaxLinesPerInterval lines per interval.
    const auto t1 = t0 + 10 * RateLimitedLog::kInterval;
    int lines = 0;
    for (int host = 0; host < 1000; ++host)
        lines += log.allow("10.1.0." + std::to_string(host), t1, suppressed);
    CHECK(lines == RateLimitedLog::kMaxLinesPerInterval);
    CHECK(log.allow("10.2.0.1", t1 + RateLimitedLog::kInterval, suppressed));
    CHECK(suppressed == 1000 - RateLimitedLog::kMaxLinesPerInterval);
}

TEST_CASE("line budget: bounds all unfinished lines together and frees on update") {
    LineBudget budget(100);
    std::size_t a = 0, b = 0;
    CHECK(budget.update(a, 60));
    CHECK_FALSE(budget.update(b, 50));
    CHECK(b == 0);
    CHECK(budget.update(b, 40));
    CHECK(budget.used() == 100);
    CHECK(budget.update(a, 0));
    CHECK(budget.update(b, 100));
    CHECK(budget.take_peak() == 100);
}

TEST_CASE("framer: the capacity of a long line is given back once it is gone") {
    LineFramer framer(65536);
    const std::string big(60000, 'x');
    framer.append(big.data(), big.size());
    framer.append("\n{}", 3);
    std::string line;
    REQUIRE(framer.next(line) == LineFramer::Result::line);
    CHECK(framer.capacity() >= 60000);
    framer.release_spare();
    CHECK(framer.capacity() < 4096);
    CHECK(framer.buffered() == 2);
}
