// Wires a CounterModel to the reconnecting client through the shared link
// (anoman/gui/client_link.hpp): the client's callbacks (on its Asio thread)
// become tasks on the UI thread's RunQueue, and the model's outbox becomes
// requests whose replies come back the same way. The model is only ever
// touched on the UI thread.
#pragma once

#include <functional>
#include <memory>

#include "anoman/client.hpp"
#include "anoman/counter/counter_model.hpp"
#include "anoman/gui/client_link.hpp"
#include "anoman/run_queue.hpp"

namespace anoman::counter {

class CounterSession {
public:
    using NowFn = std::function<SysMillis()>;

    // connect.role is forced to counter. The client subscribes with
    // {"tickets": true} so the snapshot carries today's ticket list.
    CounterSession(ConnectOptions connect, CounterModel& model, RunQueue& queue, NowFn now = &HospitalClock::now);
    ~CounterSession();  // stops the client (joins its thread)
    CounterSession(const CounterSession&) = delete;
    CounterSession& operator=(const CounterSession&) = delete;

    void start();
    // Sends whatever the model has queued. Call on the UI thread after
    // anything that may have changed the model (the session does it itself
    // after every callback and reply it delivers).
    void pump();
    // Heartbeats only prove the server is alive; they do not wake the UI
    // (a frame every 2 s for nothing). The frame loop hands the latest one to
    // the model here, before drawing.
    void deliver_heartbeat();

private:
    CounterModel& model_;
    NowFn now_;
    std::unique_ptr<gui::ClientLink> link_;
    std::unique_ptr<Client> client_;
};

}  // namespace anoman::counter
