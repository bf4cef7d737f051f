// Conformance: counters opening and closing, daily quotas, idempotent issue
// and the day's figures (PROTOCOL.md "Rules of the queue", stats.day).
#include "conformance.hpp"

using namespace conform;

TEST_CASE("open/close: idempotent without events; a closed counter cannot call but can finish, skip, recall, transfer") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    auto loket1 = login(server, config, "loket-1");
    auto hall = login(server, config, "hall-1");
    subscribe(*hall);
    for (int i = 0; i < 6; ++i) issue_ok(*admin, "A", "oc-" + std::to_string(i));

    CHECK(ok(*loket1, {{"type", "counter.open"}, {"counter", "L1"}})["counter"]["open"] == true);  // already open: no event
    ok(*loket1, {{"type", "counter.call_next"}, {"counter", "L1"}});
    Json closed = ok(*loket1, {{"type", "counter.close"}, {"counter", "L1"}, {"reason", "istirahat"}});
    CHECK(closed["counter"]["open"] == false);
    CHECK(closed["counter"]["id"] == "L1");
    CHECK(ok(*loket1, {{"type", "counter.close"}, {"counter", "L1"}})["counter"]["open"] == false);  // no event
    CHECK(counter_state(*admin, "L1")["open"] == false);

    CHECK(code_of(counter_op(*loket1, "counter.call_next", "L1")) == "invalid_state");
    Json waiting = ok(*admin, {{"type", "ticket.get"}, {"number", "A004"}})["ticket"];
    CHECK(code_of(loket1->request({{"type", "counter.call"}, {"counter", "L1"}, {"ticket", waiting["id"]}})) == "invalid_state");
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"number", "A004"}})["ticket"]["status"] == "waiting");

    // The current ticket can still be handled.
    CHECK(ok(*loket1, {{"type", "counter.recall"}, {"counter", "L1"}})["ticket"]["calls"] == 2);
    CHECK(ok(*loket1, {{"type", "counter.finish"}, {"counter", "L1"}})["ticket"]["status"] == "done");
    // Give it another current ticket through an open phase, then close again and skip/transfer it.
    ok(*loket1, {{"type", "counter.open"}, {"counter", "L1"}});
    ok(*loket1, {{"type", "counter.call_next"}, {"counter", "L1"}});
    ok(*loket1, {{"type", "counter.close"}, {"counter", "L1"}});
    CHECK(ok(*loket1, {{"type", "counter.skip"}, {"counter", "L1"}})["ticket"]["status"] == "skipped");
    ok(*loket1, {{"type", "counter.open"}, {"counter", "L1"}});
    ok(*loket1, {{"type", "counter.call_next"}, {"counter", "L1"}});
    ok(*loket1, {{"type", "counter.close"}, {"counter", "L1"}});
    CHECK(ok(*loket1, {{"type", "counter.transfer"}, {"counter", "L1"}, {"to_service", "B"}})["ticket"]["status"] == "waiting");
    CHECK(ok(*loket1, {{"type", "counter.open"}, {"counter", "L1"}})["counter"]["open"] == true);
    CHECK(ok(*loket1, {{"type", "counter.open"}, {"counter", "L1"}})["counter"]["open"] == true);  // no event

    ok(*admin, {{"type", "announce"}, {"text", "penanda"}});
    auto events = events_until_marker(*hall, "penanda");
    std::vector<std::string> kinds = kinds_of(events);
    kinds.erase(kinds.begin(), kinds.begin() + 6);  // the six issued
    CHECK(kinds == std::vector<std::string>{"called", "counter_closed", "recalled", "finished", "counter_opened", "called",
                                            "counter_closed", "skipped", "counter_opened", "called", "counter_closed",
                                            "transferred", "counter_opened"});
    for (const auto& event : events) {
        if (event["kind"] == "counter_closed" || event["kind"] == "counter_opened") CHECK(event["counter"] == "L1");
    }
}

TEST_CASE("daily_quota: quota_exhausted after the quota; services.list still lists the service") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto kiosk = login(server, config, "kiosk-1");
    auto admin = login(server, config, "admin");
    std::vector<Json> tickets;
    for (int i = 0; i < 3; ++i) tickets.push_back(issue_ok(*kiosk, "Q", "quota-" + std::to_string(i)));
    CHECK(tickets[2]["number"] == "Q003");
    CHECK(code_of(issue(*kiosk, "Q", "quota-3")) == "quota_exhausted");
    CHECK(code_of(issue(*admin, "Q", "quota-admin")) == "quota_exhausted");
    // Serving or cancelling tickets frees no quota: it caps tickets per day.
    ok(*admin, {{"type", "ticket.cancel"}, {"ticket", tickets[0]["id"]}});
    CHECK(code_of(issue(*kiosk, "Q", "quota-4")) == "quota_exhausted");
    // A retry of an acknowledged request still gets its ticket.
    Json replay = issue(*kiosk, "Q", "quota-1");
    REQUIRE(is_ok(replay));
    CHECK(replay["replayed"] == true);
    CHECK(replay["ticket"]["number"] == "Q002");
    // Other services are unaffected.
    CHECK(issue_ok(*kiosk, "A", "quota-a")["number"] == "A001");
    CHECK(code_of(admin->request({{"type", "ticket.get"}, {"number", "Q004"}})) == "not_found");
    Json stats = ok(*admin, {{"type", "stats.day"}});
    for (const auto& row : stats["services"])
        if (row["code"] == "Q") CHECK(row["issued"] == 3);
}

TEST_CASE("idempotent issue: same (device, request_id) gives the same ticket, replayed, whatever else it says") {
    const Json config = test_config();
    auto dir = anoman::testing::scratch_dir("conform-idem");
    ServerOptions options = with_config(config);
    options.dir = dir;
    Json original;
    {
        ServerProcess server(options);
        auto kiosk = login(server, config, "kiosk-1");
        auto kiosk2 = login(server, config, "kiosk-2");
        original = issue_ok(*kiosk, "A", "kiosk-1:000042");
        const std::vector<Json> retries = {
            {{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "kiosk-1:000042"}},
            {{"type", "ticket.issue"}, {"service", "B"}, {"request_id", "kiosk-1:000042"}},
            {{"type", "ticket.issue"}, {"service", "ZZ"}, {"request_id", "kiosk-1:000042"}},
            {{"type", "ticket.issue"}, {"service", 5}, {"request_id", "kiosk-1:000042"}},
            {{"type", "ticket.issue"}, {"request_id", "kiosk-1:000042"}},
            {{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "kiosk-1:000042"}, {"priority", "ya"}},
            {{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "kiosk-1:000042"}, {"patient", "x"}},
            {{"type", "ticket.issue"}, {"service", "Q"}, {"request_id", "kiosk-1:000042"}, {"priority", true}},
        };
        for (const auto& retry : retries) {
            CAPTURE(retry.dump());
            Json reply = kiosk->request(retry);
            REQUIRE_MESSAGE(is_ok(reply), reply.dump());
            CHECK(reply["replayed"] == true);
            CHECK(reply["ticket"]["id"] == original["id"]);
            CHECK(reply["ticket"]["number"] == "A001");
            CHECK(reply["ticket"]["service"] == "A");
            CHECK(reply.contains("ahead"));
            CHECK(reply.contains("est_wait_s"));
        }
        // From another connection of the same device too.
        auto again = login(server, config, "kiosk-1");
        CHECK(issue(*again, "A", "kiosk-1:000042")["ticket"]["id"] == original["id"]);
        // The key is per device: another kiosk with the same request_id gets its own ticket.
        Json other = issue_ok(*kiosk2, "A", "kiosk-1:000042");
        CHECK(other["number"] == "A002");
        // No number was taken by the retries.
        CHECK(issue_ok(*kiosk, "A", "kiosk-1:000043")["number"] == "A003");
        // A replay after the ticket moved on reports its current state.
        auto admin = login(server, config, "admin");
        ok(*admin, {{"type", "counter.call"}, {"counter", "L1"}, {"ticket", original["id"]}});
        Json replay = issue(*kiosk, "A", "kiosk-1:000042");
        CHECK(replay["replayed"] == true);
        CHECK(replay["ticket"]["status"] == "called");
        server.terminate();
        CHECK(server.wait(10s) == 0);
    }
    {
        // Survives a restart.
        ServerProcess server(options);
        auto kiosk = login(server, config, "kiosk-1");
        Json replay = issue(*kiosk, "A", "kiosk-1:000042");
        REQUIRE(is_ok(replay));
        CHECK(replay["replayed"] == true);
        CHECK(replay["ticket"]["id"] == original["id"]);
        CHECK(replay["ticket"]["number"] == "A001");
        CHECK(issue_ok(*kiosk, "A", "kiosk-1:000044")["number"] == "A004");
    }
}

TEST_CASE("stats.day: issued by the service a ticket was issued for, the rest by its current service") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    issue_ok(*admin, "A", "st-1");
    issue_ok(*admin, "A", "st-2");
    issue_ok(*admin, "A", "st-3");
    issue_ok(*admin, "B", "st-4");
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L2"}});  // A001
    std::this_thread::sleep_for(1100ms);
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L2"}});  // A001 done, A002 called
    ok(*admin, {{"type", "counter.skip"}, {"counter", "L2"}});       // A002 skipped
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L2"}});  // A003
    ok(*admin, {{"type", "counter.transfer"}, {"counter", "L2"}, {"to_service", "B"}});  // A003 -> B
    Json stats = ok(*admin, {{"type", "stats.day"}});
    CHECK(stats["day"] == jakarta_today());
    Json a, b;
    for (const auto& row : stats["services"]) {
        if (row["code"] == "A") a = row;
        if (row["code"] == "B") b = row;
    }
    REQUIRE(a.is_object());
    REQUIRE(b.is_object());
    CHECK(a["issued"] == 3);
    CHECK(a["served"] == 1);
    CHECK(a["skipped"] == 1);
    CHECK(a["waiting"] == 0);
    CHECK(b["issued"] == 1);
    CHECK(b["served"] == 0);
    CHECK(b["skipped"] == 0);
    CHECK(b["waiting"] == 2);
    // A001 was served for about a second.
    CHECK(a["avg_service_s"].get<std::int64_t>() >= 1);
    CHECK(a["avg_service_s"].get<std::int64_t>() <= 3);
    CHECK(a["avg_wait_s"].get<std::int64_t>() >= 0);
    CHECK(a["p90_wait_s"].get<std::int64_t>() >= a["avg_wait_s"].get<std::int64_t>());

    // Another day: its own (empty) figures.
    Json old = ok(*admin, {{"type", "stats.day"}, {"day", "2020-02-29"}});
    CHECK(old["day"] == "2020-02-29");
    for (const auto& row : old["services"]) {
        CHECK(row["issued"] == 0);
        CHECK(row["served"] == 0);
        CHECK(row["waiting"] == 0);
    }
    CHECK(code_of(admin->request({{"type", "stats.day"}, {"day", "2026-02-30"}})) == "bad_request");
}
