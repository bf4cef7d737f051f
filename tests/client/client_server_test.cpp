// The reconnecting client and the blocking SyncConnection against the REAL
// queue-server (started on port 0 in a scratch directory). Requests are the
// typed structs of protocol_requests.hpp.
#include <doctest/doctest.h>

#include "anoman/protocol_requests.hpp"
#include "anoman/sync_connection.hpp"
#include "client_recorder.hpp"
#include "test_support.hpp"

using namespace anoman;
using namespace anoman::testing;
using namespace std::chrono_literals;

namespace {

Client::Settings settings_for(const ServerProcess& server, const std::string& role, bool subscribe) {
    Client::Settings settings;
    settings.connect.host = "127.0.0.1";
    settings.connect.port = server.port();
    settings.connect.role = *proto::role_from_string(role);
    DemoDevice device = demo_device(role);
    settings.connect.device = device.id;
    settings.connect.token = device.token;
    settings.subscribe = subscribe;
    settings.max_backoff = 500ms;
    return settings;
}

Json issue(LineClient& kiosk, const std::string& service, const std::string& request_id) {
    return kiosk.request(proto::TicketIssueRequest{.service = service, .request_id = request_id});
}

int waiting_in(const proto::Snapshot& snapshot, const std::string& code) {
    for (const auto& service : snapshot.services)
        if (service.code == code) return service.waiting;
    return -1;
}

}  // namespace

TEST_CASE("a subscribed client receives welcome, snapshot, then the server's events in order") {
    ServerProcess server;
    ClientRecorder recorder;
    Client client(settings_for(server, "display", true), recorder.callbacks());
    client.start();
    REQUIRE(recorder.wait([&] { return recorder.online_count_at_least(1); }));
    CHECK(client.link() == LinkState::online);

    const proto::Welcome welcome = recorder.locked([&] { return recorder.welcomes.at(0); });
    const proto::Snapshot snapshot = recorder.locked([&] { return recorder.snapshots.at(0); });
    CHECK(welcome.device == "hall-1");
    CHECK(welcome.epoch == snapshot.epoch);
    CHECK_FALSE(snapshot.services.empty());
    CHECK_FALSE(snapshot.counters.empty());

    LineClient kiosk(server.port());
    REQUIRE(kiosk.hello_demo("kiosk")["type"] == "welcome");
    REQUIRE(issue(kiosk, "A", "k:1")["ok"] == true);
    LineClient admin(server.port());
    REQUIRE(admin.hello_demo("admin")["type"] == "welcome");
    REQUIRE(admin.request(proto::CounterCallNextRequest{"L1"})["ok"] == true);

    REQUIRE(recorder.wait([&] { return recorder.events.size() >= 2; }));
    recorder.locked([&] {
        const auto& events = recorder.events;
        CHECK(events[0].seq == snapshot.seq + 1);
        CHECK(events[0].kind == proto::EventKind::issued);
        REQUIRE(events[0].ticket);
        CHECK(events[0].ticket->number == "A001");
        CHECK(events[1].seq == snapshot.seq + 2);
        CHECK(events[1].kind == proto::EventKind::called);
        CHECK(events[1].counter == std::optional<std::string>("L1"));
        return 0;
    });
}

TEST_CASE("request and reply round trip, including an error reply") {
    ServerProcess server;
    ClientRecorder recorder;
    Client client(settings_for(server, "admin", false), recorder.callbacks());
    client.start();
    REQUIRE(recorder.wait([&] { return recorder.online_count_at_least(1); }));

    auto pong = request_and_wait(client, proto::PingRequest{});
    REQUIRE(pong);
    CHECK(pong->ok);
    CHECK(pong->body["now"].is_string());

    auto issued = request_and_wait(client, proto::TicketIssueRequest{.service = "B", .request_id = "admin:1"});
    REQUIRE(issued);
    CHECK(issued->ok);
    CHECK(issued->body["ticket"]["number"] == "B001");
    auto replayed = request_and_wait(client, proto::TicketIssueRequest{.service = "B", .request_id = "admin:1"});
    REQUIRE(replayed);
    CHECK(replayed->body["replayed"] == true);
    CHECK(replayed->body["ticket"]["number"] == "B001");

    auto empty = request_and_wait(client, proto::CounterCallNextRequest{"R2"});
    REQUIRE(empty);
    CHECK_FALSE(empty->ok);
    REQUIRE(empty->error);
    CHECK(empty->error->code == proto::ErrorCode::queue_empty);
    CHECK_FALSE(empty->error->message.empty());
}

TEST_CASE("a request while the server is down fails fast with not connected") {
    ServerProcess server;
    ClientRecorder recorder;
    auto settings = settings_for(server, "kiosk", false);
    settings.request_timeout = 30s;
    Client client(settings, recorder.callbacks());
    client.start();
    REQUIRE(recorder.wait([&] { return recorder.online_count_at_least(1); }));

    server.kill9();
    REQUIRE(recorder.wait([&] { return client.link() == LinkState::connecting; }));
    auto reply = request_and_wait(client, proto::TicketIssueRequest{.service = "A", .request_id = "k:9"}, 5s);
    REQUIRE(reply);  // long before the 30 s request timeout
    CHECK_FALSE(reply->ok);
    CHECK(reply->error->code == proto::ErrorCode::internal);
    CHECK(reply->error->message == "not connected");
}

TEST_CASE("server killed and restarted: the client reconnects, sees the new epoch and a fresh snapshot") {
    auto first = std::make_unique<ServerProcess>();
    const auto dir = first->dir();
    const auto db = first->db();
    const auto port = first->port();

    ClientRecorder recorder;
    Client client(settings_for(*first, "display", true), recorder.callbacks());
    client.start();
    REQUIRE(recorder.wait([&] { return recorder.online_count_at_least(1); }));
    {
        LineClient kiosk(port);
        REQUIRE(kiosk.hello_demo("kiosk")["type"] == "welcome");
        REQUIRE(issue(kiosk, "A", "k:1")["ok"] == true);
    }
    REQUIRE(recorder.wait([&] { return recorder.events.size() == 1; }));
    const std::int64_t seq_before = recorder.locked([&] { return recorder.events.back().seq; });

    first->kill9();
    REQUIRE(recorder.wait([&] { return client.link() == LinkState::connecting; }));

    ServerOptions again;
    again.dir = dir;
    again.db = db;
    again.port = port;
    ServerProcess second(again);
    REQUIRE(recorder.wait([&] { return recorder.online_count_at_least(2); }, 15s));

    recorder.locked([&] {
        REQUIRE(recorder.welcomes.size() == 2);
        REQUIRE(recorder.snapshots.size() == 2);
        CHECK(recorder.welcomes[1].epoch != recorder.welcomes[0].epoch);
        CHECK(recorder.snapshots[1].epoch == recorder.welcomes[1].epoch);
        CHECK(recorder.snapshots[1].seq >= seq_before);  // seq continues across the restart
        CHECK(waiting_in(recorder.snapshots[1], "A") == 1);  // the acknowledged ticket survived
        return 0;
    });
    CHECK(recorder.locked([&] {
        for (const auto& [state, detail] : recorder.links)
            if (state == LinkState::online && detail.find("restarted") != std::string::npos) return true;
        return false;
    }));

    LineClient kiosk(port);
    REQUIRE(kiosk.hello_demo("kiosk")["type"] == "welcome");
    REQUIRE(issue(kiosk, "A", "k:2")["ok"] == true);
    REQUIRE(recorder.wait([&] { return recorder.events.size() == 2; }));
    recorder.locked([&] {
        CHECK(recorder.events[1].seq == recorder.snapshots[1].seq + 1);
        CHECK(recorder.events[1].ticket->number == "A002");
        return 0;
    });
}

TEST_CASE("a client whose token the server refuses is shown refused with the server's message") {
    ServerProcess server;
    ClientRecorder recorder;
    auto settings = settings_for(server, "display", true);
    settings.connect.token = "wrong";
    Client client(settings, recorder.callbacks());
    client.start();
    REQUIRE(recorder.wait([&] { return client.link() == LinkState::refused; }));
    CHECK(recorder.locked([&] { return recorder.links.back().second.find("unauthorized") != std::string::npos; }));
}

TEST_CASE("SyncConnection: welcome, request, refusal and an unreachable server") {
    ServerProcess server;
    ConnectOptions options;
    options.port = server.port();
    options.role = proto::Role::admin;
    options.device = demo_device("admin").id;
    options.token = demo_device("admin").token;

    SyncConnection connection(options, 5s);
    proto::Welcome welcome = connection.connect();
    CHECK(welcome.role == proto::Role::admin);
    Json reply = connection.request(proto::PingRequest{});
    CHECK(reply["ok"] == true);
    Json error = connection.request(proto::TicketGetRequest{.ticket = 999999});
    CHECK(error["ok"] == false);
    CHECK(error["error"]["code"] == "not_found");
    // A subscription's lines after the reply are kept for read_line.
    CHECK(connection.request(proto::SubscribeRequest{})["ok"] == true);
    auto snapshot = connection.read_line(5s);
    REQUIRE(snapshot);
    CHECK((*snapshot)["type"] == "snapshot");

    ConnectOptions wrong = options;
    wrong.token = "wrong";
    SyncConnection refused(wrong, 5s);
    try {
        refused.connect();
        FAIL("expected a refusal");
    } catch (const SyncError& e) {
        CHECK(e.kind() == SyncError::Kind::refused);
        REQUIRE(e.error());
        CHECK(e.error()->code == proto::ErrorCode::unauthorized);
    }

    server.kill9();
    SyncConnection unreachable(options, 2s);
    try {
        unreachable.connect();
        FAIL("expected unreachable");
    } catch (const SyncError& e) {
        CHECK(e.kind() == SyncError::Kind::unreachable);
    }
}
