// Unit tests of the network layer's guards: the admission gate, the hello
// throttle, the rate-limited log, the unfinished-line budget and the framer
// giving memory back (the flood and guessing through real TCP are in
// net_flood_test.cpp).
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

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

TEST_CASE("gate: a few connections without hello per address, the oldest makes room; other addresses unaffected") {
    ConnectionGate gate(100000);
    std::vector<std::shared_ptr<int>> flood;
    for (std::size_t i = 0; i < ConnectionGate::kMaxUnauthenticatedPerAddress; ++i) {
        flood.push_back(std::make_shared<int>(0));
        REQUIRE(gate.admit(addr("10.0.0.66"), flood.back()).verdict == ConnectionGate::Verdict::admit);
    }
    auto device = std::make_shared<int>(1);
    const auto admission = gate.admit(addr("10.0.0.66"), device);
    CHECK(admission.verdict == ConnectionGate::Verdict::admit_closing_oldest);
    CHECK(admission.close.lock() == flood.front());
    CHECK(gate.unauthenticated_from(addr("10.0.0.66")) == ConnectionGate::kMaxUnauthenticatedPerAddress);
    gate.closed(addr("10.0.0.66"), flood.front().get(), false);  // the server closed it: nothing more to count
    CHECK(gate.unauthenticated() == ConnectionGate::kMaxUnauthenticatedPerAddress);
    // The newest said hello: it is no longer one that waits, and no longer at risk.
    gate.authenticated(addr("10.0.0.66"), device.get());
    CHECK(gate.unauthenticated_from(addr("10.0.0.66")) == ConnectionGate::kMaxUnauthenticatedPerAddress - 1);
    CHECK(gate.total() == ConnectionGate::kMaxUnauthenticatedPerAddress);
    auto other = std::make_shared<int>(2);
    CHECK(gate.admit(addr("10.0.0.5"), other).verdict == ConnectionGate::Verdict::admit);
}

TEST_CASE("gate: connections without hello use at most half the cap, the rest stays for devices") {
    ConnectionGate gate(64);
    std::vector<std::shared_ptr<int>> held;
    int admitted = 0;
    for (int host = 1; host <= 20; ++host) {
        for (int i = 0; i < 4; ++i) {
            held.push_back(std::make_shared<int>(i));
            if (gate.admit(addr(("10.0.1." + std::to_string(host)).c_str()), held.back()).verdict ==
                ConnectionGate::Verdict::admit)
                ++admitted;
        }
    }
    CHECK(admitted == 32);
    held.push_back(std::make_shared<int>(0));
    CHECK(gate.admit(addr("10.0.2.1"), held.back()).verdict == ConnectionGate::Verdict::unauthenticated_full);
    // Four of them say hello: room again for connections without hello.
    for (int i = 0; i < 4; ++i) gate.authenticated(addr("10.0.1.1"), held[static_cast<std::size_t>(i)].get());
    CHECK(gate.unauthenticated() == 28);
    CHECK(gate.total() == 32);
    CHECK(gate.admit(addr("10.0.2.1"), held.back()).verdict == ConnectionGate::Verdict::admit);
}

TEST_CASE("gate: the cap counts everyone") {
    ConnectionGate gate(8);
    std::vector<std::shared_ptr<int>> held;
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 4; ++i) {
            held.push_back(std::make_shared<int>(i));
            REQUIRE(gate.admit(addr("10.0.0.5"), held.back()).verdict == ConnectionGate::Verdict::admit);
        }
        for (std::size_t i = held.size() - 4; i < held.size(); ++i) gate.authenticated(addr("10.0.0.5"), held[i].get());
    }
    CHECK(gate.total() == 8);
    auto late = std::make_shared<int>(9);
    CHECK(gate.admit(addr("10.0.0.6"), late).verdict == ConnectionGate::Verdict::full);
    gate.closed(addr("10.0.0.5"), held.front().get(), true);
    CHECK(gate.admit(addr("10.0.0.6"), late).verdict == ConnectionGate::Verdict::admit);
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
