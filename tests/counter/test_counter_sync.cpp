// The console's live lists against the REAL queue-server: after any sequence
// of operations (kiosks issuing, other counters and an admin acting, the
// console's own keys and scans, a server killed and restarted), the model's
// tickets, order, current patient and figures equal a fresh snapshot's.
#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include "anoman/counter/counter_session.hpp"
#include "test_support.hpp"

using namespace anoman;
using namespace anoman::counter;
using namespace anoman::testing;
using Json = nlohmann::json;

namespace {

// The console's model and session, pumped by the test thread as a frame loop would.
struct Console {
    RunQueue queue;
    CounterModel model;
    std::unique_ptr<CounterSession> session;

    explicit Console(std::uint16_t port) {
        ConnectOptions connect;
        connect.port = port;
        const auto device = demo_counter_device("L1");
        connect.device = device.id;
        connect.token = device.token;
        session = std::make_unique<CounterSession>(connect, model, queue);
        session->start();
    }
    void frame() {
        session->deliver_heartbeat();
        queue.drain();
        session->pump();
    }
    // Frames until pred holds: the console's own frame loop, waited on.
    template <typename Pred>
    bool until(Pred pred, std::chrono::milliseconds timeout = 8s) {
        return eventually(
            [&] {
                frame();
                return pred();
            },
            timeout, 2ms);
    }
    // A key, then frames until its request is answered. The reply can come
    // before the event that shows its effect (the called patient): wait for
    // the effect itself with until(), never assume it came with the reply.
    void press(Key key) {
        model.press(key, HospitalClock::now());
        frame();
        until([&] { return !model.busy(); });
    }
    void scan(const std::string& text) {
        for (char c : text) model.type(static_cast<char32_t>(c), HospitalClock::now());
        model.press(Key::enter, HospitalClock::now());
        frame();
    }
};

Json fresh_snapshot(std::uint16_t port) {
    LineClient admin(port);
    admin.hello_demo("admin");
    Json reply = admin.request({{"type", "subscribe"}, {"tickets", true}});
    REQUIRE(reply["ok"] == true);
    auto snapshot = admin.next_push();
    REQUIRE(snapshot);
    REQUIRE((*snapshot)["type"] == "snapshot");
    return *snapshot;
}

Json counter_stats(LineClient& admin) {
    return admin.request({{"type", "stats.counter"}, {"counter", "L1"}});
}

// Compares everything the console shows with the server's own picture.
void check_console_equals_server(Console& console, std::uint16_t port, LineClient& admin) {
    const Json snapshot = fresh_snapshot(port);
    const std::int64_t seq = snapshot["seq"];
    REQUIRE_MESSAGE(console.until([&] { return console.model.is_live(HospitalClock::now()) && console.model.last_seq() >= seq &&
                                               !console.model.busy(); }),
                    "the console did not catch up with seq " << seq << " (at " << console.model.last_seq() << ")");
    CHECK(console.model.last_seq() == seq);

    // Every live ticket, field by field.
    std::map<std::int64_t, Json> server_tickets;
    for (const auto& t : snapshot["tickets"]) server_tickets[t["id"].get<std::int64_t>()] = t;
    std::map<std::int64_t, Json> console_tickets;
    for (const auto& t : console.model.book().all()) console_tickets[t.id] = Json(t);
    CHECK(console_tickets.size() == server_tickets.size());
    for (const auto& [id, ticket] : server_tickets) {
        auto it = console_tickets.find(id);
        if (it == console_tickets.end()) {
            FAIL_CHECK("ticket " << ticket["number"] << " missing from the console");
            continue;
        }
        CHECK_MESSAGE(it->second == ticket, "console " << it->second.dump() << "\nserver  " << ticket.dump());
    }

    // The waiting list of Loket 1 in the order call_next takes (the snapshot's order).
    std::vector<std::string> server_waiting, console_waiting;
    for (const auto& t : snapshot["tickets"])
        if (t["status"] == "waiting" && (t["service"] == "A" || t["service"] == "P")) server_waiting.push_back(t["number"]);
    for (const auto* t : console.model.waiting_rows()) console_waiting.push_back(t->number);
    CHECK(console_waiting == server_waiting);

    std::set<std::string> server_skipped, console_skipped;
    for (const auto& t : snapshot["tickets"])
        if (t["status"] == "skipped" && (t["service"] == "A" || t["service"] == "P")) server_skipped.insert(t["number"]);
    for (const auto* t : console.model.skipped_rows()) console_skipped.insert(t->number);
    CHECK(console_skipped == server_skipped);

    // Loket 1 itself.
    for (const auto& c : snapshot["counters"]) {
        if (c["id"] != "L1") continue;
        CHECK(console.model.counter_open() == c["open"].get<bool>());
        const Json console_current = console.model.current() ? Json(*console.model.current()) : Json();
        CHECK(console_current == c["current"]);
    }

    // Today's figures (asked after every action and every finish or skip here).
    const Json stats = counter_stats(admin);
    CHECK_MESSAGE(console.until([&] {
        const auto& f = console.model.figures();
        return f && f->served == stats["served"] && f->skipped == stats["skipped"] && f->avg_service_s == stats["avg_service_s"];
    }), "figures " << stats.dump());
}

struct Hall {
    std::uint16_t port;
    LineClient admin;
    LineClient kiosk;
    LineClient loket2;
    LineClient loket4;
    std::vector<std::int64_t> ids;
    int next_request = 1;
    // Request ids must differ between halls on one server (a repeated one is a retry).
    inline static int halls = 0;
    const int hall_number = ++halls;

    explicit Hall(std::uint16_t p) : port(p), admin(p), kiosk(p), loket2(p), loket4(p) {
        REQUIRE(admin.hello_demo("admin")["type"] == "welcome");
        REQUIRE(kiosk.hello_demo("kiosk")["type"] == "welcome");
        auto l2 = demo_counter_device("L2");
        auto l4 = demo_counter_device("L4");
        REQUIRE(loket2.hello("counter", l2.id, l2.token)["type"] == "welcome");
        REQUIRE(loket4.hello("counter", l4.id, l4.token)["type"] == "welcome");
    }

    void issue(const std::string& service, bool priority) {
        Json reply = kiosk.request({{"type", "ticket.issue"},
                                    {"service", service},
                                    {"priority", priority},
                                    {"request_id", "sync-" + std::to_string(hall_number) + "-" + std::to_string(next_request++)}});
        REQUIRE(reply["ok"] == true);
        ids.push_back(reply["ticket"]["id"]);
    }
};

// One random operation by someone in the hall (not the console).
void random_hall_operation(Hall& hall, std::mt19937& rng) {
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    static const std::vector<std::string> services = {"A", "A", "A", "B", "P", "PA"};
    static const std::vector<std::string> targets = {"A", "B", "P", "PU", "PA"};
    LineClient* counters[] = {&hall.loket2, &hall.loket4, &hall.admin};
    const std::string counter_ids[] = {"L2", "L4", "L1"};
    const int who = pick(3);
    LineClient& client = *counters[who];
    const std::string counter = counter_ids[who];
    auto random_id = [&]() -> std::int64_t { return hall.ids.empty() ? 1 : hall.ids[static_cast<std::size_t>(pick(static_cast<int>(hall.ids.size())))]; };
    switch (pick(12)) {
    case 0: case 1: case 2: hall.issue(services[static_cast<std::size_t>(pick(6))], pick(8) == 0); break;
    case 3: client.request({{"type", "counter.call_next"}, {"counter", counter}}); break;
    case 4: client.request({{"type", "counter.recall"}, {"counter", counter}}); break;
    case 5: client.request({{"type", "counter.skip"}, {"counter", counter}}); break;
    case 6: client.request({{"type", "counter.finish"}, {"counter", counter}}); break;
    case 7: client.request({{"type", "counter.transfer"}, {"counter", counter}, {"to_service", targets[static_cast<std::size_t>(pick(5))]}}); break;
    case 8: client.request({{"type", "counter.call"}, {"counter", counter}, {"ticket", random_id()}}); break;
    case 9: client.request({{"type", "ticket.requeue"}, {"ticket", random_id()}}); break;
    case 10: hall.admin.request({{"type", "ticket.cancel"}, {"ticket", random_id()}}); break;
    case 11:
        if (pick(2)) client.request({{"type", "counter.close"}, {"counter", counter}, {"reason", "istirahat"}});
        else client.request({{"type", "counter.open"}, {"counter", counter}});
        break;
    }
}

// One random thing the clerk does at the console.
void random_console_operation(Console& console, Hall& hall, std::mt19937& rng) {
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    switch (pick(9)) {
    case 0: case 1: console.press(Key::f1); break;
    case 2: console.press(Key::f2); break;
    case 3: console.press(Key::f3); break;
    case 4: console.press(Key::f4); break;
    case 5:
        console.press(Key::f5);
        console.model.type(static_cast<char32_t>(static_cast<int>(U'1') + pick(4)), HospitalClock::now());
        console.until([&] { return !console.model.busy(); });
        break;
    case 6:
        for (int i = pick(4); i >= 0; --i) console.press(Key::down);
        console.press(pick(2) ? Key::f7 : Key::f8);
        break;
    case 7:
        if (!hall.ids.empty()) {
            // Scan a real ticket's QR code, then try to call it or requeue it.
            const Json got = hall.admin.request({{"type", "ticket.get"}, {"ticket", hall.ids[static_cast<std::size_t>(pick(static_cast<int>(hall.ids.size())))]}});
            const Json& t = got["ticket"];
            console.scan("ANOMAN:" + t["service_day"].get<std::string>() + ":" + t["number"].get<std::string>() + ":" +
                         std::to_string(t["id"].get<std::int64_t>()));
            console.until([&] { return !console.model.busy(); }, 1s);
            console.press(pick(2) ? Key::f7 : Key::f8);
        }
        break;
    case 8: console.press(Key::f6); console.press(Key::enter); break;  // close (or open, then a stray Enter)
    }
}

}  // namespace

TEST_CASE("the console's lists stay equal to the server's through random operations") {
    unsigned seed = std::random_device{}();
    if (const char* fixed = std::getenv("COUNTER_SYNC_SEED")) seed = static_cast<unsigned>(std::stoul(fixed));
    INFO("seed " << seed << " (COUNTER_SYNC_SEED to repeat)");
    MESSAGE("random seed " << seed);
    std::mt19937 rng(seed);

    ServerProcess server;
    Hall hall(server.port());
    for (int i = 0; i < 6; ++i) hall.issue(i % 3 ? "A" : "P", false);
    Console console(server.port());
    REQUIRE(console.until([&] { return console.model.is_live(HospitalClock::now()); }));
    CHECK(console.model.counter_id() == "L1");
    check_console_equals_server(console, server.port(), hall.admin);

    for (int round = 0; round < 5; ++round) {
        CAPTURE(round);
        for (int op = 0; op < 80; ++op) {
            if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) random_console_operation(console, hall, rng);
            else random_hall_operation(hall, rng);
            // Let the console read now and then, as a frame loop would; sometimes not, so events pile up.
            if (op % 7 == 0) console.frame();
        }
        check_console_equals_server(console, server.port(), hall.admin);
    }
    // The run did change things: many events, tickets in every state.
    MESSAGE("events applied: " << console.model.last_seq() << ", live tickets: " << console.model.book().size());
    CHECK(console.model.last_seq() > 100);
}

TEST_CASE("after the server is killed and restarted, the console reconnects by itself and is current again") {
    ServerProcess first;
    const auto port = first.port();
    {
        Hall hall(port);
        for (int i = 0; i < 4; ++i) hall.issue("A", false);
    }
    Console console(port);
    REQUIRE(console.until([&] { return console.model.is_live(HospitalClock::now()); }));
    console.press(Key::f1);
    REQUIRE(console.until([&] { return console.model.current().has_value(); }));
    CHECK(console.model.current()->number == "A001");

    first.kill9();
    first.wait();
    REQUIRE(console.until([&] { return console.model.link() != LinkState::online; }, 8s));
    CHECK_FALSE(console.model.is_live(HospitalClock::now()));
    console.press(Key::f1);  // refused locally: nothing silently lost
    REQUIRE(console.model.notice());
    CHECK(console.model.notice()->key == "notice.offline");

    ServerOptions again;
    again.dir = first.dir();
    again.db = first.db();
    again.port = port;
    ServerProcess second(again);
    {
        // While the console is away, the hall moves on.
        Hall hall(port);
        hall.issue("P", false);
        hall.admin.request({{"type", "counter.finish"}, {"counter", "L1"}});
    }
    REQUIRE_MESSAGE(console.until([&] { return console.model.is_live(HospitalClock::now()); }, 15s),
                    "no reconnect: " << console.model.link_detail());
    CHECK_FALSE(console.model.current());  // finished while it was away
    LineClient admin(port);
    admin.hello_demo("admin");
    check_console_equals_server(console, port, admin);
    console.press(Key::f1);
    REQUIRE(console.until([&] { return console.model.current().has_value(); }));
    CHECK(console.model.current()->number == "P001");
}
