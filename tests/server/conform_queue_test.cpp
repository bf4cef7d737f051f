// Conformance: numbering and how counters call, recall, skip, finish, transfer,
// requeue and cancel (PROTOCOL.md "Shapes" and "Rules of the queue").
#include "conformance.hpp"

using namespace conform;

TEST_CASE("numbering: prefix + daily sequence, zero-padded, per service, A999 then A1000") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto kiosk = login(server, config, "kiosk-1");
    CHECK(issue_ok(*kiosk, "A", "n-1")["number"] == "A001");
    CHECK(issue_ok(*kiosk, "B", "n-2")["number"] == "B001");
    CHECK(issue_ok(*kiosk, "A", "n-3")["number"] == "A002");
    CHECK(issue_ok(*kiosk, "PR", "n-4")["number"] == "P001");
    CHECK(issue_ok(*kiosk, "B", "n-5")["number"] == "B002");

    // Up to A1000, pipelined in bursts to stay quick.
    int next = 3;
    while (next <= 1001) {
        std::string burst;
        std::vector<int> expected;
        for (int i = 0; i < 100 && next <= 1001; ++i, ++next) {
            burst += Json{{"type", "ticket.issue"}, {"id", next}, {"service", "A"}, {"request_id", "bulk-" + std::to_string(next)}}.dump() + "\n";
            expected.push_back(next);
        }
        kiosk->send_raw(burst);
        for (int seq : expected) {
            auto reply = kiosk->read_json(10s);
            REQUIRE(reply.has_value());
            REQUIRE_MESSAGE(is_ok(*reply), reply->dump());
            char number[16];
            std::snprintf(number, sizeof number, "A%03d", seq);
            REQUIRE((*reply)["ticket"]["number"] == number);
        }
    }
    auto admin = login(server, config, "admin");
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"number", "A999"}})["ticket"]["number"] == "A999");
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"number", "A1000"}})["ticket"]["number"] == "A1000");
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"number", "A1001"}})["ticket"]["number"] == "A1001");
    CHECK(code_of(admin->request({{"type", "ticket.get"}, {"number", "A1002"}})) == "not_found");
    CHECK(issue_ok(*kiosk, "B", "n-6")["number"] == "B003");
    CHECK(service_state(*admin, "A")["waiting"] == 1001);
}

TEST_CASE("call_next: priority first, then the longest waiting across the counter's services") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto kiosk = login(server, config, "kiosk-1");
    auto admin = login(server, config, "admin");
    Json a1 = issue_ok(*kiosk, "A", "o-1");
    Json b1 = issue_ok(*kiosk, "B", "o-2");
    Json a2 = issue_ok(*kiosk, "A", "o-3");
    Json a3p = issue_ok(*kiosk, "A", "o-4", {{"priority", true}});
    Json p1 = issue_ok(*kiosk, "PR", "o-5");
    Json b2p = issue_ok(*kiosk, "B", "o-6", {{"priority", true}});
    CHECK(a3p["priority"] == true);
    CHECK(p1["priority"] == true);  // a priority service's tickets are priority tickets
    CHECK(a1["priority"] == false);
    // ahead: tickets before it in its own queue.
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"ticket", a2["id"]}})["ahead"] == 2);
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"ticket", a3p["id"]}})["ahead"] == 0);

    // L1 serves A, B, PR: priority tickets by waiting time first, then the rest by waiting time.
    std::vector<std::string> order;
    for (int i = 0; i < 6; ++i) order.push_back(ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}})["ticket"]["number"].get<std::string>());
    CHECK(order == std::vector<std::string>{"A003", "P001", "B002", "A001", "B001", "A002"});
    CHECK(code_of(counter_op(*admin, "counter.call_next", "L1")) == "queue_empty");
}

TEST_CASE("call_next: a counter only calls from the services it serves") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    issue_ok(*admin, "A", "s-1");
    issue_ok(*admin, "PR", "s-2");
    Json b = issue_ok(*admin, "B", "s-3");
    // L3 serves B only: it skips the older A and PR tickets.
    CHECK(ok(*admin, {{"type", "counter.call_next"}, {"counter", "L3"}})["ticket"]["id"] == b["id"]);
    CHECK(code_of(counter_op(*admin, "counter.call_next", "L3")) == "queue_empty");
    // L2 serves A and B, not PR.
    CHECK(ok(*admin, {{"type", "counter.call_next"}, {"counter", "L2"}})["ticket"]["number"] == "A001");
    CHECK(code_of(counter_op(*admin, "counter.call_next", "L2")) == "queue_empty");
    CHECK(ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}})["ticket"]["number"] == "P001");
}

TEST_CASE("call_next: finishes the current ticket first (finished event, then called event); queue_empty changes nothing") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    auto hall = login(server, config, "hall-1");
    subscribe(*hall);
    Json first = issue_ok(*admin, "A", "f-1");
    Json second = issue_ok(*admin, "A", "f-2");
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});
    Json next = ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});
    CHECK(next["ticket"]["id"] == second["id"]);
    Json done = ok(*admin, {{"type", "ticket.get"}, {"ticket", first["id"]}})["ticket"];
    CHECK(done["status"] == "done");
    CHECK(done["finished_at"].is_string());

    // queue_empty: the current ticket stays current and called, and no event is emitted.
    Json empty = counter_op(*admin, "counter.call_next", "L1");
    CHECK(code_of(empty) == "queue_empty");
    Json l1 = counter_state(*admin, "L1");
    REQUIRE(l1["current"].is_object());
    CHECK(l1["current"]["id"] == second["id"]);
    CHECK(l1["current"]["status"] == "called");
    ok(*admin, {{"type", "announce"}, {"text", "penanda"}});

    auto events = events_until_marker(*hall, "penanda");
    CHECK(kinds_of(events) == std::vector<std::string>{"issued", "issued", "called", "finished", "called"});
    REQUIRE(events.size() == 5);
    CHECK(events[3]["ticket"]["id"] == first["id"]);
    CHECK(events[3]["ticket"]["status"] == "done");
    CHECK(events[3]["counter"] == "L1");
    CHECK(events[4]["ticket"]["id"] == second["id"]);
    CHECK(events[4]["counter"] == "L1");
    CHECK(events[4]["seq"].get<std::int64_t>() == events[3]["seq"].get<std::int64_t>() + 1);
}

TEST_CASE("counter.call: out of order; invalid_state if not waiting; forbidden if not served") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    auto loket1 = login(server, config, "loket-1");
    auto loket3 = login(server, config, "loket-3");
    auto hall = login(server, config, "hall-1");
    subscribe(*hall);
    Json a1 = issue_ok(*admin, "A", "c-1");
    Json a2 = issue_ok(*admin, "A", "c-2");
    Json a3 = issue_ok(*admin, "A", "c-3");
    Json b1 = issue_ok(*admin, "B", "c-4");

    // The clerk picks A003 although A001 waits longer.
    Json picked = ok(*loket1, {{"type", "counter.call"}, {"counter", "L1"}, {"ticket", a3["id"]}});
    CHECK(picked["ticket"]["id"] == a3["id"]);
    CHECK(picked["ticket"]["status"] == "called");
    CHECK(picked["ticket"]["counter"] == "L1");
    // Calling another finishes the current one first.
    ok(*loket1, {{"type", "counter.call"}, {"counter", "L1"}, {"ticket", a2["id"]}});
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"ticket", a3["id"]}})["ticket"]["status"] == "done");

    // Not waiting: called (here and elsewhere), done, skipped, cancelled.
    CHECK(code_of(loket1->request({{"type", "counter.call"}, {"counter", "L1"}, {"ticket", a2["id"]}})) == "invalid_state");
    CHECK(code_of(loket1->request({{"type", "counter.call"}, {"counter", "L1"}, {"ticket", a3["id"]}})) == "invalid_state");
    ok(*admin, {{"type", "counter.call"}, {"counter", "L2"}, {"ticket", a1["id"]}});
    CHECK(code_of(loket1->request({{"type", "counter.call"}, {"counter", "L1"}, {"ticket", a1["id"]}})) == "invalid_state");
    ok(*admin, {{"type", "counter.skip"}, {"counter", "L2"}});
    CHECK(code_of(loket1->request({{"type", "counter.call"}, {"counter", "L1"}, {"ticket", a1["id"]}})) == "invalid_state");
    ok(*admin, {{"type", "ticket.cancel"}, {"ticket", a1["id"]}});
    CHECK(code_of(loket1->request({{"type", "counter.call"}, {"counter", "L1"}, {"ticket", a1["id"]}})) == "invalid_state");
    // The failures left L1's current ticket alone.
    CHECK(counter_state(*admin, "L1")["current"]["id"] == a2["id"]);

    // L3 serves B only.
    CHECK(code_of(loket3->request({{"type", "counter.call"}, {"counter", "L3"}, {"ticket", a2["id"]}})) == "forbidden");
    Json a4 = issue_ok(*admin, "A", "c-5");
    CHECK(code_of(loket3->request({{"type", "counter.call"}, {"counter", "L3"}, {"ticket", a4["id"]}})) == "forbidden");
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"ticket", a4["id"]}})["ticket"]["status"] == "waiting");
    CHECK(ok(*loket3, {{"type", "counter.call"}, {"counter", "L3"}, {"ticket", b1["id"]}})["ticket"]["status"] == "called");

    ok(*admin, {{"type", "announce"}, {"text", "penanda"}});
    auto events = events_until_marker(*hall, "penanda");
    std::vector<std::string> kinds = kinds_of(events);
    CHECK(kinds == std::vector<std::string>{"issued", "issued", "issued", "issued", "called", "finished", "called",
                                            "called", "skipped", "cancelled", "issued", "called"});
}

TEST_CASE("recall, skip, finish act on the current ticket; none: invalid_state") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    auto hall = login(server, config, "hall-1");
    subscribe(*hall);
    for (const char* type : {"counter.recall", "counter.skip", "counter.finish"}) {
        CAPTURE(type);
        CHECK(code_of(counter_op(*admin, type, "L1")) == "invalid_state");
    }
    CHECK(code_of(counter_op(*admin, "counter.transfer", "L1", {{"to_service", "B"}})) == "invalid_state");

    Json t = issue_ok(*admin, "A", "r-1");
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});
    Json recalled = ok(*admin, {{"type", "counter.recall"}, {"counter", "L1"}});
    CHECK(recalled["ticket"]["calls"] == 2);
    CHECK(recalled["ticket"]["status"] == "called");
    recalled = ok(*admin, {{"type", "counter.recall"}, {"counter", "L1"}});
    CHECK(recalled["ticket"]["calls"] == 3);
    CHECK(counter_state(*admin, "L1")["current"]["calls"] == 3);

    Json skipped = ok(*admin, {{"type", "counter.skip"}, {"counter", "L1"}});
    CHECK(skipped["ticket"]["id"] == t["id"]);
    CHECK(skipped["ticket"]["status"] == "skipped");
    CHECK(counter_state(*admin, "L1")["current"].is_null());
    CHECK(code_of(counter_op(*admin, "counter.recall", "L1")) == "invalid_state");
    CHECK(code_of(counter_op(*admin, "counter.skip", "L1")) == "invalid_state");
    CHECK(code_of(counter_op(*admin, "counter.finish", "L1")) == "invalid_state");

    Json u = issue_ok(*admin, "A", "r-2");
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});
    Json finished = ok(*admin, {{"type", "counter.finish"}, {"counter", "L1"}});
    CHECK(finished["ticket"]["id"] == u["id"]);
    CHECK(finished["ticket"]["status"] == "done");
    CHECK(finished["ticket"]["finished_at"].is_string());
    CHECK(counter_state(*admin, "L1")["current"].is_null());
    CHECK(code_of(counter_op(*admin, "counter.finish", "L1")) == "invalid_state");

    ok(*admin, {{"type", "announce"}, {"text", "penanda"}});
    auto events = events_until_marker(*hall, "penanda");
    CHECK(kinds_of(events) == std::vector<std::string>{"issued", "called", "recalled", "recalled", "skipped", "issued",
                                                       "called", "finished"});
    REQUIRE(events.size() == 8);
    CHECK(events[2]["ticket"]["calls"] == 2);
    CHECK(events[2]["counter"] == "L1");
    CHECK(events[4]["ticket"]["status"] == "skipped");
    CHECK(events[4]["counter"] == "L1");
}

TEST_CASE("transfer: same number, waiting at the back of to_service's queue, from_service in the event") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    auto hall = login(server, config, "hall-1");
    subscribe(*hall);
    Json a1 = issue_ok(*admin, "A", "t-1");
    Json b1 = issue_ok(*admin, "B", "t-2");
    Json b2 = issue_ok(*admin, "B", "t-3");
    ok(*admin, {{"type", "counter.call"}, {"counter", "L1"}, {"ticket", a1["id"]}});
    Json moved = ok(*admin, {{"type", "counter.transfer"}, {"counter", "L1"}, {"to_service", "B"}});
    CHECK(moved["ticket"]["id"] == a1["id"]);
    CHECK(moved["ticket"]["number"] == "A001");
    CHECK(moved["ticket"]["service"] == "B");
    CHECK(moved["ticket"]["status"] == "waiting");
    CHECK(moved["ticket"]["counter"].is_null());
    CHECK(counter_state(*admin, "L1")["current"].is_null());
    // Behind B001 and B002, though issued before them.
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"ticket", a1["id"]}})["ahead"] == 2);
    CHECK(service_state(*admin, "B")["waiting"] == 3);
    CHECK(service_state(*admin, "A")["waiting"] == 0);
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"number", "A001"}})["ticket"]["service"] == "B");
    // L3 serves only B: it now gets the transferred ticket, after B's own.
    CHECK(ok(*admin, {{"type", "counter.call_next"}, {"counter", "L3"}})["ticket"]["id"] == b1["id"]);
    CHECK(ok(*admin, {{"type", "counter.call_next"}, {"counter", "L3"}})["ticket"]["id"] == b2["id"]);
    Json last = ok(*admin, {{"type", "counter.call_next"}, {"counter", "L3"}});
    CHECK(last["ticket"]["id"] == a1["id"]);
    CHECK(last["ticket"]["number"] == "A001");
    // Transfer to the same service it is in: still same number, back of its queue.
    Json b3 = issue_ok(*admin, "B", "t-4");
    std::this_thread::sleep_for(5ms);  // a distinct millisecond (the same one is its own test below)
    Json again = ok(*admin, {{"type", "counter.transfer"}, {"counter", "L3"}, {"to_service", "B"}});
    CHECK(again["ticket"]["number"] == "A001");
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"ticket", a1["id"]}})["ahead"] == 1);
    (void)b3;

    ok(*admin, {{"type", "announce"}, {"text", "penanda"}});
    auto events = events_until_marker(*hall, "penanda");
    bool saw = false;
    for (const auto& event : events) {
        if (event["kind"] != "transferred") continue;
        saw = true;
        CHECK(event["ticket"]["id"] == a1["id"]);
        CHECK(event["ticket"]["number"] == "A001");
        CHECK(event["ticket"]["status"] == "waiting");
        CHECK(event["from_service"].is_string());
        CHECK(event["counter"].is_string());
        break;
    }
    CHECK(saw);
    CHECK(events[4]["kind"] == "transferred");
    CHECK(events[4]["from_service"] == "A");
    CHECK(events[4]["ticket"]["service"] == "B");
}

TEST_CASE("transfer and requeue go behind a ticket that entered the queue just before, even in the same millisecond") {
    // "the one waiting longest (by the time it entered its current queue)";
    // requeue: "at the back of its queue". Pipelined, so both land together.
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    for (int round = 0; round < 5; ++round) {
        CAPTURE(round);
        const std::string r = std::to_string(round);
        // Transfer: the clerk at L3 sends its current ticket back to B just after a kiosk issued B's next.
        Json old_ticket = issue_ok(*admin, "B", "tt-old-" + r);
        REQUIRE(ok(*admin, {{"type", "counter.call_next"}, {"counter", "L3"}})["ticket"]["id"] == old_ticket["id"]);
        admin->send_raw(Json{{"type", "ticket.issue"}, {"id", "issue-" + r}, {"service", "B"}, {"request_id", "tt-new-" + r}}.dump() + "\n" +
                        Json{{"type", "counter.transfer"}, {"id", "move-" + r}, {"counter", "L3"}, {"to_service", "B"}}.dump() + "\n");
        auto issued = admin->read_json(5s);
        auto moved = admin->read_json(5s);
        REQUIRE(issued.has_value());
        REQUIRE(moved.has_value());
        REQUIRE(is_ok(*issued));
        REQUIRE(is_ok(*moved));
        Json next = ok(*admin, {{"type", "counter.call_next"}, {"counter", "L3"}});
        CHECK_MESSAGE(next["ticket"]["id"] == (*issued)["ticket"]["id"],
                      "the transferred " << old_ticket["number"] << " was called before " << (*issued)["ticket"]["number"]);
        ok(*admin, {{"type", "counter.call_next"}, {"counter", "L3"}});
        ok(*admin, {{"type", "counter.finish"}, {"counter", "L3"}});

        // Requeue: a skipped ticket comes back just after a new one was issued.
        Json skipped = issue_ok(*admin, "B", "rq-old-" + r);
        ok(*admin, {{"type", "counter.call_next"}, {"counter", "L3"}});
        ok(*admin, {{"type", "counter.skip"}, {"counter", "L3"}});
        admin->send_raw(Json{{"type", "ticket.issue"}, {"id", "issue2-" + r}, {"service", "B"}, {"request_id", "rq-new-" + r}}.dump() + "\n" +
                        Json{{"type", "ticket.requeue"}, {"id", "back-" + r}, {"ticket", skipped["id"]}}.dump() + "\n");
        auto issued2 = admin->read_json(5s);
        auto back = admin->read_json(5s);
        REQUIRE(issued2.has_value());
        REQUIRE(back.has_value());
        REQUIRE(is_ok(*issued2));
        REQUIRE(is_ok(*back));
        Json next2 = ok(*admin, {{"type", "counter.call_next"}, {"counter", "L3"}});
        CHECK_MESSAGE(next2["ticket"]["id"] == (*issued2)["ticket"]["id"],
                      "the requeued " << skipped["number"] << " was called before " << (*issued2)["ticket"]["number"]);
        ok(*admin, {{"type", "counter.call_next"}, {"counter", "L3"}});
        ok(*admin, {{"type", "counter.finish"}, {"counter", "L3"}});
    }
}

TEST_CASE("requeue: only a skipped ticket, back to the end of its queue") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    auto loket1 = login(server, config, "loket-1");
    auto hall = login(server, config, "hall-1");
    subscribe(*hall);
    Json a1 = issue_ok(*admin, "A", "q-1");
    Json a2 = issue_ok(*admin, "A", "q-2");
    Json a3 = issue_ok(*admin, "A", "q-3");
    CHECK(code_of(loket1->request({{"type", "ticket.requeue"}, {"ticket", a1["id"]}})) == "invalid_state");  // waiting
    ok(*loket1, {{"type", "counter.call_next"}, {"counter", "L1"}});
    CHECK(code_of(loket1->request({{"type", "ticket.requeue"}, {"ticket", a1["id"]}})) == "invalid_state");  // called
    ok(*loket1, {{"type", "counter.skip"}, {"counter", "L1"}});
    Json back = ok(*loket1, {{"type", "ticket.requeue"}, {"ticket", a1["id"]}});
    CHECK(back["ticket"]["status"] == "waiting");
    CHECK(back["ticket"]["number"] == "A001");
    CHECK(back["ticket"]["counter"].is_null());
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"ticket", a1["id"]}})["ahead"] == 2);
    CHECK(code_of(loket1->request({{"type", "ticket.requeue"}, {"ticket", a1["id"]}})) == "invalid_state");  // waiting again
    // Called again after the two that were waiting.
    CHECK(ok(*loket1, {{"type", "counter.call_next"}, {"counter", "L1"}})["ticket"]["id"] == a2["id"]);
    CHECK(ok(*loket1, {{"type", "counter.call_next"}, {"counter", "L1"}})["ticket"]["id"] == a3["id"]);
    Json recalled = ok(*loket1, {{"type", "counter.call_next"}, {"counter", "L1"}});
    CHECK(recalled["ticket"]["id"] == a1["id"]);
    ok(*loket1, {{"type", "counter.finish"}, {"counter", "L1"}});
    CHECK(code_of(loket1->request({{"type", "ticket.requeue"}, {"ticket", a1["id"]}})) == "invalid_state");  // done
    Json a4 = issue_ok(*admin, "A", "q-4");
    ok(*admin, {{"type", "ticket.cancel"}, {"ticket", a4["id"]}});
    CHECK(code_of(admin->request({{"type", "ticket.requeue"}, {"ticket", a4["id"]}})) == "invalid_state");  // cancelled

    ok(*admin, {{"type", "announce"}, {"text", "penanda"}});
    auto events = events_until_marker(*hall, "penanda");
    int requeued = 0;
    for (const auto& event : events) {
        if (event["kind"] != "requeued") continue;
        ++requeued;
        CHECK(event["ticket"]["id"] == a1["id"]);
        CHECK(event["ticket"]["status"] == "waiting");
    }
    CHECK(requeued == 1);
}

TEST_CASE("cancel: a waiting or called ticket; a called one frees its counter") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    auto hall = login(server, config, "hall-1");
    subscribe(*hall);
    Json a1 = issue_ok(*admin, "A", "x-1");
    Json a2 = issue_ok(*admin, "A", "x-2");
    Json gone = ok(*admin, {{"type", "ticket.cancel"}, {"ticket", a1["id"]}});
    CHECK(gone["ticket"]["status"] == "cancelled");
    CHECK(service_state(*admin, "A")["waiting"] == 1);
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});
    Json called_gone = ok(*admin, {{"type", "ticket.cancel"}, {"ticket", a2["id"]}});
    CHECK(called_gone["ticket"]["status"] == "cancelled");
    CHECK(counter_state(*admin, "L1")["current"].is_null());
    CHECK(code_of(counter_op(*admin, "counter.call_next", "L1")) == "queue_empty");
    // A cancelled ticket keeps its number: the next one does not reuse it.
    CHECK(issue_ok(*admin, "A", "x-3")["number"] == "A003");

    ok(*admin, {{"type", "announce"}, {"text", "penanda"}});
    auto events = events_until_marker(*hall, "penanda");
    CHECK(kinds_of(events) == std::vector<std::string>{"issued", "issued", "cancelled", "called", "cancelled", "issued"});
}
