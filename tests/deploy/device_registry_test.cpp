// Devices registered at run time: only token hashes stored, revocation of
// registry and configuration devices, the admin-only requests, and the
// refusals at hello. Driven through the engine (no sockets).
#include <doctest/doctest.h>

#include "anoman/config.hpp"
#include "engine.hpp"
#include "schema.hpp"
#include "sha256.hpp"

using namespace anoman;
using namespace anoman::server;

namespace {

struct Fixture {
    Config config = demo_config();
    Database db{":memory:"};
    Engine engine{config, db, "epoch-1"};
    Caller admin{"admin", proto::Role::admin, std::nullopt};

    Json request(Json body, const Caller& caller) {
        body["id"] = 1;
        return engine.handle(caller, body).line;
    }
    Json admin_request(Json body) { return request(std::move(body), admin); }
    Outcome hello(const std::string& device, const std::string& role, const std::string& token) {
        return engine.hello(Json{{"type", "hello"}, {"proto", 1}, {"role", role}, {"device", device}, {"token", token}});
    }
};

std::string error_code(const Json& line) {
    if (line.contains("error")) return line["error"]["code"];
    return line.value("code", "");
}

}  // namespace

TEST_CASE("device.add returns a token once; only its hash is stored; hello accepts it") {
    Fixture f;
    Json reply = f.admin_request({{"type", "device.add"}, {"device", "kiosk-9"}, {"role", "kiosk"}, {"note", "lobi"}});
    REQUIRE(reply["ok"] == true);
    const std::string token = reply["token"];
    CHECK(token.size() == 64);
    CHECK(reply["device"]["source"] == "registry");
    CHECK(reply["device"]["note"] == "lobi");

    CHECK(f.db.prepare("SELECT token_sha256 FROM devices WHERE id = 'kiosk-9'").scalar<std::string>() ==
          secrets::sha256_hex(token));
    CHECK(f.db.prepare("SELECT count(*) FROM devices WHERE token_sha256 = ? OR note = ?")
              .bind(1, token)
              .bind(2, token)
              .scalar<std::int64_t>() == 0);

    Outcome welcome = f.hello("kiosk-9", "kiosk", token);
    REQUIRE(welcome.caller);
    CHECK(welcome.caller->device == "kiosk-9");
    CHECK(welcome.line["type"] == "welcome");
    CHECK(f.hello("kiosk-9", "kiosk", token + "0").line["code"] == "unauthorized");
    CHECK(f.hello("kiosk-9", "display", token).line["code"] == "unauthorized");
    CHECK(f.hello("kiosk-9", "kiosk", "").line["code"] == "unauthorized");
}

TEST_CASE("a counter device registered at run time acts on its counter only") {
    Fixture f;
    Json reply = f.admin_request({{"type", "device.add"}, {"device", "loket-9"}, {"role", "counter"}, {"counter", "L2"}});
    REQUIRE(reply["ok"] == true);
    Outcome welcome = f.hello("loket-9", "counter", reply["token"]);
    REQUIRE(welcome.caller);
    CHECK(welcome.caller->counter == "L2");
    CHECK(welcome.line["counter"] == "L2");
}

TEST_CASE("device.add refuses bad ids, taken ids, unknown counters, and non-admins") {
    Fixture f;
    CHECK(error_code(f.admin_request({{"type", "device.add"}, {"device", "a b"}, {"role", "kiosk"}})) == "bad_request");
    CHECK(error_code(f.admin_request({{"type", "device.add"}, {"device", "k"}, {"role", "chef"}})) == "bad_request");
    CHECK(error_code(f.admin_request({{"type", "device.add"}, {"device", "k"}, {"role", "counter"}})) == "bad_request");
    CHECK(error_code(f.admin_request({{"type", "device.add"}, {"device", "k"}, {"role", "counter"}, {"counter", "L99"}})) ==
          "not_found");
    // Configuration ids stay the configuration's.
    CHECK(error_code(f.admin_request({{"type", "device.add"}, {"device", "kiosk-1"}, {"role", "kiosk"}})) ==
          "invalid_state");
    REQUIRE(f.admin_request({{"type", "device.add"}, {"device", "k"}, {"role", "kiosk"}})["ok"] == true);
    CHECK(error_code(f.admin_request({{"type", "device.add"}, {"device", "k"}, {"role", "kiosk"}})) == "invalid_state");

    const Caller kiosk{"kiosk-1", proto::Role::kiosk, std::nullopt};
    CHECK(error_code(f.request({{"type", "device.add"}, {"device", "x"}, {"role", "kiosk"}}, kiosk)) == "forbidden");
    CHECK(error_code(f.request({{"type", "device.list"}}, kiosk)) == "forbidden");
    CHECK(error_code(f.request({{"type", "server.status"}}, kiosk)) == "forbidden");
    CHECK(error_code(f.request({{"type", "backup.now"}}, kiosk)) == "forbidden");
}

TEST_CASE("device.revoke: registry and configuration devices are refused at the next hello") {
    Fixture f;
    const std::string token = f.admin_request({{"type", "device.add"}, {"device", "kiosk-9"}, {"role", "kiosk"}})["token"];

    Json line = f.admin_request({{"type", "device.revoke"}, {"device", "kiosk-9"}});
    REQUIRE(line["ok"] == true);
    CHECK(line["device"]["revoked"] == true);
    CHECK(line["device"].contains("revoked_at"));
    Outcome outcome = f.engine.handle(f.admin, Json{{"type", "device.revoke"}, {"id", 2}, {"device", "hall-1"}});
    REQUIRE(outcome.line["ok"] == true);
    // The server closes the open connections of revoked devices.
    CHECK(outcome.revoked_devices == std::vector<std::string>{"hall-1"});

    Outcome refused = f.hello("kiosk-9", "kiosk", token);
    CHECK_FALSE(refused.caller);
    CHECK(refused.close_after);
    CHECK(refused.line["code"] == "unauthorized");
    CHECK(refused.line["message"].get<std::string>().find("revoked") != std::string::npos);
    CHECK(f.hello("hall-1", "display", "demo-hall-1").line["code"] == "unauthorized");
    CHECK(f.hello("hall-2", "display", "demo-hall-2").caller);  // others are untouched

    CHECK(error_code(f.admin_request({{"type", "device.revoke"}, {"device", "kiosk-9"}})) == "invalid_state");
    CHECK(error_code(f.admin_request({{"type", "device.revoke"}, {"device", "nobody"}})) == "not_found");
    CHECK(error_code(f.admin_request({{"type", "device.revoke"}, {"device", "admin"}})) == "invalid_state");

    // A revoked registry device may be registered again, with a new token.
    Json again = f.admin_request({{"type", "device.add"}, {"device", "kiosk-9"}, {"role", "kiosk"}});
    REQUIRE(again["ok"] == true);
    CHECK(again["token"] != token);
    CHECK(f.hello("kiosk-9", "kiosk", again["token"]).caller);
    CHECK_FALSE(f.hello("kiosk-9", "kiosk", token).caller);
}

TEST_CASE("device.list shows configuration and registry devices with their state") {
    Fixture f;
    f.admin_request({{"type", "device.add"}, {"device", "zz-display"}, {"role", "display"}});
    f.admin_request({{"type", "device.revoke"}, {"device", "kiosk-2"}});
    Json list = f.admin_request({{"type", "device.list"}});
    REQUIRE(list["ok"] == true);
    const Json& devices = list["devices"];
    CHECK(devices.size() == f.config.devices.size() + 1);
    CHECK(devices.front()["id"] == f.config.devices.front().id);
    CHECK(devices.back()["id"] == "zz-display");
    CHECK(devices.back()["source"] == "registry");
    for (const Json& device : devices) {
        CHECK_FALSE(device.contains("token"));
        if (device["id"] == "kiosk-2") {
            CHECK(device["revoked"] == true);
            CHECK(device["source"] == "config");
        }
    }
}

TEST_CASE("a configuration device with token_sha256 says hello with its token") {
    Config config = demo_config();
    for (auto& device : config.devices)
        if (device.id == "admin") {
            device.token.clear();
            device.token_sha256 = secrets::sha256_hex("s3cret-admin");
        }
    Database db(":memory:");
    Engine engine(config, db, "epoch-2");
    auto hello = [&](const std::string& token) {
        return engine.hello(Json{{"type", "hello"}, {"proto", 1}, {"role", "admin"}, {"device", "admin"}, {"token", token}});
    };
    CHECK(hello("s3cret-admin").caller);
    CHECK_FALSE(hello("demo-admin").caller);
    CHECK_FALSE(hello("").caller);
    CHECK_FALSE(hello(secrets::sha256_hex("s3cret-admin")).caller);  // the hash is not the password
}

TEST_CASE("server.status without the operations context still answers") {
    Fixture f;
    Json status = f.admin_request({{"type", "server.status"}});
    REQUIRE(status["ok"] == true);
    CHECK(status["version"] == ANOMAN_VERSION);
    CHECK(status["schema_version"] == anoman::server::current_schema_version());
    CHECK(status["queues"].size() == f.config.services.size());
    CHECK(status["backup"].is_null());
    CHECK(error_code(f.admin_request({{"type", "backup.now"}})) == "invalid_state");
}
