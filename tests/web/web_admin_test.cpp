// The director's dashboard over HTTP against the real queue-server: accounts
// from queuectl, login, sessions, CSRF, lockout, the live view, history and
// its CSV against the database, announcements reaching the hall.
#include <doctest/doctest.h>

#include <regex>

#include "../deploy/deploy_support.hpp"
#include "web_client.hpp"

using namespace anoman::testing;
using namespace anoman::testing::web;

namespace {

constexpr const char* kPassword = "rahasia-direktur-1";

void add_account(const ServerProcess& server, const std::string& name, const std::string& password) {
    // queuectl reads the password from stdin.
    RunResult result = run_program({"/bin/sh", "-c",
                                    "printf '%s\\n' '" + password + "' | " + program("queuectl").string() +
                                        " --server " + server.address() + " web user add " + name});
    REQUIRE_MESSAGE(result.status == 0, result.output);
}

struct Login {
    std::string cookie;  // "anoman_admin=..."
    std::string csrf;
};

// The login form's hidden value and its cookie, as a browser gets them.
std::pair<std::string, std::string> login_form(std::uint16_t port) {
    Reply form = get(port, "/admin/login");
    REQUIRE(form.status == 200);
    std::smatch match;
    REQUIRE(std::regex_search(form.body, match, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\"")));
    auto cookie = set_cookie_value(form, "anoman_login");
    REQUIRE(cookie);
    return {match[1], *cookie};
}

Reply try_login(std::uint16_t port, const std::string& name, const std::string& password) {
    auto [csrf, cookie] = login_form(port);
    return post_form(port, "/admin/login",
                     "csrf=" + csrf + "&name=" + form_encode(name) + "&password=" + form_encode(password),
                     {"Cookie: anoman_login=" + cookie});
}

Login login(std::uint16_t port, const std::string& name, const std::string& password) {
    Reply reply = try_login(port, name, password);
    REQUIRE(reply.status == 303);
    CHECK(reply.headers["location"] == "/admin");
    auto token = set_cookie_value(reply, "anoman_admin");
    REQUIRE(token);
    CHECK(reply.headers["set-cookie"].find("HttpOnly") != std::string::npos);
    CHECK(reply.headers["set-cookie"].find("SameSite=Strict") != std::string::npos);
    Login session{"Cookie: anoman_admin=" + *token, ""};
    Reply page = get(port, "/admin", {session.cookie});
    REQUIRE(page.status == 200);
    std::smatch match;
    REQUIRE(std::regex_search(page.body, match, std::regex("name=\"csrf\" content=\"([0-9a-f]+)\"")));
    session.csrf = match[1];
    return session;
}

// One CSV row's cells (RFC 4180 quoting).
std::vector<std::string> csv_cells(const std::string& row) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (std::size_t i = 0; i < row.size(); ++i) {
        const char c = row[i];
        if (quoted && c == '"' && i + 1 < row.size() && row[i + 1] == '"') {
            cells.back() += '"';
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            cells.emplace_back();
        } else {
            cells.back() += c;
        }
    }
    return cells;
}

struct Hospital {
    ServerProcess server;
    std::uint16_t port;
    LineClient admin;
    explicit Hospital(const Json& config = web_config())
        : server(with_config(config)), port(web_port(server)), admin(server.port()) {
        admin.hello_demo("admin");
        add_account(server, "direktur", kPassword);
    }
    void op(Json request) { REQUIRE(admin.request(std::move(request))["ok"] == true); }
};

}  // namespace

TEST_CASE("accounts: the password is stored only as an Argon2id hash; queuectl lists and removes") {
    Hospital hospital;
    const std::string hash = sql_text(hospital.server.db(), "SELECT password_hash FROM web_accounts WHERE name = 'direktur'");
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(hash.find(kPassword) == std::string::npos);
    RunResult list = run_program({program("queuectl").string(), "--server", hospital.server.address(), "web", "user", "list"});
    CHECK(list.output.find("direktur") != std::string::npos);
    // A hash that is not Argon2id is refused by the server.
    Json bad = hospital.admin.request({{"type", "web.user.add"}, {"name", "x"}, {"password_hash", "plain"}});
    CHECK(bad["ok"] == false);
    // Only admins manage accounts.
    LineClient kiosk(hospital.server.port());
    kiosk.hello_demo("kiosk");
    CHECK(kiosk.request({{"type", "web.user.list"}})["error"]["code"] == "forbidden");
    Login session = login(hospital.port, "direktur", kPassword);
    RunResult removed = run_program({program("queuectl").string(), "--server", hospital.server.address(), "web", "user",
                                     "remove", "direktur"});
    CHECK(removed.status == 0);
    // Its sessions end with it.
    CHECK(get(hospital.port, "/admin/api/today", {session.cookie}).status == 401);
}

TEST_CASE("login: pages need a session; a wrong password or name is refused alike") {
    Hospital hospital;
    Reply page = get(hospital.port, "/admin");
    CHECK(page.status == 303);
    CHECK(page.headers["location"] == "/admin/login");
    CHECK(get(hospital.port, "/admin/api/today").status == 401);
    CHECK(get(hospital.port, "/admin/api/today", {"Cookie: anoman_admin=0123"}).status == 401);
    Reply wrong = try_login(hospital.port, "direktur", "salah-sekali");
    Reply nobody = try_login(hospital.port, "nobody", "salah-sekali");
    CHECK(wrong.status == 401);
    CHECK(nobody.status == 401);
    CHECK_FALSE(set_cookie_value(wrong, "anoman_admin"));
    // Without the login form's own value (a cross-site form): refused before any password check.
    Reply forged = post_form(hospital.port, "/admin/login", "csrf=abc&name=direktur&password=" + std::string(kPassword),
                             {"Cookie: anoman_login=def"});
    CHECK(forged.status == 403);
    Login session = login(hospital.port, "direktur", kPassword);
    Reply today = get(hospital.port, "/admin/api/today", {session.cookie});
    CHECK(today.status == 200);
    CHECK(hospital.server.output().find("direktur logged in") != std::string::npos);
    // Only the SHA-256 of the session cookie is stored.
    const std::string token = session.cookie.substr(session.cookie.find('=') + 1);
    CHECK(sql_text(hospital.server.db(), "SELECT COUNT(*) FROM web_sessions WHERE token_sha256 = '" + token + "'") == "0");
    CHECK(sql_text(hospital.server.db(), "SELECT COUNT(*) FROM web_sessions") == "1");
}

TEST_CASE("CSRF: every POST needs the session's token; logout ends the session") {
    Hospital hospital;
    Login session = login(hospital.port, "direktur", kPassword);
    CHECK(post_form(hospital.port, "/admin/announce", "text=Halo", {session.cookie}).status == 403);
    CHECK(post_form(hospital.port, "/admin/announce", "text=Halo&csrf=00", {session.cookie}).status == 403);
    CHECK(sql_text(hospital.server.db(), "SELECT COUNT(*) FROM events WHERE kind = 'announcement'") == "0");
    // The right token, as a header (the dashboard's script) or a form field.
    LineClient hall(hospital.server.port());
    hall.hello_demo("display");
    REQUIRE(hall.request({{"type", "subscribe"}})["ok"] == true);
    hall.next_push();  // the snapshot
    Reply sent = post_form(hospital.port, "/admin/announce", "text=" + form_encode("Poli Gigi tutup pukul 12.00"),
                           {session.cookie, "X-CSRF-Token: " + session.csrf});
    CHECK(sent.status == 200);
    auto event = hall.next_push();
    REQUIRE(event);
    CHECK((*event)["kind"] == "announcement");
    CHECK((*event)["text"] == "Poli Gigi tutup pukul 12.00");
    CHECK(post_form(hospital.port, "/admin/announce", "text=&csrf=" + session.csrf, {session.cookie}).status == 400);
    Json today = Json::parse(get(hospital.port, "/admin/api/today", {session.cookie}).body);
    CHECK(today["announcement"] == "Poli Gigi tutup pukul 12.00");

    CHECK(post_form(hospital.port, "/admin/logout", "", {session.cookie}).status == 403);
    CHECK(post_form(hospital.port, "/admin/logout", "csrf=" + session.csrf, {session.cookie}).status == 303);
    CHECK(get(hospital.port, "/admin/api/today", {session.cookie}).status == 401);
}

TEST_CASE("lockout: five failures lock the account, even for the right password, and it is logged") {
    Hospital hospital;
    for (int i = 0; i < 5; ++i) CHECK(try_login(hospital.port, "direktur", "tebakan-" + std::to_string(i)).status == 401);
    CHECK(try_login(hospital.port, "direktur", kPassword).status == 429);
    CHECK(hospital.server.output().find("locked after repeated failures") != std::string::npos);
    CHECK(sql_text(hospital.server.db(), "SELECT COUNT(*) FROM web_login_failures WHERE subject = 'account:direktur'") ==
          "5");
    // Another account from the same address is not locked by these five.
    add_account(hospital.server, "wakil", kPassword);
    CHECK(try_login(hospital.port, "wakil", kPassword).status == 303);
    // The address is locked after twenty failures, whatever the names.
    for (int i = 0; i < 15; ++i) try_login(hospital.port, "orang" + std::to_string(i), "x");
    CHECK(try_login(hospital.port, "wakil", kPassword).status == 429);
}

TEST_CASE("today's view and the history with its CSV agree with the database") {
    Json config = web_config();
    config["services"][0]["target_wait_min"] = 30;
    Hospital hospital(config);
    for (int i = 0; i < 4; ++i)
        hospital.op({{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "a" + std::to_string(i)}});
    hospital.op({{"type", "ticket.issue"}, {"service", "B"}, {"request_id", "b0"}});
    hospital.op({{"type", "counter.call_next"}, {"counter", "L1"}});
    hospital.op({{"type", "counter.finish"}, {"counter", "L1"}});
    hospital.op({{"type", "counter.call_next"}, {"counter", "L1"}});
    hospital.op({{"type", "counter.skip"}, {"counter", "L1"}});
    hospital.op({{"type", "counter.call_next"}, {"counter", "L2"}});
    hospital.op({{"type", "counter.close"}, {"counter", "L3"}, {"reason", "istirahat"}});
    Login session = login(hospital.port, "direktur", kPassword);

    Json today = Json::parse(get(hospital.port, "/admin/api/today", {session.cookie}).body);
    CHECK(today["services"][0]["code"] == "A");
    CHECK(today["services"][0]["waiting"] == 1);
    CHECK(today["services"][0]["issued"] == 4);
    CHECK(today["services"][1]["waiting"] == 1);
    CHECK(today["counters"][1]["current"]["number"] == "A003");
    CHECK(today["counters"][2]["open"] == false);
    CHECK(today["calls"].size() == 3);

    const std::string day = hospital_today();
    Reply history = get(hospital.port, "/admin/api/history?from=" + day + "&to=" + day, {session.cookie});
    REQUIRE(history.status == 200);
    Json h = Json::parse(history.body);
    Json a = h["services"][0];
    CHECK(a["arrivals"] == 4);
    CHECK(a["served"] == 1);
    CHECK(a["called"] == 3);
    CHECK(a["no_shows"] == 1);
    CHECK(a["target_wait_min"] == 30);
    CHECK(a["within_target_pct"] == 100.0);
    CHECK(h["services"][1]["target_wait_min"].is_null());

    // Every CSV row against the database's own count.
    Reply csv = get(hospital.port, "/admin/csv/services?from=" + day + "&to=" + day, {session.cookie});
    REQUIRE(csv.status == 200);
    CHECK(csv.headers["content-type"] == "text/csv; charset=utf-8");
    CHECK(csv.headers["content-disposition"].find("attachment") != std::string::npos);
    for (const char* code : {"A", "B", "P"}) {
        const std::string where = "service = '" + std::string(code) + "' AND service_day = '" + day + "'";
        const std::string arrivals = sql_text(hospital.server.db(), "SELECT COUNT(*) FROM tickets WHERE " + where);
        const std::string served = sql_text(hospital.server.db(), "SELECT COUNT(*) FROM tickets WHERE status = 'done' AND " + where);
        const std::string line = "\r\n" + std::string(code) + ",";
        const auto at = csv.body.find(line);
        REQUIRE(at != std::string::npos);
        const std::string row = csv.body.substr(at + 2, csv.body.find("\r\n", at + 2) - at - 2);
        const std::vector<std::string> cells = csv_cells(row);
        CHECK(cells.size() == 13);
        CHECK(cells[2] == arrivals);
        CHECK(cells[3] == served);
        if (std::string(code) == "P") CHECK(cells[1] == "Prioritas (Lansia, Disabilitas, Ibu Hamil)");
    }
    Reply counters = get(hospital.port, "/admin/csv/counters?from=" + day + "&to=" + day, {session.cookie});
    CHECK(counters.body.find("L1,Loket 1," + sql_text(hospital.server.db(),
                                                     "SELECT COUNT(*) FROM tickets WHERE status = 'done' AND counter = 'L1'")) !=
          std::string::npos);
    CHECK(get(hospital.port, "/admin/csv/hours?from=" + day + "&to=" + day, {session.cookie}).status == 200);
    CHECK(get(hospital.port, "/admin/csv/satisfaction?from=" + day + "&to=" + day, {session.cookie}).status == 200);
    CHECK(get(hospital.port, "/admin/csv/nope?from=" + day + "&to=" + day, {session.cookie}).status == 404);
    CHECK(get(hospital.port, "/admin/api/history?from=2026-01-01&to=2026-12-31", {session.cookie}).status == 400);
    CHECK(get(hospital.port, "/admin/api/history?from=bad&to=" + day, {session.cookie}).status == 400);
    // The monthly report is a page of its own.
    CHECK(get(hospital.port, "/admin/report?month=" + day.substr(0, 7), {session.cookie}).status == 200);
}
