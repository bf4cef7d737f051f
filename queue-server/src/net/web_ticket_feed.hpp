// The live feed of ticket pages (GET /t/<code>/events, Server-Sent Events).
// Fed from the same committed events the protocol's subscribers get
// (Server::add_event_listener): a follower of the ticket an event names hears
// of it in the same fan-out; how many are ahead is then recomputed for the
// followers of the services that changed, by one engine task at a time
// (coalesced, so a flood of events costs the engine a bounded amount of work).
// Heartbeats every 15 s let the page tell a dead link from a quiet queue.
// Network thread only.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio.hpp>

#include "engine.hpp"
#include "http_session.hpp"

namespace anoman::server {
class Server;
}

namespace anoman::server::web {

class TicketFeed {
public:
    static constexpr std::size_t kMaxFollowersPerTicket = 8;  // a family's phones
    static constexpr auto kHeartbeat = std::chrono::seconds(15);

    TicketFeed(boost::asio::io_context& io, const Config& config, Server& queue);
    void start();
    void stop();

    // false when the ticket already has kMaxFollowersPerTicket streams.
    bool can_follow(std::int64_t ticket_id);
    // Starts the stream on the session with the ticket's state as its first event.
    void follow(const std::shared_ptr<http::Session>& session, std::int64_t ticket_id, const Json& state);
    std::size_t followers() const;

private:
    struct Follower {
        std::weak_ptr<http::Session> session;
        Json state;
    };
    void on_events(const std::vector<Json>& events);
    void send(Follower& follower, const Json& state);
    void refresh();
    void heartbeat();

    const Config& config_;
    Server& queue_;
    boost::asio::steady_timer timer_;
    std::map<std::int64_t, std::vector<std::shared_ptr<Follower>>> by_ticket_;
    std::set<std::string> dirty_services_;
    bool all_dirty_ = false;
    bool refreshing_ = false;
    bool stopped_ = false;
};

// One SSE message: "event: NAME\ndata: JSON\n\n".
std::shared_ptr<const std::string> sse_message(const std::string& name, const Json& data);

}  // namespace anoman::server::web
