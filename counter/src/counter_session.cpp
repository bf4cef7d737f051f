#include "anoman/counter/counter_session.hpp"

namespace anoman::counter {

CounterSession::CounterSession(ConnectOptions connect, CounterModel& model, RunQueue& queue, NowFn now)
    : model_(model), queue_(queue), now_(std::move(now)) {
    connect.role = proto::Role::counter;
    Client::Settings settings;
    settings.connect = std::move(connect);
    settings.subscribe = true;
    settings.subscribe_tickets = true;

    // Each callback copies what it got and hands it to the UI thread.
    ClientCallbacks callbacks;
    callbacks.on_link = [this](LinkState state, const std::string& detail) {
        queue_.post([this, state, detail] {
            model_.on_link(state, detail, now_());
            pump();
        });
    };
    callbacks.on_welcome = [this](const proto::Welcome& welcome) {
        queue_.post([this, welcome] {
            model_.on_welcome(welcome, now_());
            pump();
        });
    };
    callbacks.on_snapshot = [this](const proto::Snapshot& snapshot) {
        queue_.post([this, snapshot] {
            model_.on_snapshot(snapshot, now_());
            pump();
        });
    };
    callbacks.on_event = [this](const proto::Event& event) {
        queue_.post([this, event] {
            model_.on_event(event, now_());
            pump();
        });
    };
    callbacks.on_heartbeat = [this](const proto::Heartbeat& heartbeat) {
        heartbeat_seq_.store(heartbeat.seq);
        heartbeat_ms_.store(now_().time_since_epoch().count());
    };
    client_ = std::make_unique<Client>(std::move(settings), std::move(callbacks));
}

CounterSession::~CounterSession() {
    client_->stop();
}

void CounterSession::start() {
    client_->start();
}

void CounterSession::deliver_heartbeat() {
    const std::int64_t at = heartbeat_ms_.exchange(0);
    if (at == 0) return;
    model_.on_heartbeat(proto::Heartbeat{heartbeat_seq_.load(), ""}, SysMillis(std::chrono::milliseconds(at)));
}

void CounterSession::pump() {
    for (auto& outgoing : model_.take_outbox()) {
        const std::uint64_t token = outgoing.token;
        client_->request(std::move(outgoing.request), [this, token](const proto::Reply& reply) {
            queue_.post([this, token, reply] {
                model_.on_reply(token, reply, now_());
                pump();
            });
        });
    }
}

}  // namespace anoman::counter
