// A stepped wall clock (issue 11, item 7): the engine is driven with both
// clocks in the test's hands, the wall clock (NowFn) and the monotonic one
// (MonoFn). Moving both is time running; moving the wall clock alone is a step.
#include <doctest/doctest.h>

#include "anoman/config.hpp"
#include "clock_watch.hpp"
#include "engine.hpp"
#include "wib_time.hpp"

using namespace anoman;
using namespace anoman::server;
using proto::Json;
using anoman::testing::wib;
using namespace std::chrono_literals;

namespace {


Config clock_config() {
    return parse_config(Json::parse(R"({
      "hospital": {"name": "RSUD Uji", "timezone": "Asia/Jakarta"},
      "services": [{"code": "B", "name": "Pendaftaran Umum", "prefix": "B"}],
      "counters": [{"id": "L1", "name": "Loket 1", "services": ["B"]}],
      "devices": [{"id": "kiosk-1", "role": "kiosk", "token": "k"}, {"id": "admin", "role": "admin", "token": "a"}]
    })"));
}

struct TwoClocks {
    Config config = clock_config();
    Database db{":memory:"};
    SysMillis wall;
    ClockWatch::Mono mono{std::chrono::hours(1000)};  // any origin: only its running counts
    Engine engine;
    Caller kiosk{"kiosk-1", proto::Role::kiosk, std::nullopt};
    Caller admin{"admin", proto::Role::admin, std::nullopt};
    int next = 1;

    explicit TwoClocks(SysMillis start)
        : wall(start), engine(config, db, "epoch", [this] { return wall; }, [this] { return mono; }) {}

    // Time runs: both clocks move; the server ticks at the end.
    Outcome run_for(std::chrono::milliseconds span) {
        wall += span;
        mono += span;
        return engine.tick();
    }
    // Someone sets the wall clock: it alone moves.
    Outcome step(std::chrono::milliseconds by) {
        wall += by;
        return engine.tick();
    }
    Json ok(const Caller& caller, Json request) {
        request["id"] = next++;
        Outcome outcome = engine.handle(caller, request);
        INFO(outcome.line.dump());
        REQUIRE(outcome.line["ok"] == true);
        return outcome.line;
    }
    Json issue() {
        return ok(kiosk, {{"type", "ticket.issue"}, {"service", "B"}, {"request_id", "r" + std::to_string(next)}})["ticket"];
    }
    std::string status_of(const std::string& number, const std::string& day) {
        return ok(admin, {{"type", "ticket.get"}, {"number", number}, {"service_day", day}})["ticket"]["status"];
    }
};

}  // namespace

TEST_CASE("clock step: a day forward for 20 s at 23:57 and back cancels nothing; the real midnight rolls over") {
    TwoClocks t(wib(22, 23, 57));
    CHECK(t.issue()["number"] == "B001");
    CHECK(t.issue()["number"] == "B002");

    CHECK(t.step(24h).events.empty());  // a clerk sets tomorrow's date by hand
    Json during = t.issue();
    CHECK(during["number"] == "B003");  // numbering goes on
    CHECK(during["service_day"] == "2026-11-22");
    for (int i = 0; i < 40; ++i) CHECK(t.run_for(500ms).events.empty());
    CHECK(t.step(-24h).events.empty());  // and back, 20 s later
    CHECK(t.status_of("B001", "2026-11-22") == "waiting");
    CHECK(t.status_of("B002", "2026-11-22") == "waiting");
    CHECK(t.issue()["number"] == "B004");

    // 23:57:20 -> 23:59:59.5 by running: still the same day.
    CHECK(t.run_for(2min + 39s + 500ms).events.empty());
    Outcome midnight = t.run_for(600ms);  // 00:00:00.1 on the next tick
    REQUIRE(midnight.events.size() == 1);
    CHECK(midnight.events[0]["kind"] == "day_rollover");
    CHECK(midnight.events[0]["service_day"] == "2026-11-23");
    CHECK(t.status_of("B001", "2026-11-22") == "cancelled");
    Json first = t.issue();
    CHECK(first["number"] == "B001");
    CHECK(first["service_day"] == "2026-11-23");
}

TEST_CASE("clock step: a forward step across midnight that holds 10 minutes does roll the day over") {
    TwoClocks t(wib(22, 10, 0));
    CHECK(t.issue()["number"] == "B001");
    CHECK(t.step(24h).events.empty());
    CHECK(t.run_for(9min + 59s).events.empty());
    CHECK(t.status_of("B001", "2026-11-22") == "waiting");
    Outcome held = t.run_for(2s);  // 10 min and 1 s since the step
    REQUIRE(held.events.size() == 1);
    CHECK(held.events[0]["service_day"] == "2026-11-23");
    CHECK(t.status_of("B001", "2026-11-22") == "cancelled");
    CHECK(t.issue()["number"] == "B001");
}

TEST_CASE("clock step: a normal midnight, no step, rolls over within a second") {
    TwoClocks t(wib(22, 23, 59, 59, 500));
    t.issue();
    CHECK(t.run_for(400ms).events.empty());  // 23:59:59.9
    Outcome tick = t.run_for(500ms);          // 00:00:00.4
    REQUIRE(tick.events.size() == 1);
    CHECK(tick.events[0]["kind"] == "day_rollover");
}

TEST_CASE("clock step: a small forward step before midnight: the day rolls over when midnight is reached by running") {
    TwoClocks t(wib(22, 23, 58));
    t.issue();
    CHECK(t.step(5min).events.empty());  // the wall clock says 00:03 of the 23rd
    CHECK(t.run_for(1min + 59s).events.empty());  // 23:59:59 by running
    Outcome tick = t.run_for(1s);
    REQUIRE(tick.events.size() == 1);
    CHECK(tick.events[0]["service_day"] == "2026-11-23");
    // The step then holds: nothing more happens.
    for (int i = 0; i < 12; ++i) CHECK(t.run_for(1min).events.empty());
}

TEST_CASE("clock step: after a step back the service day stays; the next midnight reached by running rolls over") {
    TwoClocks t(wib(23, 0, 5));
    CHECK(t.issue()["service_day"] == "2026-11-23");
    CHECK(t.step(-10min).events.empty());  // 23:55 of the 22nd
    Json b2 = t.issue();
    CHECK(b2["number"] == "B002");
    CHECK(b2["service_day"] == "2026-11-23");
    CHECK(t.run_for(5min + 500ms).events.empty());  // the 23rd again on the wall clock: the same day
    CHECK(t.run_for(23h + 59min).events.empty());
    Outcome tick = t.run_for(1min);  // the 24th
    REQUIRE(tick.events.size() == 1);
    CHECK(tick.events[0]["service_day"] == "2026-11-24");
}

TEST_CASE("clock watch: slewing is time running, a step of more than the threshold is a step") {
    ClockWatch watch;
    SysMillis wall = wib(22, 9, 0);
    ClockWatch::Mono mono{};
    CHECK(watch.observe(wall, mono) == wall);
    // NTP slewing: 1.5 s over an hour is not a step.
    wall += 1h + 1500ms;
    mono += 1h;
    CHECK(watch.observe(wall, mono) == wall);
    CHECK_FALSE(watch.holding());
    // A forward step is held: the day is decided by the time before it.
    wall += 3s;
    CHECK(watch.observe(wall, mono) == wall - 3s);
    CHECK(watch.holding());
    wall += ClockWatch::kHold;
    mono += ClockWatch::kHold;
    CHECK(watch.observe(wall, mono) == wall);
    CHECK_FALSE(watch.holding());
}
