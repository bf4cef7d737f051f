// Conformance: subscriptions, snapshots, events, heartbeats, and seq/epoch
// across restarts (PROTOCOL.md "Subscriptions and events").
#include "conformance.hpp"

#include <atomic>
#include <map>

using namespace conform;

namespace {

// Reads events until the announcement with this text; everything read, marker included.
std::vector<Json> read_until_marker(LineClient& client, const std::string& marker, std::chrono::milliseconds timeout = 15s) {
    std::vector<Json> events;
    const auto deadline = SteadyClock::now() + timeout;
    while (SteadyClock::now() < deadline) {
        auto event = next_event(client, 5s);
        REQUIRE_MESSAGE(event.has_value(), "stream ended before " << marker << " after " << events.size() << " events");
        events.push_back(*event);
        if ((*event)["kind"] == "announcement" && (*event)["text"] == marker) return events;
    }
    FAIL("no marker " << marker);
    return events;
}

}  // namespace

TEST_CASE("subscribe: reply with seq, then the snapshot of the hall, then events strictly +1 in commit order") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    Json a1 = issue_ok(*admin, "A", "s-1");
    issue_ok(*admin, "A", "s-2");
    issue_ok(*admin, "B", "s-3");
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});
    ok(*admin, {{"type", "counter.close"}, {"counter", "L3"}});

    LineClient hall(server.port());
    Json welcome = hall.hello("display", "hall-1", "d1");
    REQUIRE(welcome["type"] == "welcome");
    Json reply = hall.request({{"type", "subscribe"}, {"id", "sub"}});
    REQUIRE(is_ok(reply));
    CHECK(reply["id"] == "sub");
    const std::int64_t base = reply["seq"].get<std::int64_t>();
    CHECK(base == welcome["seq"].get<std::int64_t>());
    CHECK(base == 5);  // 3 issued, 1 called, 1 counter_closed
    auto snapshot_line = hall.next_push(5s);
    REQUIRE(snapshot_line.has_value());
    const Json snapshot = *snapshot_line;
    CAPTURE(snapshot.dump());
    CHECK(snapshot["type"] == "snapshot");
    CHECK(snapshot["seq"] == base);
    CHECK(snapshot["epoch"] == welcome["epoch"]);
    CHECK(snapshot["service_day"] == jakarta_today());
    REQUIRE(snapshot["services"].is_array());
    std::map<std::string, Json> services;
    for (const auto& service : snapshot["services"]) {
        CHECK(service["code"].is_string());
        CHECK(service["name"].is_string());
        CHECK(service["waiting"].is_number_integer());
        CHECK(service["est_wait_s"].is_number_integer());
        services[service["code"].get<std::string>()] = service;
    }
    CHECK(services.size() == 4);
    CHECK(services["A"]["waiting"] == 1);
    CHECK(services["B"]["waiting"] == 1);
    CHECK(services["PR"]["waiting"] == 0);
    std::map<std::string, Json> counters;
    for (const auto& counter : snapshot["counters"]) {
        CHECK(counter["id"].is_string());
        CHECK(counter["name"].is_string());
        CHECK(counter["open"].is_boolean());
        CHECK(counter.contains("current"));
        counters[counter["id"].get<std::string>()] = counter;
    }
    CHECK(counters.size() == 3);
    REQUIRE(counters["L1"]["current"].is_object());
    CHECK(counters["L1"]["current"]["id"] == a1["id"]);
    CHECK(counters["L1"]["current"]["status"] == "called");
    CHECK(counters["L2"]["current"].is_null());
    CHECK(counters["L3"]["open"] == false);
    CHECK(counters["L1"]["name"] == "Loket 1");
    REQUIRE(snapshot["recent"].is_array());
    REQUIRE(snapshot["recent"].size() == 1);
    CHECK(snapshot["recent"][0]["kind"] == "called");
    CHECK(snapshot["recent"][0]["ticket"]["id"] == a1["id"]);
    CHECK(snapshot["recent"][0]["counter"] == "L1");

    // A second subscriber (a counter console) from the start, and writers on their own connections.
    auto console = login(server, config, "loket-2");
    Json console_snapshot = subscribe(*console);
    CHECK(console_snapshot["seq"] == base);

    std::atomic<int> failures{0};
    auto writer = [&](const std::string& device, const std::string& token, const std::string& role, int index) {
        try {
            LineClient client(server.port());
            if (client.hello(role, device, token).value("type", "") != "welcome") {
                ++failures;
                return;
            }
            for (int i = 0; i < 40; ++i) {
                Json request;
                if (role == "kiosk") request = {{"type", "ticket.issue"}, {"service", i % 3 == 0 ? "B" : "A"},
                                                {"request_id", device + "-" + std::to_string(i)}};
                else if (role == "admin" && i % 4 == 3) request = {{"type", "announce"}, {"text", "pengumuman " + std::to_string(index * 100 + i)}};
                else request = {{"type", "counter.call_next"}, {"counter", "L2"}};
                Json answer = client.request(request);
                const std::string code = code_of(answer);
                if (!(code.empty() || code == "queue_empty")) ++failures;
            }
        } catch (...) {
            ++failures;
        }
    };
    std::vector<std::thread> threads;
    threads.emplace_back(writer, "kiosk-1", "k1", "kiosk", 0);
    threads.emplace_back(writer, "kiosk-2", "k2", "kiosk", 1);
    threads.emplace_back(writer, "loket-2", "c2", "counter", 2);
    threads.emplace_back(writer, "admin", "a1", "admin", 3);
    for (auto& thread : threads) thread.join();
    CHECK(failures == 0);
    ok(*admin, {{"type", "announce"}, {"text", "penanda-akhir"}});

    auto events = read_until_marker(hall, "penanda-akhir");
    auto console_events = read_until_marker(*console, "penanda-akhir");
    CHECK(events == console_events);
    std::int64_t expected = base + 1;
    std::map<std::string, int> last_number;
    for (const auto& event : events) {
        CAPTURE(event.dump());
        REQUIRE(event["seq"].is_number_integer());
        CHECK(event["seq"].get<std::int64_t>() == expected);
        expected = event["seq"].get<std::int64_t>() + 1;
        REQUIRE(event["at"].is_string());
        CHECK(event["at"].get<std::string>().find("+07:00") != std::string::npos);
        CHECK(event["kind"].is_string());
        if (event["kind"] == "issued") {
            // Numbers are taken in commit order, so each service's numbers rise by one along the stream.
            const std::string service = event["ticket"]["service"].get<std::string>();
            const std::string number = event["ticket"]["number"].get<std::string>();
            const int value = std::stoi(number.substr(1));
            const int previous = last_number.count(service) ? last_number[service] : (service == "A" ? 2 : 1);
            CHECK(value == previous + 1);
            last_number[service] = value;
        }
        if (event["kind"] == "called" || event["kind"] == "finished") CHECK(event["counter"] == "L2");
    }
    CHECK(last_number["A"] == 2 + 2 * 26);
    CHECK(last_number["B"] == 1 + 2 * 14);

    // A late subscriber's snapshot starts where the stream is.
    auto late = login(server, config, "hall-1");
    Json late_snapshot = subscribe(*late);
    CHECK(late_snapshot["seq"] == events.back()["seq"]);
}

TEST_CASE("subscribe: recent holds the last 10 call events, newest first") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    auto early = login(server, config, "hall-1");
    subscribe(*early);
    for (int i = 0; i < 13; ++i) issue_ok(*admin, i % 2 ? "A" : "B", "rc-" + std::to_string(i));
    for (int i = 0; i < 12; ++i) ok(*admin, {{"type", "counter.call_next"}, {"counter", i % 2 ? "L1" : "L2"}});
    ok(*admin, {{"type", "announce"}, {"text", "penanda"}});
    auto events = read_until_marker(*early, "penanda");
    std::vector<Json> calls;
    for (const auto& event : events)
        if (event["kind"] == "called") calls.push_back(event);
    REQUIRE(calls.size() == 12);

    auto late = login(server, config, "hall-1");
    Json snapshot = subscribe(*late);
    REQUIRE(snapshot["recent"].is_array());
    REQUIRE(snapshot["recent"].size() == 10);
    for (std::size_t i = 0; i < 10; ++i) {
        CAPTURE(i);
        const Json& recent = snapshot["recent"][i];
        const Json& sent = calls[calls.size() - 1 - i];
        CHECK(recent["kind"] == "called");
        CHECK(recent["seq"] == sent["seq"]);
        CHECK(recent["ticket"]["number"] == sent["ticket"]["number"]);
        CHECK(recent["counter"] == sent["counter"]);
        CHECK(recent == sent);
        if (i > 0) CHECK(recent["seq"].get<std::int64_t>() < snapshot["recent"][i - 1]["seq"].get<std::int64_t>());
    }
}

TEST_CASE("subscribe: heartbeats at least every 2 s with the last seq and the epoch") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    LineClient hall(server.port());
    Json welcome = hall.hello("display", "hall-1", "d1");
    REQUIRE(welcome["type"] == "welcome");
    Json snapshot = subscribe(hall);
    const std::int64_t base = snapshot["seq"].get<std::int64_t>();

    auto listen = [&](std::chrono::milliseconds span, std::int64_t expected_seq) {
        const auto start = SteadyClock::now();
        auto last = start;
        int heartbeats = 0;
        while (SteadyClock::now() - start < span) {
            auto line = hall.read_json(3s);
            REQUIRE_MESSAGE(line.has_value(), "silence of 3 s on a subscription");
            const auto now = SteadyClock::now();
            CHECK(now - last <= 2250ms);
            last = now;
            if ((*line)["type"] != "heartbeat") continue;
            ++heartbeats;
            CHECK((*line)["seq"] == expected_seq);
            CHECK((*line)["epoch"] == welcome["epoch"]);
        }
        CHECK(heartbeats >= 2);
    };
    listen(5s, base);
    ok(*admin, {{"type", "announce"}, {"text", "satu"}});
    auto event = next_event(hall, 3s);
    REQUIRE(event.has_value());
    CHECK((*event)["seq"] == base + 1);
    listen(3s, base + 1);
}

TEST_CASE("subscribe: seq continues after a restart, the epoch changes, counters keep their state") {
    const Json config = test_config();
    ServerOptions options = with_config(config);
    options.dir = anoman::testing::scratch_dir("conform-restart");
    std::string epoch;
    std::int64_t last_seq = 0;
    Json called;
    {
        ServerProcess server(options);
        auto admin = login(server, config, "admin");
        LineClient hall(server.port());
        epoch = hall.hello("display", "hall-1", "d1")["epoch"].get<std::string>();
        subscribe(hall);
        issue_ok(*admin, "A", "rs-1");
        issue_ok(*admin, "A", "rs-2");
        called = ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}})["ticket"];
        ok(*admin, {{"type", "counter.close"}, {"counter", "L2"}, {"reason", "istirahat"}});
        ok(*admin, {{"type", "announce"}, {"text", "sebelum"}});
        auto events = read_until_marker(hall, "sebelum");
        last_seq = events.back()["seq"].get<std::int64_t>();
        server.terminate();
        REQUIRE(server.wait(10s) == 0);
    }
    {
        ServerProcess server(options);
        LineClient hall(server.port());
        Json welcome = hall.hello("display", "hall-1", "d1");
        REQUIRE(welcome["type"] == "welcome");
        CHECK(welcome["seq"] == last_seq);
        CHECK(welcome["epoch"] != epoch);
        Json snapshot = subscribe(hall);
        CHECK(snapshot["seq"] == last_seq);
        CHECK(snapshot["epoch"] == welcome["epoch"]);
        for (const auto& counter : snapshot["counters"]) {
            if (counter["id"] == "L2") CHECK(counter["open"] == false);
            if (counter["id"] == "L1") {
                CHECK(counter["open"] == true);
                REQUIRE(counter["current"].is_object());
                CHECK(counter["current"]["id"] == called["id"]);
            }
        }
        REQUIRE(snapshot["recent"].size() == 1);
        CHECK(snapshot["recent"][0]["ticket"]["id"] == called["id"]);
        auto admin = login(server, config, "admin");
        CHECK(issue_ok(*admin, "A", "rs-3")["number"] == "A003");
        auto event = next_event(hall, 5s);
        REQUIRE(event.has_value());
        CHECK((*event)["seq"] == last_seq + 1);
        CHECK((*event)["kind"] == "issued");
        // Heartbeats carry the new epoch.
        while (true) {
            auto line = hall.read_json(3s);
            REQUIRE(line.has_value());
            if ((*line)["type"] != "heartbeat") continue;
            CHECK((*line)["epoch"] == welcome["epoch"]);
            CHECK((*line)["seq"] == last_seq + 1);
            break;
        }
    }
}

TEST_CASE("subscribe: extension tickets:true lists today's waiting, called and skipped tickets") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    for (int i = 0; i < 4; ++i) issue_ok(*admin, "A", "tk-" + std::to_string(i));
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});
    ok(*admin, {{"type", "counter.skip"}, {"counter", "L1"}});
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});
    ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});  // A002 done, A003 called
    auto console = login(server, config, "loket-1");
    Json snapshot = subscribe(*console, {{"tickets", true}});
    REQUIRE(snapshot["tickets"].is_array());
    std::map<std::string, std::string> status;
    for (const auto& ticket : snapshot["tickets"]) status[ticket["number"].get<std::string>()] = ticket["status"].get<std::string>();
    CHECK(status == std::map<std::string, std::string>{{"A001", "skipped"}, {"A003", "called"}, {"A004", "waiting"}});
}
