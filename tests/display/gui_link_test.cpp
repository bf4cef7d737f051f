// The shared link between the client's thread and the UI thread
// (anoman/gui/client_link.hpp) and the redraw gate (redraw_gate.hpp), with
// no window: messages posted from another thread wait in the RunQueue until
// the UI thread drains it, wake it once each, and heartbeats kept aside
// neither wake it nor pile up.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "anoman/gui/client_link.hpp"
#include "anoman/gui/redraw_gate.hpp"

using namespace anoman;

TEST_CASE("client messages reach the UI thread only when it drains, each with its arrival and the after hook") {
    RunQueue ui;
    std::atomic<int> wakes{0};
    ui.set_wake([&] { ++wakes; });
    const std::thread::id ui_thread = std::this_thread::get_id();
    std::vector<std::string> seen;
    int after = 0;
    gui::LinkHandlers handlers;
    handlers.on_link = [&](LinkState state, const std::string& detail, gui::Arrival at) {
        CHECK(std::this_thread::get_id() == ui_thread);
        CHECK(at <= std::chrono::steady_clock::now());
        seen.push_back((state == LinkState::online ? "online " : "offline ") + detail);
    };
    handlers.on_event = [&](const proto::Event& event, gui::Arrival) { seen.push_back("event " + std::to_string(event.seq)); };
    handlers.after = [&] { ++after; };
    gui::ClientLink link(ui, handlers);
    const ClientCallbacks callbacks = link.callbacks();

    std::thread client([&] {
        callbacks.on_link(LinkState::online, "127.0.0.1:7700");
        proto::Event event;
        event.seq = 7;
        callbacks.on_event(event);
        callbacks.on_welcome(proto::Welcome{});  // no handler: ignored, still drained
    });
    client.join();
    CHECK(seen.empty());  // nothing ran on the client's thread
    CHECK(wakes.load() == 3);
    CHECK(ui.drain() == 3);
    CHECK(seen == std::vector<std::string>{"online 127.0.0.1:7700", "event 7"});
    CHECK(after == 3);
}

TEST_CASE("heartbeats kept aside do not wake the UI; the newest is delivered once") {
    RunQueue ui;
    std::atomic<int> wakes{0};
    ui.set_wake([&] { ++wakes; });
    std::vector<std::int64_t> delivered;
    gui::LinkHandlers handlers;
    handlers.on_heartbeat = [&](const proto::Heartbeat& heartbeat, gui::Arrival) { delivered.push_back(heartbeat.seq); };
    gui::ClientLink link(ui, handlers, gui::HeartbeatWake::no);
    const ClientCallbacks callbacks = link.callbacks();
    std::thread client([&] {
        for (std::int64_t seq = 1; seq <= 3; ++seq) callbacks.on_heartbeat(proto::Heartbeat{seq, ""});
    });
    client.join();
    CHECK(wakes.load() == 0);
    CHECK(ui.drain() == 0);
    link.deliver_heartbeat();
    link.deliver_heartbeat();  // nothing new
    CHECK(delivered == std::vector<std::int64_t>{3});

    gui::ClientLink waking(ui, handlers, gui::HeartbeatWake::yes);
    waking.callbacks().on_heartbeat(proto::Heartbeat{9, ""});
    CHECK(wakes.load() == 1);
    CHECK(ui.drain() == 1);
    CHECK(delivered == std::vector<std::int64_t>{3, 9});
}

TEST_CASE("a reply handler made by on_ui runs on the UI thread's drain") {
    RunQueue ui;
    int after = 0;
    gui::LinkHandlers handlers;
    handlers.after = [&] { ++after; };
    gui::ClientLink link(ui, handlers);
    bool ran = false;
    auto handler = link.on_ui([&](const proto::Reply&) { ran = true; });
    std::thread client([&] { handler(proto::Reply{}); });
    client.join();
    CHECK_FALSE(ran);
    ui.drain();
    CHECK(ran);
    CHECK(after == 1);
}

TEST_CASE("the redraw gate opens when any revision moved since the last frame") {
    std::uint64_t model = 0, clock = 0;
    gui::RedrawGate gate({[&] { return model; }, [&] { return clock; }});
    CHECK(gate.changed());  // nothing drawn yet
    gate.drawn();
    CHECK_FALSE(gate.changed());
    ++model;
    CHECK(gate.changed());
    gate.drawn();
    CHECK_FALSE(gate.changed());
    ++clock;
    CHECK(gate.changed());
    gate.drawn();
    gate.invalidate();
    CHECK(gate.changed());
}
