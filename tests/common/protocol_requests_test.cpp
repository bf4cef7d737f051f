// Requests and reply bodies (protocol_requests.hpp, protocol_replies.hpp):
// every one round-trips through JSON, writes the bytes PROTOCOL.md shows, and
// a malformed one is a ProtocolError that names the bad field by its path.
#include <doctest/doctest.h>

#include <string>

#include "anoman/protocol_replies.hpp"
#include "anoman/protocol_requests.hpp"

using namespace anoman::proto;

namespace {

template <typename T>
T round_trip(const T& value) {
    const Json wire = Json::parse(Json(value).dump());
    return wire.get<T>();
}

template <typename T>
std::string error_of(const Json& line) {
    try {
        (void)line.get<T>();
    } catch (const ProtocolError& e) {
        return e.what();
    }
    return "(no error)";
}

Ticket sample_ticket() {
    Ticket t;
    t.id = 7;
    t.number = "A007";
    t.service = "A";
    t.status = TicketStatus::called;
    t.counter = "L1";
    t.calls = 1;
    t.service_day = "2026-11-22";
    t.issued_at = "2026-11-22T08:01:02+07:00";
    t.called_at = "2026-11-22T08:15:00+07:00";
    t.queued_at = "2026-11-22T08:01:02+07:00";
    return t;
}

}  // namespace

TEST_CASE("a request writes its type and fields as PROTOCOL.md shows them") {
    CHECK(Json(PingRequest{}) == Json::parse(R"({"type":"ping"})"));
    CHECK(Json(CounterCallNextRequest{"L1"}) == Json::parse(R"({"type":"counter.call_next","counter":"L1"})"));
    CHECK(Json(CounterCallRequest{12, "L1"}) == Json::parse(R"({"type":"counter.call","counter":"L1","ticket":12})"));
    CHECK(Json(CounterTransferRequest{"PA", "L1"}) ==
          Json::parse(R"({"type":"counter.transfer","counter":"L1","to_service":"PA"})"));
    CHECK(Json(CounterCloseRequest{"L1", "istirahat"}) ==
          Json::parse(R"({"type":"counter.close","counter":"L1","reason":"istirahat"})"));
    CHECK(Json(CounterOpenRequest{"L1", std::nullopt}) == Json::parse(R"({"type":"counter.open","counter":"L1"})"));
    CHECK(Json(TicketRequeueRequest{5}) == Json::parse(R"({"type":"ticket.requeue","ticket":5})"));
    CHECK(Json(StatsDayRequest{}) == Json::parse(R"({"type":"stats.day"})"));
    CHECK(request_line(AnnounceRequest{"Poli gigi tutup"}, 9) ==
          Json::parse(R"({"type":"announce","id":9,"text":"Poli gigi tutup"})"));
    CHECK(request_line(SubscribeRequest{true}, "s") == Json::parse(R"({"type":"subscribe","id":"s","tickets":true})"));
}

TEST_CASE("ticket.issue round-trips with its patient and leaves out what is absent") {
    TicketIssueRequest issue{"A", "kiosk-1:000042", true, Patient{"bpjs", "3505011234567890", std::nullopt, std::nullopt}};
    CHECK(Json(issue) == Json::parse(R"({"type":"ticket.issue","service":"A","request_id":"kiosk-1:000042",
                                         "priority":true,"patient":{"kind":"bpjs","nik":"3505011234567890"}})"));
    const TicketIssueRequest back = round_trip(issue);
    CHECK(back.service == "A");
    CHECK(back.request_id == "kiosk-1:000042");
    CHECK(back.priority == true);
    REQUIRE(back.patient);
    CHECK(back.patient->kind == "bpjs");
    CHECK(back.patient->nik == "3505011234567890");
    CHECK_FALSE(back.patient->card_no);

    const TicketIssueRequest bare = round_trip(TicketIssueRequest{"B", "r1", std::nullopt, std::nullopt});
    CHECK_FALSE(bare.priority);
    CHECK_FALSE(bare.patient);
    CHECK(Json(TicketIssueRequest{"B", "r1", std::nullopt, std::nullopt}).dump() ==
          R"({"request_id":"r1","service":"B","type":"ticket.issue"})");
}

TEST_CASE("every request round-trips through its from_json") {
    CHECK(round_trip(CounterCallRequest{12, "L2"}).ticket == 12);
    CHECK(round_trip(CounterCallRequest{12, "L2"}).counter == "L2");
    CHECK(round_trip(CounterTransferRequest{"PA", "L1"}).to_service == "PA");
    CHECK(round_trip(CounterCloseRequest{"L1", "istirahat"}).reason == "istirahat");
    CHECK(round_trip(CounterRecallRequest{"L3"}).counter == "L3");
    CHECK(round_trip(CounterSkipRequest{"L3"}).counter == "L3");
    CHECK(round_trip(CounterFinishRequest{"L3"}).counter == "L3");
    CHECK(round_trip(TicketCancelRequest{44}).ticket == 44);
    CHECK(round_trip(StatsDayRequest{"2026-11-21"}).day == "2026-11-21");
    CHECK(round_trip(StatsCounterRequest{"L1"}).counter == "L1");
    CHECK(round_trip(SubscribeRequest{true}).tickets);
    CHECK_FALSE(Json::parse(R"({"type":"subscribe"})").get<SubscribeRequest>().tickets);
    CHECK(round_trip(TicketLinkRequest{3, "20261203C0007X4K"}).booking_code == "20261203C0007X4K");
    CHECK(round_trip(BpjsRetryRequest{}).booking_code == std::nullopt);
    CHECK(round_trip(BpjsTasksRequest{"B1"}).booking_code == "B1");
    CHECK(round_trip(WebUserAddRequest{"direktur", "$argon2id$x"}).password_hash == "$argon2id$x");
    CHECK(round_trip(WebUserRemoveRequest{"direktur"}).name == "direktur");
    CHECK(round_trip(DeviceRevokeRequest{"kiosk-3"}).device == "kiosk-3");
    CHECK(round_trip(BookingGetRequest{"20261203C0007X4K"}).booking_code == "20261203C0007X4K");
    CHECK(round_trip(BookingCheckinRequest{"20261203C0007X4K", "r-1"}).request_id == "r-1");
    CHECK(round_trip(BookingCancelRequest{"B1", "sakit"}).reason == "sakit");
    CHECK(round_trip(BookingCancelRequest{"B1", std::nullopt}).reason == std::nullopt);
    BookingAddRequest booking;
    booking.nik = "3505010101010001";
    booking.kodepoli = "ANA";
    booking.tanggalperiksa = "2026-12-03";
    booking.kodedokter = 12;
    booking.jampraktek = "08:00-12:00";
    booking.nomorkartu = "0001234567890";
    const BookingAddRequest booking_back = round_trip(booking);
    CHECK(booking_back.nomorkartu == "0001234567890");
    CHECK(booking_back.kodedokter == 12);
    CHECK(booking_back.nohp == std::nullopt);
    CHECK(error_of<BookingAddRequest>(Json::parse(R"({"nik":"1","kodepoli":"A","tanggalperiksa":"x","kodedokter":"12"})")) ==
          "kodedokter: expected integer");

    DeviceAddRequest add{"loket-9", Role::counter, "L1", "di loket 9"};
    const DeviceAddRequest add_back = round_trip(add);
    CHECK(add_back.role == Role::counter);
    CHECK(add_back.counter == "L1");
    CHECK(add_back.note == "di loket 9");
    CHECK(Json(add)["role"] == "counter");

    const BpjsRefRequest jadwal = round_trip(BpjsRefRequest{"jadwal", "ANA", "2026-12-02"});
    CHECK(jadwal.kodepoli == "ANA");
    CHECK(jadwal.tanggal == "2026-12-02");
}

TEST_CASE("ticket.get names its ticket by code, id or number, in that order") {
    TicketGetRequest by_number;
    by_number.number = "A012";
    by_number.service_day = "2026-11-22";
    const TicketGetRequest back = round_trip(by_number);
    CHECK(back.number == "A012");
    CHECK(back.service_day == "2026-11-22");
    CHECK_FALSE(back.ticket);

    // The first present field names it; the server never reads the others.
    const auto both = Json::parse(R"({"type":"ticket.get","ticket":5,"number":7})").get<TicketGetRequest>();
    CHECK(both.ticket == 5);
    CHECK_FALSE(both.number);
    CHECK(error_of<TicketGetRequest>(Json::parse(R"({"type":"ticket.get"})")) == "ticket or number: missing");
    CHECK(error_of<TicketGetRequest>(Json::parse(R"({"ticket":"7"})")) == "ticket: expected integer");
}

TEST_CASE("a malformed request is a ProtocolError naming the field's path") {
    CHECK(error_of<CounterCallNextRequest>(Json::parse(R"({"type":"counter.call_next"})")) == "counter: missing");
    CHECK(error_of<CounterCallNextRequest>(Json::parse(R"({"counter":7})")) == "counter: expected string");
    CHECK(error_of<CounterCallNextRequest>(Json::parse(R"({"counter":null})")) == "counter: missing");
    // counter.call judges its ticket before its counter, as the server always did.
    CHECK(error_of<CounterCallRequest>(Json::parse(R"({})")) == "ticket: missing");
    CHECK(error_of<CounterTransferRequest>(Json::parse(R"({"counter":"L1"})")) == "to_service: missing");
    CHECK(error_of<TicketIssueRequest>(Json::parse(R"({"service":"A"})")) == "request_id: missing");
    CHECK(error_of<TicketIssueRequest>(Json::parse(R"({"service":"A","request_id":"r","priority":"ya"})")) ==
          "priority: expected boolean");
    CHECK(error_of<TicketIssueRequest>(Json::parse(R"({"service":"A","request_id":"r","patient":[]})")) ==
          "patient: expected object");
    CHECK(error_of<TicketIssueRequest>(Json::parse(R"({"service":"A","request_id":"r","patient":{"nik":5}})")) ==
          "patient.nik: expected string");
    CHECK(error_of<TicketIssueRequest>(Json::parse(R"({"service":"A","request_id":"r","patient":{"kind":"vip"}})")) ==
          "patient.kind: expected \"bpjs\" or \"umum\"");
    CHECK(error_of<DeviceAddRequest>(Json::parse(R"({"device":"x","role":"root"})")) ==
          "role: expected kiosk, display, counter or admin");
    CHECK(error_of<BpjsRefRequest>(Json::parse(R"({"list":"obat"})")) == "list: expected \"poli\", \"dokter\" or \"jadwal\"");
    CHECK(error_of<BpjsRefRequest>(Json::parse(R"({"list":"jadwal","kodepoli":"ANA"})")) == "tanggal: missing");
    CHECK(error_of<AnnounceRequest>(Json::parse(R"("announce")")) == "message: expected object");
    // An id past int64 is out of range, never wrapped to a small ticket id.
    CHECK(error_of<TicketCancelRequest>(Json::parse(R"({"ticket":18446744073709551615})")) ==
          "ticket: integer out of range");
}

TEST_CASE("reply bodies round-trip, and the client reads them from the whole reply line") {
    TicketReply issued{sample_ticket(), 3, 540, false, "http://antrian.rsud.local/t/abc"};
    const Json line = ok_reply(7, issued);
    CHECK(line["type"] == "reply");
    CHECK(line["ahead"] == 3);
    const TicketReply back = parse_reply(line).body.get<TicketReply>();
    CHECK(back.ticket.number == "A007");
    CHECK(back.ticket.counter == "L1");
    CHECK(back.ahead == 3);
    CHECK(back.est_wait_s == 540);
    CHECK(back.replayed == false);
    CHECK(back.page_url == "http://antrian.rsud.local/t/abc");

    // A counter action's reply carries the ticket alone.
    CHECK(Json(TicketReply{sample_ticket()}).size() == 1);
    CHECK_FALSE(round_trip(TicketReply{sample_ticket()}).ahead);

    CounterState counter;
    counter.id = "L1";
    counter.name = "Loket 1";
    counter.services = {"A", "B"};
    counter.open = false;
    counter.reason = "istirahat";
    const CounterReply counter_back = round_trip(CounterReply{counter});
    CHECK(counter_back.counter.reason == "istirahat");
    CHECK_FALSE(counter_back.counter.current);

    ServicesListReply list;
    list.service_day = "2026-11-22";
    ServiceState service;
    service.code = "A";
    service.name = "Pendaftaran BPJS";
    service.name_en = "BPJS Registration";
    list.services.push_back(service);
    list.counters.push_back(counter);
    const ServicesListReply list_back = round_trip(list);
    REQUIRE(list_back.services.size() == 1);
    CHECK(list_back.services[0].name_en == "BPJS Registration");
    CHECK(list_back.counters[0].id == "L1");

    StatsDayReply stats{"2026-11-22", {ServiceDayStats{"A", 10, 8, 1, 1, 300, 600, 240}}};
    const StatsDayReply stats_back = round_trip(stats);
    CHECK(stats_back.services.at(0).p90_wait_s == 600);
    CHECK(round_trip(StatsCounterReply{"L1", "2026-11-22", 4, 1, 200}).served == 4);
    CHECK(round_trip(TicketLinkReply{sample_ticket(), "B1", true, 2}).tasks_released == 2);
    CHECK(round_trip(PingReply{"2026-11-22T08:00:00+07:00"}).now == "2026-11-22T08:00:00+07:00");
    CHECK(round_trip(SubscribeReply{41}).seq == 41);
}

TEST_CASE("a malformed reply body names the nested field's path") {
    Json line = ok_reply(1, TicketReply{sample_ticket()});
    line["ticket"]["status"] = 5;
    CHECK(error_of<TicketReply>(line) == "ticket.status: expected string");
    Json list = Json(ServicesListReply{"2026-11-22", {ServiceState{}}, {}});
    list["services"][0]["waiting"] = "many";
    CHECK(error_of<ServicesListReply>(list) == "services[0].waiting: expected integer");
    CHECK(error_of<ServicesListReply>(Json::parse(R"({"counters":[]})")) == "services: missing");
    Json counter = Json(CounterReply{CounterState{}});
    counter["counter"]["current"] = Json{{"id", 1}};
    CHECK(error_of<CounterReply>(counter) == "counter.current.number: missing");
}
