// Regression: the log line after start once queried the database from the
// main thread while the engine thread wrote the first service day, on the
// same (NOMUTEX) connection. The WAL then had zeroed frames: a backup failed
// its integrity check, and after a crash the tickets issued in the first
// moments were gone. Tickets issued right after start must survive kill -9
// and be in an online backup.
#include <doctest/doctest.h>

#include <filesystem>

#include "backup.hpp"
#include "deploy_support.hpp"

using namespace anoman::testing;
namespace fs = std::filesystem;

TEST_CASE("tickets issued right after a fresh start survive kill -9 and are in a backup") {
    for (int round = 0; round < 5; ++round) {
        const fs::path dir = scratch_dir("fresh-start");
        auto server = std::make_unique<ServerProcess>(in_dir(dir));
        LineClient kiosk(server->port());
        REQUIRE(kiosk.hello_demo("kiosk")["type"] == "welcome");
        for (int i = 0; i < 3; ++i) REQUIRE(issue(kiosk, "A", "fresh-" + std::to_string(i))["ok"] == true);

        const auto copy = anoman::server::make_backup({server->db().string(), (dir / "b").string(), 0, {}, {}});
        CHECK(copy.seq == 3);
        server->kill9();
        server->wait();
        server.reset();

        ServerProcess again(in_dir(dir));
        LineClient admin(again.port());
        const Json welcome = admin.hello_demo("admin");
        INFO("round " << round);
        CHECK(welcome["seq"] == 3);
        CHECK(admin.request(Json{{"type", "ticket.get"}, {"number", "A003"}})["ok"] == true);
    }
}
