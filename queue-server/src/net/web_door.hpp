// The LAN's web door (PROTOCOL.md "Configuration for the web doors",
// docs/web.md): an http::Server with the ticket pages (/t/<code>) and the
// director's dashboard (/admin). Requests become engine tasks, like protocol
// requests: the engine thread stays the only owner of the database, and an
// answer leaves only after its batch committed.
#pragma once

#include <memory>
#include <string>

#include "engine.hpp"
#include "http_server.hpp"
#include "web_ticket_feed.hpp"

namespace anoman::server {
class Server;
}

namespace anoman::server::web {

class Admin;

class WebDoor {
public:
    WebDoor(boost::asio::io_context& io, const Config& config, Server& queue, http::Limits limits);
    ~WebDoor();
    void start();
    void stop();
    http::tcp::endpoint local_endpoint() const { return http_.local_endpoint(); }

    // Runs task on the engine thread; done gets its result (or an error line) after the commit.
    void engine_task(std::function<Json(Engine&, Outcome&)> task, std::function<void(Json&&)> done);
    const Config& config() const { return config_; }
    boost::asio::io_context& io() { return io_; }

private:
    void route(const std::shared_ptr<http::Session>& session, http::Request&& request);
    void ticket_page(const std::shared_ptr<http::Session>& session, const std::string& code);
    void ticket_events(const std::shared_ptr<http::Session>& session, const std::string& code);
    void ticket_state_json(const std::shared_ptr<http::Session>& session, const std::string& code);
    void ticket_rating(const std::shared_ptr<http::Session>& session, const std::string& code,
                       const http::Request& request);

    boost::asio::io_context& io_;
    const Config& config_;
    Server& queue_;
    http::Server http_;
    TicketFeed feed_;
    std::unique_ptr<Admin> admin_;
};

// The limits of the web door: the library's defaults, with the web block's optional "limits".
http::Limits web_limits(const WebConfig& web);
// The access log shows only the start of a ticket code: the code is the page's secret.
std::string log_target(std::string_view target);

}  // namespace anoman::server::web
