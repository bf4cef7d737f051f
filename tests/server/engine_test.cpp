// Unit tests of the queue engine: the operations and rules of PROTOCOL.md,
// driven directly (no sockets) over a real SQLite database with a clock the
// test moves. Requests are the typed structs of protocol_requests.hpp; the
// malformed ones (the refusals of the wire) stay raw JSON.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "anoman/config.hpp"
#include "anoman/protocol_requests.hpp"
#include "engine.hpp"
#include "wib_time.hpp"

using namespace anoman;
using namespace anoman::server;
using proto::Json;
using anoman::testing::wib;

namespace {

// A ticket's id, as requests carry it.
std::int64_t id_of(const Json& ticket) { return ticket["id"].get<std::int64_t>(); }

Json test_config_json() {
    return Json::parse(R"({
      "hospital": {"name": "RSUD Uji", "timezone": "Asia/Jakarta"},
      "services": [
        {"code": "A", "name": "Pendaftaran BPJS", "prefix": "A", "daily_quota": 3},
        {"code": "B", "name": "Pendaftaran Umum", "prefix": "B"},
        {"code": "P", "name": "Prioritas", "prefix": "P", "priority": true},
        {"code": "PG", "name": "Poli Gigi", "prefix": "G", "hours": "08:00-12:00"}
      ],
      "counters": [
        {"id": "L1", "name": "Loket 1", "services": ["A", "B", "P"]},
        {"id": "L2", "name": "Loket 2", "services": ["A"]},
        {"id": "R1", "name": "Ruang Gigi", "services": ["PG"]}
      ],
      "devices": [
        {"id": "kiosk-1", "role": "kiosk", "token": "k"},
        {"id": "loket-1", "role": "counter", "counter": "L1", "token": "c1"},
        {"id": "loket-2", "role": "counter", "counter": "L2", "token": "c2"},
        {"id": "hall-1", "role": "display", "token": "d"},
        {"id": "admin", "role": "admin", "token": "a"}
      ]
    })");
}

struct Fixture {
    Config config = parse_config(test_config_json());
    Database db{":memory:"};
    SysMillis now = wib(22, 8, 0);
    Engine engine{config, db, "epoch-1", [this] { return now; }};
    Caller kiosk{"kiosk-1", proto::Role::kiosk, std::nullopt};
    Caller loket1{"loket-1", proto::Role::counter, std::string("L1")};
    Caller loket2{"loket-2", proto::Role::counter, std::string("L2")};
    Caller hall{"hall-1", proto::Role::display, std::nullopt};
    Caller admin{"admin", proto::Role::admin, std::nullopt};
    int next_id = 1;
    int next_request = 1;

    Outcome run(const Caller& caller, Json request) {
        request["id"] = next_id++;
        return engine.handle(caller, request);
    }
    Json ok(const Caller& caller, Json request) {
        Outcome outcome = run(caller, std::move(request));
        INFO(outcome.line.dump());
        REQUIRE(outcome.line["ok"] == true);
        return outcome.line;
    }
    std::string error(const Caller& caller, Json request) {
        Outcome outcome = run(caller, std::move(request));
        INFO(outcome.line.dump());
        REQUIRE(outcome.line["type"] == "reply");
        REQUIRE(outcome.line["ok"] == false);
        CHECK(outcome.events.empty());
        return outcome.line["error"]["code"].get<std::string>();
    }
    Json issue(const std::string& service, bool priority = false) {
        return ok(kiosk, proto::TicketIssueRequest{.service = service,
                                                   .request_id = "r" + std::to_string(next_request++),
                                                   .priority = priority})["ticket"];
    }
    Json call_next(const Caller& caller, const std::string& counter) {
        return ok(caller, proto::CounterCallNextRequest{counter})["ticket"];
    }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "hello: welcome for a configured device, refusals otherwise") {
    Outcome welcome = engine.hello(proto::Hello{.role = proto::Role::kiosk, .device = "kiosk-1", .token = "k"});
    CHECK(welcome.line["type"] == "welcome");
    CHECK(welcome.line["epoch"] == "epoch-1");
    CHECK(welcome.line["service_day"] == "2026-11-22");
    CHECK(welcome.line["hospital"]["name"] == "RSUD Uji");
    REQUIRE(welcome.caller);
    CHECK(welcome.caller->role == proto::Role::kiosk);

    auto refused = [&](Json hello) {
        Outcome outcome = engine.hello(hello);
        CHECK(outcome.close_after);
        CHECK_FALSE(outcome.caller);
        return outcome.line["code"].get<std::string>();
    };
    CHECK(refused(proto::Hello{.role = proto::Role::kiosk, .device = "kiosk-1", .token = "bad"}) == "unauthorized");
    CHECK(refused(proto::Hello{.role = proto::Role::admin, .device = "kiosk-1", .token = "k"}) == "unauthorized");
    CHECK(refused(proto::Hello{.role = proto::Role::kiosk, .device = "nobody", .token = "k"}) == "unauthorized");
    // Another version, a string for the version, a request for a hello: raw.
    CHECK(refused({{"type", "hello"}, {"proto", 2}, {"role", "kiosk"}, {"device", "kiosk-1"}, {"token", "k"}}) == "unsupported_proto");
    CHECK(refused({{"type", "hello"}, {"proto", "1"}, {"role", "kiosk"}, {"device", "kiosk-1"}, {"token", "k"}}) == "unauthorized");
    CHECK(refused({{"type", "ping"}, {"id", 1}}) == "unauthorized");
}

TEST_CASE_FIXTURE(Fixture, "numbering is per service and day, zero padded, with no gaps") {
    CHECK(issue("B")["number"] == "B001");
    CHECK(issue("B")["number"] == "B002");
    CHECK(issue("A")["number"] == "A001");
    for (int i = 3; i <= 12; ++i) issue("B");
    CHECK(issue("B")["number"] == "B013");
    CHECK(proto::format_ticket_number("A", 999) == "A999");
    CHECK(proto::format_ticket_number("A", 1000) == "A1000");
}

TEST_CASE_FIXTURE(Fixture, "issue is idempotent on device and request_id, whatever else the retry says") {
    Json first = ok(kiosk, proto::TicketIssueRequest{.service = "B", .request_id = "kiosk-1:7"});
    CHECK(first["replayed"] == false);
    // Raw: a number where the service belongs; the retry is answered before it is read.
    Outcome retry = run(kiosk, {{"type", "ticket.issue"}, {"service", 42}, {"request_id", "kiosk-1:7"}});
    CHECK(retry.line["ok"] == true);
    CHECK(retry.line["replayed"] == true);
    CHECK(retry.line["ticket"]["id"] == first["ticket"]["id"]);
    CHECK(retry.events.empty());
    // Another device with the same request_id is another patient.
    Json other = ok(admin, proto::TicketIssueRequest{.service = "B", .request_id = "kiosk-1:7"});
    CHECK(other["ticket"]["number"] == "B002");
    // Days later the key still answers with the same (now cancelled) ticket.
    now = wib(26, 9, 0);
    Json later = ok(kiosk, proto::TicketIssueRequest{.service = "B", .request_id = "kiosk-1:7"});
    CHECK(later["replayed"] == true);
    CHECK(later["ticket"]["number"] == "B001");
    CHECK(later["ticket"]["status"] == "cancelled");
}

TEST_CASE_FIXTURE(Fixture, "call_next: priority first, then longest waiting across the counter's services") {
    issue("A");              // A001 at 08:00
    now += std::chrono::seconds(10);
    issue("B");              // B001
    now += std::chrono::seconds(10);
    issue("P");              // P001, priority by its service
    now += std::chrono::seconds(10);
    issue("B", true);        // B002, priority asked
    CHECK(call_next(loket1, "L1")["number"] == "P001");
    CHECK(call_next(loket1, "L1")["number"] == "B002");
    CHECK(call_next(loket1, "L1")["number"] == "A001");
    CHECK(call_next(loket1, "L1")["number"] == "B001");
    CHECK(error(loket1, proto::CounterCallNextRequest{"L1"}) == "queue_empty");
}

TEST_CASE_FIXTURE(Fixture, "call_next finishes the current ticket first; queue_empty leaves it current") {
    issue("A");
    issue("A");
    Json first = call_next(loket1, "L1");
    Outcome second = run(loket1, proto::CounterCallNextRequest{"L1"});
    REQUIRE(second.events.size() == 2);
    CHECK(second.events[0]["kind"] == "finished");
    CHECK(second.events[0]["ticket"]["id"] == first["id"]);
    CHECK(second.events[0]["ticket"]["status"] == "done");
    CHECK(second.events[1]["kind"] == "called");
    CHECK(second.events[1]["seq"].get<int>() == second.events[0]["seq"].get<int>() + 1);
    const Json current = second.line["ticket"];
    CHECK(error(loket1, proto::CounterCallNextRequest{"L1"}) == "queue_empty");
    Json listed = ok(hall, proto::ServicesListRequest{});
    CHECK(listed["counters"][0]["current"]["id"] == current["id"]);
    CHECK(listed["counters"][0]["current"]["status"] == "called");
}

TEST_CASE_FIXTURE(Fixture, "two counters never get the same ticket") {
    std::set<std::int64_t> seen;
    for (int i = 0; i < 3; ++i) issue("A");  // the daily quota of A in this configuration
    CHECK(seen.insert(call_next(loket1, "L1")["id"].get<std::int64_t>()).second);
    CHECK(seen.insert(call_next(loket2, "L2")["id"].get<std::int64_t>()).second);
    CHECK(seen.insert(call_next(loket1, "L1")["id"].get<std::int64_t>()).second);
    CHECK(error(loket2, proto::CounterCallNextRequest{"L2"}) == "queue_empty");
}

TEST_CASE_FIXTURE(Fixture, "recall, skip, requeue, finish, transfer, cancel") {
    issue("A");
    issue("A");
    Json called = call_next(loket1, "L1");
    Json recalled = ok(loket1, proto::CounterRecallRequest{"L1"})["ticket"];
    CHECK(recalled["calls"] == 2);
    Json skipped = ok(loket1, proto::CounterSkipRequest{"L1"})["ticket"];
    CHECK(skipped["status"] == "skipped");
    CHECK(error(loket1, proto::CounterSkipRequest{"L1"}) == "invalid_state");
    CHECK(error(loket1, proto::CounterFinishRequest{"L1"}) == "invalid_state");

    now += std::chrono::minutes(1);
    Json requeued = ok(loket1, proto::TicketRequeueRequest{id_of(skipped)})["ticket"];
    CHECK(requeued["status"] == "waiting");
    CHECK(error(loket1, proto::TicketRequeueRequest{id_of(skipped)}) == "invalid_state");
    // Back of the queue: A002 (waiting since 08:00) comes before the requeued A001.
    CHECK(call_next(loket1, "L1")["number"] == "A002");

    Outcome transfer = run(loket1, proto::CounterTransferRequest{.to_service = "B", .counter = "L1"});
    REQUIRE(transfer.line["ok"] == true);
    CHECK(transfer.line["ticket"]["number"] == "A002");
    CHECK(transfer.line["ticket"]["service"] == "B");
    CHECK(transfer.line["ticket"]["status"] == "waiting");
    CHECK(transfer.events[0]["from_service"] == "A");
    CHECK(error(loket1, proto::CounterTransferRequest{.to_service = "ZZ", .counter = "L1"}) == "not_found");

    Json next = call_next(loket1, "L1");
    CHECK(next["number"] == "A001");
    Json finished = ok(loket1, proto::CounterFinishRequest{"L1"})["ticket"];
    CHECK(finished["status"] == "done");
    CHECK(finished["finished_at"].is_string());

    CHECK(error(loket1, proto::TicketCancelRequest{id_of(requeued)}) == "forbidden");
    CHECK(error(admin, proto::TicketCancelRequest{id_of(finished)}) == "invalid_state");
    Json cancelled = ok(admin, proto::TicketCancelRequest{id_of(transfer.line["ticket"])})["ticket"];
    CHECK(cancelled["status"] == "cancelled");
}

TEST_CASE_FIXTURE(Fixture, "counter.call picks a waiting ticket out of order") {
    issue("A");
    Json b = issue("B");
    Json g = ok(kiosk, proto::TicketIssueRequest{.service = "PG", .request_id = "g"})["ticket"];
    CHECK(ok(loket1, proto::CounterCallRequest{.ticket = id_of(b), .counter = "L1"})["ticket"]["number"] == "B001");
    CHECK(error(loket1, proto::CounterCallRequest{.ticket = id_of(b), .counter = "L1"}) == "invalid_state");
    CHECK(error(loket1, proto::CounterCallRequest{.ticket = id_of(g), .counter = "L1"}) == "forbidden");
    CHECK(error(loket1, proto::CounterCallRequest{.ticket = 9999, .counter = "L1"}) == "not_found");
}

TEST_CASE_FIXTURE(Fixture, "closed counters cannot call but can still act on their current ticket") {
    issue("A");
    issue("A");
    call_next(loket1, "L1");
    Outcome close = run(loket1, proto::CounterCloseRequest{.counter = "L1", .reason = "istirahat"});
    REQUIRE(close.line["ok"] == true);
    CHECK(close.line["counter"]["open"] == false);
    REQUIRE(close.events.size() == 1);
    CHECK(close.events[0]["kind"] == "counter_closed");
    CHECK(close.events[0]["reason"] == "istirahat");
    // Closing a closed counter succeeds and emits nothing.
    Outcome again = run(loket1, proto::CounterCloseRequest{"L1"});
    CHECK(again.line["ok"] == true);
    CHECK(again.events.empty());
    CHECK(error(loket1, proto::CounterCallNextRequest{"L1"}) == "invalid_state");
    ok(loket1, proto::CounterRecallRequest{"L1"});
    ok(loket1, proto::CounterFinishRequest{"L1"});
    Outcome open = run(loket1, proto::CounterOpenRequest{"L1"});
    CHECK(open.events.size() == 1);
    CHECK(call_next(loket1, "L1")["number"] == "A002");
}

TEST_CASE_FIXTURE(Fixture, "roles, own counter and error precedence") {
    CHECK(error(hall, proto::TicketIssueRequest{.service = "A", .request_id = "x"}) == "forbidden");
    CHECK(error(kiosk, proto::CounterCallNextRequest{"L1"}) == "forbidden");
    CHECK(error(loket1, proto::CounterCallNextRequest{"L2"}) == "forbidden");
    CHECK(error(kiosk, proto::SubscribeRequest{}) == "forbidden");
    CHECK(error(loket1, proto::AnnounceRequest{"hi"}) == "forbidden");
    // bad_request before unknown service before forbidden role.
    CHECK(error(hall, {{"type", "ticket.issue"}, {"service", 5}, {"request_id", "x"}}) == "bad_request");
    CHECK(error(hall, proto::TicketIssueRequest{.service = "ZZ", .request_id = "x"}) == "not_found");
    CHECK(error(kiosk, proto::CounterCallNextRequest{"ZZ"}) == "not_found");
    // Malformed: raw JSON (a missing field, an unknown or misplaced type, a wrong field type).
    CHECK(error(kiosk, {{"type", "counter.call_next"}}) == "bad_request");
    CHECK(error(kiosk, {{"type", "no.such"}}) == "unknown_type");
    CHECK(error(kiosk, {{"type", "hello"}}) == "bad_request");
    CHECK(error(kiosk, {{"type", 7}}) == "bad_request");
    CHECK(error(kiosk, {{"type", "ticket.issue"}, {"service", "A"}}) == "bad_request");  // request_id required
    CHECK(error(kiosk, {{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "p"}, {"priority", "yes"}}) == "bad_request");
    CHECK(error(kiosk, {{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "p"}, {"patient", {{"nik", 5}}}}) == "bad_request");
    // A request without a usable id gets an error line, not a reply.
    Outcome no_id = engine.handle(kiosk, {{"type", "ping"}, {"id", 1.5}});
    CHECK(no_id.line["type"] == "error");
    CHECK(no_id.line["code"] == "bad_request");
    Outcome string_id = engine.handle(kiosk, {{"type", "ping"}, {"id", "abc"}});
    CHECK(string_id.line["id"] == "abc");
    CHECK(string_id.line["now"] == "2026-11-22T08:00:00+07:00");
}

TEST_CASE_FIXTURE(Fixture, "daily quota and practice hours") {
    issue("A");
    issue("A");
    issue("A");
    CHECK(error(kiosk, proto::TicketIssueRequest{.service = "A", .request_id = "q4"}) == "quota_exhausted");
    now = wib(22, 12, 0);  // 12:00 is the end of 08:00-12:00: closed
    CHECK(error(kiosk, proto::TicketIssueRequest{.service = "PG", .request_id = "g1"}) == "service_closed");
    Json listed = ok(kiosk, proto::ServicesListRequest{});
    CHECK(listed["services"][3]["open"] == false);
    now = wib(22, 11, 59);
    CHECK(ok(kiosk, proto::TicketIssueRequest{.service = "PG", .request_id = "g2"})["ticket"]["number"] == "G001");
    CHECK(ok(kiosk, proto::ServicesListRequest{})["services"][3]["open"] == true);
}

TEST_CASE_FIXTURE(Fixture, "day rollover at local midnight cancels the old day and restarts numbering") {
    issue("A");
    issue("A");
    call_next(loket1, "L1");
    ok(loket2, proto::CounterCloseRequest{"L2"});
    now = wib(22, 23, 59, 59);
    CHECK(engine.tick().events.empty());
    now = wib(23, 0, 0, 0);
    Outcome tick = engine.tick();
    REQUIRE(tick.events.size() == 1);
    CHECK(tick.events[0]["kind"] == "day_rollover");
    CHECK(tick.events[0]["service_day"] == "2026-11-23");
    Json listed = ok(hall, proto::ServicesListRequest{});
    CHECK(listed["service_day"] == "2026-11-23");
    CHECK(listed["counters"][0]["current"].is_null());
    CHECK(listed["counters"][1]["open"] == false);  // open/closed survives the night
    CHECK(listed["services"][0]["waiting"] == 0);
    Json old = ok(hall, proto::TicketGetRequest{.number = "A002", .service_day = "2026-11-22"})["ticket"];
    CHECK(old["status"] == "cancelled");
    CHECK(old["finished_at"].is_string());
    CHECK(issue("A")["number"] == "A001");
    CHECK(issue("A")["service_day"] == "2026-11-23");
}

TEST_CASE_FIXTURE(Fixture, "the service day follows the hospital's timezone, not UTC") {
    now = wib(22, 6, 59);  // 2026-11-21 23:59 UTC, already the 22nd in Jakarta
    CHECK(issue("B")["service_day"] == "2026-11-22");
    CHECK(issue("B")["issued_at"] == "2026-11-22T06:59:00+07:00");
}

TEST_CASE_FIXTURE(Fixture, "ahead and estimated wait") {
    issue("B");
    issue("B");
    Json third = ok(kiosk, proto::TicketIssueRequest{.service = "B", .request_id = "third"});
    CHECK(third["ahead"] == 2);
    // No history: 180 s each. L1 is the only counter for B (it also serves A
    // and P, where nobody waits); L1 is free, so it calls the first at once and
    // the third is called after the second's service (wait_estimate.hpp).
    CHECK(third["est_wait_s"] == 360);  // (2 + 1 - 1) * 180 / 1
    Json got = ok(hall, proto::TicketGetRequest{.ticket = id_of(third["ticket"])});
    CHECK(got["ahead"] == 2);
    // An A patient who came before stands ahead of the next B patient in L1's
    // order too, for half: A has two counters, one of them L1.
    issue("A");
    Json fourth = ok(kiosk, proto::TicketIssueRequest{.service = "B", .request_id = "fourth"});
    CHECK(fourth["ahead"] == 3);
    CHECK(fourth["est_wait_s"] == 630);  // (3 + 0.5 + 1 - 1) * 180 / 1
}

TEST_CASE_FIXTURE(Fixture, "before the counters open, the estimate runs from the last day's opening") {
    // Day 1: the counters open at 07:30 and call the first BPJS patient.
    now = wib(22, 7, 0);
    issue("A");
    now = wib(22, 7, 30);
    call_next(loket2, "L2");
    // Day 2 at 06:30: both counters of A closed since last night.
    now = wib(23, 6, 0);
    ok(loket1, proto::CounterCloseRequest{"L1"});
    ok(loket2, proto::CounterCloseRequest{"L2"});
    now = wib(23, 6, 30);
    Json first = ok(kiosk, proto::TicketIssueRequest{.service = "A", .request_id = "early-1"});
    CHECK(first["est_wait_s"] == 3600);  // the opening, then called at once
    // Once a counter is open, the wait is the queue's, not the clock's.
    ok(loket2, proto::CounterOpenRequest{"L2"});
    Json second = ok(kiosk, proto::TicketIssueRequest{.service = "A", .request_id = "early-2"});
    CHECK(second["est_wait_s"].get<int>() < 600);
}

TEST_CASE_FIXTURE(Fixture, "a closed counter serves nobody in the estimate") {
    issue("A");
    issue("A");
    call_next(loket1, "L1");
    call_next(loket2, "L2");
    const proto::TicketIssueRequest request{.service = "A", .request_id = "x1"};
    const int both = ok(kiosk, request)["est_wait_s"];
    ok(loket2, proto::CounterCloseRequest{"L2"});
    // A retry of the same issue answers with the estimate of now.
    const int one = ok(kiosk, request)["est_wait_s"];
    CHECK(one > both);
}

TEST_CASE_FIXTURE(Fixture, "stats.day and stats.counter") {
    issue("A");
    issue("A");
    call_next(loket1, "L1");
    now += std::chrono::seconds(120);
    call_next(loket1, "L1");  // finishes the first after 120 s
    now += std::chrono::seconds(60);
    ok(loket1, proto::CounterSkipRequest{"L1"});
    Json stats = ok(admin, proto::StatsDayRequest{});
    CHECK(stats["day"] == "2026-11-22");
    Json a = stats["services"][0];
    CHECK(a["issued"] == 2);
    CHECK(a["served"] == 1);
    CHECK(a["skipped"] == 1);
    CHECK(a["avg_service_s"] == 120);
    CHECK(a["avg_wait_s"] == 60);   // 0 s and 120 s
    CHECK(a["p90_wait_s"] == 120);
    CHECK(error(admin, proto::StatsDayRequest{.day = "2026-13-01"}) == "bad_request");
    Json mine = ok(loket1, proto::StatsCounterRequest{"L1"});
    CHECK(mine["served"] == 1);
    CHECK(mine["skipped"] == 1);
    CHECK(error(loket1, proto::StatsCounterRequest{"L2"}) == "forbidden");
}

TEST_CASE_FIXTURE(Fixture, "subscribe: snapshot at seq with recent calls newest first") {
    issue("A");
    issue("A");
    call_next(loket1, "L1");
    call_next(loket2, "L2");
    Outcome sub = run(hall, proto::SubscribeRequest{.tickets = true});
    REQUIRE(sub.snapshot);
    const Json& snap = *sub.snapshot;
    CHECK(sub.line["seq"] == 4);  // 2 issued, 2 called
    CHECK(snap["seq"] == sub.line["seq"]);
    CHECK(snap["epoch"] == "epoch-1");
    REQUIRE(snap["recent"].size() == 2);
    CHECK(snap["recent"][0]["counter"] == "L2");
    CHECK(snap["recent"][0]["seq"] == 4);
    CHECK(snap["tickets"].size() == 2);
    proto::Snapshot parsed = snap.get<proto::Snapshot>();
    CHECK(parsed.counters.size() == 3);
}

TEST_CASE_FIXTURE(Fixture, "announcements are limited to 500 characters") {
    CHECK(ok(admin, proto::AnnounceRequest{std::string(500, 'a')}).is_object());
    CHECK(error(admin, proto::AnnounceRequest{std::string(501, 'a')}) == "bad_request");
    // 500 two-byte characters are still 500 characters.
    std::string accented;
    for (int i = 0; i < 500; ++i) accented += "\xC3\xA9";
    CHECK(ok(admin, proto::AnnounceRequest{accented}).is_object());
}

TEST_CASE("state and seq survive reopening a database file") {
    const auto path = std::filesystem::temp_directory_path() / ("anoman-engine-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path);
    Config config = parse_config(test_config_json());
    SysMillis now = wib(22, 9, 0);
    Caller kiosk{"kiosk-1", proto::Role::kiosk, std::nullopt};
    std::int64_t seq_before = 0;
    {
        Database db(path.string());
        Engine engine(config, db, "e1", [&] { return now; });
        engine.handle(kiosk, proto::request_line(proto::TicketIssueRequest{.service = "B", .request_id = "x"}, 1));
        seq_before = engine.last_seq();
    }
    {
        Database db(path.string());
        Engine engine(config, db, "e2", [&] { return now; });
        CHECK(engine.last_seq() == seq_before);
        Outcome again =
            engine.handle(kiosk, proto::request_line(proto::TicketIssueRequest{.service = "B", .request_id = "x"}, 2));
        CHECK(again.line["replayed"] == true);
        Outcome next =
            engine.handle(kiosk, proto::request_line(proto::TicketIssueRequest{.service = "B", .request_id = "y"}, 3));
        CHECK(next.line["ticket"]["number"] == "B002");
        CHECK(next.events[0]["seq"] == seq_before + 1);
    }
    std::filesystem::remove(path);
}

TEST_CASE_FIXTURE(Fixture, "entering a queue in the same millisecond still goes to the back") {
    issue("B");                 // B001
    call_next(loket1, "L1");    // B001 current at L1
    issue("B");                 // B002, same instant
    ok(loket1, proto::CounterTransferRequest{.to_service = "B", .counter = "L1"});
    CHECK(call_next(loket1, "L1")["number"] == "B002");
    ok(loket1, proto::CounterSkipRequest{"L1"});
    issue("B");                 // B003, same instant again
    Json skipped = ok(hall, proto::TicketGetRequest{.number = "B002"})["ticket"];
    ok(loket1, proto::TicketRequeueRequest{id_of(skipped)});
    CHECK(call_next(loket1, "L1")["number"] == "B001");
    CHECK(call_next(loket1, "L1")["number"] == "B003");
    CHECK(call_next(loket1, "L1")["number"] == "B002");
}

TEST_CASE_FIXTURE(Fixture, "a clock stepped back across midnight never moves the service day back") {
    issue("B");
    now = wib(21, 23, 0);  // the clock jumps back to yesterday evening
    CHECK(engine.tick().events.empty());
    Json b2 = issue("B");
    CHECK(b2["number"] == "B002");
    CHECK(b2["service_day"] == "2026-11-22");
    Json first = ok(hall, proto::TicketGetRequest{.number = "B001"})["ticket"];
    CHECK(first["status"] == "waiting");
    // Entry order still holds although the clock went back: B001 first.
    CHECK(call_next(loket1, "L1")["number"] == "B001");
}

TEST_CASE_FIXTURE(Fixture, "any counter device may requeue a skipped ticket (the request names no counter)") {
    issue("A");
    call_next(loket2, "L2");
    Json skipped = ok(loket2, proto::CounterSkipRequest{"L2"})["ticket"];
    Caller loket_r1{"loket-1", proto::Role::counter, std::string("R1")};
    CHECK(ok(loket_r1, proto::TicketRequeueRequest{id_of(skipped)})["ticket"]["status"] == "waiting");
}

TEST_CASE_FIXTURE(Fixture, "events older than a month are pruned in chunks on idle ticks; seq goes on") {
    constexpr int kChunk = 500;  // engine.cpp's kEventPruneChunk
    auto count_events = [&] {
        auto s = db.prepare("SELECT count(*) FROM events");
        REQUIRE(s.step());
        return s.int64(0);
    };
    for (int i = 0; i < 2 * kChunk + 100; ++i) issue("B");  // one "issued" event each
    const auto start = now;
    now = start + std::chrono::days{5};
    engine.tick();  // rollover
    for (int i = 0; i < 5; ++i) issue("B");
    const std::int64_t young = 5 + 1;  // 5 tickets and the rollover
    const std::int64_t total = count_events();
    REQUIRE(total == 2 * kChunk + 100 + young);
    const std::int64_t seq_before = engine.last_seq();

    // 26 days later nothing is a month old yet.
    now = start + std::chrono::days{26};
    engine.tick();
    engine.tick();
    CHECK(count_events() == total + 1);

    // 32 days after the first day: its events go, a chunk per idle tick.
    now = start + std::chrono::days{32};
    Outcome rollover = engine.tick();
    REQUIRE(rollover.events.size() == 1);
    CHECK(count_events() == total + 2);  // the rollover's own batch deletes nothing
    engine.tick();
    CHECK(count_events() == total + 2 - kChunk);
    engine.tick();
    CHECK(count_events() == total + 2 - 2 * kChunk);
    engine.tick();
    CHECK(count_events() == young + 2);
    engine.tick();
    CHECK(count_events() == young + 2);  // the kept month stays

    // seq never goes back, and a new event continues it.
    CHECK(engine.last_seq() == seq_before + 2);
    Outcome issued = run(kiosk, proto::TicketIssueRequest{.service = "B", .request_id = "after-prune"});
    REQUIRE(issued.events.size() == 1);
    CHECK(issued.events[0]["seq"] == seq_before + 3);
}
