#include "jkn_door.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "http_message.hpp"
#include "http_session.hpp"
#include "jkn_handlers.hpp"
#include "server.hpp"

namespace anoman::server::jkn {

namespace {

constexpr const char* kPrefix = "/jkn/";
// Behind the reverse proxy every caller shares the proxy's address: the
// per-connection bounds are the proxy's, and each caller gets its own bucket
// below (JknDoor::take_caller_token), from X-Forwarded-For.
http::Limits door_limits(const MobileJknConfig& jkn) {
    http::Limits limits;
    limits.body_bytes = 16384;
    limits.header_bytes = 8192;
    limits.max_connections = 1024;
    limits.connections_per_address = 256;
    limits.requests_per_second = std::max(200.0, jkn.requests_per_second * 20);
    limits.request_burst = limits.requests_per_second * 2;
    limits.request_timeout = std::chrono::milliseconds(10000);
    limits.idle_timeout = std::chrono::milliseconds(15000);
    return limits;
}

bool loopback(const std::string& address) {
    return address.rfind("127.", 0) == 0 || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

std::string header(const http::Request& request, const char* name) {
    auto it = request.find(name);
    return it == request.end() ? std::string() : std::string(it->value());
}

// What a log line may show of a header a stranger sent: printable, short.
std::string shown(const std::string& text) {
    std::string out;
    for (char c : text.substr(0, 64)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    return out;
}

}  // namespace

http::Response answer(int code, const std::string& message, const Json& response) {
    Json body = Json::object();
    if (!response.is_null()) body["response"] = response;
    body["metadata"] = Json{{"message", message}, {"code", code}};
    // HTTP status mirrors metadata.code (200, 201, 202), as KHZ-WS does
    // (docs/mobile-jkn.md says why).
    return http::json_response(static_cast<unsigned>(code), body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

JknDoor::JknDoor(boost::asio::io_context& io, const Config& config, Server& queue, std::string password)
    : config_(config),
      jkn_(*config.mobile_jkn),
      queue_(queue),
      password_(std::move(password)),
      http_(io, "mobile-jkn", config.mobile_jkn->host, config.mobile_jkn->port, door_limits(*config.mobile_jkn),
            [this](const std::shared_ptr<http::Session>& session, http::Request&& request) {
                route(session, std::move(request));
            }),
      tokens_(std::chrono::minutes(config.mobile_jkn->token_minutes)) {}

JknDoor::~JknDoor() { stop(); }

void JknDoor::start() { http_.start(); }
void JknDoor::stop() { http_.stop(); }

std::string JknDoor::caller_of(const http::Session& session, const http::Request& request) const {
    const std::string& peer = session.address();
    const bool trusted = loopback(peer) || std::find(jkn_.trusted_proxies.begin(), jkn_.trusted_proxies.end(), peer) !=
                                               jkn_.trusted_proxies.end();
    if (!trusted) return peer;
    // The proxy appends the address it saw: the last entry is the one it vouches for.
    std::string forwarded = header(request, "X-Forwarded-For");
    if (forwarded.empty()) return peer;
    const auto comma = forwarded.rfind(',');
    std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
    last.erase(0, last.find_first_not_of(' '));
    last.erase(last.find_last_not_of(' ') + 1);
    if (last.empty() || last.size() > 45 || last.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
        return peer;
    return last;
}

bool JknDoor::take_caller_token(const std::string& caller) {
    const auto now = Clock::now();
    const double burst = std::max(10.0, jkn_.requests_per_second * 6);
    if (buckets_.size() > 20000) buckets_.clear();  // a flood of addresses: start afresh, bounded
    auto [it, fresh] = buckets_.try_emplace(caller, Bucket{burst, now});
    Bucket& bucket = it->second;
    if (!fresh) {
        const double seconds = std::chrono::duration<double>(now - bucket.refilled).count();
        bucket.tokens = std::min(burst, bucket.tokens + seconds * jkn_.requests_per_second);
        bucket.refilled = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
}

void JknDoor::refused_login(const std::string& caller, const std::string& username, const char* why) {
    std::uint64_t suppressed = 0;
    if (refusal_log_.allow(caller, RateLimitedLog::Clock::now(), suppressed))
        spdlog::warn("mobile-jkn {}: auth refused for user \"{}\": {}{}", caller, shown(username), why,
                     suppressed ? " (" + std::to_string(suppressed) + " similar line(s) suppressed)" : "");
}

void JknDoor::route(const std::shared_ptr<http::Session>& session, http::Request&& request) {
    const std::string caller = caller_of(*session, request);
    const std::string username = header(request, "x-username");
    session->set_who("caller=" + caller + (username.empty() ? "" : " user=" + shown(username)));
    const std::string path(http::path_of(http::target_of(request)));
    if (path.rfind(kPrefix, 0) != 0) return session->respond(answer(201, "Layanan tidak ditemukan"));
    if (!take_caller_token(caller)) {
        http::Response response = answer(201, "Terlalu banyak permintaan; coba lagi sebentar lagi");
        response.result(http::bhttp::status::too_many_requests);
        response.set(http::bhttp::field::retry_after, "2");
        return session->respond(std::move(response));
    }
    const std::string service = path.substr(std::string(kPrefix).size());
    if (service == "auth") {
        if (request.method() != http::bhttp::verb::get) return session->respond(answer(201, "Gunakan metode GET"));
        return auth(session, request, caller);
    }
    if (request.method() != http::bhttp::verb::post) return session->respond(answer(201, "Gunakan metode POST"));

    // The token first: nothing about the services is told to a stranger.
    const std::string token = header(request, "x-token");
    if (token.empty() || username.empty()) return session->respond(answer(201, "Token dan username wajib dikirim"));
    switch (tokens_.check(token, username, Clock::now())) {
        case TokenBook::Check::ok:
            break;
        case TokenBook::Check::expired:
            return session->respond(answer(201, "Token Expired"));
        case TokenBook::Check::unknown:
            return session->respond(answer(201, "Token tidak valid"));
    }
    std::optional<EngineTask> task;
    try {
        task = service_task(service, parse_body(request.body()));
    } catch (const BadRequest& e) {
        return session->respond(answer(201, e.pesan));
    }
    if (!task) return session->respond(answer(201, "Layanan tidak ditemukan"));
    queue_.submit_task(std::move(*task), [session, service, caller](Outcome&& outcome) {
        const Json& line = outcome.line;
        // No line at all: the batch's commit failed (engine.cpp), nothing of it happened.
        if (!line.is_object()) return session->respond(answer(201, "Terjadi gangguan di server rumah sakit; silakan coba lagi"));
        if (line.value("type", "") == "error") {
            // A refusal says why in Bahasa Indonesia; anything else says only that it failed.
            std::string message = line.value("pesan", "");
            if (message.empty()) {
                message = line.value("code", "") == "internal" ? "Terjadi gangguan di server rumah sakit; silakan coba lagi"
                                                               : "Permintaan tidak dapat diproses";
            }
            spdlog::info("mobile-jkn {} {}: {} ({})", caller, service, message, line.value("message", ""));
            return session->respond(answer(201, message));
        }
        if (line.contains("refuse")) return session->respond(answer(201, line["refuse"].get<std::string>()));
        if (line.contains("response")) return session->respond(answer(200, "Ok", line["response"]));
        session->respond(answer(200, "Ok"));
    });
}

void JknDoor::auth(const std::shared_ptr<http::Session>& session, const http::Request& request,
                   const std::string& caller) {
    const auto now = Clock::now();
    const std::string username = header(request, "x-username");
    const std::string password = header(request, "x-password");
    const std::string by_address = "address:" + caller;
    const std::string by_user = "user:" + username.substr(0, 64);
    if (guard_.locked(by_address, now) || guard_.locked(by_user, now)) {
        refused_login(caller, username, "too many failures, locked for a while");
        return session->respond(answer(201, "Terlalu banyak percobaan gagal; coba lagi 10 menit lagi"));
    }
    const bool user_ok = same_secret(username, jkn_.username);
    const bool password_ok = same_secret(password, password_);
    if (!user_ok || !password_ok) {
        guard_.failed(by_address, now);
        guard_.failed(by_user, now);
        refused_login(caller, username, "wrong username or password");
        return session->respond(answer(201, "Username atau Password Tidak Sesuai"));
    }
    guard_.succeeded(by_address);
    guard_.succeeded(by_user);
    session->respond(answer(200, "Ok", Json{{"token", tokens_.issue(username, now)}}));
}

}  // namespace anoman::server::jkn
