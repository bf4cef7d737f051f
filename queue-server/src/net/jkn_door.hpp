// The Mobile JKN door (PROTOCOL.md "Configuration for the web doors",
// BPJS-ANTREAN.md part 2 section 4, docs/mobile-jkn.md): an http::Server on
// its own listener, meant to face the internet through the hospital's
// reverse proxy. GET /jkn/auth gives a token; POST /jkn/<service> with
// x-token and x-username runs the service as an engine task (one owner of
// the database, the same transactions as the line protocol) and answers
// {"response":...,"metadata":{"message","code"}}.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "engine.hpp"
#include "http_server.hpp"
#include "jkn_token.hpp"
#include "rate_limited_log.hpp"

namespace anoman::server {
class Server;
}

namespace anoman::server::jkn {

class JknDoor {
public:
    JknDoor(boost::asio::io_context& io, const Config& config, Server& queue, std::string password);
    ~JknDoor();
    void start();
    void stop();
    http::tcp::endpoint local_endpoint() const { return http_.local_endpoint(); }

private:
    void route(const std::shared_ptr<http::Session>& session, http::Request&& request);
    void auth(const std::shared_ptr<http::Session>& session, const http::Request& request, const std::string& caller);
    // The caller: X-Forwarded-For's last address when the peer is a trusted proxy (or loopback), else the peer.
    std::string caller_of(const http::Session& session, const http::Request& request) const;
    bool take_caller_token(const std::string& caller);
    void refused_login(const std::string& caller, const std::string& username, const char* why);

    const Config& config_;
    const MobileJknConfig& jkn_;
    Server& queue_;
    std::string password_;
    http::Server http_;
    TokenBook tokens_;
    LoginGuard guard_;
    RateLimitedLog refusal_log_;
    struct Bucket {
        double tokens = 0;
        Clock::time_point refilled;
    };
    std::map<std::string, Bucket> buckets_;
};

// An answer: HTTP status = metadata.code for 200/201/202 (docs/mobile-jkn.md), with optional response.
http::Response answer(int code, const std::string& message, const Json& response = Json());

}  // namespace anoman::server::jkn
