// BPJS Antrean end to end: the real queue-server (port 0, a real SQLite file)
// reporting to the stub BPJS (bpjs_stub.hpp) on 127.0.0.1, driven over the
// real protocol. Every test ends with the stub having seen nothing the real
// BPJS would refuse (violations() empty).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <functional>
#include <thread>

#include "bpjs_stub.hpp"
#include "eventually.hpp"
#include "test_support.hpp"

using namespace anoman::testing;
using Task = BpjsStub::Task;

namespace {

const std::string kConsId = "4711";
const std::string kSecret = "Sup3rS3cretValue-xyz";
const std::string kUserKey = "UserKey-9f8e7d6c5b4a";

std::filesystem::path secret_file(const std::filesystem::path& dir, const std::string& name, const std::string& text,
                                  mode_t mode = 0600) {
    const auto path = dir / name;
    std::ofstream(path, std::ios::trunc) << text << "\n";
    ::chmod(path.c_str(), mode);
    return path;
}

Json hospital_config(const std::filesystem::path& dir, const std::string& base_url) {
    Json config = Json::parse(R"({
      "hospital": {"name": "RSUD Uji BPJS", "timezone": "Asia/Jakarta"},
      "services": [
        {"code": "A", "name": "Pendaftaran BPJS", "prefix": "A", "bpjs": {"role": "admission"}},
        {"code": "C", "name": "Poli Anak", "prefix": "C",
         "bpjs": {"role": "poli", "kodepoli": "ANA", "kodedokter": 12345, "namadokter": "dr. Siti", "jampraktek": "08:00-12:00"}}
      ],
      "counters": [
        {"id": "L1", "name": "Loket 1", "services": ["A"]},
        {"id": "R1", "name": "Ruang Anak", "services": ["C"]}
      ],
      "devices": [
        {"id": "kiosk-1", "role": "kiosk", "token": "k1"},
        {"id": "loket-1", "role": "counter", "counter": "L1", "token": "c1"},
        {"id": "admin", "role": "admin", "token": "a1"}
      ]
    })");
    config["bpjs"] = Json{{"base_url", base_url},
                          {"cons_id", kConsId},
                          {"secret_file", secret_file(dir, "bpjs-secret", kSecret).string()},
                          {"user_key_file", secret_file(dir, "bpjs-user-key", kUserKey).string()}};
    return config;
}

ServerOptions options_for(const BpjsStub& stub, const std::string& label) {
    ServerOptions options;
    options.dir = scratch_dir(label);
    options.config = hospital_config(*options.dir, stub.base_url());
    options.args = {"--log-level", "debug", "--bpjs-timeout-ms", "700"};
    return options;
}

struct Admin {
    explicit Admin(const ServerProcess& server) : client(server.port()) {
        REQUIRE(client.hello("admin", "admin", "a1")["type"] == "welcome");
    }
    Json ok(Json request) {
        Json reply = client.request(std::move(request));
        INFO(reply.dump());
        REQUIRE(reply["ok"] == true);
        return reply;
    }
    std::int64_t issue(const std::string& service, const std::string& booking = "") {
        Json request{{"type", "ticket.issue"}, {"service", service}, {"request_id", "r" + std::to_string(++issued)}};
        if (!booking.empty()) request["patient"] = Json{{"kind", "bpjs"}, {"booking_code", booking}};
        return ok(request)["ticket"]["id"].get<std::int64_t>();
    }
    void at(const std::string& counter, const std::string& type, Json extra = Json::object()) {
        extra["type"] = type;
        extra["counter"] = counter;
        ok(extra);
    }
    LineClient client;
    int issued = 0;
};

std::vector<int> task_ids(const std::vector<Task>& tasks) {
    std::vector<int> ids;
    for (const Task& t : tasks) ids.push_back(t.taskid);
    return ids;
}

std::vector<int> accepted_ids(const BpjsStub& stub, const std::string& booking) {
    const auto accepted = stub.accepted();
    auto it = accepted.find(booking);
    return it == accepted.end() ? std::vector<int>{} : task_ids(it->second);
}

bool has_tasks(const BpjsStub& stub, const std::string& booking, const std::vector<int>& ids) {
    return accepted_ids(stub, booking) == ids;
}

void check_no_violations(const BpjsStub& stub) {
    for (const std::string& v : stub.violations()) FAIL_CHECK("the stub saw: " << v);
}

void check_no_secret(const std::string& text, const std::string& where) {
    INFO(where);
    CHECK(text.find(kSecret) == std::string::npos);
    CHECK(text.find(kUserKey) == std::string::npos);
}

}  // namespace

TEST_CASE("journeys: admission then poli, direct poli check-in, link after the fact") {
    BpjsStub stub(kConsId, kSecret, kUserKey);
    ServerProcess server(options_for(stub, "bpjs-journeys"));
    Admin admin(server);

    // Admission then poli, with the kiosk's booking code: 1 2 3 4 5.
    admin.issue("A", "JKN-0001");
    admin.at("L1", "counter.call_next");
    admin.at("L1", "counter.transfer", {{"to_service", "C"}});
    admin.at("R1", "counter.call_next");
    admin.at("R1", "counter.finish");
    // An existing patient checking in directly at the poli: 3 4 5.
    admin.issue("C", "JKN-0002");
    admin.at("R1", "counter.call_next");
    admin.at("R1", "counter.finish");
    // A walk-in whose code the SIMRS prints later: linked after task 2.
    const std::int64_t walk_in = admin.issue("A");
    admin.at("L1", "counter.call_next");
    std::this_thread::sleep_for(600ms);  // not synchronisation: lets a sender that wrongly sent unlinked rows show it
    CHECK(stub.accepted().count("SIMRS-77") == 0);
    Json linked = admin.ok({{"type", "ticket.link"}, {"ticket", walk_in}, {"booking_code", "SIMRS-77"}});
    CHECK(linked["tasks_released"] == 2);
    admin.at("L1", "counter.finish");

    CHECK(eventually([&] { return has_tasks(stub, "JKN-0001", {1, 2, 3, 4, 5}); }, 20s));
    CHECK(eventually([&] { return has_tasks(stub, "JKN-0002", {3, 4, 5}); }, 20s));
    CHECK(eventually([&] { return has_tasks(stub, "SIMRS-77", {1, 2, 3}); }, 20s));
    check_no_violations(stub);
    CHECK(stub.duplicates() == 0);

    // The admin views agree.
    CHECK(eventually([&] { return admin.ok({{"type", "bpjs.status"}})["pending"] == 0; }, 20s));
    Json status = admin.ok({{"type", "server.status"}});
    CHECK(status["bpjs"]["delivered_today"] == 11);
    Json tasks = admin.ok({{"type", "bpjs.tasks"}, {"booking_code", "JKN-0001"}});
    REQUIRE(tasks["tasks"].size() == 5);
    for (const Json& task : tasks["tasks"]) {
        CHECK(task["state"] == "delivered");
        CHECK(task["last_code"] == 200);
    }
    check_no_secret(server.output(), "server log");
}

TEST_CASE("201 is recorded with BPJS's message and retried only when an admin asks") {
    BpjsStub stub(kConsId, kSecret, kUserKey);
    ServerProcess server(options_for(stub, "bpjs-refused"));
    Admin admin(server);
    stub.refuse_next("JKN-REF", "Kode booking tidak ditemukan");
    admin.issue("C", "JKN-REF");
    admin.at("R1", "counter.call_next");
    CHECK(eventually([&] { return admin.ok({{"type", "bpjs.status"}})["rejected"] == 1; }, 20s));
    Json status = admin.ok({{"type", "bpjs.status"}});
    REQUIRE(status["last_errors"].size() == 1);
    CHECK(status["last_errors"][0]["last_message"] == "Kode booking tidak ditemukan");
    CHECK(status["last_errors"][0]["last_code"] == 201);
    // Held: the later task 4 is not sent while 3 is refused.
    const int requests_before = stub.requests();
    std::this_thread::sleep_for(800ms);  // not synchronisation: time for a wrong resend to show
    CHECK(stub.requests() == requests_before);
    CHECK(accepted_ids(stub, "JKN-REF").empty());

    CHECK(admin.ok({{"type", "bpjs.retry"}, {"booking_code", "JKN-REF"}})["retried"] == 1);
    CHECK(eventually([&] { return has_tasks(stub, "JKN-REF", {3, 4}); }, 20s));
    check_no_violations(stub);
}

TEST_CASE("BPJS down for a while (500s, resets, hangs), then back: the backlog drains in order") {
    BpjsStub stub(kConsId, kSecret, kUserKey);
    ServerProcess server(options_for(stub, "bpjs-down"));
    Admin admin(server);
    for (BpjsStub::Mode mode : {BpjsStub::Mode::http_500, BpjsStub::Mode::reset, BpjsStub::Mode::hang}) {
        stub.set_mode(mode);
        const int before = stub.requests();
        const std::string booking = "DOWN-" + std::to_string(static_cast<int>(mode));
        admin.issue("A", booking);
        admin.at("L1", "counter.call_next");
        admin.at("L1", "counter.transfer", {{"to_service", "C"}});
        admin.at("R1", "counter.call_next");
        admin.at("R1", "counter.finish");
        // The queue works while BPJS is away: the engine never waits for it.
        Json ping = admin.ok({{"type", "ping"}});
        CHECK(ping.contains("now"));
        if (mode != BpjsStub::Mode::reset) CHECK(eventually([&] { return stub.requests() > before; }, 20s));
        CHECK(eventually([&] { return !admin.ok({{"type", "bpjs.status"}})["last_errors"].empty(); }, 20s));
        CHECK(accepted_ids(stub, booking).empty());
    }
    CHECK(admin.ok({{"type", "bpjs.status"}})["pending"] == 15);
    stub.set_mode(BpjsStub::Mode::normal);
    for (const char* booking : {"DOWN-1", "DOWN-2", "DOWN-3"})
        CHECK(eventually([&] { return has_tasks(stub, booking, {1, 2, 3, 4, 5}); }, 90s));
    CHECK(eventually([&] { return admin.ok({{"type", "bpjs.status"}})["pending"] == 0; }, 20s));
    check_no_violations(stub);
}

TEST_CASE("kill -9 with tasks pending, then restart: each delivered, none accepted twice") {
    BpjsStub stub(kConsId, kSecret, kUserKey);
    ServerOptions options = options_for(stub, "bpjs-kill");
    std::vector<std::string> bookings;
    {
        ServerProcess server(options);
        Admin admin(server);
        stub.set_mode(BpjsStub::Mode::hang);  // nothing gets through: everything pending
        for (int i = 0; i < 6; ++i) {
            bookings.push_back("KILL-" + std::to_string(i));
            admin.issue("A", bookings.back());
            admin.at("L1", "counter.call_next");
            admin.at("L1", "counter.transfer", {{"to_service", "C"}});
        }
        CHECK(eventually([&] { return stub.requests() > 0; }, 20s));
        // Now let answers through and kill the server while it is busy sending.
        stub.set_mode(BpjsStub::Mode::normal);
        CHECK(eventually([&] {
            int accepted = 0;
            for (const auto& [booking, tasks] : stub.accepted()) accepted += static_cast<int>(tasks.size());
            return accepted >= 3;
        }));
        server.kill9();
    }
    ServerProcess restarted(options);
    Admin admin(restarted);
    for (const std::string& booking : bookings) CHECK(eventually([&] { return has_tasks(stub, booking, {1, 2, 3}); }, 20s));
    CHECK(eventually([&] { return admin.ok({{"type", "bpjs.status"}})["pending"] == 0; }, 20s));
    // Accepted once each (has_tasks compares the whole list); resends answered 208 count as delivered.
    check_no_violations(stub);
}

TEST_CASE("a no-show still skipped at the day's end: 99 and antrean/batal with a reason") {
    BpjsStub stub(kConsId, kSecret, kUserKey);
    ServerOptions options = options_for(stub, "bpjs-noshow");
    // The server's clock starts 8 s before midnight in Jakarta (UTC+7) and runs at real speed.
    const std::time_t now = std::time(nullptr);
    const std::time_t start = (now / 86400 + 1) * 86400 - 7 * 3600 - 8 + 86400;
    options.env = {{"LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"},
                   {"FAKETIME", "@" + std::to_string(start)},
                   {"FAKETIME_FMT", "%s"},
                   {"FAKETIME_DONT_FAKE_MONOTONIC", "1"},
                   {"FAKETIME_NO_CACHE", "1"}};
    stub.set_clock_offset_s(start - now);  // BPJS lives at the hospital's (faked) time
    ServerProcess server(options);
    Admin admin(server);
    admin.issue("C", "NOSHOW-1");
    admin.at("R1", "counter.call_next");
    admin.at("R1", "counter.skip");
    CHECK(eventually([&] { return has_tasks(stub, "NOSHOW-1", {3, 4}); }, 20s));
    CHECK(stub.cancelled().count("NOSHOW-1") == 0);
    CHECK(eventually([&] { return has_tasks(stub, "NOSHOW-1", {3, 4, 99}); }, 30s));
    CHECK(eventually([&] { return stub.cancelled().count("NOSHOW-1") == 1; }, 20s));
    CHECK(stub.cancelled()["NOSHOW-1"] == "Pasien tidak hadir saat dipanggil sampai akhir hari layanan");
    check_no_violations(stub);
}

TEST_CASE("bpjs.ref: the reference lists decrypted with the request's own timestamp") {
    BpjsStub stub(kConsId, kSecret, kUserKey);
    ServerProcess server(options_for(stub, "bpjs-ref"));
    Admin admin(server);
    Json poli = admin.ok({{"type", "bpjs.ref"}, {"list", "poli"}});
    CHECK(poli["data"]["list"][0]["kdpoli"] == "ANA");
    Json dokter = admin.ok({{"type", "bpjs.ref"}, {"list", "dokter"}});
    CHECK(dokter["data"]["list"][0]["kodedokter"] == 12345);
    Json jadwal = admin.ok({{"type", "bpjs.ref"}, {"list", "jadwal"}, {"kodepoli", "ANA"}, {"tanggal", "2026-12-02"}});
    CHECK(jadwal["data"]["list"][0]["jadwal"] == "08:00 - 12:00");
    Json bad = admin.client.request({{"type", "bpjs.ref"}, {"list", "jadwal"}, {"kodepoli", "ANA"}});
    CHECK(bad["error"]["code"] == "bad_request");
    // Replies keep request order around a bpjs.ref.
    admin.client.send_json({{"type", "bpjs.ref"}, {"id", "ref-1"}, {"list", "poli"}});
    admin.client.send_json({{"type", "ping"}, {"id", "ping-1"}});
    auto first = admin.client.read_json(10s);
    auto second = admin.client.read_json(10s);
    REQUIRE(first);
    REQUIRE(second);
    CHECK((*first)["id"] == "ref-1");
    CHECK((*second)["id"] == "ping-1");
    // BPJS away: a clear error, and the server keeps serving.
    stub.set_mode(BpjsStub::Mode::http_500);
    Json failed = admin.client.request({{"type", "bpjs.ref"}, {"list", "poli"}}, 10s);
    CHECK(failed["error"]["code"] == "internal");
    CHECK(failed["error"]["message"].get<std::string>().find("BPJS") == 0);
    check_no_violations(stub);
    check_no_secret(server.output(), "server log");
}

TEST_CASE("the secret and user key never appear in the server's output") {
    BpjsStub stub(kConsId, kSecret, kUserKey);
    ServerOptions options = options_for(stub, "bpjs-secret-log");
    ServerProcess server(options);
    Admin admin(server);
    stub.set_mode(BpjsStub::Mode::http_500);  // errors get logged too
    admin.issue("C", "LOG-1");
    CHECK(eventually([&] { return stub.requests() > 0; }, 20s));
    stub.set_mode(BpjsStub::Mode::normal);
    CHECK(eventually([&] { return has_tasks(stub, "LOG-1", {3}); }, 20s));
    // The stub did receive them: the check below could fail.
    bool sent_user_key = false;
    for (const std::string& header : stub.seen_headers()) sent_user_key = sent_user_key || header == "user_key: " + kUserKey;
    CHECK(sent_user_key);
    check_no_secret(admin.ok({{"type", "server.status"}}).dump(), "server.status");
    check_no_secret(admin.ok({{"type", "bpjs.status"}}).dump(), "bpjs.status");
    server.terminate();
    CHECK(server.wait() == 0);
    check_no_secret(server.output(), "server stdout and stderr at debug level");
}

TEST_CASE("a secret file readable by others is refused at start: exit 2, one line naming the file") {
    const auto dir = scratch_dir("bpjs-perm");
    Json config = hospital_config(dir, "http://127.0.0.1:9/antreanrs");
    const auto loose = secret_file(dir, "bpjs-secret", kSecret, 0644);
    const auto config_path = dir / "server.json";
    std::ofstream(config_path) << config.dump();
    RunResult result = run_program({program("queue-server").string(), "--config", config_path.string(), "--port", "0",
                                    "--db", (dir / "queue.db").string()},
                                   15s);
    CHECK(result.status == 2);
    INFO(result.output);
    CHECK(result.output.find(loose.string()) != std::string::npos);
    CHECK(result.output.find("readable by group or others") != std::string::npos);
    CHECK(std::count(result.output.begin(), result.output.end(), '\n') == 1);
    check_no_secret(result.output, "refusal");
}

TEST_CASE("queuectl bpjs status, tasks, retry, ref and link; queuectl status shows the outbox") {
    BpjsStub stub(kConsId, kSecret, kUserKey);
    ServerProcess server(options_for(stub, "bpjs-queuectl"));
    Admin admin(server);
    auto queuectl = [&](std::vector<std::string> args) {
        std::vector<std::string> argv{program("queuectl").string(), "--server", server.address(), "--device", "admin",
                                      "--token", "a1", "--timeout", "20"};
        argv.insert(argv.end(), args.begin(), args.end());
        RunResult result = run_program(argv, 30s);
        check_no_secret(result.output, "queuectl " + args.front());
        return result;
    };
    stub.refuse_next("CTL-1", "Pasien tidak ditemukan");
    admin.issue("C", "CTL-1");
    CHECK(eventually([&] { return admin.ok({{"type", "bpjs.status"}})["rejected"] == 1; }, 20s));

    RunResult status = queuectl({"bpjs", "status"});
    CHECK(status.status == 0);
    CHECK(status.output.find("refused 1") != std::string::npos);
    CHECK(status.output.find("CTL-1") != std::string::npos);
    CHECK(status.output.find("Pasien tidak ditemukan") != std::string::npos);
    RunResult overall = queuectl({"status"});
    CHECK(overall.output.find("bpjs      pending") != std::string::npos);

    RunResult tasks = queuectl({"bpjs", "tasks", "CTL-1"});
    CHECK(tasks.status == 0);
    CHECK(tasks.output.find("task 3") != std::string::npos);
    CHECK(tasks.output.find("rejected") != std::string::npos);

    RunResult retry = queuectl({"bpjs", "retry", "CTL-1"});
    CHECK(retry.output.find("1 refused task(s)") != std::string::npos);
    CHECK(eventually([&] { return has_tasks(stub, "CTL-1", {3}); }, 20s));

    RunResult poli = queuectl({"bpjs", "ref", "poli"});
    INFO(poli.output);
    CHECK(poli.status == 0);
    CHECK(poli.output.find("ANAK") != std::string::npos);
    RunResult jadwal = queuectl({"bpjs", "ref", "jadwal", "ANA", "2026-12-02"});
    CHECK(jadwal.output.find("08:00 - 12:00") != std::string::npos);
    CHECK(queuectl({"bpjs", "ref", "jadwal"}).status == 2);  // usage: KODEPOLI and DATE

    admin.issue("A");  // A001, no booking code yet
    RunResult link = queuectl({"link", "A001", "SIMRS-9"});
    CHECK(link.status == 0);
    CHECK(link.output.find("linked to SIMRS-9") != std::string::npos);
    CHECK(eventually([&] { return has_tasks(stub, "SIMRS-9", {1}); }, 20s));
    check_no_violations(stub);
}

TEST_CASE("SIGTERM while BPJS hangs: the server stops at once, not after the BPJS timeout") {
    BpjsStub stub(kConsId, kSecret, kUserKey);
    ServerOptions options = options_for(stub, "bpjs-stop");
    options.args = {"--bpjs-timeout-ms", "60000"};
    ServerProcess server(options);
    Admin admin(server);
    stub.set_mode(BpjsStub::Mode::hang);
    admin.issue("C", "STOP-1");
    CHECK(eventually([&] { return stub.requests() > 0; }, 20s));
    const auto asked = std::chrono::steady_clock::now();
    server.terminate();
    CHECK(server.wait(10s) == 0);
    CHECK(std::chrono::steady_clock::now() - asked < 10s);
}
