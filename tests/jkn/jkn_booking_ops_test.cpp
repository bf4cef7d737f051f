// booking.get / booking.checkin (and the admin's booking.add / booking.cancel)
// over the real protocol, against the real queue-server with a stepped clock:
// a booking is invisible to the hall and the counters until it checks in, the
// check-in window is enforced with reasons the kiosk can say, a retried
// request_id is a replay, and a booking that comes on time stands before the
// walk-ins who came after its promised time. Requests are the typed structs of
// protocol_requests.hpp; the malformed ones stay raw JSON.
#include <doctest/doctest.h>

#include "anoman/protocol_requests.hpp"
#include "jkn_support.hpp"

using namespace anoman::testing;
using namespace anoman::testing::jkn;
namespace proto = anoman::proto;

namespace {

struct Hospital {
    explicit Hospital(const std::string& label, std::time_t start)
        : dir(scratch_dir(label)), clock(dir / "faketime.rc", start), server(options()) {}
    ServerOptions options() const {
        ServerOptions options;
        options.dir = dir;
        options.config = booking_config();
        clock.apply(options);
        return options;
    }
    fs::path dir;
    SteppableClock clock;
    ServerProcess server;
};

std::unique_ptr<LineClient> login(const ServerProcess& server, const std::string& role, const std::string& device,
                                  const std::string& token) {
    auto client = std::make_unique<LineClient>(server.port());
    REQUIRE(client->hello(role, device, token)["type"] == "welcome");
    return client;
}

// A JKN patient's booking.add: ambil()'s fields (ambilantrean takes the same), typed.
proto::BookingAddRequest booking_add(const std::string& nik, const std::string& kartu, const std::string& day) {
    return {.nomorkartu = kartu,
            .nik = nik,
            .nohp = "081234567890",
            .kodepoli = "ANA",
            .norm = "123456",
            .tanggalperiksa = day,
            .kodedokter = 12345,
            .jampraktek = "08:00-12:00",
            .jeniskunjungan = 1,
            .nomorreferensi = "0001R0011225K000001"};
}

Json add_booking(LineClient& admin, const std::string& nik, const std::string& kartu, const std::string& day) {
    return must(admin, booking_add(nik, kartu, day))["booking"];
}

int waiting_of(LineClient& client, const std::string& service) {
    const Json reply = must(client, proto::ServicesListRequest{});  // alive for the loop (not a temporary's member)
    for (const Json& s : reply["services"])
        if (s["code"] == service) return s["waiting"].get<int>();
    return -1;
}

}  // namespace

TEST_CASE("booking ops: get, the check-in window, replay, hidden until check-in, on time before later walk-ins") {
    // Thursday 2026-12-03 06:00 WIB: patients book for today. (A forward step
    // of the wall clock across midnight is held for 10 minutes before the
    // service day follows it, docs/protocol.md; steps within a day are not.)
    Hospital h("jkn-booking-ops", wib_time(2026, 12, 3, 6, 0));
    auto admin = login(h.server, "admin", "admin", "a1");
    auto kiosk = login(h.server, "kiosk", "kiosk-1", "k1");
    auto counter = login(h.server, "counter", "ruang-1", "r1");

    const Json b1 = add_booking(*admin, "3507010101010001", "0001234567801", "2026-12-03");
    const Json b2 = add_booking(*admin, "3507010101010002", "0001234567802", "2026-12-03");
    CHECK(b1["number"] == "C001");
    CHECK(b2["number"] == "C002");
    CHECK(b1["state"] == "booked");
    CHECK(b1["jenis"] == "jkn");
    CHECK(b1["kodepoli"] == "ANA");
    CHECK(b1["namadokter"] == "dr. Contoh, Sp.A");
    CHECK(b1["jampraktek"] == "08:00-12:00");
    CHECK(b1["service_day"] == "2026-12-03");
    CHECK(b1["ticket"].is_null());
    // The first number of the day is promised at the start of practice; the
    // second one service later (3 minutes without history, one counter).
    CHECK(b1["estimated_at"] == "2026-12-03T08:00:00+07:00");
    CHECK(b2["estimated_at"] == "2026-12-03T08:03:00+07:00");
    CHECK(b1["checkin_from"] == "2026-12-03T07:00:00+07:00");
    CHECK(b1["checkin_until"] == "2026-12-03T09:00:00+07:00");
    const std::string code1 = b1["booking_code"].get<std::string>();
    const std::string code2 = b2["booking_code"].get<std::string>();
    CHECK(code1.rfind("20261203C0001", 0) == 0);
    CHECK(code1.size() == 16);
    CHECK(code1 != code2);

    SUBCASE("get: by code, unknown, malformed, and the kiosk may read it") {
        Json got = must(*kiosk, proto::BookingGetRequest{code1})["booking"];
        CHECK(got == b1);
        CHECK(error_code(kiosk->request(proto::BookingGetRequest{"20261203C0099AAA"})) == "not_found");
        CHECK(error_code(kiosk->request(proto::BookingGetRequest{"bad code!"})) == "bad_request");
        // Raw: a number for the code, no code.
        CHECK(error_code(kiosk->request({{"type", "booking.get"}, {"booking_code", 42}})) == "bad_request");
        CHECK(error_code(kiosk->request({{"type", "booking.get"}})) == "bad_request");
        auto hall = login(h.server, "display", "hall-1", "d1");
        CHECK(error_code(hall->request(proto::BookingGetRequest{code1})) == "forbidden");
    }

    SUBCASE("check-in: not today, too early, in time (hidden until then), replay, again, too late") {
        const Json tomorrow = add_booking(*admin, "3507010101010003", "0001234567803", "2026-12-04");
        Json early = kiosk->request(proto::BookingCheckinRequest{tomorrow["booking_code"].get<std::string>(), "k-1"});
        CHECK(error_code(early) == "invalid_state");
        CHECK(early["error"]["reason"] == "not_today");
        CHECK(early["error"]["checkin_from"] == "2026-12-04T07:00:00+07:00");

        h.clock.set(wib_time(2026, 12, 3, 6, 30));
        REQUIRE(wait_for_time(*admin, "2026-12-03T06:3"));
        early = kiosk->request(proto::BookingCheckinRequest{code1, "k-2"});
        CHECK(error_code(early) == "invalid_state");
        CHECK(early["error"]["reason"] == "too_early");
        CHECK(early["error"]["checkin_from"] == "2026-12-03T07:00:00+07:00");
        CHECK(early["error"]["checkin_until"] == "2026-12-03T09:00:00+07:00");

        // Booked numbers are in no queue: the hall shows none waiting, the counter calls nobody.
        CHECK(waiting_of(*admin, "C") == 0);
        CHECK(error_code(counter->request(proto::CounterCallNextRequest{"R1"})) == "queue_empty");
        CHECK(error_code(admin->request(proto::TicketGetRequest{.number = "C001"})) == "not_found");

        h.clock.set(wib_time(2026, 12, 3, 7, 30));
        REQUIRE(wait_for_time(*admin, "2026-12-03T07:3"));
        Json in = must(*kiosk, proto::BookingCheckinRequest{code1, "k-3"});
        CHECK(in["replayed"] == false);
        CHECK(in["ticket"]["number"] == "C001");
        CHECK(in["ticket"]["status"] == "waiting");
        CHECK(in["ticket"]["service_day"] == "2026-12-03");
        CHECK(in["ahead"] == 0);
        CHECK(waiting_of(*admin, "C") == 1);

        Json again = must(*kiosk, proto::BookingCheckinRequest{code1, "k-3"});
        CHECK(again["replayed"] == true);
        CHECK(again["ticket"]["id"] == in["ticket"]["id"]);
        Json other = kiosk->request(proto::BookingCheckinRequest{code1, "k-4"});
        CHECK(error_code(other) == "invalid_state");
        CHECK(other["error"]["reason"] == "checked_in");
        Json got = must(*kiosk, proto::BookingGetRequest{code1})["booking"];
        CHECK(got["state"] == "checked_in");
        CHECK(got["ticket"]["number"] == "C001");

        h.clock.set(wib_time(2026, 12, 3, 9, 10));
        REQUIRE(wait_for_time(*admin, "2026-12-03T09:1"));
        Json late = kiosk->request(proto::BookingCheckinRequest{code2, "k-5"});
        CHECK(error_code(late) == "invalid_state");
        CHECK(late["error"]["reason"] == "too_late");
        CHECK(late["error"]["checkin_until"] == "2026-12-03T09:03:00+07:00");
    }

    SUBCASE("on time is not overtaken: a booking that checks in enters at min(now, promised time)") {
        h.clock.set(wib_time(2026, 12, 3, 7, 40));
        REQUIRE(wait_for_time(*admin, "2026-12-03T07:4"));
        // B1 arrives early (07:40, promised 08:00): it enters now, after nobody.
        must(*kiosk, proto::BookingCheckinRequest{code1, "b1"});
        // A walk-in at 07:45: after B1.
        const Json w1 = must(*kiosk, proto::TicketIssueRequest{.service = "C", .request_id = "w1"})["ticket"];
        CHECK(w1["number"] == "C003");  // the booked numbers are taken: no gap, no duplicate
        h.clock.set(wib_time(2026, 12, 3, 8, 5));
        REQUIRE(wait_for_time(*admin, "2026-12-03T08:0"));
        // A walk-in at 08:05, after B2's promised 08:03.
        const Json w2 = must(*kiosk, proto::TicketIssueRequest{.service = "C", .request_id = "w2"})["ticket"];
        CHECK(w2["number"] == "C004");
        h.clock.set(wib_time(2026, 12, 3, 8, 10));
        REQUIRE(wait_for_time(*admin, "2026-12-03T08:1"));
        // B2 comes at 08:10, within its window: it stands at 08:03, before W2.
        Json in = must(*kiosk, proto::BookingCheckinRequest{code2, "b2"});
        CHECK(in["ahead"] == 2);  // B1 and W1
        CHECK(waiting_of(*admin, "C") == 4);
        std::vector<std::string> order;
        for (int i = 0; i < 4; ++i)
            order.push_back(must(*counter, proto::CounterCallNextRequest{"R1"})["ticket"]["number"]);
        CHECK(order == std::vector<std::string>{"C001", "C003", "C002", "C004"});
    }

    SUBCASE("cancel by the admin: frees no number; a cancelled booking cannot check in") {
        Json cancelled = must(*admin, proto::BookingCancelRequest{.booking_code = code2, .reason = "Pasien sakit"});
        CHECK(cancelled["booking"]["state"] == "cancelled");
        CHECK(error_code(admin->request(proto::BookingCancelRequest{code2})) == "invalid_state");
        h.clock.set(wib_time(2026, 12, 3, 7, 50));
        REQUIRE(wait_for_time(*admin, "2026-12-03T07:5"));
        Json refused = kiosk->request(proto::BookingCheckinRequest{code2, "c-1"});
        CHECK(error_code(refused) == "invalid_state");
        CHECK(refused["error"]["reason"] == "cancelled");
        CHECK(must(*kiosk, proto::TicketIssueRequest{.service = "C", .request_id = "w"})["ticket"]["number"] == "C003");
        CHECK(error_code(kiosk->request(proto::BookingCancelRequest{code1})) == "forbidden");
    }

    SUBCASE("never checked in by the end of jampraktek: cancelled by the server") {
        h.clock.set(wib_time(2026, 12, 3, 12, 0, 1));
        REQUIRE(eventually([&] {
            return must(*admin, proto::BookingGetRequest{code1})["booking"]["state"] == "cancelled";
        }, 10s));
        CHECK(must(*admin, proto::BookingGetRequest{code2})["booking"]["state"] == "cancelled");
    }
}

TEST_CASE("booking ops: quotas, a day outside the schedule, the same patient twice, a past day, bad numbers") {
    Hospital h("jkn-booking-rules", wib_time(2026, 12, 3, 6, 0));
    auto admin = login(h.server, "admin", "admin", "a1");
    auto refused = [&](const proto::BookingAddRequest& request) {
        Json reply = admin->request(request);
        INFO(reply.dump());
        REQUIRE(reply["ok"] == false);
        return reply["error"];
    };
    add_booking(*admin, "3507010101010001", "0001234567801", "2026-12-03");
    // The same patient (NIK or card) again that day at that poli.
    CHECK(refused(booking_add("3507010101010001", "0001234567899", "2026-12-03"))["code"] == "invalid_state");
    CHECK(refused(booking_add("3507010101010009", "0001234567801", "2026-12-03"))["code"] == "invalid_state");
    add_booking(*admin, "3507010101010002", "0001234567802", "2026-12-03");
    // JKN quota (2) is full; the non-JKN one (1) is separate.
    const Json full = refused(booking_add("3507010101010003", "0001234567803", "2026-12-03"));
    CHECK(full["code"] == "quota_exhausted");
    CHECK(full["pesan"].get<std::string>().find("Kuota JKN") != std::string::npos);
    CHECK(add_booking(*admin, "3507010101010004", "", "2026-12-03")["jenis"] == "nonjkn");
    CHECK(refused(booking_add("3507010101010005", "", "2026-12-03"))["code"] == "quota_exhausted");
    // Another day has its own quotas; Sunday is not a practice day; 8 days ahead is too far; yesterday is past.
    CHECK(add_booking(*admin, "3507010101010003", "0001234567803", "2026-12-04")["number"] == "C001");
    CHECK(refused(booking_add("3507010101010003", "0001234567803", "2026-12-06"))["code"] == "service_closed");
    CHECK(refused(booking_add("3507010101010003", "0001234567803", "2026-12-11"))["code"] == "invalid_state");
    CHECK(refused(booking_add("3507010101010003", "0001234567803", "2026-12-02"))["pesan"] ==
          "Tanggal Periksa tidak berlaku mundur");
    CHECK(refused(booking_add("35070101", "0001234567803", "2026-12-05"))["pesan"] == "NIK harus 16 digit");
    CHECK(refused(booking_add("3507010101010003", "12345", "2026-12-05"))["pesan"] == "Nomor Kartu harus 13 digit");
    CHECK(refused(booking_add("3507010101010003", "0001234567803", "2026-13-05"))["code"] == "bad_request");
    proto::BookingAddRequest wrong_poli = booking_add("3507010101010003", "0001234567803", "2026-12-05");
    wrong_poli.kodepoli = "XYZ";
    CHECK(refused(wrong_poli)["code"] == "not_found");
    proto::BookingAddRequest wrong_hours = booking_add("3507010101010003", "0001234567803", "2026-12-05");
    wrong_hours.jampraktek = "13:00-15:00";
    CHECK(refused(wrong_hours)["code"] == "not_found");
    proto::BookingAddRequest spaced = booking_add("3507010101010003", "0001234567803", "2026-12-05");
    spaced.jampraktek = "08:00 - 12:00";  // as BPJS's schedules write it
    CHECK(must(*admin, spaced)["booking"]["number"] == "C001");

    // A restart keeps the bookings, and the numbering goes on after them.
    h.server.terminate();
    REQUIRE(h.server.wait() == 0);
    ServerProcess again(h.options());
    auto admin2 = login(again, "admin", "admin", "a1");
    CHECK(must(*admin2, proto::ServicesListRequest{})["service_day"] == "2026-12-03");
    Json listed = must(*admin2, proto::BookingAddRequest{.nomorkartu = "0001234567807",
                                                         .nik = "3507010101010007",
                                                         .kodepoli = "ANA",
                                                         .tanggalperiksa = "2026-12-04",
                                                         .kodedokter = 12345,
                                                         .jampraktek = "08:00-12:00"});
    CHECK(listed["booking"]["number"] == "C002");
}
