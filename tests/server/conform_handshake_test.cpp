// Conformance: the handshake (PROTOCOL.md "Handshake").
#include "conformance.hpp"

using namespace conform;

namespace {

// An answer before the handshake must be an error line with this code, then the close.
void check_refused(LineClient& client, const std::string& code) {
    auto answer = client.read_json(5s);
    REQUIRE(answer.has_value());
    CHECK_MESSAGE(answer->value("type", "") == "error", answer->dump());
    CHECK_MESSAGE(answer->value("code", "") == code, answer->dump());
    CHECK(answer->contains("message"));
    CHECK(client.wait_closed(5s));
}

Json hello_line(const std::string& role, const std::string& device, const std::string& token, Json proto = 1) {
    return Json{{"type", "hello"}, {"proto", proto}, {"role", role}, {"device", device}, {"token", token}};
}

}  // namespace

TEST_CASE("handshake: welcome carries every documented field") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    LineClient client(server.port());
    Json welcome = client.hello("display", "hall-1", "d1");
    REQUIRE_MESSAGE(welcome.value("type", "") == "welcome", welcome.dump());
    CHECK(welcome["proto"] == 1);
    CHECK(welcome["role"] == "display");
    CHECK(welcome["device"] == "hall-1");
    REQUIRE(welcome["server"].is_string());
    CHECK_FALSE(welcome["server"].get<std::string>().empty());
    REQUIRE(welcome["epoch"].is_string());
    CHECK_FALSE(welcome["epoch"].get<std::string>().empty());
    CHECK(welcome["service_day"] == jakarta_today());
    CHECK(welcome["seq"].is_number_integer());
    CHECK(welcome["hospital"] == config["hospital"]);

    // The connection is usable afterwards.
    CHECK(is_ok(client.request({{"type", "ping"}})));

    // Each role can say hello with its device.
    for (const char* device : {"kiosk-1", "loket-1", "admin"}) {
        auto other = login(server, config, device);
        CHECK(is_ok(other->request({{"type", "ping"}})));
    }
    // Extension: a counter device's welcome names its counter.
    LineClient counter(server.port());
    Json counter_welcome = counter.hello("counter", "loket-2", "c2");
    CHECK(counter_welcome.value("counter", "") == "L2");

    // The same epoch for every connection of one server run.
    LineClient again(server.port());
    CHECK(again.hello("admin", "admin", "a1")["epoch"] == welcome["epoch"]);
}

TEST_CASE("handshake: the demo configuration's hospital and timezone are in the welcome") {
    ServerProcess server;
    auto client = std::make_unique<LineClient>(server.port());
    Json welcome = client->hello_demo("display");
    REQUIRE(welcome.value("type", "") == "welcome");
    CHECK(welcome["hospital"]["timezone"] == "Asia/Jakarta");
    CHECK(welcome["hospital"]["name"].is_string());
}

TEST_CASE("handshake: wrong token, role or device is unauthorized, then closed") {
    ServerProcess server(with_config(test_config()));
    struct Case {
        const char* what;
        Json hello;
    };
    const std::vector<Case> cases = {
        {"wrong token", hello_line("display", "hall-1", "nope")},
        {"empty token", hello_line("display", "hall-1", "")},
        {"wrong role for the device", hello_line("admin", "hall-1", "d1")},
        {"counter device as kiosk", hello_line("kiosk", "loket-1", "c1")},
        {"unknown device", hello_line("display", "hall-99", "d1")},
        {"another device's token", hello_line("admin", "admin", "d1")},
        {"unknown role", hello_line("superuser", "admin", "a1")},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        LineClient client(server.port());
        client.send_json(c.hello);
        check_refused(client, "unauthorized");
    }
    // The server still serves everyone else.
    auto admin = login(server, test_config(), "admin");
    CHECK(is_ok(admin->request({{"type", "ping"}})));
}

TEST_CASE("handshake: a proto other than 1 is unsupported_proto, then closed") {
    ServerProcess server(with_config(test_config()));
    for (int version : {2, 0, 99}) {
        CAPTURE(version);
        LineClient client(server.port());
        client.send_json(hello_line("admin", "admin", "a1", version));
        check_refused(client, "unsupported_proto");
    }
}

TEST_CASE("handshake: anything before a valid hello is unauthorized, then closed") {
    ServerProcess server(with_config(test_config()));
    const std::vector<std::string> lines = {
        "garbage",
        "{",
        "{\"type\":\"hello\"",
        "",
        "[]",
        "42",
        "\"hello\"",
        "null",
        "{}",
        R"({"type":"ping","id":1})",
        R"({"type":"services.list","id":"a"})",
        R"({"type":"ticket.issue","id":1,"service":"A","request_id":"x"})",
        R"({"type":"subscribe","id":1})",
        R"({"type":"hello","proto":1,"role":"admin","device":"admin"})",
        R"({"type":"hello","proto":"1","role":"admin","device":"admin","token":"a1"})",
        R"({"type":"hello","proto":1,"role":"admin","device":"admin","token":5})",
        R"({"type":"hello","proto":1,"role":["admin"],"device":"admin","token":"a1"})",
        R"({"type":"HELLO","proto":1,"role":"admin","device":"admin","token":"a1"})",
        R"({"proto":1,"role":"admin","device":"admin","token":"a1"})",
        R"([{"type":"hello","proto":1,"role":"admin","device":"admin","token":"a1"}])",
    };
    for (const auto& line : lines) {
        CAPTURE(line);
        LineClient client(server.port());
        client.send_line(line);
        auto answer = client.read_json(5s);
        REQUIRE(answer.has_value());
        // Refusals before the handshake are error lines, never reply lines.
        CHECK_MESSAGE(answer->value("type", "") == "error", answer->dump());
        CHECK_MESSAGE(answer->value("code", "") == "unauthorized", answer->dump());
        CHECK(client.wait_closed(5s));
    }
    // Deep nesting before the handshake: refused, server fine.
    {
        LineClient client(server.port());
        client.send_line(std::string(60000, '['));
        check_refused(client, "unauthorized");
    }
    // A valid hello followed at once by more lines: the later lines are served after the welcome.
    {
        LineClient client(server.port());
        client.send_raw(hello_line("admin", "admin", "a1").dump() + "\n" + R"({"type":"ping","id":"p"})" + "\n");
        auto welcome = client.read_json(5s);
        REQUIRE(welcome.has_value());
        CHECK((*welcome)["type"] == "welcome");
        auto reply = client.read_json(5s);
        REQUIRE(reply.has_value());
        CHECK(is_ok(*reply));
        CHECK((*reply)["id"] == "p");
    }
}

TEST_CASE("handshake: a second hello is bad_request and the connection stays open") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto client = login(server, config, "admin");
    Json again = client->request({{"type", "hello"}, {"id", 5}, {"proto", 1}, {"role", "admin"}, {"device", "admin"}, {"token", "a1"}});
    CHECK(again["type"] == "reply");
    CHECK(again["id"] == 5);
    CHECK(code_of(again) == "bad_request");
    // Even a hello as another device changes nothing.
    Json other = client->request({{"type", "hello"}, {"id", 6}, {"proto", 1}, {"role", "kiosk"}, {"device", "kiosk-1"}, {"token", "k1"}});
    CHECK(code_of(other) == "bad_request");
    // Without an id the answer is an error line, and the connection still stays open.
    client->send_json({{"type", "hello"}, {"proto", 1}, {"role", "admin"}, {"device", "admin"}, {"token", "a1"}});
    auto line = client->read_json(5s);
    REQUIRE(line.has_value());
    CHECK((*line)["type"] == "error");
    CHECK((*line)["code"] == "bad_request");
    CHECK((*line)["message"].get<std::string>().find("hello") != std::string::npos);
    // Still the admin: admin-only requests work.
    CHECK(is_ok(client->request({{"type", "stats.day"}})));
    CHECK(is_ok(client->request({{"type", "ping"}})));
}

TEST_CASE("handshake: no hello within 10 s closes the connection; idle connections do not disturb others") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    const auto start = SteadyClock::now();
    // Silent connections, one with half a line and one that says hello late.
    std::vector<std::unique_ptr<LineClient>> idle;
    for (int i = 0; i < 40; ++i) idle.push_back(std::make_unique<LineClient>(server.port()));
    LineClient partial(server.port());
    partial.send_raw(R"({"type":"hello","proto":1,)");
    LineClient late(server.port());

    auto admin = login(server, config, "admin");
    // While they idle, others are served promptly.
    bool late_said_hello = false;
    while (SteadyClock::now() - start < 8500ms) {
        const auto asked = SteadyClock::now();
        CHECK(is_ok(admin->request({{"type", "ping"}}, 2s)));
        CHECK(SteadyClock::now() - asked < 2s);
        if (!late_said_hello && SteadyClock::now() - start > 8s) {
            CHECK(late.hello("display", "hall-1", "d1")["type"] == "welcome");
            late_said_hello = true;
        }
        std::this_thread::sleep_for(250ms);
    }
    if (!late_said_hello) CHECK(late.hello("display", "hall-1", "d1")["type"] == "welcome");

    // Every silent connection is closed about 10 s after it connected (not much before).
    CHECK(idle.front()->wait_closed(5s));
    const auto closed_after = SteadyClock::now() - start;
    CHECK(closed_after >= 9s);
    CHECK(closed_after <= 13s);
    for (auto& client : idle) CHECK(client->wait_closed(3s));
    CHECK(partial.wait_closed(3s));

    // The one that said hello in time stays open past 10 s.
    CHECK(SteadyClock::now() - start > 10s);
    CHECK(is_ok(late.request({{"type", "ping"}})));
    CHECK(is_ok(admin->request({{"type", "ping"}})));
}
