// A stepped wall clock through the real server (issue 11, item 7): libfaketime
// re-reads its offset from a file on every call, so the test can step the
// server's wall clock while its monotonic clock runs on untouched.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "conformance.hpp"

using namespace conform;
namespace fs = std::filesystem;

namespace {

class SteppableClock {
public:
    SteppableClock(fs::path file, std::time_t start_utc) : file_(std::move(file)), offset_s_(start_utc - std::time(nullptr)) {
        write();
    }
    // conformance.hpp's faked clock, reading the offset from the file instead.
    ServerOptions options(const Json& config) const {
        ServerOptions options = faked_clock(config, 0);
        options.env.erase("FAKETIME");
        options.env.erase("FAKETIME_FMT");
        options.env["FAKETIME_TIMESTAMP_FILE"] = file_.string();
        return options;
    }
    void step(std::int64_t seconds) {
        offset_s_ += seconds;
        write();
    }

private:
    void write() const {
        // Whole or not at all: the server reads it at any moment.
        const fs::path temp = file_.string() + ".new";
        std::ofstream(temp) << (offset_s_ >= 0 ? "+" : "") << offset_s_ << "\n";
        fs::rename(temp, file_);
    }
    fs::path file_;
    std::int64_t offset_s_;
};

// Waits until the server's wall clock (ping's "now") is on this local date.
bool wait_for_date(LineClient& client, const std::string& day) {
    const auto deadline = SteadyClock::now() + 5s;
    while (SteadyClock::now() < deadline)
        if (ok(client, {{"type", "ping"}})["now"].get<std::string>().rfind(day, 0) == 0) return true;
    return false;
}

}  // namespace

TEST_CASE("clock step, real server: a day forward at 23:59 and back cancels nothing; the real midnight rolls over") {
    const Json config = test_config();
    const fs::path dir = anoman::testing::scratch_dir("clock-step-server");
    // 16:59:45 UTC = 23:59:45 WIB on 2026-11-22.
    SteppableClock clock(dir / "faketime.rc", utc_time(2026, 11, 22, 16, 59, 45));
    ServerOptions options = clock.options(config);
    options.dir = dir;
    ServerProcess server(options);
    auto kiosk = login(server, config, "kiosk-1");
    auto admin = login(server, config, "admin");
    auto hall = login(server, config, "hall-1");
    subscribe(*hall);

    CHECK(issue_ok(*kiosk, "B", "s1")["number"] == "B001");
    clock.step(24 * 3600);  // a clerk sets tomorrow's date by hand
    REQUIRE(wait_for_date(*admin, "2026-11-23"));
    const Json during = issue_ok(*kiosk, "B", "s2");
    CHECK(during["number"] == "B002");
    CHECK(during["service_day"] == "2026-11-22");
    clock.step(-24 * 3600);  // and back
    REQUIRE(wait_for_date(*admin, "2026-11-22"));
    const Json after = issue_ok(*kiosk, "B", "s3");
    CHECK(after["number"] == "B003");
    REQUIRE_MESSAGE(after["service_day"] == "2026-11-22", "the setup ran past midnight; the machine is too slow");
    Json b1 = ok(*admin, {{"type", "ticket.get"}, {"number", "B001"}, {"service_day", "2026-11-22"}})["ticket"];
    CHECK(b1["status"] == "waiting");
    CHECK(server.output().find("wall clock: stepped forward by 86400.0 s") != std::string::npos);

    // The first rollover is the real midnight's.
    std::optional<Json> rollover;
    while (!rollover) {
        auto event = next_event(*hall, 20s);
        REQUIRE_MESSAGE(event.has_value(), "no day_rollover by the real midnight");
        if ((*event)["kind"] == "day_rollover") rollover = event;
    }
    CHECK((*rollover)["service_day"] == "2026-11-23");
    CHECK((*rollover)["at"].get<std::string>().rfind("2026-11-23T00:00:0", 0) == 0);
    b1 = ok(*admin, {{"type", "ticket.get"}, {"number", "B001"}, {"service_day", "2026-11-22"}})["ticket"];
    CHECK(b1["status"] == "cancelled");
    const Json first = issue_ok(*kiosk, "B", "s4");
    CHECK(first["number"] == "B001");
    CHECK(first["service_day"] == "2026-11-23");
}
