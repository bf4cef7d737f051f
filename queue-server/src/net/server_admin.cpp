// Server hooks for operations: closing a revoked device's connections, and
// the watchdog's probe through the engine thread.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "server.hpp"
#include "session.hpp"

namespace anoman::server {

void Server::close_devices(const std::vector<std::string>& devices) {
    // A copy: refusing may remove a session from sessions_.
    const auto sessions = sessions_;
    for (const auto& session : sessions) {
        const Caller* caller = session->caller();
        if (!caller || std::find(devices.begin(), devices.end(), caller->device) == devices.end()) continue;
        spdlog::info("closing {} ({}): device revoked", session->remote(), caller->device);
        session->refuse_and_close(proto::ErrorCode::unauthorized, "device " + caller->device + " has been revoked");
    }
}

void Server::submit_probe(std::function<void()> done) {
    worker_.submit(Job{Job::Kind::tick, {}, Json()}, [done = std::move(done)](Outcome&&) { done(); });
}

}  // namespace anoman::server
