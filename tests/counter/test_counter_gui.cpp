// End to end: the real `counter` program in a real window under Xvfb,
// against the real queue-server, driven only by the keyboard (xdotool) and a
// "scanner" (xdotool typing a ticket's QR content fast, then Enter). Every
// step is checked on the server with queuectl; screenshots of a busy
// morning are saved for people to look at.
#include <doctest/doctest.h>

#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "gui_driver.hpp"
#include "test_support.hpp"

using namespace anoman::testing;
using namespace counter_gui;
using Json = nlohmann::json;

namespace {

struct Hall {
    ServerProcess& server;
    std::filesystem::path shots;
    int shot_number = 0;

    // queuectl --json ...: the server's reply.
    Json ctl(std::vector<std::string> args) {
        std::vector<std::string> argv = {program("queuectl").string(), "--server", server.address(), "--json"};
        argv.insert(argv.end(), args.begin(), args.end());
        const RunResult ran = run_program(argv, 20s);
        std::istringstream lines(ran.output);
        for (std::string line; std::getline(lines, line);)
            if (!line.empty() && line.front() == '{') return Json::parse(line);
        FAIL("queuectl " << args.front() << " printed no JSON: " << ran.output);
        return {};
    }
    Json ticket(const std::string& number) { return ctl({"get", number})["ticket"]; }
    Json counter(const std::string& id) {
        const Json list = ctl({"list"});  // kept: a range-for over a temporary's member would dangle
        for (const auto& c : list["counters"])
            if (c["id"] == id) return c;
        return {};
    }
    std::string current_of(const std::string& id) {
        const Json c = counter(id);
        return c["current"].is_null() ? "-" : c["current"]["number"].get<std::string>();
    }
    void issue(const std::string& service, int count) {
        for (int i = 0; i < count; ++i) REQUIRE(ctl({"issue", service})["ok"] == true);
    }
};

}  // namespace

TEST_CASE("a clerk's morning at Loket 1, keyboard and scanner only") {
    ServerProcess server;
    Hall hall{server, scratch_dir("counter-gui")};
    std::cout << "screenshots in " << hall.shots.string() << std::endl;
    hall.issue("A", 6);
    hall.issue("P", 1);
    hall.issue("B", 2);
    const std::string day = hall.ctl({"list"})["service_day"];

    ChildProcess console({program("counter").string(), "--server", server.address(), "--device", "loket-1", "--token",
                          "demo-loket-1", "--windowed", "--size", "1280x720", "--screenshot",
                          (hall.shots / "shot.png").string()},
                         hall.shots / "counter.log");
    std::size_t log_at = console.wait_for_output_after("link online", 0, 20s);
    REQUIRE_MESSAGE(log_at != std::string::npos, console.output());
    const std::string window = find_window("Si Anoman");
    REQUIRE_FALSE(window.empty());
    focus(window);

    auto shot = [&](const std::string& name) {
        // SIGUSR1: the console draws a frame of what it holds now, then saves
        // it (a temporary file renamed: once it exists, it is whole).
        const std::filesystem::path taken = hall.shots / "shot.png";
        std::filesystem::remove(taken);
        console.signal(SIGUSR1);
        REQUIRE_MESSAGE(eventually([&] { return std::filesystem::exists(taken); }, 10s), console.output());
        char prefix[16];
        std::snprintf(prefix, sizeof prefix, "%02d-", ++hall.shot_number);
        std::filesystem::rename(taken, hall.shots / (prefix + name + ".png"));
    };
    auto press = [&](const std::string& keys, const std::string& notice) {
        key(window, keys);
        log_at = console.wait_for_output_after("notice " + notice, log_at);
        REQUIRE_MESSAGE(log_at != std::string::npos, "after " << keys << " no " << notice << " in:\n" << console.output());
    };
    auto scan = [&](const std::string& code, const std::string& notice) {
        type(window, code);
        key(window, "Return");
        log_at = console.wait_for_output_after("notice " + notice, log_at);
        REQUIRE_MESSAGE(log_at != std::string::npos, "after scanning " << code << " no " << notice << " in:\n" << console.output());
    };
    shot("start-waiting-list");

    SUBCASE("the day's work") {
        // F1: the priority patient first, then the longest waiting.
        press("F1", "notice.called");
        CHECK(hall.current_of("L1") == "P001");
        press("F1", "notice.called");
        CHECK(hall.current_of("L1") == "A001");
        CHECK(hall.ticket("P001")["status"] == "done");
        shot("called-A001");

        // F2 recall, F3 no-show.
        press("F2", "notice.recalled");
        CHECK(hall.ticket("A001")["calls"] == 2);
        press("F3", "notice.skipped");
        CHECK(hall.ticket("A001")["status"] == "skipped");
        CHECK(hall.current_of("L1") == "-");

        // A scanned B ticket (prefix letter B = an action letter elsewhere) changes nothing.
        const Json b001 = hall.ticket("B001");
        scan("ANOMAN:" + day + ":B001:" + std::to_string(b001["id"].get<int>()), "notice.scan_other_service");
        CHECK(hall.counter("L1")["open"] == true);
        CHECK(hall.ticket("B001")["status"] == "waiting");

        // A001 comes back late: scan the QR code, F8 requeues it at the back.
        const Json a001 = hall.ticket("A001");
        scan("ANOMAN:" + day + ":A001:" + std::to_string(a001["id"].get<int>()), "notice.selected_skipped");
        shot("no-show-scanned");
        press("F8", "notice.requeued");
        CHECK(hall.ticket("A001")["status"] == "waiting");

        // A typed number, then F7: called out of order.
        scan("a4", "notice.selected_waiting");
        press("F7", "notice.called");
        CHECK(hall.current_of("L1") == "A004");
        CHECK(hall.ticket("A002")["status"] == "waiting");

        // F9: the BPJS booking code the SIMRS printed, typed (or scanned), linked to A004.
        type(window, "JKN-0042");
        press("F9", "notice.linked");
        shot("booking-linked");
        const Json again = hall.ctl({"link", "A004", "JKN-OTHER"});  // the server holds the link
        CHECK(again["ok"] == false);
        CHECK(again["error"]["message"].get<std::string>().find("JKN-0042") != std::string::npos);

        // F5: transfer to Prioritas (second choice), arrows and Enter.
        key(window, "F5");
        shot("transfer-dialog");
        key(window, "Down");
        press("Return", "notice.transferred");
        const Json a004 = hall.ticket("A004");
        CHECK(a004["service"] == "P");
        CHECK(a004["status"] == "waiting");

        // It is now a priority ticket: the next F1 calls it; F4 finishes.
        press("F1", "notice.called");
        CHECK(hall.current_of("L1") == "A004");
        press("F4", "notice.finished");
        CHECK(hall.ticket("A004")["status"] == "done");
        press("F1", "notice.called");
        CHECK(hall.current_of("L1") == "A002");
        shot("serving-A002");

        // F6 and "1": closed for a break; F1 then says to open first.
        key(window, "F6");
        shot("close-dialog");
        press("1", "notice.closed");
        const Json closed = hall.counter("L1");
        CHECK(closed["open"] == false);
        CHECK(closed["reason"] == "istirahat");
        press("F1", "notice.counter_closed");
        CHECK(hall.current_of("L1") == "A002");  // still its patient
        shot("closed-for-break");
        press("F6", "notice.opened");
        CHECK(hall.counter("L1")["open"] == true);

        // Other counters empty the queue; F1 says the queue is empty and changes nothing.
        for (int i = 0; i < 10; ++i) hall.ctl({"call", "--counter", "L2"});
        press("F1", "notice.queue_empty");
        CHECK(hall.current_of("L1") == "A002");
        shot("queue-empty");

        // Today's figures as the server counts them (the screenshot shows the same).
        const Json stats = hall.ctl({"counter-stats", "--counter", "L1"});
        CHECK(stats["served"] == 2);  // P001, A004 (A001 was a no-show, A002 still at the counter)
        CHECK(stats["skipped"] == 0);  // A001 was requeued: no longer a no-show
    }

    SUBCASE("the server goes away and comes back") {
        press("F1", "notice.called");
        const auto port = server.port();
        server.kill9();
        server.wait();
        log_at = console.wait_for_output_after("link connecting", log_at, 15s);
        REQUIRE_MESSAGE(log_at != std::string::npos, console.output());
        press("F4", "notice.offline");  // nothing sent, and said so
        CHECK(console.running());
        shot("server-down-reconnecting");

        ServerOptions again;
        again.dir = server.dir();
        again.db = server.db();
        again.port = port;
        ServerProcess restarted(again);
        log_at = console.wait_for_output_after("link online", log_at, 20s);
        REQUIRE_MESSAGE(log_at != std::string::npos, console.output());
        Hall back{restarted, hall.shots, hall.shot_number};
        press("F4", "notice.finished");
        CHECK(back.ticket("P001")["status"] == "done");
        shot("back-online");
    }

    CHECK(console.running());
    CHECK(console.stop() == 0);
}
