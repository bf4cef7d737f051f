// The Mobile JKN door over HTTP, as Mobile JKN (through the hospital's
// reverse proxy) would call it: the real queue-server on port 0 with a
// mobile_jkn block, a stepped wall clock, the stub BPJS of tests/bpjs
// receiving the tasks, and a hall display subscribed over the line protocol.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <thread>

#include "bpjs_stub.hpp"
#include "jkn_support.hpp"
#include "../web/web_client.hpp"  // anoman_web_test_support's header

using namespace anoman::testing;
using namespace anoman::testing::jkn;
namespace webc = anoman::testing::web;

namespace {

const std::string kUser = "bpjs-mobilejkn";
const std::string kPassword = "Rahasia-JKN-2026";

fs::path secret(const fs::path& dir, const std::string& name, const std::string& text, mode_t mode = 0600) {
    const fs::path path = dir / name;
    std::ofstream(path, std::ios::trunc) << text << "\n";
    ::chmod(path.c_str(), mode);
    return path;
}

Json door_config(const fs::path& dir, const BpjsStub& stub, double requests_per_second = 50) {
    Json config = booking_config();
    config["bpjs"] = Json{{"base_url", stub.base_url()},
                          {"cons_id", "4711"},
                          {"secret_file", secret(dir, "bpjs-secret", "Sup3rS3cret").string()},
                          {"user_key_file", secret(dir, "bpjs-user-key", "UserKey-1").string()}};
    config["mobile_jkn"] = Json{{"listen", {{"host", "127.0.0.1"}, {"port", 0}}},
                                {"username", kUser},
                                {"password_file", secret(dir, "jkn-password", kPassword).string()},
                                {"requests_per_second", requests_per_second}};
    return config;
}

std::uint16_t jkn_port(const ServerProcess& server) {
    const std::string mark = "mobile-jkn listening on ";
    std::uint16_t port = 0;
    REQUIRE(eventually([&] {
        const std::string output = server.output();
        const auto at = output.find(mark);
        const auto end = at == std::string::npos ? at : output.find('\n', at);
        if (end == std::string::npos) return false;
        const std::string line = output.substr(at + mark.size(), end - at - mark.size());
        port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
        return true;
    }));
    return port;
}

struct Answer {
    int status = 0;
    int code = 0;
    std::string message;
    Json response;
};

Answer parse(const webc::Reply& reply) {
    Answer answer;
    answer.status = reply.status;
    Json body = Json::parse(reply.body, nullptr, false);
    if (body.is_object() && body.contains("metadata")) {
        answer.code = body["metadata"].value("code", 0);
        answer.message = body["metadata"].value("message", "");
        if (body.contains("response")) answer.response = body["response"];
    }
    return answer;
}

struct Door {
    Door(const std::string& label, std::time_t start, double requests_per_second = 50)
        : dir(scratch_dir(label)), clock(dir / "faketime.rc", start), stub("4711", "Sup3rS3cret", "UserKey-1"),
          rate(requests_per_second) {
        stub.set_clock_offset_s(start - std::time(nullptr));
        server = std::make_unique<ServerProcess>(options());
        port = jkn_port(*server);
    }
    ServerOptions options() const {
        ServerOptions options;
        options.dir = dir;
        options.config = door_config(dir, stub, rate);
        clock.apply(options);
        return options;
    }
    // Steps the server's wall clock, and the stub's idea of the hospital's time with it.
    void set_time(std::time_t utc) {
        stub.set_clock_offset_s(utc - std::time(nullptr));
        clock.set(utc);
    }
    Answer auth(const std::string& user = kUser, const std::string& password = kPassword) {
        return parse(webc::request(port, "GET", "/jkn/auth", {"x-username: " + user, "x-password: " + password}));
    }
    std::string token() {
        Answer a = auth();
        REQUIRE(a.code == 200);
        return a.response["token"].get<std::string>();
    }
    Answer post(const std::string& service, const std::string& body, const std::string& token,
                std::vector<std::string> headers = {}) {
        headers.push_back("x-token: " + token);
        headers.push_back("x-username: " + kUser);
        headers.push_back("Content-Type: application/json");
        return parse(webc::request(port, "POST", "/jkn/" + service, headers, body));
    }
    Answer post(const std::string& service, const Json& body, const std::string& token) {
        return post(service, body.dump(), token);
    }
    fs::path dir;
    SteppableClock clock;
    BpjsStub stub;
    double rate;
    std::unique_ptr<ServerProcess> server;
    std::uint16_t port = 0;
};

std::unique_ptr<LineClient> login(const ServerProcess& server, const std::string& role, const std::string& device,
                                  const std::string& token) {
    auto client = std::make_unique<LineClient>(server.port());
    REQUIRE(client->hello(role, device, token)["type"] == "welcome");
    return client;
}

// What a hall display that subscribes now shows as waiting for a service (its snapshot).
int display_waiting(const ServerProcess& server, const std::string& service) {
    LineClient hall(server.port());
    REQUIRE(hall.hello("display", "hall-1", "d1")["type"] == "welcome");
    Json reply = hall.request({{"type", "subscribe"}});
    REQUIRE(reply["ok"] == true);
    auto snapshot = hall.next_push();
    while (snapshot && (*snapshot)["type"] != "snapshot") snapshot = hall.next_push();
    REQUIRE(snapshot);
    for (const Json& s : (*snapshot)["services"])
        if (s["code"] == service) return s["waiting"].get<int>();
    return -1;
}

}  // namespace

TEST_CASE("mobile jkn: token, wrong credentials, wrong and expired tokens") {
    Door door("jkn-door-auth", wib_time(2026, 12, 3, 6, 0));
    Answer wrong = door.auth(kUser, "salah");
    CHECK(wrong.status == 201);
    CHECK(wrong.code == 201);
    CHECK(wrong.message == "Username atau Password Tidak Sesuai");
    CHECK(door.auth("orang-lain", kPassword).message == "Username atau Password Tidak Sesuai");
    std::string token = door.token();
    CHECK(token.size() == 64);

    const Json status{{"kodepoli", "ANA"}, {"kodedokter", 12345}, {"tanggalperiksa", "2026-12-03"}, {"jampraktek", "08:00-12:00"}};
    CHECK(door.post("statusantrean", status, token).code == 200);
    Answer bad = door.post("statusantrean", status, "0123456789abcdef");
    CHECK(bad.code == 201);
    CHECK(bad.message == "Token tidak valid");
    CHECK(door.post("statusantrean", status.dump(), token, {}).code == 200);
    // A token belongs to the username it was given to.
    Answer other_user = parse(webc::request(door.port, "POST", "/jkn/statusantrean",
                                            {"x-token: " + token, "x-username: someone"}, status.dump()));
    CHECK(other_user.message == "Token tidak valid");
    // GET on a service, POST on auth, an unknown service.
    CHECK(parse(webc::request(door.port, "GET", "/jkn/statusantrean", {"x-token: " + token, "x-username: " + kUser})).code == 201);
    CHECK(door.post("hapussemua", status, token).message == "Layanan tidak ditemukan");
    // The password file never shows in the output.
    CHECK(door.server->output().find(kPassword) == std::string::npos);

    // 61 minutes later by the wall clock the token has expired (default 60 min).
    door.set_time(wib_time(2026, 12, 3, 7, 1));
    REQUIRE(eventually([&] { return door.post("statusantrean", status, token).message == "Token Expired"; }, 5s));
    CHECK(door.post("statusantrean", status, token).code == 201);
    CHECK(door.post("statusantrean", status, door.token()).code == 200);

    // Guessing: after 5 failures for this user the right password is refused for a while too.
    for (int i = 0; i < 5; ++i) CHECK(door.auth(kUser, "tebak" + std::to_string(i)).code == 201);
    Answer locked = door.auth();
    CHECK(locked.code == 201);
    CHECK(locked.message.find("Terlalu banyak percobaan") != std::string::npos);
    CHECK(door.server->output().find("auth refused for user \"bpjs-mobilejkn\"") != std::string::npos);
}

TEST_CASE("mobile jkn: ambil, status and sisa agree with the hall, check-in, batal reaches BPJS") {
    Door door("jkn-door-flow", wib_time(2026, 12, 3, 6, 0));
    std::string token = door.token();
    auto counter = login(*door.server, "counter", "ruang-1", "r1");
    auto kiosk = login(*door.server, "kiosk", "kiosk-1", "k1");

    Answer a1 = door.post("ambilantrean", ambil("3507010101010001", "0001234567801", "2026-12-03"), token);
    INFO(a1.message);
    REQUIRE(a1.code == 200);
    CHECK(a1.status == 200);
    CHECK(a1.response["nomorantrean"] == "C001");
    CHECK(a1.response["angkaantrean"] == 1);
    CHECK(a1.response["namapoli"] == "Poli Anak");
    CHECK(a1.response["namadokter"] == "dr. Contoh, Sp.A");
    CHECK(a1.response["norm"] == "123456");
    CHECK(a1.response["estimasidilayani"] == wib_time(2026, 12, 3, 8, 0) * 1000);
    CHECK(a1.response["kuotajkn"] == 2);
    CHECK(a1.response["sisakuotajkn"] == 1);
    CHECK(a1.response["kuotanonjkn"] == 1);
    CHECK(a1.response["sisakuotanonjkn"] == 1);
    const std::string code1 = a1.response["kodebooking"].get<std::string>();

    // The same patient again, a full JKN quota, a Sunday, a past day, bad numbers.
    CHECK(door.post("ambilantrean", ambil("3507010101010001", "0001234567801", "2026-12-03"), token).message ==
          "Nomor Antrean hanya dapat diambil 1 kali pada Tanggal, Dokter dan Poli yang sama");
    Answer a2 = door.post("ambilantrean", ambil("3507010101010002", "0001234567802", "2026-12-03"), token);
    REQUIRE(a2.code == 200);
    const std::string code2 = a2.response["kodebooking"].get<std::string>();
    Answer full = door.post("ambilantrean", ambil("3507010101010003", "0001234567803", "2026-12-03"), token);
    CHECK(full.code == 201);
    CHECK(full.message.find("Kuota JKN") != std::string::npos);
    Answer nonjkn = door.post("ambilantrean", ambil("3507010101010004", "", "2026-12-03"), token);
    CHECK(nonjkn.code == 200);
    CHECK(nonjkn.response["sisakuotanonjkn"] == 0);
    CHECK(door.post("ambilantrean", ambil("3507010101010003", "0001234567803", "2026-12-06"), token).code == 201);
    CHECK(door.post("ambilantrean", ambil("3507010101010003", "0001234567803", "2026-12-02"), token).message ==
          "Tanggal Periksa tidak berlaku mundur");
    CHECK(door.post("ambilantrean", ambil("3507010101010003", "12", "2026-12-04"), token).message == "Nomor Kartu harus 13 digit");

    // Booked numbers are in nobody's queue yet.
    const Json status_body{{"kodepoli", "ANA"}, {"kodedokter", 12345}, {"tanggalperiksa", "2026-12-03"}, {"jampraktek", "08:00-12:00"}};
    Answer s0 = door.post("statusantrean", status_body, token);
    CHECK(s0.response["totalantrean"] == 3);
    CHECK(s0.response["sisaantrean"] == display_waiting(*door.server, "C"));
    CHECK(s0.response["sisaantrean"] == 0);
    CHECK(s0.response["antreanpanggil"] == "-");
    CHECK(s0.response["sisakuotajkn"] == 0);

    // Batal: no number is freed, BPJS gets 99 and the cancellation.
    CHECK(door.post("batalantrean", Json{{"kodebooking", code2}, {"keterangan", "Anak sudah sembuh"}}, token).code == 200);
    CHECK(door.post("batalantrean", Json{{"kodebooking", code2}, {"keterangan", "lagi"}}, token).message ==
          "Antrean ini sudah dibatalkan");
    REQUIRE(eventually([&] { return door.stub.cancelled().count(code2) == 1; }, 15s));
    CHECK(door.stub.cancelled()[code2] == "Anak sudah sembuh");
    REQUIRE(eventually([&] {
        auto accepted = door.stub.accepted();
        return accepted.count(code2) && !accepted[code2].empty() && accepted[code2].back().taskid == 99;
    }, 15s));

    // Check-in too early, then in time: the hall sees it, sisa and status agree with the hall.
    CHECK(door.post("checkinantrean", Json{{"kodebooking", code1}, {"waktu", 1796259600000}}, token).message ==
          "Check-in dibuka pukul 07:00 WIB");
    door.set_time(wib_time(2026, 12, 3, 7, 30));
    // 90 minutes later on the wall clock: the 60-minute token has ended (jkn_token.hpp), as Mobile JKN expects.
    REQUIRE(eventually([&] { return door.post("sisaantrean", Json{{"kodebooking", code1}}, token).message == "Token Expired"; }, 5s, 50ms));
    token = door.token();
    Answer checked_in;
    const bool in_time = eventually([&] {
        checked_in = door.post("checkinantrean", Json{{"kodebooking", code1}, {"waktu", 1}}, token);
        return checked_in.code == 200;
    }, 5s, 100ms);
    INFO(checked_in.code << " " << checked_in.message);
    REQUIRE(in_time);
    CHECK(door.post("checkinantrean", Json{{"kodebooking", code1}, {"waktu", 1}}, token).message == "Kode booking ini sudah check-in");
    CHECK(door.post("statusantrean", status_body, token).response["sisaantrean"] == display_waiting(*door.server, "C"));
    CHECK(display_waiting(*door.server, "C") == 1);
    Json walk_in = kiosk->request({{"type", "ticket.issue"}, {"service", "C"}, {"request_id", "w1"}});
    CHECK(walk_in["ticket"]["number"] == "C004");  // after the three booked numbers, the cancelled one too
    Answer sisa = door.post("sisaantrean", Json{{"kodebooking", code1}}, token);
    CHECK(sisa.response["nomorantrean"] == "C001");
    CHECK(sisa.response["sisaantrean"] == 1);
    CHECK(sisa.response["antreanpanggil"] == "-");
    Answer status = door.post("statusantrean", status_body, token);
    CHECK(status.response["sisaantrean"] == display_waiting(*door.server, "C"));
    CHECK(status.response["sisaantrean"] == 2);

    // The counter calls it: the number now called is the one the hall announces.
    Json called = counter->request({{"type", "counter.call_next"}, {"counter", "R1"}});
    CHECK(called["ticket"]["number"] == "C001");
    status = door.post("statusantrean", status_body, token);
    CHECK(status.response["antreanpanggil"] == "C001");
    CHECK(status.response["sisaantrean"] == display_waiting(*door.server, "C"));
    CHECK(door.post("sisaantrean", Json{{"kodebooking", code1}}, token).response["sisaantrean"] == 0);
    counter->request({{"type", "counter.finish"}, {"counter", "R1"}});
    // BPJS hears 3 (check-in) 4 (call) 5 (finish) for the booking.
    REQUIRE(eventually([&] {
        auto accepted = door.stub.accepted();
        std::vector<int> ids;
        for (const auto& t : accepted[code1]) ids.push_back(t.taskid);
        return ids == std::vector<int>{3, 4, 5};
    }, 15s));
    for (const std::string& v : door.stub.violations()) FAIL_CHECK("the stub saw: " << v);

    // pasienbaru and the operation schedules of a hospital without that data.
    Answer baru = door.post("pasienbaru", Json{{"nik", "3507010101010001"}, {"nomorkartu", "0001234567801"}}, token);
    CHECK(baru.code == 201);
    CHECK(baru.message.find("loket admisi") != std::string::npos);
    Answer ops = door.post("jadwaloperasirs", Json{{"tanggalawal", "2026-12-01"}, {"tanggalakhir", "2026-12-31"}}, token);
    CHECK(ops.code == 200);
    CHECK(ops.response["list"] == Json::array());
    CHECK(door.post("jadwaloperasipasien", Json{{"nopeserta", "0001234567801"}}, token).response["list"] == Json::array());
    CHECK(door.post("jadwaloperasirs", Json{{"tanggalawal", "2026-12-31"}, {"tanggalakhir", "2026-12-01"}}, token).code == 201);

    // The access log names the caller.
    CHECK(door.server->output().find("caller=127.0.0.1 user=bpjs-mobilejkn") != std::string::npos);
}

TEST_CASE("mobile jkn: oversized, malformed and mistyped bodies") {
    Door door("jkn-door-hostile", wib_time(2026, 12, 3, 6, 0));
    std::string token = door.token();
    const Json good = ambil("3507010101010001", "0001234567801", "2026-12-04");

    const std::string huge = "{\"nik\":\"" + std::string(17 * 1024, '1') + "\"}";
    CHECK(door.post("ambilantrean", huge, token).status == 413);
    CHECK(door.post("ambilantrean", std::string("{\"nik\": "), token).message.find("Format permintaan tidak valid") == 0);
    CHECK(door.post("ambilantrean", std::string("[1,2,3]"), token).code == 201);
    CHECK(door.post("ambilantrean", std::string(2000, '[') + std::string(2000, ']'), token).code == 201);
    Json typed = good;
    typed["kodedokter"] = "dua belas";
    CHECK(door.post("ambilantrean", typed, token).message == "kodedokter harus berupa angka");
    typed = good;
    typed["nik"] = 3507010101010001;
    CHECK(door.post("ambilantrean", typed, token).message == "nik harus berupa teks");
    typed = good;
    typed.erase("kodepoli");
    CHECK(door.post("ambilantrean", typed, token).message == "kodepoli wajib diisi");
    typed = good;
    typed["kodedokter"] = "12345";  // digits as a string are taken
    CHECK(door.post("ambilantrean", typed, token).code == 200);
    CHECK(door.post("sisaantrean", Json{{"kodebooking", "bad code!"}}, token).message == "Kode booking tidak valid");
    CHECK(door.post("sisaantrean", Json{{"kodebooking", "20261204C0099AAA"}}, token).message == "Kode booking tidak ditemukan");
    // No stack trace, no internal detail, and the server is still fine.
    CHECK(door.server->output().find("what():") == std::string::npos);
}

TEST_CASE("mobile jkn: rate limits per caller behind the proxy") {
    // 2 requests a second per caller (a burst of 12): the loop below outruns it however slow the machine.
    Door door("jkn-door-rate", wib_time(2026, 12, 3, 6, 0), 2);
    std::string token = door.token();
    // Behind the proxy (loopback): each X-Forwarded-For caller has its own bucket.
    int limited = 0;
    for (int i = 0; i < 200 && limited == 0; ++i) {
        Answer a = door.post("sisaantrean", Json{{"kodebooking", "20261204C0099AAA"}}.dump(), token,
                             {"X-Forwarded-For: 203.0.113.7"});
        if (a.status == 429) ++limited;
    }
    CHECK(limited == 1);
    Answer other = door.post("sisaantrean", Json{{"kodebooking", "20261204C0099AAA"}}.dump(), token,
                             {"X-Forwarded-For: 198.51.100.9"});
    CHECK(other.status == 201);
    CHECK(door.server->output().find("caller=203.0.113.7") != std::string::npos);
}

TEST_CASE("mobile jkn: a password file others can read stops the start (exit 2, naming it)") {
    const fs::path dir = scratch_dir("jkn-door-password");
    BpjsStub stub("4711", "Sup3rS3cret", "UserKey-1");
    Json config = door_config(dir, stub);
    ::chmod((dir / "jkn-password").c_str(), 0644);
    std::ofstream(dir / "server.json", std::ios::trunc) << config.dump(2);
    const RunResult result = run_program({program("queue-server").string(), "--config", (dir / "server.json").string(),
                                          "--port", "0", "--db", (dir / "q.db").string()}, 10s);
    CHECK(result.status == 2);
    CHECK(result.output.find("mobile_jkn.password_file") != std::string::npos);
    CHECK(result.output.find((dir / "jkn-password").string()) != std::string::npos);
}
