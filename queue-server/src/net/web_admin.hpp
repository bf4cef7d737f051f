// The director's dashboard under /admin (docs/web.md): login with accounts
// made by `queuectl web user add`, sessions in an HttpOnly SameSite=Strict
// cookie (Secure behind https), a CSRF token per session checked on every
// POST, lockout after repeated failures per account and per address (logged),
// today's live view, history with charts, CSV, the monthly report, and the
// hall display's announcement.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "engine.hpp"
#include "http_session.hpp"
#include "web_store.hpp"

namespace anoman::server::web {

class WebDoor;

class Admin {
public:
    static constexpr int kAccountFailures = 5;    // per account in the window, then locked
    static constexpr int kAddressFailures = 20;   // per address in the window, then locked
    static constexpr std::int64_t kFailureWindowMs = std::int64_t{15} * 60 * 1000;
    static constexpr std::int64_t kSessionIdleMs = 2LL * 3600 * 1000;
    static constexpr std::int64_t kSessionMaxMs = 12LL * 3600 * 1000;
    static constexpr int kMaxHashing = 8;  // password checks waiting for the hashing thread

    explicit Admin(WebDoor& door);
    ~Admin();
    void route(const std::shared_ptr<http::Session>& session, http::Request&& request);

private:
    using Work = std::function<Json(Engine&, Outcome&, const WebSession&)>;
    using Answer = std::function<void(const WebSession&, Json&&)>;
    void login_page(const std::shared_ptr<http::Session>& session, unsigned status, const std::string& message);
    void login(const std::shared_ptr<http::Session>& session, const http::Request& request);
    void check_password(const std::shared_ptr<http::Session>& session, std::string name, std::string password,
                        std::string hash);
    void finish_login(const std::shared_ptr<http::Session>& session, const std::string& name, bool ok);
    // Runs work with the caller's session (and, for a POST, its CSRF token checked);
    // without a valid session: the login page (pages) or 401 (api, csv).
    void with_session(const std::shared_ptr<http::Session>& session, const http::Request& request, bool page,
                      Work work, Answer answer);
    std::string cookie_attributes() const;

    WebDoor& door_;
    boost::asio::thread_pool hashing_pool_{1};
    int hashing_ = 0;
    std::string chart_js_;
};

}  // namespace anoman::server::web
