#include "web_store.hpp"

#include <cctype>

#include "device_token.hpp"

namespace anoman::server {

bool valid_account_name(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) return false;
    return true;
}

std::string WebStore::assign_code(std::int64_t ticket_id) {
    for (;;) {
        std::string code = secrets::generate_page_code();
        if (ticket_of(code)) continue;
        db_.prepare("INSERT INTO ticket_codes (ticket_id, code) VALUES (?, ?)").bind(1, ticket_id).bind(2, code).run();
        return code;
    }
}

std::optional<std::string> WebStore::code_of(std::int64_t ticket_id) {
    auto stmt = db_.prepare("SELECT code FROM ticket_codes WHERE ticket_id = ?");
    stmt.bind(1, ticket_id);
    if (!stmt.step()) return std::nullopt;
    return stmt.text(0);
}

std::optional<std::int64_t> WebStore::ticket_of(const std::string& code) {
    auto stmt = db_.prepare("SELECT ticket_id FROM ticket_codes WHERE code = ?");
    stmt.bind(1, code);
    if (!stmt.step()) return std::nullopt;
    return stmt.int64(0);
}

bool WebStore::add_satisfaction(std::int64_t ticket_id, int score, std::int64_t now_ms) {
    if (satisfaction_of(ticket_id)) return false;
    db_.prepare("INSERT INTO satisfaction (ticket_id, score, at_ms) VALUES (?, ?, ?)")
        .bind(1, ticket_id)
        .bind(2, score)
        .bind(3, now_ms)
        .run();
    return true;
}

std::optional<int> WebStore::satisfaction_of(std::int64_t ticket_id) {
    auto stmt = db_.prepare("SELECT score FROM satisfaction WHERE ticket_id = ?");
    stmt.bind(1, ticket_id);
    if (!stmt.step()) return std::nullopt;
    return static_cast<int>(stmt.int64(0));
}

void WebStore::put_account(const std::string& name, const std::string& password_hash, std::int64_t now_ms) {
    db_.prepare(
           "INSERT INTO web_accounts (name, password_hash, created_ms) VALUES (?, ?, ?) "
           "ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, disabled_ms = NULL")
        .bind(1, name)
        .bind(2, password_hash)
        .bind(3, now_ms)
        .run();
}

bool WebStore::remove_account(const std::string& name) {
    if (!password_hash(name)) return false;
    db_.prepare("DELETE FROM web_accounts WHERE name = ?").bind(1, name).run();
    remove_sessions_of(name);
    return true;
}

std::optional<std::string> WebStore::password_hash(const std::string& name) {
    auto stmt = db_.prepare("SELECT password_hash FROM web_accounts WHERE name = ? AND disabled_ms IS NULL");
    stmt.bind(1, name);
    if (!stmt.step()) return std::nullopt;
    return stmt.text(0);
}

std::vector<std::string> WebStore::accounts() {
    std::vector<std::string> names;
    auto stmt = db_.prepare("SELECT name FROM web_accounts WHERE disabled_ms IS NULL ORDER BY name");
    while (stmt.step()) names.push_back(stmt.text(0));
    return names;
}

void WebStore::add_session(const std::string& token_sha256, const std::string& account, const std::string& csrf,
                           std::int64_t now_ms) {
    db_.prepare("INSERT INTO web_sessions (token_sha256, account, csrf, created_ms, seen_ms) VALUES (?, ?, ?, ?, ?)")
        .bind(1, token_sha256)
        .bind(2, account)
        .bind(3, csrf)
        .bind(4, now_ms)
        .bind(5, now_ms)
        .run();
}

std::optional<WebSession> WebStore::session(const std::string& token_sha256) {
    auto stmt = db_.prepare("SELECT account, csrf, created_ms, seen_ms FROM web_sessions WHERE token_sha256 = ?");
    stmt.bind(1, token_sha256);
    if (!stmt.step()) return std::nullopt;
    return WebSession{stmt.text(0), stmt.text(1), stmt.int64(2), stmt.int64(3)};
}

void WebStore::touch_session(const std::string& token_sha256, std::int64_t now_ms) {
    db_.prepare("UPDATE web_sessions SET seen_ms = ? WHERE token_sha256 = ?").bind(1, now_ms).bind(2, token_sha256).run();
}

void WebStore::remove_session(const std::string& token_sha256) {
    db_.prepare("DELETE FROM web_sessions WHERE token_sha256 = ?").bind(1, token_sha256).run();
}

void WebStore::remove_sessions_of(const std::string& account) {
    db_.prepare("DELETE FROM web_sessions WHERE account = ?").bind(1, account).run();
}

void WebStore::prune_sessions(std::int64_t seen_before_ms, std::int64_t created_before_ms) {
    db_.prepare("DELETE FROM web_sessions WHERE seen_ms < ? OR created_ms < ?")
        .bind(1, seen_before_ms)
        .bind(2, created_before_ms)
        .run();
}

void WebStore::add_failure(const std::string& subject, std::int64_t now_ms) {
    db_.prepare("INSERT INTO web_login_failures (subject, at_ms) VALUES (?, ?)").bind(1, subject).bind(2, now_ms).run();
}

int WebStore::failures_since(const std::string& subject, std::int64_t since_ms) {
    auto stmt = db_.prepare("SELECT COUNT(*) FROM web_login_failures WHERE subject = ? AND at_ms >= ?");
    stmt.bind(1, subject).bind(2, since_ms);
    return static_cast<int>(stmt.scalar<std::int64_t>());
}

void WebStore::clear_failures(const std::string& subject) {
    db_.prepare("DELETE FROM web_login_failures WHERE subject = ?").bind(1, subject).run();
}

void WebStore::prune_failures(std::int64_t before_ms) {
    db_.prepare("DELETE FROM web_login_failures WHERE at_ms < ?").bind(1, before_ms).run();
}

}  // namespace anoman::server
