// Configuration parsing: the demo is valid, and every invalid form is refused
// with a message that says what and where.
#include <doctest/doctest.h>

#include "anoman/config.hpp"
#include "anoman/connect_options.hpp"
#include "anoman/hospital_clock.hpp"

using namespace anoman;
using proto::Json;

namespace {

Json minimal() {
    return Json::parse(R"({
      "hospital": {"name": "RSUD"},
      "services": [{"code": "A", "name": "Pendaftaran", "prefix": "A"}],
      "counters": [{"id": "L1", "name": "Loket 1", "services": ["A"]}],
      "devices": [{"id": "loket-1", "role": "counter", "counter": "L1", "token": "t"}]
    })");
}

std::string refusal(const Json& doc) {
    try {
        parse_config(doc);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("the built-in demo configuration is a full hospital") {
    const Config& demo = demo_config();
    CHECK(demo.hospital.name == "RSUD Ngudi Waluyo Wlingi");
    CHECK(demo.hospital.timezone == "Asia/Jakarta");
    CHECK(demo.services.size() >= 7);
    CHECK(demo.counters.size() >= 5);
    for (auto role : {proto::Role::kiosk, proto::Role::display, proto::Role::counter, proto::Role::admin})
        CHECK(demo.first_device(role) != nullptr);
    bool has_priority = false;
    for (const auto& s : demo.services) has_priority = has_priority || s.priority;
    CHECK(has_priority);
}

TEST_CASE("defaults") {
    Config c = parse_config(minimal());
    CHECK(c.hospital.timezone == "Asia/Jakarta");
    CHECK(c.listen_port == 7700);
    CHECK(c.database == "queue.db");
    CHECK_FALSE(c.services[0].daily_quota);
}

TEST_CASE("invalid configurations say what and where") {
    Json doc = minimal();
    doc["colour"] = "blue";
    CHECK(refusal(doc) == "colour: unknown key");

    doc = minimal();
    doc["services"][0]["colour"] = "blue";
    CHECK(refusal(doc) == "services[0].colour: unknown key");

    doc = minimal();
    doc["services"].push_back({{"code", "A"}, {"name", "Dua"}, {"prefix", "B"}});
    CHECK(refusal(doc) == "services[1].code: duplicate service code \"A\"");

    doc = minimal();
    doc["counters"][0]["services"] = {"A", "Z"};
    CHECK(refusal(doc) == "counters[0].services[1]: unknown service \"Z\"");

    doc = minimal();
    doc["devices"][0].erase("counter");
    CHECK(refusal(doc) == "devices[0]: a counter device needs \"counter\"");

    doc = minimal();
    doc["devices"][0]["role"] = "nurse";
    CHECK(refusal(doc).find("devices[0].role: unknown role") == 0);

    doc = minimal();
    doc["hospital"]["timezone"] = "Mars/Olympus";
    CHECK(refusal(doc) == "hospital.timezone: unknown timezone \"Mars/Olympus\"");

    doc = minimal();
    doc["services"][0]["daily_quota"] = "many";
    CHECK(refusal(doc).find("services[0].daily_quota:") == 0);

    doc = minimal();
    doc["listen"] = {{"port", 70000}};
    CHECK(refusal(doc).find("listen.port:") == 0);
}

TEST_CASE("service hours: HH:MM-HH:MM with the start before the end, 24:00 as an end") {
    ServiceHours h = parse_service_hours("07:30-12:00");
    CHECK(h.start_minute == 450);
    CHECK(h.end_minute == 720);
    CHECK(h.contains(450));
    CHECK_FALSE(h.contains(720));
    CHECK(parse_service_hours("00:00-24:00").end_minute == 1440);
    CHECK(h.text() == "07:30-12:00");
    for (const char* bad : {"12:00-07:30", "7:30-12:00", "07:30-12:60", "24:00-24:00", "07:30", "07:30-25:00",
                            "08:00-08:00", "07:30 - 12:00", "ab:cd-ef:gh"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_service_hours(bad), ConfigError);
        Json doc = minimal();
        doc["services"][0]["hours"] = bad;
        CHECK(refusal(doc).find("services[0].hours:") == 0);
    }
}

TEST_CASE("hospital clock: Asia/Jakarta days and offsets") {
    HospitalClock clock("Asia/Jakarta");
    using namespace std::chrono;
    auto at = time_point_cast<milliseconds>(sys_days{year{2026} / November / 22} + hours{16} + minutes{59} + seconds{59});
    CHECK(clock.service_day(at) == "2026-11-22");
    CHECK(clock.iso_local(at) == "2026-11-22T23:59:59+07:00");
    CHECK(clock.service_day(at + seconds{1}) == "2026-11-23");
    CHECK(clock.minute_of_day(at) == 23 * 60 + 59);
    CHECK(clock.next_midnight(at) == at + seconds{1});
    CHECK(HospitalClock::valid_day("2024-02-29"));
    CHECK_FALSE(HospitalClock::valid_day("2026-02-29"));
    CHECK_FALSE(HospitalClock::valid_day("2026-1-01"));
    CHECK_THROWS(HospitalClock("Nowhere/City"));
}

TEST_CASE("connection options: host:port, env token, demo device") {
    std::string host;
    std::uint16_t port = 0;
    parse_host_port("10.1.2.3:7800", host, port);
    CHECK(host == "10.1.2.3");
    CHECK(port == 7800);
    parse_host_port("server.rsud", host, port);
    CHECK(port == 7700);
    parse_host_port("[::1]:7701", host, port);
    CHECK(host == "::1");
    CHECK_THROWS_AS(parse_host_port("host:99999", host, port), std::invalid_argument);
    CHECK_THROWS_AS(parse_host_port(":7700", host, port), std::invalid_argument);

    ConnectArgs args;
    ConnectOptions demo = resolve_connect_options(args, proto::Role::kiosk);
    CHECK(demo.device == "kiosk-1");
    CHECK(demo.token == "demo-kiosk-1");
    args.device = "kiosk-9";
    args.token = "secret";
    ConnectOptions given = resolve_connect_options(args, proto::Role::kiosk);
    CHECK(given.device == "kiosk-9");
    CHECK(given.token == "secret");
    CHECK(given.tls_pin.empty());  // plain TCP unless asked

    // --tls-pin: normalised (colons and capitals as openssl prints them), checked.
    std::string colons;
    for (int i = 0; i < 32; ++i) colons += std::string(i ? ":" : "") + "AB";
    args.tls_pin = colons;
    std::string expected;
    for (int i = 0; i < 32; ++i) expected += "ab";
    CHECK(resolve_connect_options(args, proto::Role::kiosk).tls_pin == expected);
    args.tls_pin = "12ab";
    try {
        resolve_connect_options(args, proto::Role::kiosk);
        FAIL("a short pin was accepted");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()).find("--tls-pin") == 0);
    }
}

TEST_CASE("listen.tls: optional, both files required, nothing else") {
    auto with_listen = [](const Json& listen) {
        Json doc = demo_config_json();
        doc["listen"] = listen;
        return doc;
    };
    Config plain = parse_config(with_listen({{"port", 7700}}));
    CHECK_FALSE(plain.listen_tls);
    Config tls = parse_config(with_listen({{"port", 7700}, {"tls", {{"cert_file", "c.pem"}, {"key_file", "k.pem"}}}}));
    REQUIRE(tls.listen_tls);
    CHECK(tls.listen_tls->cert_file == "c.pem");
    CHECK(tls.listen_tls->key_file == "k.pem");
    CHECK(refusal(with_listen({{"tls", {{"cert_file", "c.pem"}}}})) == "listen.tls.key_file: missing");
    CHECK(refusal(with_listen({{"tls", {{"cert_file", "c.pem"}, {"key_file", ""}}}})) ==
          "listen.tls.key_file: must not be empty");
    CHECK(refusal(with_listen({{"tls", {{"cert_file", "c.pem"}, {"key_file", "k.pem"}, {"ca", "x"}}}})) ==
          "listen.tls.ca: unknown key");
    CHECK(refusal(with_listen({{"tls", true}})) == "listen.tls: expected object");
}

TEST_CASE("the web block (docs/web.md): optional, strict, public_url without a trailing slash") {
    CHECK_FALSE(parse_config(minimal()).web);
    Json doc = minimal();
    doc["web"] = {{"listen", {{"host", "0.0.0.0"}, {"port", 0}}}, {"public_url", "https://antrian.rsud.local/"}};
    doc["services"][0]["target_wait_min"] = 30;
    Config config = parse_config(doc);
    REQUIRE(config.web);
    CHECK(config.web->port == 0);
    CHECK(config.web->public_url == "https://antrian.rsud.local");
    CHECK(config.services[0].target_wait_min == 30);
    CHECK_FALSE(config.web->connections_per_address);

    doc["web"]["limits"] = {{"connections_per_address", 500}, {"requests_per_second", 50}};
    config = parse_config(doc);
    CHECK(config.web->connections_per_address == 500);
    CHECK(config.web->requests_per_second == 50.0);

    auto with_web = [](Json web) {
        Json d = minimal();
        d["web"] = std::move(web);
        return refusal(d);
    };
    CHECK(with_web({{"listen", {{"port", 8080}}}}) == "web.public_url: missing");
    CHECK(with_web({{"public_url", "antrian.local"}}).rfind("web.public_url: expected an http://", 0) == 0);
    CHECK(with_web({{"public_url", "http://a.b/?x=1"}}).rfind("web.public_url:", 0) == 0);
    CHECK(with_web({{"public_url", "http://antrian.local"}, {"listen", {{"port", 70000}}}}) ==
          "web.listen.port: expected a port number from 0 to 65535");
    CHECK(with_web({{"public_url", "http://antrian.local"}, {"colour", 1}}) == "web.colour: unknown key");
    CHECK(with_web({{"public_url", "http://antrian.local"}, {"limits", {{"requests_per_second", 0}}}}) ==
          "web.limits.requests_per_second: expected a number from 0.1 to 100000");
    doc = minimal();
    doc["services"][0]["target_wait_min"] = 0;
    CHECK(refusal(doc) == "services[0].target_wait_min: expected a whole number of minutes from 1 to 1440");
}
