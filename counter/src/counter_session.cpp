#include "anoman/counter/counter_session.hpp"

#include <chrono>

namespace anoman::counter {

CounterSession::CounterSession(ConnectOptions connect, CounterModel& model, RunQueue& queue, NowFn now)
    : model_(model), now_(std::move(now)) {
    connect.role = proto::Role::counter;
    Client::Settings settings;
    settings.connect = std::move(connect);
    settings.subscribe = true;
    settings.subscribe_tickets = true;

    // The model keeps hospital time (call times are wall-clock stamps): it
    // reads now_() on the UI thread rather than the link's steady arrival.
    gui::LinkHandlers handlers;
    handlers.on_link = [this](LinkState state, const std::string& detail, gui::Arrival) {
        model_.on_link(state, detail, now_());
    };
    handlers.on_welcome = [this](const proto::Welcome& welcome, gui::Arrival) { model_.on_welcome(welcome, now_()); };
    handlers.on_snapshot = [this](const proto::Snapshot& snapshot, gui::Arrival) {
        model_.on_snapshot(snapshot, now_());
    };
    handlers.on_event = [this](const proto::Event& event, gui::Arrival) { model_.on_event(event, now_()); };
    // A heartbeat kept aside is handed over later: date it when it arrived,
    // or a dead server would look alive for up to a frame interval longer.
    handlers.on_heartbeat = [this](const proto::Heartbeat& heartbeat, gui::Arrival at) {
        const auto age = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - at);
        model_.on_heartbeat(heartbeat, now_() - age);
    };
    handlers.after = [this] { pump(); };
    link_ = std::make_unique<gui::ClientLink>(queue, std::move(handlers), gui::HeartbeatWake::no);
    client_ = std::make_unique<Client>(std::move(settings), link_->callbacks());
}

CounterSession::~CounterSession() {
    client_->stop();
}

void CounterSession::start() {
    client_->start();
}

void CounterSession::deliver_heartbeat() {
    link_->deliver_heartbeat();
}

void CounterSession::pump() {
    for (auto& outgoing : model_.take_outbox()) {
        const std::uint64_t token = outgoing.token;
        client_->request(std::move(outgoing.request), link_->on_ui([this, token](const proto::Reply& reply) {
            model_.on_reply(token, reply, now_());
        }));
    }
}

}  // namespace anoman::counter
