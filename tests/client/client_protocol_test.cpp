// The reconnecting client against a scripted peer over real TCP: the cases
// the real queue-server never produces on purpose (seq gaps, silence,
// refusals, oversize lines, unanswered requests). Requests are the typed
// structs of protocol_requests.hpp; a malformed one stays raw JSON.
#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <thread>

#include "anoman/protocol_requests.hpp"
#include "client_recorder.hpp"
#include "eventually.hpp"
#include "fake_server.hpp"

using namespace anoman;
using namespace anoman::testing;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

Client::Settings settings_for(std::uint16_t port, bool subscribe) {
    Client::Settings settings;
    settings.connect.host = "127.0.0.1";
    settings.connect.port = port;
    settings.connect.role = proto::Role::display;
    settings.connect.device = "hall-1";
    settings.connect.token = "token-1";
    settings.subscribe = subscribe;
    settings.request_timeout = 2s;
    settings.max_backoff = 1s;
    settings.refused_retry = 1s;
    return settings;
}

std::vector<std::int64_t> snapshot_seqs(ClientRecorder& recorder) {
    return recorder.locked([&] {
        std::vector<std::int64_t> seqs;
        for (const auto& snapshot : recorder.snapshots) seqs.push_back(snapshot.seq);
        return seqs;
    });
}

std::vector<std::int64_t> event_seqs(ClientRecorder& recorder) {
    return recorder.locked([&] {
        std::vector<std::int64_t> seqs;
        for (const auto& event : recorder.events) seqs.push_back(event.seq);
        return seqs;
    });
}

bool saw_link(ClientRecorder& recorder, LinkState state, const std::string& detail_part) {
    for (const auto& [seen, detail] : recorder.links)
        if (seen == state && detail.find(detail_part) != std::string::npos) return true;
    return false;
}

// What most cases start with: a scripted peer, a recorder of the callbacks
// and a started client whose first connection the peer has accepted.
struct ConnectedClient {
    FakeServer server;
    ClientRecorder recorder;
    Client client;
    std::unique_ptr<FakePeer> peer;

    explicit ConnectedClient(bool subscribe, const std::function<void(Client::Settings&)>& adjust = {})
        : client(adjusted(settings_for(server.port(), subscribe), adjust), recorder.callbacks()) {
        client.start();
        peer = server.accept();
        REQUIRE(peer);
    }

private:
    static Client::Settings adjusted(Client::Settings settings, const std::function<void(Client::Settings&)>& adjust) {
        if (adjust) adjust(settings);
        return settings;
    }
};

}  // namespace

TEST_CASE("hello first, subscribe after welcome, online only with the snapshot, then events in order") {
    ConnectedClient f(true, [](Client::Settings& s) { s.subscribe_tickets = true; });
    Json hello = f.peer->welcome("epoch-1", 10);
    CHECK(hello["type"] == "hello");
    CHECK(hello["proto"] == 1);
    CHECK(hello["role"] == "display");
    CHECK(hello["device"] == "hall-1");
    CHECK(hello["token"] == "token-1");

    auto subscribe = f.peer->read_json();
    REQUIRE(subscribe);
    CHECK((*subscribe)["type"] == "subscribe");
    CHECK((*subscribe)["id"].is_number_integer());
    CHECK((*subscribe)["tickets"] == true);
    REQUIRE(f.recorder.wait([&] { return f.recorder.welcomes.size() == 1; }));
    CHECK(f.client.link() != LinkState::online);  // welcome alone is not online for a subscriber

    f.peer->send_json({{"type", "reply"}, {"id", (*subscribe)["id"]}, {"ok", true}, {"seq", 10}});
    f.peer->send_json({{"type", "snapshot"}, {"seq", 10}, {"epoch", "epoch-1"}, {"service_day", "2026-11-22"},
                     {"services", Json::array()}, {"counters", Json::array()}, {"recent", Json::array()},
                     {"tickets", Json::array()}});
    f.peer->send_json(fake_event(11));
    f.peer->send_json({{"type", "heartbeat"}, {"seq", 11}, {"epoch", "epoch-1"}});
    f.peer->send_json(fake_event(12));
    REQUIRE(f.recorder.wait([&] { return f.recorder.events.size() == 2; }));
    CHECK(snapshot_seqs(f.recorder) == std::vector<std::int64_t>{10});
    CHECK(event_seqs(f.recorder) == std::vector<std::int64_t>{11, 12});
    CHECK(f.recorder.locked([&] { return f.recorder.heartbeats; }) == 1);
    CHECK(f.client.link() == LinkState::online);
    CHECK(f.recorder.locked([&] { return f.recorder.snapshots[0].tickets.has_value(); }));
}

TEST_CASE("a seq gap makes the client subscribe again and start over from the fresh snapshot") {
    ConnectedClient f(true);
    f.peer->welcome("epoch-1", 10);
    auto first = f.peer->serve_subscribe("epoch-1", 10);
    REQUIRE(first);

    f.peer->send_json(fake_event(11));
    f.peer->send_json(fake_event(13));  // 12 never arrives
    auto again = f.peer->read_json();
    REQUIRE(again);
    CHECK((*again)["type"] == "subscribe");
    CHECK((*again)["id"] != (*first)["id"]);
    // Events before the new snapshot are covered by it: not delivered.
    f.peer->send_json(fake_event(14));
    f.peer->send_json({{"type", "reply"}, {"id", (*again)["id"]}, {"ok", true}, {"seq", 14}});
    f.peer->send_json({{"type", "snapshot"}, {"seq", 14}, {"epoch", "epoch-1"}, {"service_day", "2026-11-22"},
                     {"services", Json::array()}, {"counters", Json::array()}, {"recent", Json::array()}});
    f.peer->send_json(fake_event(14));  // already in the snapshot
    f.peer->send_json(fake_event(15));
    REQUIRE(f.recorder.wait([&] { return f.recorder.events.size() == 2; }));
    // Nothing more may arrive: a heartbeat after them all is a barrier (lines are handled in order).
    f.peer->send_json({{"type", "heartbeat"}, {"seq", 15}, {"epoch", "epoch-1"}});
    REQUIRE(f.recorder.wait([&] { return f.recorder.heartbeats == 1; }));
    CHECK(snapshot_seqs(f.recorder) == std::vector<std::int64_t>{10, 14});
    CHECK(event_seqs(f.recorder) == std::vector<std::int64_t>{11, 15});
    CHECK(f.client.link() == LinkState::online);
}

TEST_CASE("a heartbeat announcing a seq the client never saw triggers a resubscribe") {
    ConnectedClient f(true);
    f.peer->welcome("epoch-1", 5);
    REQUIRE(f.peer->serve_subscribe("epoch-1", 5));
    f.peer->send_json({{"type", "heartbeat"}, {"seq", 5}, {"epoch", "epoch-1"}});
    f.peer->send_json({{"type", "heartbeat"}, {"seq", 7}, {"epoch", "epoch-1"}});
    auto again = f.peer->read_json();
    REQUIRE(again);
    CHECK((*again)["type"] == "subscribe");
}

TEST_CASE("a subscriber that hears nothing for offline_after drops the link and reconnects") {
    ConnectedClient f(true, [](Client::Settings& s) { s.offline_after = 1000ms; });
    f.peer->welcome("epoch-1", 1);
    REQUIRE(f.peer->serve_subscribe("epoch-1", 1));
    REQUIRE(f.recorder.wait([&] { return f.recorder.online_count_at_least(1); }));

    // Heartbeats keep it alive well past offline_after...
    for (int i = 0; i < 8; ++i) {
        f.peer->send_json({{"type", "heartbeat"}, {"seq", 1}, {"epoch", "epoch-1"}});
        std::this_thread::sleep_for(200ms);
    }
    CHECK(f.client.link() == LinkState::online);
    // ...silence does not.
    CHECK(f.peer->wait_closed(5s));
    CHECK(f.recorder.wait([&] { return saw_link(f.recorder, LinkState::connecting, "no event or heartbeat"); }));
    auto second = f.server.accept();
    REQUIRE(second);
    CHECK(second->read_json().value_or(Json())["type"] == "hello");
}

TEST_CASE("a refused hello shows refused with the server's message and is retried slowly") {
    ConnectedClient f(false);
    REQUIRE(f.peer->read_json());
    f.peer->send_json({{"type", "error"}, {"code", "unauthorized"}, {"message", "unknown device hall-1"}});
    const auto refused_at = Clock::now();
    REQUIRE(f.recorder.wait([&] { return saw_link(f.recorder, LinkState::refused, "unknown device hall-1"); }));
    CHECK(f.client.link() == LinkState::refused);
    CHECK(f.recorder.locked([&] { return saw_link(f.recorder, LinkState::refused, "unauthorized"); }));

    auto retry = f.server.accept(5s);
    REQUIRE(retry);
    CHECK(Clock::now() - refused_at >= 900ms);  // refused_retry (1 s), not the 250 ms backoff
    retry->welcome("epoch-1");
    CHECK(f.recorder.wait([&] { return f.recorder.online_count_at_least(1); }));
}

TEST_CASE("reconnect attempts back off exponentially up to max_backoff") {
    FakeServer server;
    ClientRecorder recorder;
    Client client(settings_for(server.port(), false), recorder.callbacks());
    client.start();
    std::vector<Clock::time_point> attempts;
    for (int i = 0; i < 5; ++i) {
        auto peer = server.accept(5s);
        REQUIRE(peer);
        attempts.push_back(Clock::now());
        peer->close();  // before welcome: a failure each time
    }
    std::vector<std::chrono::milliseconds> gaps;
    for (std::size_t i = 1; i < attempts.size(); ++i)
        gaps.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(attempts[i] - attempts[i - 1]));
    // Delays are drawn from [base/2, base] with base 250, 500, 1000, 1000 ms.
    CHECK(gaps[0] >= 100ms);
    CHECK(gaps[2] >= 450ms);
    CHECK(gaps[3] >= 450ms);
    CHECK(gaps[0] < gaps[2]);
    for (auto gap : gaps) CHECK(gap < 3s);
    CHECK(client.link() == LinkState::connecting);
}

TEST_CASE("requests: integer ids, replies matched by id, unknown ids ignored, a timeout reconnects") {
    ConnectedClient f(false, [](Client::Settings& s) { s.request_timeout = 500ms; });
    f.peer->welcome("epoch-1");
    REQUIRE(f.recorder.wait([&] { return f.recorder.online_count_at_least(1); }));

    std::promise<proto::Reply> first_reply, second_reply;
    f.client.request(proto::PingRequest{}, [&](const proto::Reply& reply) { first_reply.set_value(reply); });
    f.client.request(proto::ServicesListRequest{}, [&](const proto::Reply& reply) { second_reply.set_value(reply); });
    auto first = f.peer->read_json();
    auto second = f.peer->read_json();
    REQUIRE(first);
    REQUIRE(second);
    CHECK((*first)["type"] == "ping");
    CHECK((*first)["id"].is_number_integer());
    CHECK((*first)["id"] != (*second)["id"]);
    // Answered in the other order: each still reaches its own handler.
    f.peer->send_json({{"type", "reply"}, {"id", (*second)["id"]}, {"ok", true}, {"services", Json::array()}});
    f.peer->send_json({{"type", "reply"}, {"id", (*first)["id"]}, {"ok", true}, {"now", "2026-11-22T08:00:00+07:00"}});
    auto first_future = first_reply.get_future();
    auto second_future = second_reply.get_future();
    REQUIRE(first_future.wait_for(5s) == std::future_status::ready);
    REQUIRE(second_future.wait_for(5s) == std::future_status::ready);
    CHECK(first_future.get().body["now"] == "2026-11-22T08:00:00+07:00");
    CHECK(second_future.get().body.contains("services"));

    // A reply nobody asked for is ignored.
    f.peer->send_json({{"type", "reply"}, {"id", 999999}, {"ok", true}});
    auto malformed = request_and_wait(f.client, Json::array({1, 2}));  // raw: not an object
    REQUIRE(malformed);
    CHECK(malformed->error->code == proto::ErrorCode::bad_request);

    // Never answered: a local timeout, shaped like an error reply; the silent
    // server is then treated as gone and the client reconnects.
    auto unanswered = request_and_wait(f.client, proto::PingRequest{});
    REQUIRE(unanswered);
    CHECK_FALSE(unanswered->ok);
    REQUIRE(unanswered->error);
    CHECK(unanswered->error->code == proto::ErrorCode::internal);
    CHECK(unanswered->error->message == "timeout");
    CHECK(f.peer->wait_closed(5s));
    auto next_peer = f.server.accept();
    REQUIRE(next_peer);
    next_peer->welcome("epoch-1");
    REQUIRE(f.recorder.wait([&] { return f.recorder.online_count_at_least(2); }));
    std::thread answer([&] {
        auto next = next_peer->read_json();
        if (next) next_peer->send_json({{"type", "reply"}, {"id", (*next)["id"]}, {"ok", true}, {"now", "later"}});
    });
    auto later = request_and_wait(f.client, proto::PingRequest{});
    answer.join();
    REQUIRE(later);
    CHECK(later->ok);
    CHECK(later->body["now"] == "later");
}

TEST_CASE("a client that is not subscribed pings when idle and reconnects when the ping goes unanswered") {
    ConnectedClient f(false, [](Client::Settings& s) {
        s.keepalive_interval = 300ms;
        s.request_timeout = 500ms;
    });
    f.peer->welcome("epoch-1");
    for (int round = 0; round < 2; ++round) {
        auto ping = f.peer->read_json(3s);
        REQUIRE(ping);
        CHECK((*ping)["type"] == "ping");
        f.peer->send_json({{"type", "reply"}, {"id", (*ping)["id"]}, {"ok", true}, {"now", "x"}});
    }
    CHECK(f.client.link() == LinkState::online);
    REQUIRE(f.peer->read_json(3s));  // the next ping, left unanswered
    CHECK(f.peer->wait_closed(5s));
    CHECK(f.recorder.wait([&] { return saw_link(f.recorder, LinkState::connecting, "keepalive"); }));
    auto second = f.server.accept();
    REQUIRE(second);
}

TEST_CASE("pending requests fail with connection lost when the connection drops") {
    ConnectedClient f(false, [](Client::Settings& s) { s.request_timeout = 30s; });
    f.peer->welcome("epoch-1");
    REQUIRE(f.recorder.wait([&] { return f.recorder.online_count_at_least(1); }));

    auto promise = std::make_shared<std::promise<proto::Reply>>();
    f.client.request(proto::PingRequest{}, [promise](const proto::Reply& reply) { promise->set_value(reply); });
    REQUIRE(f.peer->read_json());
    f.peer->close();
    auto future = promise->get_future();
    REQUIRE(future.wait_for(5s) == std::future_status::ready);
    auto reply = future.get();
    CHECK_FALSE(reply.ok);
    CHECK(reply.error->message == "connection lost");
    CHECK(f.recorder.wait([&] { return saw_link(f.recorder, LinkState::connecting, "closed the connection"); }));
}

TEST_CASE("requests while not connected fail at once instead of queueing") {
    std::uint16_t closed_port = 0;
    {
        FakeServer gone;
        closed_port = gone.port();
    }
    ClientRecorder recorder;
    auto settings = settings_for(closed_port, false);
    settings.request_timeout = 30s;

    // Not started: answered on the caller's thread.
    Client idle(settings, recorder.callbacks());
    bool called = false;
    idle.request(proto::PingRequest{}, [&](const proto::Reply& reply) {
        called = true;
        CHECK(reply.error->message == "not connected");
    });
    CHECK(called);

    Client client(settings, recorder.callbacks());
    client.start();
    auto reply = request_and_wait(client, proto::TicketIssueRequest{.service = "A", .request_id = "k:1"}, 5s);
    REQUIRE(reply);  // far sooner than the 30 s request timeout
    CHECK_FALSE(reply->ok);
    CHECK(reply->error->code == proto::ErrorCode::internal);
    CHECK(reply->error->message == "not connected");
    CHECK(recorder.wait([&] { return saw_link(recorder, LinkState::connecting, "cannot connect"); }));

    // Connected at TCP level but no welcome yet: still not connected.
    FakeServer silent;
    Client waiting(settings_for(silent.port(), false), {});
    waiting.start();
    auto peer = silent.accept();
    REQUIRE(peer);
    REQUIRE(peer->read_json());  // the hello, never answered
    auto early = request_and_wait(waiting, proto::PingRequest{}, 5s);
    REQUIRE(early);
    CHECK(early->error->message == "not connected");
}

TEST_CASE("an oversize or non-JSON line from the server drops the connection and the client reconnects") {
    ConnectedClient f(false);
    f.peer->welcome("epoch-1");
    f.peer->send_raw(std::string(proto::kMaxLineBytes + 10, 'x'));  // no newline within the bound
    CHECK(f.peer->wait_closed(5s));
    CHECK(f.recorder.wait([&] { return saw_link(f.recorder, LinkState::connecting, "longer than 65536"); }));

    auto second = f.server.accept();
    REQUIRE(second);
    second->welcome("epoch-1");
    second->send_raw("this is not json\n");
    CHECK(second->wait_closed(5s));
    CHECK(f.recorder.wait([&] { return saw_link(f.recorder, LinkState::connecting, "not a JSON object"); }));

    auto third = f.server.accept();
    REQUIRE(third);
    third->welcome("epoch-1");
    CHECK(f.recorder.wait([&] { return f.recorder.online_count_at_least(3); }));
    CHECK(f.recorder.locked([&] { return f.recorder.welcomes.size(); }) == 3);
}

TEST_CASE("a reconnect to a restarted server (new epoch) delivers a fresh snapshot and says so") {
    ConnectedClient f(true);
    f.peer->welcome("epoch-1", 10);
    REQUIRE(f.peer->serve_subscribe("epoch-1", 10));
    REQUIRE(f.recorder.wait([&] { return f.recorder.online_count_at_least(1); }));
    f.peer->close();

    auto restarted = f.server.accept();
    REQUIRE(restarted);
    restarted->welcome("epoch-2", 3);
    REQUIRE(restarted->serve_subscribe("epoch-2", 3));
    REQUIRE(f.recorder.wait([&] { return f.recorder.online_count_at_least(2); }));
    CHECK(snapshot_seqs(f.recorder) == std::vector<std::int64_t>{10, 3});
    CHECK(f.recorder.locked([&] { return saw_link(f.recorder, LinkState::online, "restarted"); }));
    // Events from the new server continue from the new snapshot.
    restarted->send_json(fake_event(4));
    REQUIRE(f.recorder.wait([&] { return f.recorder.events.size() == 1; }));
    CHECK(event_seqs(f.recorder) == std::vector<std::int64_t>{4});
}

TEST_CASE("stop is safe twice, from a callback, and the destructor joins") {
    FakeServer server;
    {
        Client client(settings_for(server.port(), false), {});
        client.stop();  // before start
        client.start();
        client.stop();
        client.stop();
        client.start();  // after stop: stays stopped
        CHECK(client.link() != LinkState::online);
    }
    std::atomic<bool> stopped_from_callback{false};
    {
        auto client = std::make_unique<Client>(settings_for(server.port(), false), ClientCallbacks{});
        ClientCallbacks callbacks;
        Client* raw = nullptr;
        callbacks.on_welcome = [&](const proto::Welcome&) {
            raw->stop();  // on the client's own thread: must not deadlock
            stopped_from_callback = true;
        };
        client = std::make_unique<Client>(settings_for(server.port(), false), callbacks);
        raw = client.get();
        client->start();
        auto peer = server.accept();
        REQUIRE(peer);
        peer->welcome("epoch-1");
        CHECK(eventually([&] { return stopped_from_callback.load(); }, 5s));
        CHECK(peer->wait_closed(5s));
    }  // destructor after a stop from the callback
}
