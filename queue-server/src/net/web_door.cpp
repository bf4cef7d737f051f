#include "web_door.hpp"

#include <spdlog/spdlog.h>

#include "http_message.hpp"
#include "http_session.hpp"
#include "server.hpp"
#include "web_admin.hpp"
#include "web_store.hpp"
#include "web_ticket_state.hpp"

extern const char web_ticket_html[];
extern const char web_not_found_html[];

namespace anoman::server::web {

namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// JSON inside a <script>: "</" would end the script early.
std::string script_json(const Json& value) {
    return replace_all(value.dump(-1, ' ', false, Json::error_handler_t::replace), "</", "<\\/");
}

// The engine task answering a page code with its ticket's state (null: no such ticket today).
std::function<Json(Engine&, Outcome&)> state_of(const std::string& code) {
    return [code](Engine& engine, Outcome&) -> Json {
        auto row = ticket_for_code(engine, code);
        return row ? ticket_state(engine, *row) : Json();
    };
}

// Another day's ticket, a wrong code, a malformed one: one page, one status, no details.
http::Response not_found_page() { return http::html(404, web_not_found_html); }

}  // namespace

http::Limits web_limits(const WebConfig& web) {
    http::Limits limits;
    if (web.connections_per_address) limits.connections_per_address = static_cast<std::size_t>(*web.connections_per_address);
    if (web.requests_per_second) {
        limits.requests_per_second = *web.requests_per_second;
        limits.request_burst = std::max(limits.request_burst, *web.requests_per_second * 6);
    }
    return limits;
}

std::string log_target(std::string_view target) {
    std::string path(http::path_of(target));
    if (path.rfind("/t/", 0) == 0 && path.size() > 7) {
        const auto end = path.find('/', 3);
        path = "/t/" + path.substr(3, 4) + "..." + (end == std::string::npos ? "" : path.substr(end));
    }
    return path;
}

WebDoor::WebDoor(boost::asio::io_context& io, const Config& config, Server& queue, http::Limits limits)
    : io_(io),
      config_(config),
      queue_(queue),
      http_(io, "web", config.web->host, config.web->port, limits,
            [this](const std::shared_ptr<http::Session>& session, http::Request&& request) {
                route(session, std::move(request));
            },
            &log_target),
      feed_(io, config, queue),
      admin_(std::make_unique<Admin>(*this)) {}

WebDoor::~WebDoor() { stop(); }

void WebDoor::start() {
    feed_.start();
    http_.start();
}

void WebDoor::stop() {
    feed_.stop();
    http_.stop();
}

void WebDoor::engine_task(std::function<Json(Engine&, Outcome&)> task, std::function<void(Json&&)> done) {
    queue_.submit_task(std::move(task), [done = std::move(done)](Outcome&& outcome) { done(std::move(outcome.line)); });
}

void WebDoor::route(const std::shared_ptr<http::Session>& session, http::Request&& request) {
    const std::string path(http::path_of(http::target_of(request)));
    const auto method = request.method();
    if (path.rfind("/t/", 0) == 0) {
        std::string rest = path.substr(3);
        const auto slash = rest.find('/');
        const std::string code = rest.substr(0, slash);
        const std::string tail = slash == std::string::npos ? "" : rest.substr(slash);
        if (tail.empty() && method == http::bhttp::verb::get) return ticket_page(session, code);
        if (tail == "/events" && method == http::bhttp::verb::get) return ticket_events(session, code);
        if (tail == "/state" && method == http::bhttp::verb::get) return ticket_state_json(session, code);
        if (tail == "/rating" && method == http::bhttp::verb::post) return ticket_rating(session, code, request);
        return session->respond(not_found_page());
    }
    if (path == "/admin" || path.rfind("/admin/", 0) == 0) return admin_->route(session, std::move(request));
    if (path == "/" && method == http::bhttp::verb::get) return session->respond(http::redirect("/admin"));
    session->respond(not_found_page());
}

void WebDoor::ticket_page(const std::shared_ptr<http::Session>& session, const std::string& code) {
    engine_task(state_of(code),
        [session](Json&& state) {
            if (!state.is_object() || state.contains("type")) return session->respond(not_found_page());
            session->respond(http::html(200, replace_all(web_ticket_html, "/*STATE*/null", script_json(state))));
        });
}

void WebDoor::ticket_state_json(const std::shared_ptr<http::Session>& session, const std::string& code) {
    engine_task(state_of(code),
        [session](Json&& state) {
            if (!state.is_object() || state.contains("type"))
                return session->respond(http::json_response(404, R"({"error":"not_found"})"));
            session->respond(http::json_response(200, state.dump(-1, ' ', false, Json::error_handler_t::replace)));
        });
}

void WebDoor::ticket_events(const std::shared_ptr<http::Session>& session, const std::string& code) {
    engine_task(
        [code](Engine& engine, Outcome&) -> Json {
            auto row = ticket_for_code(engine, code);
            return row ? Json{{"id", row->id}, {"state", ticket_state(engine, *row)}} : Json();
        },
        // Runs before any later batch's events are fanned out: nothing is missed
        // between this state and the first event.
        [this, session](Json&& found) {
            if (!found.is_object() || !found.contains("state")) return session->respond(not_found_page());
            const std::int64_t id = found["id"].get<std::int64_t>();
            if (!feed_.can_follow(id)) {
                return session->respond(http::make_response(503, "text/plain; charset=utf-8",
                                                            "Terlalu banyak layar mengikuti tiket ini\n"));
            }
            feed_.follow(session, id, found["state"]);
        });
}

void WebDoor::ticket_rating(const std::shared_ptr<http::Session>& session, const std::string& code,
                            const http::Request& request) {
    auto form = http::parse_form(request.body());
    int score = 0;
    if (form["score"].size() == 1 && form["score"][0] >= '1' && form["score"][0] <= '5') score = form["score"][0] - '0';
    engine_task(
        [code, score](Engine& engine, Outcome&) -> Json {
            auto row = ticket_for_code(engine, code);
            if (!row) return Json{{"status", 404}};
            if (score == 0) return Json{{"status", 400}};
            if (row->status != proto::TicketStatus::done) return Json{{"status", 409}, {"reason", "not_done"}};
            if (!WebStore(engine.store().db()).add_satisfaction(row->id, score, engine.job_now().time_since_epoch().count()))
                return Json{{"status", 409}, {"reason", "already_rated"}};
            return Json{{"status", 200}};
        },
        [session](Json&& result) {
            const unsigned status = result.is_object() ? result.value("status", 500u) : 500u;
            if (status == 404) return session->respond(not_found_page());
            Json body{{"ok", status == 200}};
            if (result.contains("reason")) body["reason"] = result["reason"];
            session->respond(http::json_response(status, body.dump()));
        });
}

}  // namespace anoman::server::web
