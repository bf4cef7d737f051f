// Devices registered at run time: only token hashes stored, revocation of
// registry and configuration devices, the admin-only requests, and the
// refusals at hello. Driven through the engine (no sockets). Requests and
// hellos are the typed structs of protocol_requests.hpp and protocol.hpp; a
// malformed one stays raw JSON.
#include <doctest/doctest.h>

#include "anoman/config.hpp"
#include "anoman/protocol_requests.hpp"
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
        const proto::Role parsed = proto::role_from_string(role).value();  // the tests name the four roles only
        return engine.hello(proto::Hello{.role = parsed, .device = device, .token = token});
    }
};

std::string error_code(const Json& line) {
    if (line.contains("error")) return line["error"]["code"];
    return line.value("code", "");
}

}  // namespace

TEST_CASE("device.add returns a token once; only its hash is stored; hello accepts it") {
    Fixture f;
    Json reply =
        f.admin_request(proto::DeviceAddRequest{.device = "kiosk-9", .role = proto::Role::kiosk, .note = "lobi"});
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
    Json reply =
        f.admin_request(proto::DeviceAddRequest{.device = "loket-9", .role = proto::Role::counter, .counter = "L2"});
    REQUIRE(reply["ok"] == true);
    Outcome welcome = f.hello("loket-9", "counter", reply["token"]);
    REQUIRE(welcome.caller);
    CHECK(welcome.caller->counter == "L2");
    CHECK(welcome.line["counter"] == "L2");
}

TEST_CASE("device.add refuses bad ids, taken ids, unknown counters, and non-admins") {
    Fixture f;
    CHECK(error_code(f.admin_request(proto::DeviceAddRequest{.device = "a b", .role = proto::Role::kiosk})) ==
          "bad_request");
    // Raw: a role that is none of the four.
    CHECK(error_code(f.admin_request({{"type", "device.add"}, {"device", "k"}, {"role", "chef"}})) == "bad_request");
    // A counter device needs a known counter: the server's rule, not the field types'.
    CHECK(error_code(f.admin_request(proto::DeviceAddRequest{.device = "k", .role = proto::Role::counter})) ==
          "bad_request");
    CHECK(error_code(f.admin_request(
              proto::DeviceAddRequest{.device = "k", .role = proto::Role::counter, .counter = "L99"})) == "not_found");
    // Configuration ids stay the configuration's.
    CHECK(error_code(f.admin_request(proto::DeviceAddRequest{.device = "kiosk-1", .role = proto::Role::kiosk})) ==
          "invalid_state");
    REQUIRE(f.admin_request(proto::DeviceAddRequest{.device = "k", .role = proto::Role::kiosk})["ok"] == true);
    CHECK(error_code(f.admin_request(proto::DeviceAddRequest{.device = "k", .role = proto::Role::kiosk})) ==
          "invalid_state");

    const Caller kiosk{"kiosk-1", proto::Role::kiosk, std::nullopt};
    CHECK(error_code(f.request(proto::DeviceAddRequest{.device = "x", .role = proto::Role::kiosk}, kiosk)) ==
          "forbidden");
    CHECK(error_code(f.request(proto::DeviceListRequest{}, kiosk)) == "forbidden");
    CHECK(error_code(f.request(proto::ServerStatusRequest{}, kiosk)) == "forbidden");
    CHECK(error_code(f.request(proto::BackupNowRequest{}, kiosk)) == "forbidden");
}

TEST_CASE("device.revoke: registry and configuration devices are refused at the next hello") {
    Fixture f;
    const std::string token =
        f.admin_request(proto::DeviceAddRequest{.device = "kiosk-9", .role = proto::Role::kiosk})["token"];

    Json line = f.admin_request(proto::DeviceRevokeRequest{"kiosk-9"});
    REQUIRE(line["ok"] == true);
    CHECK(line["device"]["revoked"] == true);
    CHECK(line["device"].contains("revoked_at"));
    Outcome outcome = f.engine.handle(f.admin, proto::request_line(proto::DeviceRevokeRequest{"hall-1"}, 2));
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

    CHECK(error_code(f.admin_request(proto::DeviceRevokeRequest{"kiosk-9"})) == "invalid_state");
    CHECK(error_code(f.admin_request(proto::DeviceRevokeRequest{"nobody"})) == "not_found");
    CHECK(error_code(f.admin_request(proto::DeviceRevokeRequest{"admin"})) == "invalid_state");

    // A revoked registry device may be registered again, with a new token.
    Json again = f.admin_request(proto::DeviceAddRequest{.device = "kiosk-9", .role = proto::Role::kiosk});
    REQUIRE(again["ok"] == true);
    CHECK(again["token"] != token);
    CHECK(f.hello("kiosk-9", "kiosk", again["token"]).caller);
    CHECK_FALSE(f.hello("kiosk-9", "kiosk", token).caller);
}

TEST_CASE("device.list shows configuration and registry devices with their state") {
    Fixture f;
    f.admin_request(proto::DeviceAddRequest{.device = "zz-display", .role = proto::Role::display});
    f.admin_request(proto::DeviceRevokeRequest{"kiosk-2"});
    Json list = f.admin_request(proto::DeviceListRequest{});
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
        return engine.hello(proto::Hello{.role = proto::Role::admin, .device = "admin", .token = token});
    };
    CHECK(hello("s3cret-admin").caller);
    CHECK_FALSE(hello("demo-admin").caller);
    CHECK_FALSE(hello("").caller);
    CHECK_FALSE(hello(secrets::sha256_hex("s3cret-admin")).caller);  // the hash is not the password
}

TEST_CASE("server.status without the operations context still answers") {
    Fixture f;
    Json status = f.admin_request(proto::ServerStatusRequest{});
    REQUIRE(status["ok"] == true);
    CHECK(status["version"] == ANOMAN_VERSION);
    CHECK(status["schema_version"] == anoman::server::current_schema_version());
    CHECK(status["queues"].size() == f.config.services.size());
    CHECK(status["backup"].is_null());
    CHECK(error_code(f.admin_request(proto::BackupNowRequest{})) == "invalid_state");
}

TEST_CASE("a revoked configuration device is added again with a new token; the old one stays refused") {
    Fixture f;
    REQUIRE(f.hello("kiosk-1", "kiosk", "demo-kiosk-1").caller);
    REQUIRE(f.admin_request(proto::DeviceRevokeRequest{"kiosk-1"})["ok"] == true);
    CHECK_FALSE(f.hello("kiosk-1", "kiosk", "demo-kiosk-1").caller);

    Json again =
        f.admin_request(proto::DeviceAddRequest{.device = "kiosk-1", .role = proto::Role::kiosk, .note = "baru"});
    REQUIRE_MESSAGE(again["ok"] == true, again.dump());
    const std::string token = again["token"];
    CHECK(again["device"]["revoked"] == false);
    CHECK(again["device"]["source"] == "registry");  // the registry's row stands in for the file's entry
    CHECK(f.hello("kiosk-1", "kiosk", token).caller);
    CHECK_FALSE(f.hello("kiosk-1", "kiosk", "demo-kiosk-1").caller);  // the stolen token stays refused
    CHECK(error_code(f.admin_request(proto::DeviceAddRequest{.device = "kiosk-1", .role = proto::Role::kiosk})) ==
          "invalid_state");

    // Listed once, in the configuration's place, and it can be revoked again.
    int listed = 0;
    const Json list = f.admin_request(proto::DeviceListRequest{});
    for (const Json& device : list["devices"])
        if (device["id"] == "kiosk-1") {
            ++listed;
            CHECK(device["revoked"] == false);
            CHECK(device["note"] == "baru");
        }
    CHECK(listed == 1);
    REQUIRE(f.admin_request(proto::DeviceRevokeRequest{"kiosk-1"})["ok"] == true);
    CHECK_FALSE(f.hello("kiosk-1", "kiosk", token).caller);
}

TEST_CASE("a device id used again is another device: the old one's tickets are never replayed to it") {
    Fixture f;
    auto issue = [&](const Caller& caller) {
        return f.request(proto::TicketIssueRequest{.service = "A", .request_id = "req-1"}, caller);
    };
    auto caller_of = [&](const std::string& device, const std::string& role, const std::string& token) {
        Outcome welcome = f.hello(device, role, token);
        REQUIRE_MESSAGE(welcome.caller, welcome.line.dump());
        return *welcome.caller;
    };

    // The same incarnation retrying gets its ticket back.
    const std::string first_token =
        f.admin_request(proto::DeviceAddRequest{.device = "kiosk-9", .role = proto::Role::kiosk})["token"];
    const Caller first = caller_of("kiosk-9", "kiosk", first_token);
    const Json issued = issue(first);
    REQUIRE_MESSAGE(issued["ok"] == true, issued.dump());
    CHECK(issue(first)["replayed"] == true);
    CHECK(issue(caller_of("kiosk-9", "kiosk", first_token))["ticket"]["number"] == issued["ticket"]["number"]);

    // A key as an older version wrote it (the device id alone, no incarnation).
    f.db.prepare("INSERT INTO issue_keys (device, request_id, ticket_id, created_ms) VALUES ('kiosk-9', 'old', ?, 0)")
        .bind(1, issued["ticket"]["id"].get<std::int64_t>())
        .run();

    // Revoked and added again, with the same role, then with another: a new device each time.
    for (const std::string role : {"kiosk", "admin"}) {
        CAPTURE(role);
        REQUIRE(f.admin_request(proto::DeviceRevokeRequest{"kiosk-9"})["ok"] == true);
        const proto::DeviceAddRequest add{.device = "kiosk-9", .role = proto::role_from_string(role).value()};
        const std::string token = f.admin_request(add)["token"];
        const Caller again = caller_of("kiosk-9", role, token);
        const Json fresh = issue(again);
        REQUIRE_MESSAGE(fresh["ok"] == true, fresh.dump());
        CHECK(fresh["replayed"] == false);
        CHECK(fresh["ticket"]["number"] != issued["ticket"]["number"]);
        const Json not_old = f.request(proto::TicketIssueRequest{.service = "A", .request_id = "old"}, again);
        CHECK(not_old["replayed"] == false);
    }
}

TEST_CASE("a configuration device id re-used with another role or token does not replay the old tickets") {
    Database db(":memory:");
    Config before = demo_config();
    const proto::TicketIssueRequest issue{.service = "A", .request_id = "r"};
    Json issued;
    {
        Engine engine(before, db, "epoch-1");
        Outcome welcome =
            engine.hello(proto::Hello{.role = proto::Role::kiosk, .device = "kiosk-1", .token = "demo-kiosk-1"});
        REQUIRE(welcome.caller);
        issued = engine.handle(*welcome.caller, proto::request_line(issue, 1)).line;
        REQUIRE_MESSAGE(issued["ok"] == true, issued.dump());
    }
    // The file is edited and the server restarted: kiosk-1 is now an admin PC, or a new kiosk with a new token.
    for (const auto& [role, token] : {std::pair{proto::Role::admin, "demo-kiosk-1"}, std::pair{proto::Role::kiosk, "new-token"}}) {
        CAPTURE(token);
        Config after = demo_config();
        for (auto& device : after.devices)
            if (device.id == "kiosk-1") {
                device.role = role;
                device.token = token;
            }
        Engine engine(after, db, "epoch-1");
        Outcome welcome = engine.hello(proto::Hello{.role = role, .device = "kiosk-1", .token = token});
        REQUIRE(welcome.caller);
        const Json fresh = engine.handle(*welcome.caller, proto::request_line(issue, 1)).line;
        REQUIRE_MESSAGE(fresh["ok"] == true, fresh.dump());
        CHECK(fresh["replayed"] == false);
        CHECK(fresh["ticket"]["number"] != issued["ticket"]["number"]);
    }
}
