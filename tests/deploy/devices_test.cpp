// Devices and health over the real server and queuectl: a token from
// `queuectl device add` works at once, never lands in the database, and a
// revocation closes the device's open connection and survives a restart.
// `queuectl status` shows version, uptime, clients by role, queues and the
// last backup.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "anoman/config.hpp"
#include "deploy_support.hpp"

using namespace anoman::testing;
namespace fs = std::filesystem;

TEST_CASE("queuectl device add / revoke / list against the real server") {
    const fs::path dir = scratch_dir("devices");
    auto server = std::make_unique<ServerProcess>(in_dir(dir));

    const RunResult added = queuectl(*server, {"device", "add", "kiosk-lobi", "--role", "kiosk", "--note", "lobi utama"});
    INFO(added.output);
    REQUIRE(added.status == 0);
    const std::string token = token_in(added.output);
    REQUIRE(token.size() == 64);

    LineClient kiosk(server->port());
    const Json welcome = kiosk.hello("kiosk", "kiosk-lobi", token);
    REQUIRE(welcome["type"] == "welcome");
    CHECK(issue(kiosk, "A", "lobi-1")["ok"] == true);

    // Only the hash is stored: the token's text is nowhere in the database files.
    for (const char* suffix : {"", "-wal"}) {
        const std::string bytes = read_file(server->db().string() + suffix);
        CHECK(bytes.find(token) == std::string::npos);
    }
    CHECK(sql_text(server->db(), "SELECT token_sha256 FROM devices WHERE id = 'kiosk-lobi'") ==
          anoman::secrets::sha256_hex(token));

    // Revoked while connected: told so and disconnected, refused at the next hello.
    const RunResult revoked = queuectl(*server, {"device", "revoke", "kiosk-lobi"});
    INFO(revoked.output);
    REQUIRE(revoked.status == 0);
    const auto told = kiosk.read_json();
    REQUIRE(told);
    CHECK((*told)["type"] == "error");
    CHECK((*told)["code"] == "unauthorized");
    CHECK(kiosk.wait_closed());
    LineClient retry(server->port());
    CHECK(retry.hello("kiosk", "kiosk-lobi", token)["code"] == "unauthorized");

    // A configuration device too, without a restart.
    LineClient hall(server->port());
    REQUIRE(hall.hello_demo("display")["type"] == "welcome");
    REQUIRE(hall.request(Json{{"type", "subscribe"}})["ok"] == true);
    REQUIRE(queuectl(*server, {"device", "revoke", "hall-1"}).status == 0);
    CHECK(hall.wait_closed());

    const RunResult listed = queuectl(*server, {"--json", "device", "list"});
    REQUIRE(listed.status == 0);
    const Json list = Json::parse(listed.output);
    int revoked_count = 0;
    for (const Json& device : list["devices"]) revoked_count += device["revoked"].get<bool>();
    CHECK(revoked_count == 2);

    // Usage and refusals: exit statuses a script can rely on.
    CHECK(queuectl(*server, {"device", "add", "x"}).status == 2);  // --role missing
    CHECK(queuectl(*server, {"device", "revoke", "nobody"}).status == 1);
    CHECK(queuectl(*server, {"--role", "kiosk", "device", "list"}).status == 1);  // forbidden

    // Revocations survive a restart.
    server->terminate();
    REQUIRE(server->wait() == 0);
    server = std::make_unique<ServerProcess>(in_dir(dir));
    LineClient after(server->port());
    CHECK(after.hello("kiosk", "kiosk-lobi", token)["code"] == "unauthorized");
    LineClient hall_after(server->port());
    CHECK(hall_after.hello_demo("display")["code"] == "unauthorized");
}

TEST_CASE("queuectl token: a configuration device with token_sha256") {
    const RunResult made = run_program({program("queuectl").string(), "token"});
    REQUIRE(made.status == 0);
    std::string token, hash;
    std::istringstream lines(made.output);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("token:", 0) == 0) token = line.substr(line.find_last_of(' ') + 1);
        if (line.rfind("token_sha256:", 0) == 0) hash = line.substr(line.find_last_of(' ') + 1);
    }
    REQUIRE(token.size() == 64);
    CHECK(hash == anoman::secrets::sha256_hex(token));

    Json config = anoman::demo_config_json();
    for (Json& device : config["devices"])
        if (device["id"] == "admin") {
            device.erase("token");
            device["token_sha256"] = hash;
        }
    ServerOptions options;
    options.config = config;
    ServerProcess server(options);
    CHECK(run_program({program("queuectl").string(), "--server", server.address(), "--device", "admin", "--token", token,
                       "ping"})
              .status == 0);
    CHECK(run_program({program("queuectl").string(), "--server", server.address(), "--device", "admin", "--token", hash,
                       "ping"})
              .status == 1);
}

TEST_CASE("queuectl status: version, uptime, clients by role, queues, last backup") {
    const fs::path dir = scratch_dir("status");
    ServerProcess server(in_dir(dir));
    LineClient kiosk1(server.port()), kiosk2(server.port()), display(server.port());
    REQUIRE(kiosk1.hello_demo("kiosk")["type"] == "welcome");
    REQUIRE(kiosk2.hello("kiosk", "kiosk-2", "demo-kiosk-2")["type"] == "welcome");
    REQUIRE(display.hello_demo("display")["type"] == "welcome");
    for (int i = 0; i < 3; ++i) REQUIRE(issue(kiosk1, "B", "s-" + std::to_string(i))["ok"] == true);

    const RunResult none = queuectl(server, {"status"});
    CHECK(none.output.find("none yet") != std::string::npos);
    const RunResult backup = queuectl(server, {"backup"});
    INFO(backup.output);
    REQUIRE(backup.status == 0);
    CHECK(backup.output.find("backup written") != std::string::npos);

    // Connections are counted twice a second: wait for the count to include ours.
    RunResult status;
    Json json;
    CHECK(eventually([&] {
        status = queuectl(server, {"--json", "status"});
        json = Json::parse(status.output, nullptr, false);
        return status.status == 0 && json.is_object() && json["clients"].value("kiosk", 0) == 2 &&
               json["clients"].value("display", 0) == 1;
    }, 10s, 100ms));
    REQUIRE(status.status == 0);
    CHECK(json["version"] == ANOMAN_VERSION);
    CHECK(json["uptime_s"].get<int>() >= 0);
    CHECK(json["clients"]["kiosk"] == 2);
    CHECK(json["clients"]["display"] == 1);
    CHECK(json["clients"]["counter"] == 0);
    bool found_b = false;
    for (const Json& queue : json["queues"])
        if (queue["code"] == "B") {
            found_b = true;
            CHECK(queue["waiting"] == 3);
        }
    CHECK(found_b);
    CHECK(json["backup"]["last"]["seq"] == 3);
    CHECK(json["backup"]["running"] == false);

    const RunResult text = queuectl(server, {"status"});
    INFO(text.output);
    CHECK(text.output.find(std::string("queue-server/") + ANOMAN_VERSION) != std::string::npos);
    CHECK(text.output.find("kiosk 2, display 1") != std::string::npos);
    CHECK(text.output.find("B 3 waiting") != std::string::npos);
    CHECK(text.output.find("-seq3.db") != std::string::npos);
}
