// queuectl end to end: the real binary against the real queue-server.
#include <doctest/doctest.h>

#include <csignal>
#include <sstream>

#include "test_support.hpp"

using namespace anoman::testing;
using namespace std::chrono_literals;

namespace {

RunResult queuectl(const ServerProcess& server, std::vector<std::string> args,
                   const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> argv{program("queuectl").string(), "--server", server.address()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, 30s, env);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("issue, call, get, finish: exit status 0 and readable lines") {
    ServerProcess server;
    auto issued = queuectl(server, {"issue", "A"});
    CHECK(issued.status == 0);
    CHECK(contains(issued.output, "A001"));
    CHECK(contains(issued.output, "0 ahead"));

    auto second = queuectl(server, {"--json", "issue", "a", "--request-id", "script:2", "--nik", "3505123456780001"});
    CHECK(second.status == 0);
    Json reply = Json::parse(second.output);
    CHECK(reply["ok"] == true);
    CHECK(reply["ticket"]["number"] == "A002");
    CHECK(reply["ahead"] == 1);
    auto replayed = queuectl(server, {"issue", "A", "--request-id", "script:2"});
    CHECK(replayed.status == 0);
    CHECK(contains(replayed.output, "A002"));
    CHECK(contains(replayed.output, "replayed"));

    auto called = queuectl(server, {"call", "--counter", "L1"});
    CHECK(called.status == 0);
    CHECK(contains(called.output, "L1 calls A001"));
    auto got = queuectl(server, {"get", "A001"});
    CHECK(got.status == 0);
    CHECK(contains(got.output, "called to L1"));
    auto finished = queuectl(server, {"finish", "--counter", "L1"});
    CHECK(finished.status == 0);
    CHECK(contains(finished.output, "A001 (id 1) finished at L1"));

    // A counter device defaults to its own counter.
    auto as_counter = queuectl(server, {"--role", "counter", "call"});
    CHECK(as_counter.status == 0);
    CHECK(contains(as_counter.output, "L1 calls A002"));
    auto listed = queuectl(server, {"list"});
    CHECK(listed.status == 0);
    CHECK(contains(listed.output, "Pendaftaran BPJS"));
    CHECK(contains(listed.output, "A002 (id 2)"));
}

TEST_CASE("exit status 1 on an error reply, with the code in English") {
    ServerProcess server;
    auto nothing = queuectl(server, {"finish", "--counter", "L2"});
    CHECK(nothing.status == 1);
    CHECK(contains(nothing.output, "invalid_state"));
    auto empty = queuectl(server, {"call", "--counter", "L3"});
    CHECK(empty.status == 1);
    CHECK(contains(empty.output, "queue_empty"));
    REQUIRE(queuectl(server, {"issue", "A"}).status == 0);  // ticket 1 exists: not_found would come first
    auto forbidden = queuectl(server, {"--role", "kiosk", "cancel", "1"});
    CHECK(forbidden.status == 1);
    CHECK(contains(forbidden.output, "forbidden"));
    auto unknown = queuectl(server, {"get", "Z999"});
    CHECK(unknown.status == 1);
    CHECK(contains(unknown.output, "not_found"));
    auto refused = queuectl(server, {"--token", "wrong", "--device", "admin", "ping"});
    CHECK(refused.status == 1);
    CHECK(contains(refused.output, "unauthorized"));
    CHECK(queuectl(server, {"--device", "admin", "ping"}, {{"ANOMAN_TOKEN", "demo-admin"}}).status == 0);
    CHECK(queuectl(server, {"--device", "admin", "ping"}, {{"ANOMAN_TOKEN", "wrong"}}).status == 1);
    auto watch_refused = queuectl(server, {"--token", "wrong", "--device", "admin", "watch"});
    CHECK(watch_refused.status == 1);
    CHECK(contains(watch_refused.output, "unauthorized"));
    auto raw = queuectl(server, {"raw", R"({"type":"no.such.thing"})"});
    CHECK(raw.status == 1);
    CHECK(contains(raw.output, "unknown_type"));
}

TEST_CASE("exit status 2 on usage errors, 3 when the server cannot be reached") {
    ServerProcess server;
    CHECK(queuectl(server, {}).status == 2);
    CHECK(queuectl(server, {"frobnicate"}).status == 2);
    CHECK(queuectl(server, {"issue"}).status == 2);
    CHECK(queuectl(server, {"--role", "janitor", "ping"}).status == 2);
    auto no_counter = queuectl(server, {"call"});
    CHECK(no_counter.status == 2);
    CHECK(contains(no_counter.output, "--counter"));
    CHECK(queuectl(server, {"raw", "not json"}).status == 2);
    auto help = queuectl(server, {"--help"});
    CHECK(help.status == 0);
    for (const char* sub : {"issue", "get", "list", "call", "recall", "skip", "finish", "transfer", "open", "close",
                            "requeue", "cancel", "announce", "stats", "counter-stats", "ping", "watch", "raw"})
        CHECK_MESSAGE(contains(help.output, std::string("  ") + sub + " "), sub);

    auto raw_ok = queuectl(server, {"raw", R"({"type":"ping"})"});
    CHECK(raw_ok.status == 0);
    CHECK(Json::parse(raw_ok.output)["ok"] == true);

    server.kill9();
    auto down = queuectl(server, {"ping"});
    CHECK(down.status == 3);
    CHECK(contains(down.output, "cannot reach"));
    auto watch_down = queuectl(server, {"--timeout", "1", "watch"});
    CHECK(watch_down.status == 3);
    CHECK(contains(watch_down.output, "cannot reach"));
    auto bad_port = run_program({program("queuectl").string(), "--server", "127.0.0.1:99999", "ping"});
    CHECK(bad_port.status == 2);
}

TEST_CASE("counter operations and statistics through queuectl") {
    ServerProcess server;
    REQUIRE(queuectl(server, {"issue", "A"}).status == 0);
    REQUIRE(queuectl(server, {"issue", "A"}).status == 0);
    CHECK(contains(queuectl(server, {"call", "--counter", "L1"}).output, "A001"));
    CHECK(contains(queuectl(server, {"recall", "--counter", "L1"}).output, "again (call 2)"));
    CHECK(contains(queuectl(server, {"skip", "--counter", "L1"}).output, "skipped at L1"));
    CHECK(contains(queuectl(server, {"requeue", "A001"}).output, "waiting in A again"));
    CHECK(contains(queuectl(server, {"call", "--counter", "L1", "--ticket", "A001"}).output, "L1 calls A001"));
    CHECK(contains(queuectl(server, {"transfer", "PU", "--counter", "L1"}).output, "waiting in PU"));
    CHECK(contains(queuectl(server, {"close", "--counter", "L2", "--reason", "istirahat"}).output,
                   "L2 (Loket 2) is closed (istirahat)"));
    CHECK(contains(queuectl(server, {"open", "--counter", "L2"}).output, "is open"));
    CHECK(contains(queuectl(server, {"cancel", "2"}).output, "A002 (id 2) cancelled"));
    CHECK(queuectl(server, {"announce", "Selamat pagi"}).status == 0);
    auto stats = queuectl(server, {"stats"});
    CHECK(stats.status == 0);
    CHECK(contains(stats.output, "SERVICE"));
    auto counter_stats = queuectl(server, {"counter-stats", "--counter", "L1"});
    CHECK(counter_stats.status == 0);
    CHECK(contains(counter_stats.output, "L1 on"));
    auto pong = queuectl(server, {"ping"});
    CHECK(pong.status == 0);
    CHECK(contains(pong.output, "pong"));
}

TEST_CASE("watch prints the snapshot and each event, reconnects after a restart, stops on SIGINT") {
    auto first = std::make_unique<ServerProcess>();
    const auto dir = first->dir();
    const auto port = first->port();
    const auto address = first->address();
    ChildProcess watch({program("queuectl").string(), "--server", address, "watch"},
                            scratch_dir("watch") / "watch.log");
    REQUIRE(watch.wait_for_output("snapshot #"));

    REQUIRE(queuectl(*first, {"issue", "B"}).status == 0);
    REQUIRE(queuectl(*first, {"call", "--counter", "L3"}).status == 0);
    REQUIRE(queuectl(*first, {"announce", "Harap tenang"}).status == 0);
    CHECK(watch.wait_for_output("issued"));
    CHECK(watch.wait_for_output("B001 -> L3"));
    CHECK(watch.wait_for_output("\"Harap tenang\""));

    first->kill9();
    CHECK(watch.wait_for_output("reconnecting in"));
    ServerOptions again;
    again.dir = dir;
    again.db = dir / "queue.db";
    again.port = port;
    ServerProcess second(again);
    CHECK(watch.wait_for_output("snapshot #", 2));
    CHECK(watch.wait_for_output("restarted"));
    REQUIRE(queuectl(second, {"issue", "B"}).status == 0);
    CHECK(watch.wait_for_output("B002"));

    watch.signal(SIGINT);
    CHECK(watch.wait(5s) == 0);
}

TEST_CASE("watch --json prints protocol lines; --count stops after N events") {
    ServerProcess server;
    ChildProcess watch({program("queuectl").string(), "--server", server.address(), "--json", "watch", "--count",
                             "2"},
                            scratch_dir("watch-json") / "watch.log");
    REQUIRE(watch.wait_for_output("\"type\":\"snapshot\""));
    REQUIRE(queuectl(server, {"issue", "P"}).status == 0);
    REQUIRE(queuectl(server, {"issue", "P"}).status == 0);
    CHECK(watch.wait(10s) == 0);
    int events = 0;
    std::istringstream lines(watch.output());
    for (std::string line; std::getline(lines, line);) {
        Json parsed = Json::parse(line, nullptr, false);
        if (parsed.is_discarded()) continue;  // link lines on stderr
        if (parsed["type"] == "event") {
            ++events;
            CHECK(parsed["kind"] == "issued");
        }
    }
    CHECK(events == 2);
}
