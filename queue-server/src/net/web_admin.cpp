#include "web_admin.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <fstream>
#include <sstream>

#include "device_token.hpp"
#include "http_message.hpp"
#include "sha256.hpp"
#include "web_door.hpp"
#include "web_password.hpp"
#include "web_stats.hpp"

extern const char web_login_html[];
extern const char web_admin_html[];

namespace anoman::server::web {

namespace {

namespace bhttp = http::bhttp;
constexpr const char* kSessionCookie = "anoman_admin";
constexpr const char* kLoginCookie = "anoman_login";
// Debian's libjs-chart.js (deploy/install-deps.sh); served from here, never from the internet.
constexpr const char* kChartJs = "/usr/share/javascript/chart.js/chart.min.js";

std::string fill(std::string text, const std::map<std::string, std::string>& values) {
    for (const auto& [key, value] : values) {
        const std::string mark = "{{" + key + "}}";
        for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
            text.replace(at, mark.size(), value);
    }
    return text;
}

std::string form_value(const std::map<std::string, std::string>& form, const std::string& key) {
    auto it = form.find(key);
    return it == form.end() ? std::string() : it->second;
}

// A hash for names without an account, so a wrong name costs what a wrong password costs.
const std::string& dummy_hash() {
    static const std::string hash = secrets::hash_password(secrets::generate_token());
    return hash;
}

std::int64_t now_ms(Engine& engine) { return engine.job_now().time_since_epoch().count(); }

}  // namespace

Admin::Admin(WebDoor& door) : door_(door) {
    std::ifstream in(kChartJs, std::ios::binary);
    if (in) {
        std::stringstream text;
        text << in.rdbuf();
        chart_js_ = text.str();
    } else {
        spdlog::warn("web: {} not found (package libjs-chart.js); the dashboard shows tables without charts", kChartJs);
    }
}

Admin::~Admin() { hashing_pool_.join(); }

std::string Admin::cookie_attributes() const {
    const bool https = door_.config().web->public_url.rfind("https://", 0) == 0;
    return std::string("; HttpOnly; SameSite=Strict") + (https ? "; Secure" : "");
}

void Admin::route(const std::shared_ptr<http::Session>& session, http::Request&& request) {
    const std::string path(http::path_of(http::target_of(request)));
    const bool get = request.method() == bhttp::verb::get;
    const bool post = request.method() == bhttp::verb::post;
    if (path == "/admin/login" && get) return login_page(session, 200, "");
    if (path == "/admin/login" && post) return login(session, request);
    if (path == "/admin/chart.js" && get) {
        if (chart_js_.empty()) return session->respond(http::make_response(404, "text/plain", "not installed\n"));
        auto response = http::make_response(200, "text/javascript; charset=utf-8", chart_js_);
        response.set(bhttp::field::cache_control, "private, max-age=86400");
        return session->respond(std::move(response));
    }
    // The monthly report is the dashboard's history in print form (admin.html).
    if ((path == "/admin" || path == "/admin/" || path == "/admin/report") && get) {
        return with_session(session, request, true, [](Engine&, Outcome&, const WebSession&) { return Json::object(); },
                            [session](const WebSession& web_session, Json&&) {
                                session->respond(http::html(200, fill(web_admin_html, {{"CSRF", web_session.csrf},
                                                                                       {"ACCOUNT", http::html_escape(web_session.account)}})));
                            });
    }
    if (path == "/admin/api/today" && get) {
        return with_session(session, request, false,
                            [](Engine& engine, Outcome&, const WebSession&) { return today_view(engine); },
                            [session](const WebSession&, Json&& view) {
                                session->respond(http::json_response(200, view.dump(-1, ' ', false, Json::error_handler_t::replace)));
                            });
    }
    const bool csv = path.rfind("/admin/csv/", 0) == 0;
    if ((path == "/admin/api/history" || csv) && get) {
        auto query = http::query_of(http::target_of(request));
        const std::string from = query["from"], to = query["to"];
        const std::string table = csv ? path.substr(11) : "";
        return with_session(
            session, request, false,
            [from, to](Engine& engine, Outcome&, const WebSession&) -> Json {
                try {
                    return history_view(engine, from, to);
                } catch (const OpError& e) {
                    return Json{{"bad_request", e.error.message}};
                }
            },
            [session, csv, table, from, to](const WebSession&, Json&& view) {
                if (view.contains("bad_request"))
                    return session->respond(http::json_response(400, Json{{"error", view["bad_request"]}}.dump()));
                if (!csv)
                    return session->respond(
                        http::json_response(200, view.dump(-1, ' ', false, Json::error_handler_t::replace)));
                std::string body = history_csv(view, table);
                if (body.empty()) return session->respond(http::make_response(404, "text/plain", "no such table\n"));
                auto response = http::make_response(200, "text/csv; charset=utf-8", "\xEF\xBB\xBF" + body);
                response.set(bhttp::field::content_disposition,
                             "attachment; filename=\"si-anoman-" + table + "-" + from + "-" + to + ".csv\"");
                session->respond(std::move(response));
            });
    }
    if (path == "/admin/announce" && post) {
        const std::string text = form_value(http::parse_form(request.body()), "text");
        return with_session(
            session, request, false,
            [text](Engine& engine, Outcome& outcome, const WebSession& web_session) -> Json {
                // The protocol's own announce: the same checks, the same event to the hall display.
                Caller caller{"web:" + web_session.account, proto::Role::admin, std::nullopt};
                try {
                    engine.run_request(caller, proto::request_line(proto::AnnounceRequest{text}, 0), outcome);
                } catch (const OpError& e) {
                    return Json{{"error", e.error.message}};
                }
                spdlog::info("web: announcement set by {}", web_session.account);
                return Json{{"ok", true}};
            },
            [session](const WebSession&, Json&& result) {
                session->respond(http::json_response(result.contains("error") ? 400 : 200, result.dump()));
            });
    }
    if (path == "/admin/logout" && post) {
        auto token = http::cookie(request, kSessionCookie).value_or("");
        return with_session(
            session, request, false,
            [token](Engine& engine, Outcome&, const WebSession&) {
                WebStore(engine.store().db()).remove_session(secrets::sha256_hex(token));
                return Json::object();
            },
            [this, session](const WebSession&, Json&&) {
                auto response = http::redirect("/admin/login");
                response.set(bhttp::field::set_cookie,
                             std::string(kSessionCookie) + "=; Path=/admin; Max-Age=0" + cookie_attributes());
                session->respond(std::move(response));
            });
    }
    session->respond(http::make_response(404, "text/plain; charset=utf-8", "Tidak ditemukan / Not found\n"));
}

void Admin::login_page(const std::shared_ptr<http::Session>& session, unsigned status, const std::string& message) {
    // Login CSRF: the form carries a random value that must match a cookie only this site can set.
    const std::string pre = secrets::generate_token();
    auto response = http::html(status, fill(web_login_html, {{"CSRF", pre}, {"MESSAGE", message}}));
    response.set(bhttp::field::set_cookie, std::string(kLoginCookie) + "=" + pre + "; Path=/admin/login" + cookie_attributes());
    session->respond(std::move(response));
}

void Admin::login(const std::shared_ptr<http::Session>& session, const http::Request& request) {
    auto form = http::parse_form(request.body());
    const std::string csrf = form_value(form, "csrf");
    const auto cookie_value = http::cookie(request, kLoginCookie);
    if (csrf.empty() || !cookie_value || !secrets::equal_constant_time(csrf, *cookie_value))
        return login_page(session, 403, "expired");
    std::string name = form_value(form, "name");
    std::string password = form_value(form, "password");
    if (!valid_account_name(name)) name = "?";
    const std::string address = session->address();
    door_.engine_task(
        [name, address](Engine& engine, Outcome&) -> Json {
            WebStore store(engine.store().db());
            const std::int64_t since = now_ms(engine) - kFailureWindowMs;
            store.prune_failures(now_ms(engine) - 24LL * 3600 * 1000);
            if (store.failures_since("account:" + name, since) >= kAccountFailures ||
                store.failures_since("address:" + address, since) >= kAddressFailures)
                return Json{{"locked", true}};
            auto hash = store.password_hash(name);
            return Json{{"hash", hash ? Json(*hash) : Json()}};
        },
        [this, session, name, password, address](Json&& found) mutable {
            if (!found.is_object() || found.contains("type")) return login_page(session, 503, "busy");
            if (found.contains("locked")) {
                spdlog::warn("web: login for \"{}\" from {} refused: locked after repeated failures", name, address);
                return login_page(session, 429, "locked");
            }
            check_password(session, std::move(name), std::move(password),
                           found["hash"].is_string() ? found["hash"].get<std::string>() : std::string());
        });
}

void Admin::check_password(const std::shared_ptr<http::Session>& session, std::string name, std::string password,
                           std::string hash) {
    // Argon2id takes a tenth of a second and 64 MiB: on its own thread, a few at a time.
    if (hashing_ >= kMaxHashing) return login_page(session, 503, "busy");
    ++hashing_;
    boost::asio::post(hashing_pool_, [this, session, name = std::move(name), password = std::move(password),
                                      hash = std::move(hash)]() {
        const bool ok = hash.empty() ? (secrets::verify_password(dummy_hash(), password), false)
                                     : secrets::verify_password(hash, password);
        boost::asio::post(door_.io(), [this, session, name, ok] {
            --hashing_;
            finish_login(session, name, ok);
        });
    });
}

void Admin::finish_login(const std::shared_ptr<http::Session>& session, const std::string& name, bool ok) {
    const std::string address = session->address();
    door_.engine_task(
        [name, address, ok](Engine& engine, Outcome&) -> Json {
            WebStore store(engine.store().db());
            if (!ok) {
                store.add_failure("account:" + name, now_ms(engine));
                store.add_failure("address:" + address, now_ms(engine));
                return Json{{"ok", false}, {"failures", store.failures_since("account:" + name, now_ms(engine) - kFailureWindowMs)}};
            }
            store.clear_failures("account:" + name);
            store.prune_sessions(now_ms(engine) - kSessionIdleMs, now_ms(engine) - kSessionMaxMs);
            const std::string token = secrets::generate_token();
            const std::string csrf = secrets::generate_token();
            store.add_session(secrets::sha256_hex(token), name, csrf, now_ms(engine));
            return Json{{"ok", true}, {"token", token}};
        },
        [this, session, name, address](Json&& result) {
            if (!result.is_object() || result.contains("type")) return login_page(session, 503, "busy");
            if (!result.value("ok", false)) {
                spdlog::warn("web: login failed for \"{}\" from {} ({} failure(s) in 15 min)", name, address,
                             result.value("failures", 0));
                return login_page(session, 401, "wrong");
            }
            session->set_who(name);
            spdlog::info("web: {} logged in from {}", name, address);
            auto response = http::redirect("/admin");
            response.set(bhttp::field::set_cookie, std::string(kSessionCookie) + "=" + result["token"].get<std::string>() +
                                                       "; Path=/admin; Max-Age=43200" + cookie_attributes());
            session->respond(std::move(response));
        });
}

void Admin::with_session(const std::shared_ptr<http::Session>& session, const http::Request& request, bool page,
                         Work work, Answer answer) {
    const std::string token = http::cookie(request, kSessionCookie).value_or("");
    std::string csrf;
    const bool post = request.method() == bhttp::verb::post;
    if (post) {
        auto header = request.find("X-CSRF-Token");
        csrf = header != request.end() ? std::string(header->value()) : form_value(http::parse_form(request.body()), "csrf");
    }
    door_.engine_task(
        [token, csrf, post, work = std::move(work)](Engine& engine, Outcome& outcome) -> Json {
            if (token.empty()) return Json{{"auth", "none"}};
            WebStore store(engine.store().db());
            const std::string key = secrets::sha256_hex(token);
            auto web_session = store.session(key);
            const std::int64_t now = now_ms(engine);
            if (!web_session || now - web_session->seen_ms > kSessionIdleMs || now - web_session->created_ms > kSessionMaxMs)
                return Json{{"auth", "none"}};
            if (post && (csrf.empty() || !secrets::equal_constant_time(csrf, web_session->csrf)))
                return Json{{"auth", "csrf"}, {"account", web_session->account}};
            if (now - web_session->seen_ms > std::int64_t{60} * 1000) store.touch_session(key, now);
            return Json{{"auth", "ok"},
                        {"account", web_session->account},
                        {"csrf", web_session->csrf},
                        {"result", work(engine, outcome, *web_session)}};
        },
        [this, session, page, answer = std::move(answer)](Json&& result) {
            const std::string auth = result.is_object() ? result.value("auth", "") : "";
            if (result.is_object() && result.contains("account")) session->set_who(result["account"].get<std::string>());
            if (auth == "ok") {
                WebSession web_session{result["account"].get<std::string>(), result["csrf"].get<std::string>(), 0, 0};
                return answer(web_session, std::move(result["result"]));
            }
            if (auth == "csrf") {
                spdlog::warn("web: POST without a valid CSRF token from {} ({})", session->address(), session->who());
                return session->respond(http::json_response(403, R"({"error":"csrf"})"));
            }
            if (auth == "none") {
                if (page) return session->respond(http::redirect("/admin/login"));
                return session->respond(http::json_response(401, R"({"error":"login"})"));
            }
            session->respond(http::json_response(503, R"({"error":"busy"})"));
        });
}

}  // namespace anoman::server::web
