// Conformance: the service day and the midnight rollover, under libfaketime
// (PROTOCOL.md "Shapes": service day; "Rules of the queue": 00:00 local time).
// The server process runs with TZ=America/New_York: the hospital's timezone
// must decide, never the machine's.
#include "conformance.hpp"

#include <ctime>
#include <map>

using namespace conform;

namespace {

// A server whose wall clock starts at this UTC instant, in New York by default.
ServerOptions faked(const Json& config, std::time_t start, const std::string& tz = "America/New_York") {
    return faked_clock(config, start, tz);
}

}  // namespace

TEST_CASE("clock: the service day and the offsets follow Asia/Jakarta, not the process's TZ") {
    const Json config = test_config();
    // 2026-11-23 02:00 UTC: 09:00 on the 23rd in Jakarta, 21:00 on the 22nd in New York.
    ServerProcess server(faked(config, utc_time(2026, 11, 23, 2, 0, 0)));
    LineClient hall(server.port());
    Json welcome = hall.hello("display", "hall-1", "d1");
    CHECK(welcome["service_day"] == "2026-11-23");
    auto admin = login(server, config, "admin");
    const std::string now = ok(*admin, {{"type", "ping"}})["now"].get<std::string>();
    CHECK(now.rfind("2026-11-23T09:00:0", 0) == 0);
    CHECK(now.substr(now.size() - 6) == "+07:00");
    Json ticket = issue_ok(*admin, "A", "tz-1");
    CHECK(ticket["service_day"] == "2026-11-23");
    CHECK(ticket["issued_at"].get<std::string>().rfind("2026-11-23T09:00:0", 0) == 0);
    CHECK(ok(*admin, {{"type", "services.list"}})["service_day"] == "2026-11-23");
    CHECK(ok(*admin, {{"type", "stats.day"}})["day"] == "2026-11-23");
}

TEST_CASE("clock: another hospital timezone decides the service day and the offset") {
    Json config = test_config();
    config["hospital"]["timezone"] = "Asia/Makassar";  // WITA, UTC+8
    // 16:30 UTC: 23:30 in Jakarta, already 00:30 on the 23rd in Makassar.
    ServerProcess server(faked(config, utc_time(2026, 11, 22, 16, 30, 0), "Asia/Jakarta"));
    auto admin = login(server, config, "admin");
    const std::string now = ok(*admin, {{"type", "ping"}})["now"].get<std::string>();
    CHECK(now.rfind("2026-11-23T00:30:0", 0) == 0);
    CHECK(now.substr(now.size() - 6) == "+08:00");
    CHECK(issue_ok(*admin, "A", "wita-1")["service_day"] == "2026-11-23");
}

TEST_CASE("clock: at 00:00 WIB day_rollover within a second; old waiting/called cancelled; numbering restarts") {
    const Json config = test_config();
    // 16:59:52 UTC = 23:59:52 WIB on 2026-11-22; New York is still at 11:59 that day.
    const auto started = SteadyClock::now();
    ServerProcess server(faked(config, utc_time(2026, 11, 22, 16, 59, 52)));
    auto admin = login(server, config, "admin");
    auto kiosk = login(server, config, "kiosk-1");
    LineClient hall(server.port());
    Json welcome = hall.hello("display", "hall-1", "d1");
    REQUIRE(welcome["service_day"] == "2026-11-22");

    Json a1 = issue_ok(*kiosk, "A", "old-1");
    Json a2 = issue_ok(*kiosk, "A", "old-2");
    Json a3 = issue_ok(*kiosk, "A", "old-3");
    Json b1 = issue_ok(*kiosk, "B", "old-4");
    ok(*admin, {{"type", "counter.call"}, {"counter", "L1"}, {"ticket", a1["id"]}});  // called at L1
    ok(*admin, {{"type", "counter.call"}, {"counter", "L2"}, {"ticket", a2["id"]}});
    ok(*admin, {{"type", "counter.skip"}, {"counter", "L2"}});                        // a2 skipped
    ok(*admin, {{"type", "counter.close"}, {"counter", "L3"}});
    Json last = ok(*admin, {{"type", "counter.call"}, {"counter", "L2"}, {"ticket", b1["id"]}});
    REQUIRE_MESSAGE(last["ticket"]["service_day"] == "2026-11-22", "the setup ran past midnight; the machine is too slow");
    Json snapshot = subscribe(hall);
    const std::int64_t base = snapshot["seq"].get<std::int64_t>();

    // The rollover event, before any request of ours.
    std::optional<Json> rollover;
    while (SteadyClock::now() - started < 25s) {
        auto line = hall.read_json(3s);
        REQUIRE_MESSAGE(line.has_value(), "the subscription went silent");
        if ((*line)["type"] == "event") {
            rollover = line;
            break;
        }
    }
    REQUIRE(rollover.has_value());
    CAPTURE(rollover->dump());
    CHECK((*rollover)["kind"] == "day_rollover");
    CHECK((*rollover)["seq"] == base + 1);
    CHECK((*rollover)["service_day"] == "2026-11-23");
    const std::string at = (*rollover)["at"].get<std::string>();
    CHECK((at == "2026-11-23T00:00:00+07:00" || at == "2026-11-23T00:00:01+07:00"));
    // No cancelled event per ticket: the next event is our own.
    ok(*admin, {{"type", "announce"}, {"text", "hari baru"}});
    auto next = next_event(hall, 5s);
    REQUIRE(next.has_value());
    CHECK((*next)["kind"] == "announcement");
    CHECK((*next)["seq"] == base + 2);

    // Old waiting and called tickets are cancelled (finished_at set); the skipped one stays skipped.
    for (const Json& ticket : {a1, a3, b1}) {
        Json got = ok(*admin, {{"type", "ticket.get"}, {"ticket", ticket["id"]}})["ticket"];
        CAPTURE(got.dump());
        CHECK(got["status"] == "cancelled");
        CHECK(got["finished_at"].is_string());
        CHECK(got["service_day"] == "2026-11-22");
    }
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"ticket", a2["id"]}})["ticket"]["status"] == "skipped");
    // ... and cannot be requeued: it is not of the current service day.
    CHECK(code_of(admin->request({{"type", "ticket.requeue"}, {"ticket", a2["id"]}})) == "invalid_state");

    // Counters: no current ticket, open/closed kept.
    Json list = ok(*admin, {{"type", "services.list"}});
    CHECK(list["service_day"] == "2026-11-23");
    std::map<std::string, Json> counters;
    for (const auto& counter : list["counters"]) counters[counter["id"].get<std::string>()] = counter;
    CHECK(counters["L1"]["current"].is_null());
    CHECK(counters["L2"]["current"].is_null());
    CHECK(counters["L1"]["open"] == true);
    CHECK(counters["L3"]["open"] == false);
    for (const auto& service : list["services"]) CHECK(service["waiting"] == 0);
    CHECK(code_of(counter_op(*admin, "counter.call_next", "L1")) == "queue_empty");

    // Numbering restarts at 001 on the new day.
    Json fresh = issue_ok(*kiosk, "A", "new-1");
    CHECK(fresh["number"] == "A001");
    CHECK(fresh["service_day"] == "2026-11-23");
    CHECK(issue_ok(*kiosk, "B", "new-2")["number"] == "B001");
    // Both days' A001 are reachable by number and day.
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"number", "A001"}})["ticket"]["id"] == fresh["id"]);
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"number", "A001"}, {"service_day", "2026-11-22"}})["ticket"]["id"] == a1["id"]);
    // Idempotency keys outlive the day: a retry from yesterday gets yesterday's ticket.
    Json replay = issue(*kiosk, "A", "old-3");
    REQUIRE(is_ok(replay));
    CHECK(replay["replayed"] == true);
    CHECK(replay["ticket"]["id"] == a3["id"]);
    CHECK(replay["ticket"]["number"] == "A003");
    // Yesterday's figures stay yesterday's.
    Json old_stats = ok(*admin, {{"type", "stats.day"}, {"day", "2026-11-22"}});
    for (const auto& row : old_stats["services"]) {
        if (row["code"] == "A") CHECK(row["issued"] == 3);
        if (row["code"] == "A") CHECK(row["waiting"] == 0);
    }
    // A new subscriber sees the new day with an empty hall.
    auto late = login(server, config, "hall-1");
    Json late_snapshot = subscribe(*late);
    CHECK(late_snapshot["service_day"] == "2026-11-23");
    CHECK(late_snapshot["recent"].empty());
}

TEST_CASE("clock: a server that was down at midnight starts the new day on the same database") {
    const Json config = test_config();
    const auto dir = anoman::testing::scratch_dir("conform-clock-down");
    ServerOptions evening = faked(config, utc_time(2026, 11, 22, 10, 0, 0));  // 17:00 WIB on the 22nd
    evening.dir = dir;
    Json waiting, called;
    {
        ServerProcess server(evening);
        auto admin = login(server, config, "admin");
        called = issue_ok(*admin, "A", "d-1");
        waiting = issue_ok(*admin, "A", "d-2");
        CHECK(waiting["service_day"] == "2026-11-22");
        ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});
        ok(*admin, {{"type", "counter.close"}, {"counter", "L2"}});
        server.terminate();
        REQUIRE(server.wait(10s) == 0);
    }
    ServerOptions morning = faked(config, utc_time(2026, 11, 23, 0, 30, 0));  // 07:30 WIB on the 23rd
    morning.dir = dir;
    ServerProcess server(morning);
    LineClient hall(server.port());
    CHECK(hall.hello("display", "hall-1", "d1")["service_day"] == "2026-11-23");
    auto admin = login(server, config, "admin");
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"ticket", waiting["id"]}})["ticket"]["status"] == "cancelled");
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"ticket", called["id"]}})["ticket"]["status"] == "cancelled");
    Json l1 = counter_state(*admin, "L1");
    CHECK(l1["current"].is_null());
    CHECK(counter_state(*admin, "L2")["open"] == false);
    CHECK(issue_ok(*admin, "A", "m-1")["number"] == "A001");
    CHECK(code_of(admin->request({{"type", "ticket.get"}, {"number", "A002"}})) == "not_found");
}

TEST_CASE("clock: idempotency keys are kept at least 7 days") {
    const Json config = test_config();
    const auto dir = anoman::testing::scratch_dir("conform-clock-keys");
    const std::time_t issued_at = utc_time(2026, 11, 22, 3, 0, 0);  // 10:00 WIB
    ServerOptions first = faked(config, issued_at);
    first.dir = dir;
    Json original;
    {
        ServerProcess server(first);
        auto kiosk = login(server, config, "kiosk-1");
        original = issue_ok(*kiosk, "A", "kiosk-1:week");
        server.terminate();
        REQUIRE(server.wait(10s) == 0);
    }
    // Every day in between the server ran (and rolled over); 7 days less a minute later, the retry still replays.
    for (int day = 1; day <= 7; ++day) {
        CAPTURE(day);
        const std::time_t at = day < 7 ? issued_at + day * 86400 : issued_at + 7 * 86400 - 60;
        ServerOptions later = faked(config, at);
        later.dir = dir;
        ServerProcess server(later);
        auto kiosk = login(server, config, "kiosk-1");
        issue_ok(*kiosk, "A", "day-" + std::to_string(day));
        if (day == 7) {
            Json replay = issue(*kiosk, "A", "kiosk-1:week");
            REQUIRE(is_ok(replay));
            CHECK(replay["replayed"] == true);
            CHECK(replay["ticket"]["id"] == original["id"]);
            CHECK(replay["ticket"]["service_day"] == "2026-11-22");
            CHECK(replay["ticket"]["status"] == "cancelled");
        }
        server.terminate();
        REQUIRE(server.wait(10s) == 0);
    }
}
