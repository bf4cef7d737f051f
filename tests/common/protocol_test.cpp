// The protocol codec: every message round-trips, and malformed input is a
// ProtocolError that names the bad field.
#include <doctest/doctest.h>

#include "anoman/protocol.hpp"

using namespace anoman::proto;

namespace {

Ticket sample_ticket() {
    Ticket t;
    t.id = 123;
    t.number = "A012";
    t.service = "A";
    t.priority = true;
    t.status = TicketStatus::called;
    t.counter = "L1";
    t.calls = 2;
    t.service_day = "2026-11-22";
    t.issued_at = "2026-11-22T08:01:02+07:00";
    t.called_at = "2026-11-22T08:15:00+07:00";
    t.queued_at = "2026-11-22T08:01:02+07:00";
    return t;
}

template <typename T>
T round_trip(const T& value) {
    Json j = value;
    return Json::parse(j.dump()).get<T>();
}

std::string error_of(const Json& j, auto parse) {
    try {
        parse(j);
    } catch (const ProtocolError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("ticket round-trips with nulls for absent times") {
    Ticket t = sample_ticket();
    Json j = t;
    CHECK(j["finished_at"].is_null());
    CHECK(j["status"] == "called");
    Ticket back = round_trip(t);
    CHECK(back.id == 123);
    CHECK(back.number == "A012");
    CHECK(back.priority);
    CHECK(back.status == TicketStatus::called);
    CHECK(back.counter == std::optional<std::string>("L1"));
    CHECK(back.calls == 2);
    CHECK(back.called_at == t.called_at);
    CHECK_FALSE(back.finished_at);
}

TEST_CASE("malformed tickets name the field") {
    Json j = sample_ticket();
    auto parse = [](const Json& in) { (void)in.get<Ticket>(); };
    j["id"] = "123";
    CHECK(error_of(j, parse) == "id: expected integer");
    j = sample_ticket();
    j.erase("number");
    CHECK(error_of(j, parse) == "number: missing");
    j = sample_ticket();
    j["status"] = "lost";
    CHECK(error_of(j, parse) == "status: unknown status \"lost\"");
    CHECK(error_of(Json::array(), parse) == "message: expected object");
}

TEST_CASE("event, snapshot, welcome, hello, heartbeat round-trip") {
    Event e;
    e.seq = 42;
    e.at = "2026-11-22T08:15:00+07:00";
    e.kind = EventKind::transferred;
    e.ticket = sample_ticket();
    e.counter = "L1";
    e.from_service = "B";
    Json ej = e;
    CHECK(ej["type"] == "event");
    Event eb = round_trip(e);
    CHECK(eb.kind == EventKind::transferred);
    CHECK(eb.from_service == std::optional<std::string>("B"));
    CHECK(eb.ticket->number == "A012");

    Snapshot s;
    s.seq = 41;
    s.epoch = "5f1c9a0e";
    s.service_day = "2026-11-22";
    s.services.push_back(ServiceState{"A", "Pendaftaran BPJS", "A", true, 4, 540, false, {"bpjs"}, 400, 10, std::nullopt});
    CounterState c{"L1", "Loket 1", {"A", "B"}, true, sample_ticket(), std::nullopt};
    s.counters.push_back(c);
    s.recent.push_back(e);
    Snapshot sb = round_trip(s);
    CHECK(sb.seq == 41);
    CHECK(sb.services[0].daily_quota == std::optional<int>(400));
    CHECK(sb.services[0].patients == std::vector<std::string>{"bpjs"});
    CHECK(sb.counters[0].current->calls == 2);
    CHECK(sb.recent.size() == 1);
    CHECK_FALSE(sb.tickets);

    Welcome w;
    w.role = Role::counter;
    w.device = "loket-1";
    w.server = "queue-server/0.1.0";
    w.epoch = "e";
    w.service_day = "2026-11-22";
    w.seq = 9;
    w.hospital = Hospital{"RSUD Ngudi Waluyo Wlingi", "Asia/Jakarta"};
    w.counter = "L1";
    Welcome wb = round_trip(w);
    CHECK(wb.role == Role::counter);
    CHECK(wb.hospital.name == "RSUD Ngudi Waluyo Wlingi");
    CHECK(wb.counter == std::optional<std::string>("L1"));

    Hello h{1, Role::kiosk, "kiosk-1", "t"};
    Hello hb = round_trip(h);
    CHECK(hb.role == Role::kiosk);
    CHECK(hb.device == "kiosk-1");

    Heartbeat hbt{7, "e"};
    CHECK(round_trip(hbt).seq == 7);
}

TEST_CASE("malformed events, snapshots and hellos are errors with paths") {
    auto event = [](const Json& in) { (void)in.get<Event>(); };
    CHECK(error_of(Json{{"seq", 1}, {"kind", "exploded"}}, event) == "kind: unknown event kind \"exploded\"");
    CHECK(error_of(Json{{"seq", "1"}, {"kind", "called"}}, event) == "seq: expected integer");
    CHECK(error_of(Json{{"seq", 1}, {"kind", "called"}, {"ticket", {{"id", 1}}}}, event) == "ticket.number: missing");

    auto snapshot = [](const Json& in) { (void)in.get<Snapshot>(); };
    Json snap = {{"seq", 1}, {"epoch", "e"}, {"service_day", "d"}, {"services", {{{"code", "A"}}}}};
    CHECK(error_of(snap, snapshot) == "services[0].name: missing");
    snap["services"] = Json::object();
    CHECK(error_of(snap, snapshot) == "services: expected array");

    auto hello = [](const Json& in) { (void)in.get<Hello>(); };
    CHECK(error_of(Json{{"proto", 1}, {"role", "nurse"}, {"device", "x"}, {"token", "t"}}, hello) ==
          "role: unknown role \"nurse\"");
    CHECK(error_of(Json{{"proto", 1}, {"role", "kiosk"}, {"device", 5}, {"token", "t"}}, hello) ==
          "device: expected string");
}

TEST_CASE("replies and errors") {
    Json ok = ok_reply(7, {{"ahead", 3}});
    CHECK(ok == Json{{"type", "reply"}, {"id", 7}, {"ok", true}, {"ahead", 3}});
    Json err = error_reply("x", {ErrorCode::queue_empty, "kosong"});
    Reply parsed = parse_reply(err);
    CHECK_FALSE(parsed.ok);
    CHECK(parsed.id == "x");
    REQUIRE(parsed.error);
    CHECK(parsed.error->code == ErrorCode::queue_empty);
    CHECK(error_line({ErrorCode::line_too_long, "m"}) ==
          Json{{"type", "error"}, {"code", "line_too_long"}, {"message", "m"}});
    CHECK_THROWS_AS(parse_reply(Json{{"type", "reply"}, {"id", 1}}), ProtocolError);
}

TEST_CASE("every error code, role, status and event kind has one name both ways") {
    for (int i = 0; i <= static_cast<int>(ErrorCode::internal); ++i) {
        auto code = static_cast<ErrorCode>(i);
        CHECK(error_code_from_string(to_string(code)) == code);
    }
    for (int i = 0; i <= static_cast<int>(EventKind::day_rollover); ++i) {
        auto kind = static_cast<EventKind>(i);
        CHECK(event_kind_from_string(to_string(kind)) == kind);
    }
    CHECK(to_string(ErrorCode::unsupported_proto) == "unsupported_proto");
    CHECK_FALSE(error_code_from_string("nope"));
    CHECK(to_string(TicketStatus::cancelled) == "cancelled");
    CHECK(to_string(Role::admin) == "admin");
}

TEST_CASE("ticket numbers are zero padded to three digits") {
    CHECK(format_ticket_number("A", 1) == "A001");
    CHECK(format_ticket_number("PA", 12) == "PA012");
    CHECK(format_ticket_number("A", 999) == "A999");
    CHECK(format_ticket_number("A", 1000) == "A1000");
}
