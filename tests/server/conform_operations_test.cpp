// Conformance: every operation of PROTOCOL.md's table, its reply fields, who
// may use it, not_found, and the precedence of errors.
#include "conformance.hpp"

#include <map>
#include <set>

using namespace conform;

namespace {

void check_ticket_shape(const Json& ticket) {
    CAPTURE(ticket.dump());
    REQUIRE(ticket.is_object());
    CHECK(ticket["id"].is_number_integer());
    CHECK(ticket["number"].is_string());
    CHECK(ticket["service"].is_string());
    CHECK(ticket["priority"].is_boolean());
    const std::set<std::string> statuses = {"waiting", "called", "done", "skipped", "cancelled"};
    REQUIRE(ticket["status"].is_string());
    CHECK(statuses.count(ticket["status"].get<std::string>()) == 1);
    CHECK(ticket.contains("counter"));
    CHECK((ticket["counter"].is_null() || ticket["counter"].is_string()));
    CHECK(ticket["calls"].is_number_integer());
    CHECK(ticket["service_day"].is_string());
    REQUIRE(ticket["issued_at"].is_string());
    // ISO-8601 with the hospital's local offset.
    CHECK(ticket["issued_at"].get<std::string>().find("+07:00") != std::string::npos);
    CHECK(ticket.contains("called_at"));
    CHECK(ticket.contains("finished_at"));
}

void check_counter_shape(const Json& counter) {
    CAPTURE(counter.dump());
    CHECK(counter["id"].is_string());
    CHECK(counter["name"].is_string());
    CHECK(counter["services"].is_array());
    CHECK(counter["open"].is_boolean());
    REQUIRE(counter.contains("current"));
    if (!counter["current"].is_null()) check_ticket_shape(counter["current"]);
}

}  // namespace

TEST_CASE("operations: each operation answers with the documented fields") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");

    Json ping = ok(*admin, {{"type", "ping"}});
    REQUIRE(ping["now"].is_string());
    CHECK(ping["now"].get<std::string>().find("+07:00") != std::string::npos);

    Json list = ok(*admin, {{"type", "services.list"}});
    CHECK(list["service_day"] == jakarta_today());
    REQUIRE(list["services"].size() == 4);
    for (const auto& service : list["services"]) {
        CAPTURE(service.dump());
        CHECK(service["code"].is_string());
        CHECK(service["name"].is_string());
        CHECK(service["prefix"].is_string());
        CHECK(service["open"] == true);
        CHECK(service["waiting"] == 0);
        CHECK(service["est_wait_s"].is_number_integer());
    }
    CHECK(list["services"][0]["code"] == "A");
    CHECK(list["services"][0]["name"] == "Pendaftaran A");
    CHECK(list["services"][2]["prefix"] == "P");
    REQUIRE(list["counters"].size() == 3);
    for (const auto& counter : list["counters"]) {
        check_counter_shape(counter);
        CHECK(counter["open"] == true);
        CHECK(counter["current"].is_null());
    }
    CHECK(list["counters"][0]["services"] == Json::array({"A", "B", "PR"}));

    Json issued = issue(*admin, "A", "ops-1");
    REQUIRE(is_ok(issued));
    check_ticket_shape(issued["ticket"]);
    CHECK(issued["ticket"]["number"] == "A001");
    CHECK(issued["ticket"]["service"] == "A");
    CHECK(issued["ticket"]["status"] == "waiting");
    CHECK(issued["ticket"]["counter"].is_null());
    CHECK(issued["ticket"]["calls"] == 0);
    CHECK(issued["ticket"]["priority"] == false);
    CHECK(issued["ticket"]["service_day"] == jakarta_today());
    CHECK(issued["ticket"]["called_at"].is_null());
    CHECK(issued["ticket"]["finished_at"].is_null());
    CHECK(issued["ahead"] == 0);
    CHECK(issued["est_wait_s"].is_number_integer());
    CHECK(issued["replayed"] == false);
    const std::int64_t first = issued["ticket"]["id"].get<std::int64_t>();
    Json second = issue(*admin, "A", "ops-2", {{"patient", {{"kind", "bpjs"}, {"nik", "3505010101010001"}, {"card_no", "0001234567890"}, {"booking_code", "BK-1"}}}});
    REQUIRE(is_ok(second));
    CHECK(second["ahead"] == 1);
    CHECK(second["ticket"]["number"] == "A002");

    Json got = ok(*admin, {{"type", "ticket.get"}, {"ticket", second["ticket"]["id"]}});
    check_ticket_shape(got["ticket"]);
    CHECK(got["ticket"] == second["ticket"]);
    CHECK(got["ahead"] == 1);
    Json by_number = ok(*admin, {{"type", "ticket.get"}, {"number", "A002"}});
    CHECK(by_number["ticket"]["id"] == second["ticket"]["id"]);
    Json by_number_day = ok(*admin, {{"type", "ticket.get"}, {"number", "A001"}, {"service_day", jakarta_today()}});
    CHECK(by_number_day["ticket"]["id"] == first);
    CHECK(by_number_day["ahead"] == 0);

    Json called = ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});
    check_ticket_shape(called["ticket"]);
    CHECK(called["ticket"]["id"] == first);
    CHECK(called["ticket"]["status"] == "called");
    CHECK(called["ticket"]["counter"] == "L1");
    CHECK(called["ticket"]["calls"] == 1);
    CHECK(called["ticket"]["called_at"].is_string());

    Json recalled = ok(*admin, {{"type", "counter.recall"}, {"counter", "L1"}});
    CHECK(recalled["ticket"]["id"] == first);
    CHECK(recalled["ticket"]["calls"] == 2);

    Json finished = ok(*admin, {{"type", "counter.finish"}, {"counter", "L1"}});
    CHECK(finished["ticket"]["id"] == first);
    CHECK(finished["ticket"]["status"] == "done");
    CHECK(finished["ticket"]["finished_at"].is_string());

    Json chosen = ok(*admin, {{"type", "counter.call"}, {"counter", "L2"}, {"ticket", second["ticket"]["id"]}});
    CHECK(chosen["ticket"]["status"] == "called");
    CHECK(chosen["ticket"]["counter"] == "L2");

    Json skipped = ok(*admin, {{"type", "counter.skip"}, {"counter", "L2"}});
    CHECK(skipped["ticket"]["status"] == "skipped");

    Json requeued = ok(*admin, {{"type", "ticket.requeue"}, {"ticket", second["ticket"]["id"]}});
    CHECK(requeued["ticket"]["status"] == "waiting");
    CHECK(requeued["ticket"]["number"] == "A002");

    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L2"}});
    Json transferred = ok(*admin, {{"type", "counter.transfer"}, {"counter", "L2"}, {"to_service", "B"}});
    CHECK(transferred["ticket"]["status"] == "waiting");
    CHECK(transferred["ticket"]["service"] == "B");
    CHECK(transferred["ticket"]["number"] == "A002");

    Json closed = ok(*admin, {{"type", "counter.close"}, {"counter", "L3"}, {"reason", "istirahat"}});
    check_counter_shape(closed["counter"]);
    CHECK(closed["counter"]["id"] == "L3");
    CHECK(closed["counter"]["open"] == false);
    Json opened = ok(*admin, {{"type", "counter.open"}, {"counter", "L3"}});
    CHECK(opened["counter"]["open"] == true);

    Json cancelled = ok(*admin, {{"type", "ticket.cancel"}, {"ticket", second["ticket"]["id"]}});
    CHECK(cancelled["ticket"]["status"] == "cancelled");

    CHECK(is_ok(admin->request({{"type", "announce"}, {"text", "Selamat pagi"}})));
    CHECK(is_ok(admin->request({{"type", "announce"}, {"text", std::string(500, 'a')}})));
    std::string five_hundred_wide;
    for (int i = 0; i < 500; ++i) five_hundred_wide += "\xc3\xa9";  // 'é': 500 characters, 1000 bytes
    CHECK(is_ok(admin->request({{"type", "announce"}, {"text", five_hundred_wide}})));

    Json stats = ok(*admin, {{"type", "stats.day"}});
    CHECK(stats["day"] == jakarta_today());
    REQUIRE(stats["services"].size() == 4);
    for (const auto& row : stats["services"]) {
        for (const char* key : {"issued", "served", "skipped", "waiting", "avg_wait_s", "p90_wait_s", "avg_service_s"}) {
            CAPTURE(key);
            CHECK(row[key].is_number_integer());
        }
    }

    Json subscribed = admin->request({{"type", "subscribe"}});
    REQUIRE(is_ok(subscribed));
    CHECK(subscribed["seq"].is_number_integer());
    auto snapshot = admin->next_push(5s);
    REQUIRE(snapshot.has_value());
    CHECK((*snapshot)["type"] == "snapshot");
}

TEST_CASE("roles: who may use each operation; everyone else is forbidden") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    std::map<std::string, std::unique_ptr<LineClient>> clients;
    clients["kiosk"] = login(server, config, "kiosk-1");
    clients["display"] = login(server, config, "hall-1");
    clients["counter"] = login(server, config, "loket-1");
    clients["admin"] = login(server, config, "admin");

    int serial = 0;
    // Builds a request that is valid and names existing things, so that only the role decides.
    auto build = [&](const std::string& type) -> Json {
        Json waiting = issue_ok(*admin, "A", "role-seed-" + std::to_string(serial++));
        const auto id = waiting["id"];
        if (type == "ticket.issue") return {{"type", type}, {"service", "A"}, {"request_id", "role-" + std::to_string(serial++)}};
        if (type == "ticket.get") return {{"type", type}, {"ticket", id}};
        if (type == "counter.call") return {{"type", type}, {"counter", "L1"}, {"ticket", id}};
        if (type == "counter.transfer") return {{"type", type}, {"counter", "L1"}, {"to_service", "B"}};
        if (type.rfind("counter.", 0) == 0) return {{"type", type}, {"counter", "L1"}};
        if (type == "ticket.requeue" || type == "ticket.cancel") return {{"type", type}, {"ticket", id}};
        if (type == "announce") return {{"type", type}, {"text", "Uji"}};
        return {{"type", type}};
    };
    const std::map<std::string, std::set<std::string>> allowed = {
        {"ping", {"kiosk", "display", "counter", "admin"}},
        {"services.list", {"kiosk", "display", "counter", "admin"}},
        {"ticket.issue", {"kiosk", "admin"}},
        {"ticket.get", {"kiosk", "display", "counter", "admin"}},
        {"counter.call_next", {"counter", "admin"}},
        {"counter.call", {"counter", "admin"}},
        {"counter.recall", {"counter", "admin"}},
        {"counter.skip", {"counter", "admin"}},
        {"counter.finish", {"counter", "admin"}},
        {"counter.transfer", {"counter", "admin"}},
        {"counter.open", {"counter", "admin"}},
        {"counter.close", {"counter", "admin"}},
        {"ticket.requeue", {"counter", "admin"}},
        {"ticket.cancel", {"admin"}},
        {"announce", {"admin"}},
        {"stats.day", {"admin"}},
        {"subscribe", {"display", "counter", "admin"}},
    };
    for (const auto& [type, roles] : allowed) {
        for (auto& [role, client] : clients) {
            CAPTURE(type);
            CAPTURE(role);
            Json answer = client->request(build(type));
            REQUIRE_MESSAGE(answer["type"] == "reply", answer.dump());
            const std::string code = code_of(answer);
            if (roles.count(role)) {
                CHECK_MESSAGE(code != "forbidden", answer.dump());
                CHECK_MESSAGE(code != "unauthorized", answer.dump());
            } else {
                CHECK_MESSAGE(code == "forbidden", answer.dump());
            }
            // Keep the counter open for the next rounds.
            if (type == "counter.close" && code.empty()) ok(*admin, {{"type", "counter.open"}, {"counter", "L1"}});
        }
    }
}

TEST_CASE("roles: a counter device may act only on its own counter") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    auto loket1 = login(server, config, "loket-1");
    Json waiting = issue_ok(*admin, "A", "own-1");
    // L2 has a current ticket, so only the device decides.
    Json busy = issue_ok(*admin, "A", "own-2");
    ok(*admin, {{"type", "counter.call"}, {"counter", "L2"}, {"ticket", busy["id"]}});

    const std::vector<Json> requests = {
        {{"type", "counter.call_next"}, {"counter", "L2"}},
        {{"type", "counter.call"}, {"counter", "L2"}, {"ticket", waiting["id"]}},
        {{"type", "counter.recall"}, {"counter", "L2"}},
        {{"type", "counter.skip"}, {"counter", "L2"}},
        {{"type", "counter.finish"}, {"counter", "L2"}},
        {{"type", "counter.transfer"}, {"counter", "L2"}, {"to_service", "B"}},
        {{"type", "counter.close"}, {"counter", "L2"}},
        {{"type", "counter.open"}, {"counter", "L2"}},
        {{"type", "counter.close"}, {"counter", "L3"}},
    };
    for (const auto& request : requests) {
        CAPTURE(request.dump());
        CHECK(code_of(loket1->request(request)) == "forbidden");
    }
    // Nothing changed at L2.
    Json l2 = counter_state(*admin, "L2");
    CHECK(l2["open"] == true);
    REQUIRE(l2["current"].is_object());
    CHECK(l2["current"]["id"] == busy["id"]);
    CHECK(l2["current"]["calls"] == 1);
    CHECK(counter_state(*admin, "L3")["open"] == true);

    // Its own counter works.
    Json own = ok(*loket1, {{"type", "counter.call_next"}, {"counter", "L1"}});
    CHECK(own["ticket"]["id"] == waiting["id"]);
}

TEST_CASE("roles: ticket.requeue is open to every counter device (it names no counter)") {
    // PROTOCOL.md: ticket.requeue, who = counter, admin; the only limit on a
    // counter device is the counter its configuration names, and requeue names none.
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    auto loket3 = login(server, config, "loket-3");  // L3 serves B only
    Json a = issue_ok(*admin, "A", "rq-1");
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});
    ok(*admin, {{"type", "counter.skip"}, {"counter", "L1"}});
    Json requeued = loket3->request({{"type", "ticket.requeue"}, {"ticket", a["id"]}});
    CHECK_MESSAGE(is_ok(requeued), requeued.dump());
}

TEST_CASE("not_found: unknown service, to_service, counter or ticket") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    auto kiosk = login(server, config, "kiosk-1");
    Json waiting = issue_ok(*admin, "A", "nf-seed");
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});

    const std::vector<std::pair<LineClient*, Json>> requests = {
        {kiosk.get(), {{"type", "ticket.issue"}, {"service", "ZZ"}, {"request_id", "nf-1"}}},
        {kiosk.get(), {{"type", "ticket.issue"}, {"service", "a"}, {"request_id", "nf-2"}}},
        {kiosk.get(), {{"type", "ticket.issue"}, {"service", ""}, {"request_id", "nf-3"}}},
        {admin.get(), {{"type", "counter.transfer"}, {"counter", "L1"}, {"to_service", "ZZ"}}},
        {admin.get(), {{"type", "counter.call_next"}, {"counter", "L9"}}},
        {admin.get(), {{"type", "counter.call"}, {"counter", "L9"}, {"ticket", waiting["id"]}}},
        {admin.get(), {{"type", "counter.recall"}, {"counter", "L9"}}},
        {admin.get(), {{"type", "counter.skip"}, {"counter", "L9"}}},
        {admin.get(), {{"type", "counter.finish"}, {"counter", "L9"}}},
        {admin.get(), {{"type", "counter.transfer"}, {"counter", "L9"}, {"to_service", "B"}}},
        {admin.get(), {{"type", "counter.open"}, {"counter", "L9"}}},
        {admin.get(), {{"type", "counter.close"}, {"counter", "l1"}}},
        {admin.get(), {{"type", "counter.call"}, {"counter", "L2"}, {"ticket", 999999}}},
        {admin.get(), {{"type", "ticket.get"}, {"ticket", 999999}}},
        {admin.get(), {{"type", "ticket.get"}, {"ticket", -1}}},
        {admin.get(), {{"type", "ticket.get"}, {"number", "A999"}}},
        {admin.get(), {{"type", "ticket.get"}, {"number", "A001"}, {"service_day", "2020-01-01"}}},
        {admin.get(), {{"type", "ticket.requeue"}, {"ticket", 999999}}},
        {admin.get(), {{"type", "ticket.cancel"}, {"ticket", 999999}}},
    };
    for (const auto& [client, request] : requests) {
        CAPTURE(request.dump());
        CHECK(code_of(client->request(request)) == "not_found");
    }
    // The called ticket is untouched by the failed transfer.
    Json l1 = counter_state(*admin, "L1");
    REQUIRE(l1["current"].is_object());
    CHECK(l1["current"]["id"] == waiting["id"]);
    CHECK(l1["current"]["status"] == "called");
}

TEST_CASE("precedence: bad_request, then unknown_type, then not_found, then forbidden, then state") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    auto kiosk = login(server, config, "kiosk-1");
    auto display = login(server, config, "hall-1");
    auto loket1 = login(server, config, "loket-1");
    auto loket3 = login(server, config, "loket-3");
    Json a_ticket = issue_ok(*admin, "A", "pr-1");
    ok(*admin, {{"type", "counter.close"}, {"counter", "L2"}});

    struct Case {
        LineClient* client;
        Json request;
        const char* expected;
    };
    const std::vector<Case> cases = {
        // bad_request beats everything after it.
        {admin.get(), {{"type", 5}}, "bad_request"},
        {admin.get(), {{"type", "counter.transfer"}, {"counter", "L9"}, {"to_service", 5}}, "bad_request"},
        {admin.get(), {{"type", "ticket.issue"}, {"service", "ZZ"}, {"request_id", "pr-2"}, {"priority", "ya"}}, "bad_request"},
        {display.get(), {{"type", "ticket.issue"}, {"service", "A"}}, "bad_request"},
        {kiosk.get(), {{"type", "counter.call_next"}, {"counter", 5}}, "bad_request"},
        {kiosk.get(), {{"type", "counter.call_next"}}, "bad_request"},
        {loket1.get(), {{"type", "counter.call_next"}, {"counter", Json::array({"L2"})}}, "bad_request"},
        {kiosk.get(), {{"type", "ticket.cancel"}, {"ticket", "1"}}, "bad_request"},
        {kiosk.get(), {{"type", "announce"}}, "bad_request"},
        {display.get(), {{"type", "stats.day"}, {"day", 20261122}}, "bad_request"},
        // unknown_type beats not_found and forbidden.
        {kiosk.get(), {{"type", "counter.explode"}, {"counter", "L9"}}, "unknown_type"},
        {display.get(), {{"type", "ticket.delete"}, {"ticket", 999999}}, "unknown_type"},
        // not_found beats forbidden.
        {kiosk.get(), {{"type", "counter.call_next"}, {"counter", "L9"}}, "not_found"},
        {display.get(), {{"type", "ticket.issue"}, {"service", "ZZ"}, {"request_id", "pr-3"}}, "not_found"},
        {loket1.get(), {{"type", "counter.call"}, {"counter", "L2"}, {"ticket", 999999}}, "not_found"},
        {loket1.get(), {{"type", "ticket.cancel"}, {"ticket", 999999}}, "not_found"},
        {kiosk.get(), {{"type", "ticket.requeue"}, {"ticket", 999999}}, "not_found"},
        {loket1.get(), {{"type", "counter.transfer"}, {"counter", "L2"}, {"to_service", "ZZ"}}, "not_found"},
        // forbidden beats the state errors.
        {kiosk.get(), {{"type", "counter.recall"}, {"counter", "L1"}}, "forbidden"},
        {loket1.get(), {{"type", "counter.recall"}, {"counter", "L2"}}, "forbidden"},
        {loket1.get(), {{"type", "counter.call_next"}, {"counter", "L2"}}, "forbidden"},
        {loket3.get(), {{"type", "counter.call"}, {"counter", "L3"}, {"ticket", a_ticket["id"]}}, "forbidden"},
        {kiosk.get(), {{"type", "ticket.requeue"}, {"ticket", a_ticket["id"]}}, "forbidden"},
        {display.get(), {{"type", "ticket.issue"}, {"service", "Q"}, {"request_id", "pr-4"}}, "forbidden"},
        // State errors last.
        {loket1.get(), {{"type", "counter.recall"}, {"counter", "L1"}}, "invalid_state"},
        {loket1.get(), {{"type", "ticket.requeue"}, {"ticket", a_ticket["id"]}}, "invalid_state"},
        {admin.get(), {{"type", "counter.call_next"}, {"counter", "L2"}}, "invalid_state"},
        {loket3.get(), {{"type", "counter.call_next"}, {"counter", "L3"}}, "queue_empty"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.request.dump());
        CHECK(code_of(c.client->request(c.request)) == std::string(c.expected));
    }
    // Quota gone, then a display asks: still forbidden, not quota_exhausted.
    for (int i = 0; i < 3; ++i) issue_ok(*kiosk, "Q", "q-" + std::to_string(i));
    CHECK(code_of(issue(*kiosk, "Q", "q-over")) == "quota_exhausted");
    CHECK(code_of(issue(*display, "Q", "q-display")) == "forbidden");
    CHECK(code_of(issue(*display, "Q", "q-display", {{"patient", "x"}})) == "bad_request");
}
