// Conformance: the configuration (PROTOCOL.md "Server command line and
// configuration") and a service's practice hours.
#include "conformance.hpp"

#include <ctime>
#include <map>

using namespace conform;

namespace {

Json with_service(Json config, Json service) {
    config["services"].push_back(std::move(service));
    return config;
}

// Expects the configuration to be refused: exit 2 and exactly one line of output.
void check_refused(const Json& config, const std::string& must_mention = "") {
    auto result = run_with_config(config, "conform-badcfg");
    CAPTURE(result.output);
    CHECK(result.status == 2);
    auto lines = lines_of(result.output);
    CHECK(lines.size() == 1);
    CHECK(result.output.find("listening on") == std::string::npos);
    if (!must_mention.empty()) CHECK(result.output.find(must_mention) != std::string::npos);
}

}  // namespace

TEST_CASE("hours: outside them service_closed and open:false; inside them tickets are issued") {
    Json config = test_config();
    config = with_service(config, {{"code", "H1"}, {"name", "Poli Pagi"}, {"prefix", "H"}, {"hours", "09:00-11:00"}});
    config = with_service(config, {{"code", "H2"}, {"name", "Poli Siang"}, {"prefix", "I"}, {"hours", "13:00-14:00"}});
    config = with_service(config, {{"code", "H3"}, {"name", "Poli Malam"}, {"prefix", "J"}, {"hours", "18:00-24:00"}});
    config = with_service(config, {{"code", "H4"}, {"name", "Poli Subuh"}, {"prefix", "K"}, {"hours", "00:00-10:00"}});
    config = with_service(config, {{"code", "H5"}, {"name", "Poli Sehari"}, {"prefix", "L"}, {"hours", "10:00-24:00"}});
    // 03:00:30 UTC = 10:00:30 in Jakarta, on 2026-11-23 (the process itself thinks in UTC).
    ServerProcess server(faked_clock(config, utc_time(2026, 11, 23, 3, 0, 30)));
    auto kiosk = login(server, config, "kiosk-1");
    auto admin = login(server, config, "admin");
    CHECK(ok(*admin, {{"type", "ping"}})["now"].get<std::string>().rfind("2026-11-23T10:0", 0) == 0);

    Json list = ok(*admin, {{"type", "services.list"}});
    std::map<std::string, bool> open;
    for (const auto& service : list["services"]) open[service["code"].get<std::string>()] = service["open"].get<bool>();
    CHECK(open["A"] == true);
    CHECK(open["H1"] == true);
    CHECK(open["H2"] == false);
    CHECK(open["H3"] == false);
    CHECK(open["H4"] == false);
    CHECK(open["H5"] == true);

    CHECK(issue_ok(*kiosk, "H1", "h-1")["number"] == "H001");
    CHECK(issue_ok(*kiosk, "H5", "h-5")["number"] == "L001");
    for (const char* code : {"H2", "H3", "H4"}) {
        CAPTURE(code);
        CHECK(code_of(issue(*kiosk, code, std::string("h-") + code)) == "service_closed");
        CHECK(code_of(issue(*admin, code, std::string("h-admin-") + code)) == "service_closed");
    }
    // A closed service took no number: nothing exists under its prefix.
    CHECK(code_of(admin->request({{"type", "ticket.get"}, {"number", "I001"}})) == "not_found");
}

TEST_CASE("hours: every form other than \"HH:MM-HH:MM\" (start before end, 24:00 as an end) is an invalid configuration") {
    const std::vector<Json> bad = {"7:30-12:00", "07:30-12:00 ", " 07:30-12:00", "07:30 - 12:00", "12:00-07:30",
                                   "08:00-08:00", "24:00-24:00", "07:60-08:00", "25:00-26:00", "07:30", "",
                                   "07:30-24:01", "07.30-12.00", "07:30-12:00-13:00", "0730-1200", "aa:bb-cc:dd",
                                   "07:30–12:00", 730, Json::array({"07:30", "12:00"}), true};
    for (const auto& hours : bad) {
        CAPTURE(hours.dump());
        check_refused(with_service(test_config(), {{"code", "H"}, {"name", "Poli"}, {"prefix", "H"}, {"hours", hours}}),
                      "hours");
    }
    // The good forms start.
    for (const char* hours : {"00:00-24:00", "07:30-12:00", "23:59-24:00", "00:00-00:01"}) {
        CAPTURE(hours);
        ServerProcess server(with_config(with_service(test_config(), {{"code", "H"}, {"name", "Poli"}, {"prefix", "H"}, {"hours", hours}})));
        CHECK(server.running());
    }
}

TEST_CASE("configuration: invalid ones stop the server with exit 2 and one line that says what and where") {
    SUBCASE("unknown keys name the key") {
        Json top = test_config();
        top["colour"] = "blue";
        check_refused(top, "colour");
        Json hospital = test_config();
        hospital["hospital"]["motto"] = "sehat";
        check_refused(hospital, "motto");
        Json service = test_config();
        service["services"][1]["kuota"] = 5;
        check_refused(service, "kuota");
        Json counter = test_config();
        counter["counters"][0]["lantai"] = 2;
        check_refused(counter, "lantai");
        Json device = test_config();
        device["devices"][0]["pin"] = "1234";
        check_refused(device, "pin");
        Json listen = test_config();
        listen["listen"] = {{"host", "127.0.0.1"}, {"port", 7700}, {"backlog", 5}};
        check_refused(listen, "backlog");
    }
    SUBCASE("duplicate codes and ids") {
        Json services = test_config();
        services["services"].push_back({{"code", "A"}, {"name", "Lagi A"}, {"prefix", "Z"}});
        check_refused(services, "A");
        Json counters = test_config();
        counters["counters"].push_back({{"id", "L1"}, {"name", "Loket Satu Lagi"}, {"services", {"A"}}});
        check_refused(counters, "L1");
        Json devices = test_config();
        devices["devices"].push_back({{"id", "kiosk-1"}, {"role", "kiosk"}, {"token", "zz"}});
        check_refused(devices, "kiosk-1");
    }
    SUBCASE("counters and devices that do not fit together") {
        Json unknown_service = test_config();
        unknown_service["counters"][2]["services"] = {"B", "XYZ"};
        check_refused(unknown_service, "XYZ");
        Json no_counter = test_config();
        no_counter["devices"][2].erase("counter");
        check_refused(no_counter, "devices");
        Json unknown_counter = test_config();
        unknown_counter["devices"][2]["counter"] = "L77";
        check_refused(unknown_counter, "L77");
        Json bad_role = test_config();
        bad_role["devices"][0]["role"] = "superuser";
        check_refused(bad_role, "superuser");
    }
    SUBCASE("wrong types, missing parts, not JSON") {
        Json quota = test_config();
        quota["services"][0]["daily_quota"] = "banyak";
        check_refused(quota, "daily_quota");
        Json no_services = test_config();
        no_services.erase("services");
        check_refused(no_services, "services");
        Json not_object = Json::array({1, 2});
        check_refused(not_object);
        Json zone = test_config();
        zone["hospital"]["timezone"] = "Asia/Atlantis";
        check_refused(zone, "Asia/Atlantis");

        auto dir = anoman::testing::scratch_dir("conform-notjson");
        {
            std::FILE* file = std::fopen((dir / "config.json").c_str(), "w");
            REQUIRE(file != nullptr);
            std::fputs("{\n  \"hospital\": {\"name\": \"RS\"},\n  oops\n}\n", file);
            std::fclose(file);
        }
        auto result = anoman::testing::run_program({anoman::testing::program("queue-server").string(), "--config",
                                                    (dir / "config.json").string(), "--db", (dir / "q.db").string(),
                                                    "--port", "0"},
                                                   10s);
        CAPTURE(result.output);
        CHECK(result.status == 2);
        CHECK(lines_of(result.output).size() == 1);
    }
}

TEST_CASE("command line: the first stdout line is exactly \"listening on ADDR:PORT\"; no --config runs the demo in the working directory") {
    const auto dir = anoman::testing::scratch_dir("conform-cli");
    const std::string server = anoman::testing::program("queue-server").string();
    // stdout alone (stderr dropped); SIGTERM after 2 s must give exit 0.
    auto result = anoman::testing::run_program(
        {"sh", "-c", "cd '" + dir.string() + "' && exec timeout --preserve-status -s TERM 2 '" + server +
                         "' --host 127.0.0.1 --port 0 2>/dev/null"},
        15s);
    CAPTURE(result.output);
    CHECK(result.status == 0);
    auto lines = lines_of(result.output);
    REQUIRE_FALSE(lines.empty());
    const std::string prefix = "listening on 127.0.0.1:";
    REQUIRE(lines[0].rfind(prefix, 0) == 0);
    const std::string port = lines[0].substr(prefix.size());
    REQUIRE_FALSE(port.empty());
    CHECK(port.find_first_not_of("0123456789") == std::string::npos);
    CHECK(std::stoi(port) > 0);
    CHECK(std::stoi(port) <= 65535);
    // The demo configuration's database lives in the working directory.
    CHECK(std::filesystem::exists(dir / "queue.db"));
}
