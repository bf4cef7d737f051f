// The BPJS journey-to-task rules (BPJS-ANTREAN.md part 1) driven through the
// engine over a real SQLite database, with a clock the test moves: which
// tasks land in the outbox, with which times, in which order; ticket.link.
// Requests are the typed structs of protocol_requests.hpp; a malformed one stays raw JSON.
#include <doctest/doctest.h>

#include "anoman/config.hpp"
#include "anoman/protocol_requests.hpp"
#include "bpjs_outbox.hpp"
#include "engine.hpp"
#include "wib_time.hpp"

using namespace anoman;
using namespace anoman::server;
using proto::Json;
using anoman::testing::wib;

namespace {


std::int64_t ms(SysMillis at) { return at.time_since_epoch().count(); }

Json journey_config(bool with_bpjs = true) {
    Json doc = Json::parse(R"({
      "hospital": {"name": "RSUD Uji", "timezone": "Asia/Jakarta"},
      "bpjs": {"base_url": "http://127.0.0.1:1/antreanrs", "cons_id": "1234",
               "secret_file": "/nonexistent/s", "user_key_file": "/nonexistent/k"},
      "services": [
        {"code": "A", "name": "Pendaftaran BPJS", "prefix": "A", "bpjs": {"role": "admission"}},
        {"code": "B", "name": "Pendaftaran Umum", "prefix": "B"},
        {"code": "C", "name": "Poli Anak", "prefix": "C",
         "bpjs": {"role": "poli", "kodepoli": "ANA", "kodedokter": 12345, "namadokter": "dr. A", "jampraktek": "08:00-12:00"}},
        {"code": "D", "name": "Poli Dalam", "prefix": "D",
         "bpjs": {"role": "poli", "kodepoli": "INT", "kodedokter": 222, "namadokter": "dr. D", "jampraktek": "08:00-12:00"}}
      ],
      "counters": [
        {"id": "L1", "name": "Loket 1", "services": ["A", "B"]},
        {"id": "R1", "name": "Ruang Anak", "services": ["C"]},
        {"id": "R2", "name": "Ruang Dalam", "services": ["D"]}
      ],
      "devices": [
        {"id": "kiosk-1", "role": "kiosk", "token": "k"},
        {"id": "loket-1", "role": "counter", "counter": "L1", "token": "c1"},
        {"id": "hall-1", "role": "display", "token": "d"},
        {"id": "admin", "role": "admin", "token": "a"}
      ]
    })");
    if (!with_bpjs) doc.erase("bpjs");
    return doc;
}

struct Task {
    std::string booking;  // "" while unlinked
    std::string kind;
    int taskid;  // 0 for batal
    std::int64_t waktu;
    bool operator==(const Task&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Task& t) {
    return out << "{" << t.booking << " " << t.kind << " " << t.taskid << " @" << t.waktu << "}";
}

struct Fixture {
    explicit Fixture(bool with_bpjs = true) : config(parse_config(journey_config(with_bpjs))) {}
    Config config;
    Database db{":memory:"};
    SysMillis now = wib(22, 8, 0);
    Engine engine{config, db, "epoch-1", [this] { return now; }};
    Caller kiosk{"kiosk-1", proto::Role::kiosk, std::nullopt};
    Caller loket{"loket-1", proto::Role::counter, std::string("L1")};
    Caller hall{"hall-1", proto::Role::display, std::nullopt};
    Caller admin{"admin", proto::Role::admin, std::nullopt};
    int next_id = 1;

    Json run(const Caller& caller, Json request) {
        request["id"] = next_id++;
        return engine.handle(caller, request).line;
    }
    Json ok(const Caller& caller, Json request) {
        Json line = run(caller, std::move(request));
        INFO(line.dump());
        REQUIRE(line["ok"] == true);
        return line;
    }
    std::string error(const Caller& caller, Json request) {
        Json line = run(caller, std::move(request));
        INFO(line.dump());
        REQUIRE(line["ok"] == false);
        return line["error"]["code"].get<std::string>();
    }
    std::int64_t issue(const std::string& service, const std::string& booking = "") {
        proto::TicketIssueRequest request{.service = service, .request_id = "r" + std::to_string(next_id)};
        if (!booking.empty()) request.patient = proto::Patient{.kind = "bpjs", .booking_code = booking};
        return ok(kiosk, request)["ticket"]["id"].get<std::int64_t>();
    }
    // A counter operation by the admin: at("L1", proto::CounterSkipRequest{}).
    template <typename Request>
    Json at(const std::string& counter, Request request) {
        request.counter = counter;
        return ok(admin, request);
    }
    void later(int seconds) { now += std::chrono::seconds(seconds); }

    std::vector<Task> tasks(std::int64_t ticket) {
        auto s = db.prepare(
            "SELECT COALESCE(booking_code, ''), kind, COALESCE(taskid, 0), waktu_ms FROM bpjs_outbox WHERE ticket_id = ? "
            "ORDER BY id");
        s.bind(1, ticket);
        std::vector<Task> out;
        while (s.step()) out.push_back({s.text(0), s.text(1), static_cast<int>(s.int64(2)), s.int64(3)});
        return out;
    }
    std::int64_t rows() {
        return db.prepare("SELECT COUNT(*) FROM bpjs_outbox").scalar<std::int64_t>();
    }
};

}  // namespace

TEST_CASE("admission then poli: 1, 2, 3, 4, 5 at the events' own instants") {
    Fixture f;
    const auto t1 = f.now;
    const std::int64_t id = f.issue("A", "BK001");
    f.later(300);
    const auto t2 = f.now;
    f.at("L1", proto::CounterCallNextRequest{});
    f.at("L1", proto::CounterRecallRequest{});  // a recall is not a task
    f.later(120);
    const auto t3 = f.now;
    f.at("L1", proto::CounterTransferRequest{.to_service = "C"});
    f.later(600);
    const auto t4 = f.now;
    f.at("R1", proto::CounterCallNextRequest{});
    f.later(900);
    const auto t5 = f.now;
    f.at("R1", proto::CounterFinishRequest{});
    CHECK(f.tasks(id) == std::vector<Task>{{"BK001", "updatewaktu", 1, ms(t1)},
                                           {"BK001", "updatewaktu", 2, ms(t2)},
                                           {"BK001", "updatewaktu", 3, ms(t3)},
                                           {"BK001", "updatewaktu", 4, ms(t4)},
                                           {"BK001", "updatewaktu", 5, ms(t5)}});
}

TEST_CASE("finished at admission is task 3; direct poli check-in is 3, 4, 5") {
    Fixture f;
    const std::int64_t at_admission = f.issue("A", "BK-ADM");
    f.later(10);
    f.at("L1", proto::CounterCallNextRequest{});
    f.later(10);
    f.at("L1", proto::CounterFinishRequest{});
    const auto tasks = f.tasks(at_admission);
    REQUIRE(tasks.size() == 3);
    CHECK(tasks[2].taskid == 3);
    CHECK(tasks[2].waktu == ms(f.now));

    const auto issued = f.now;
    const std::int64_t direct = f.issue("C", "BK-POLI");
    f.later(60);
    f.at("R1", proto::CounterCallNextRequest{});
    f.later(60);
    // call_next finishes the current ticket (task 5) when it calls the next one.
    f.issue("C");
    f.at("R1", proto::CounterCallNextRequest{});
    const auto direct_tasks = f.tasks(direct);
    REQUIRE(direct_tasks.size() == 3);
    CHECK(direct_tasks[0] == Task{"BK-POLI", "updatewaktu", 3, ms(issued)});
    CHECK(direct_tasks[1].taskid == 4);
    CHECK(direct_tasks[2] == Task{"BK-POLI", "updatewaktu", 5, ms(f.now)});
}

TEST_CASE("a transfer from poli to poli, a requeue and a second call are not new tasks") {
    Fixture f;
    const std::int64_t id = f.issue("C", "BK-MOVE");
    f.later(5);
    f.at("R1", proto::CounterCallNextRequest{});
    f.later(5);
    f.at("R1", proto::CounterTransferRequest{.to_service = "D"});
    f.later(5);
    f.at("R2", proto::CounterCallNextRequest{});
    f.later(5);
    f.at("R2", proto::CounterSkipRequest{});
    f.ok(f.admin, proto::TicketRequeueRequest{id});
    f.later(5);
    f.at("R2", proto::CounterCallNextRequest{});
    f.later(5);
    f.at("R2", proto::CounterFinishRequest{});
    std::vector<int> ids;
    for (const Task& t : f.tasks(id)) ids.push_back(t.taskid);
    CHECK(ids == std::vector<int>{3, 4, 5});
}

TEST_CASE("tickets at services without a bpjs role are not reported; without the bpjs block nothing is") {
    Fixture f;
    const std::int64_t umum = f.issue("B", "BK-UMUM");
    f.at("L1", proto::CounterCallNextRequest{});
    f.at("L1", proto::CounterFinishRequest{});
    CHECK(f.tasks(umum).empty());
    // From a non-BPJS registration to a poli: the poli wait starts (3).
    const std::int64_t moved = f.issue("B");
    f.at("L1", proto::CounterCallNextRequest{});
    f.at("L1", proto::CounterTransferRequest{.to_service = "C"});
    REQUIRE(f.tasks(moved).size() == 1);
    CHECK(f.tasks(moved)[0].taskid == 3);

    Fixture off(false);
    off.issue("A", "BK-OFF");
    off.at("L1", proto::CounterCallNextRequest{});
    off.at("L1", proto::CounterTransferRequest{.to_service = "C"});
    CHECK(off.rows() == 0);
    // The link is still kept (the SIMRS may link before BPJS is configured).
    CHECK(off.error(off.kiosk, proto::TicketIssueRequest{.service = "A",
                                                         .request_id = "dup",
                                                         .patient = proto::Patient{.booking_code = "BK-OFF"}}) ==
          "invalid_state");
}

TEST_CASE("cancelled: 99 then antrean/batal with a reason; not after task 5") {
    Fixture f;
    const std::int64_t id = f.issue("A", "BK-CAN");
    f.later(30);
    f.ok(f.admin, proto::TicketCancelRequest{id});
    auto tasks = f.tasks(id);
    REQUIRE(tasks.size() == 3);
    CHECK(tasks[1] == Task{"BK-CAN", "updatewaktu", 99, ms(f.now)});
    CHECK(tasks[2].kind == "batal");
    auto s = f.db.prepare("SELECT keterangan FROM bpjs_outbox WHERE ticket_id = ? AND kind = 'batal'");
    s.bind(1, id);
    REQUIRE(s.step());
    CHECK(s.text(0) == "Antrean dibatalkan oleh petugas rumah sakit");
}

TEST_CASE("no-show: still skipped when the day ends -> 99 at the skip and batal; open tickets -> 99 at the rollover") {
    Fixture f;
    const std::int64_t skipped = f.issue("C", "BK-SKIP");
    const std::int64_t waiting = f.issue("C", "BK-WAIT");
    const std::int64_t done = f.issue("C", "BK-DONE");
    f.later(60);
    f.at("R1", proto::CounterCallNextRequest{});
    f.later(60);
    const auto skipped_at = f.now;
    f.at("R1", proto::CounterSkipRequest{});
    f.later(60);
    f.ok(f.admin, proto::CounterCallRequest{.ticket = done, .counter = "R1"});
    f.at("R1", proto::CounterFinishRequest{});
    CHECK(f.tasks(skipped).size() == 2);  // 3, 4: a skip alone is not a task

    f.now = wib(23, 0, 0, 1);  // the next day
    f.ok(f.hall, proto::PingRequest{});
    auto no_show = f.tasks(skipped);
    REQUIRE(no_show.size() == 4);
    CHECK(no_show[2] == Task{"BK-SKIP", "updatewaktu", 99, ms(skipped_at)});
    CHECK(no_show[3].kind == "batal");
    auto open = f.tasks(waiting);
    REQUIRE(open.size() == 3);
    CHECK(open[1] == Task{"BK-WAIT", "updatewaktu", 99, ms(f.now)});
    CHECK(f.tasks(done).size() == 3);  // 3, 4, 5 and nothing after
    // A second rollover adds nothing for the old day.
    const auto before = f.rows();
    f.now = wib(24, 0, 0, 1);
    f.ok(f.hall, proto::PingRequest{});
    CHECK(f.rows() == before);
}

TEST_CASE("times strictly increase per booking even when the clock steps back") {
    Fixture f;
    const std::int64_t id = f.issue("A", "BK-CLK");
    const std::int64_t t1 = ms(f.now);
    f.now -= std::chrono::minutes(5);  // NTP steps the clock back
    f.at("L1", proto::CounterCallNextRequest{});
    f.at("L1", proto::CounterTransferRequest{.to_service = "C"});  // same millisecond
    auto tasks = f.tasks(id);
    REQUIRE(tasks.size() == 3);
    CHECK(tasks[1].waktu == t1 + 1);
    CHECK(tasks[2].waktu == t1 + 2);
}

TEST_CASE("ticket.link: tasks before the link go after it, in order; the rules of part 1") {
    Fixture f;
    const std::int64_t id = f.issue("A");
    f.later(10);
    f.at("L1", proto::CounterCallNextRequest{});
    f.later(10);
    f.at("L1", proto::CounterTransferRequest{.to_service = "C"});
    for (const Task& t : f.tasks(id)) CHECK(t.booking.empty());  // recorded, waiting for a code

    CHECK(f.error(f.hall, proto::TicketLinkRequest{.ticket = id, .booking_code = "BK-L"}) == "forbidden");
    CHECK(f.error(f.loket, {{"type", "ticket.link"}, {"ticket", id}}) == "bad_request");  // raw: no booking_code
    CHECK(f.error(f.loket, proto::TicketLinkRequest{.ticket = id, .booking_code = "BK L"}) == "bad_request");
    CHECK(f.error(f.loket, proto::TicketLinkRequest{.ticket = id, .booking_code = ""}) == "bad_request");
    CHECK(f.error(f.loket, proto::TicketLinkRequest{.ticket = 9999, .booking_code = "BK-L"}) == "not_found");

    Json linked = f.ok(f.loket, proto::TicketLinkRequest{.ticket = id, .booking_code = "BK-L"});
    CHECK(linked["linked"] == true);
    CHECK(linked["tasks_released"] == 3);
    CHECK(linked["booking_code"] == "BK-L");
    std::vector<int> ids;
    for (const Task& t : f.tasks(id)) {
        CHECK(t.booking == "BK-L");
        ids.push_back(t.taskid);
    }
    CHECK(ids == std::vector<int>{1, 2, 3});

    // The same code again: a no-op. Another code: invalid_state.
    Json again = f.ok(f.admin, proto::TicketLinkRequest{.ticket = id, .booking_code = "BK-L"});
    CHECK(again["linked"] == false);
    CHECK(f.error(f.loket, proto::TicketLinkRequest{.ticket = id, .booking_code = "BK-OTHER"}) == "invalid_state");
    // The code on another ticket of the same day: invalid_state; at issue too.
    const std::int64_t second = f.issue("C");
    CHECK(f.error(f.loket, proto::TicketLinkRequest{.ticket = second, .booking_code = "BK-L"}) == "invalid_state");
    CHECK(f.error(f.kiosk, proto::TicketIssueRequest{.service = "A",
                                                     .request_id = "dup-1",
                                                     .patient = proto::Patient{.booking_code = "BK-L"}}) ==
          "invalid_state");
    CHECK(f.error(f.kiosk, proto::TicketIssueRequest{.service = "A",
                                                     .request_id = "bad-1",
                                                     .patient = proto::Patient{.booking_code = "BK L"}}) ==
          "bad_request");
    // Later tasks carry the code from the start.
    f.later(10);
    f.at("R1", proto::CounterCallNextRequest{});
    CHECK(f.tasks(id).back() == Task{"BK-L", "updatewaktu", 4, ms(f.now)});
    // A ticket never linked: its rows wait a week for a link, then are pruned.
    const std::int64_t never = f.issue("A");
    REQUIRE(f.tasks(never).size() == 1);
    // The next day the same code may be used again (another visit).
    f.now = wib(23, 8, 0);
    const std::int64_t tomorrow = f.issue("A", "BK-L");
    CHECK(f.tasks(tomorrow).front().booking == "BK-L");
    CHECK(f.tasks(never).size() == 3);  // 1, then 99 and batal at the rollover, all waiting for a link
    f.now = wib(30, 8, 0) + std::chrono::hours(48);  // more than a week later
    f.ok(f.hall, proto::PingRequest{});
    CHECK(f.tasks(never).empty());
    CHECK(f.tasks(id).size() == 6);  // linked rows stay (1-4, then 99 and batal at the rollover)
}

TEST_CASE("outbox figures and admin operations") {
    Fixture f;
    const std::int64_t id = f.issue("A", "BK-ST");
    f.issue("A");  // unlinked: waits for a link, not counted as pending
    f.later(90);
    Json status = f.ok(f.admin, proto::BpjsStatusRequest{});
    CHECK(status["enabled"] == true);
    CHECK(status["pending"] == 1);
    CHECK(status["waiting_link"] == 1);
    CHECK(status["oldest_pending_age_s"] == 90);
    CHECK(status["delivered_today"] == 0);
    CHECK(f.ok(f.admin, proto::ServerStatusRequest{})["bpjs"]["pending"] == 1);
    CHECK(f.error(f.loket, proto::BpjsStatusRequest{}) == "forbidden");

    BpjsOutbox outbox(f.db);
    auto next = outbox.next_to_send(10);
    REQUIRE(next.size() == 1);
    outbox.mark_rejected(next[0].id, 201, "Kode booking tidak ditemukan", ms(f.now));
    CHECK(outbox.next_to_send(10).empty());  // a refused row holds its booking back
    status = f.ok(f.admin, proto::BpjsStatusRequest{});
    CHECK(status["rejected"] == 1);
    REQUIRE(status["last_errors"].size() == 1);
    CHECK(status["last_errors"][0]["last_message"] == "Kode booking tidak ditemukan");

    Json tasks = f.ok(f.admin, proto::BpjsTasksRequest{"BK-ST"});
    CHECK(tasks["ticket"]["id"] == id);
    REQUIRE(tasks["tasks"].size() == 1);
    CHECK(tasks["tasks"][0]["state"] == "rejected");
    CHECK(tasks["tasks"][0]["last_code"] == 201);

    CHECK(f.ok(f.admin, proto::BpjsRetryRequest{"BK-NONE"})["retried"] == 0);
    CHECK(f.ok(f.admin, proto::BpjsRetryRequest{"BK-ST"})["retried"] == 1);
    next = outbox.next_to_send(10);
    REQUIRE(next.size() == 1);
    outbox.mark_delivered(next[0].id, 200, "OK", ms(f.now));
    CHECK(f.ok(f.admin, proto::BpjsStatusRequest{})["delivered_today"] == 1);
}
