// The web door's durable state (schema step "web door"): ticket page codes,
// satisfaction answers, dashboard accounts, sessions and login failures.
// Typed queries over the engine's connection; called on the engine thread
// inside the batch's transaction, like Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sqlite_db.hpp"

namespace anoman::server {

// A dashboard account's name: 1 to 64 letters, digits, '.', '-' or '_'.
bool valid_account_name(const std::string& name);

struct WebSession {
    std::string account;
    std::string csrf;
    std::int64_t created_ms = 0;
    std::int64_t seen_ms = 0;
};

class WebStore {
public:
    explicit WebStore(Database& db) : db_(db) {}

    // A fresh random code for a new ticket (a collision, 2^-128 odds, draws again).
    std::string assign_code(std::int64_t ticket_id);
    std::optional<std::string> code_of(std::int64_t ticket_id);
    std::optional<std::int64_t> ticket_of(const std::string& code);

    // false when the ticket already has an answer (stored once).
    bool add_satisfaction(std::int64_t ticket_id, int score, std::int64_t now_ms);
    std::optional<int> satisfaction_of(std::int64_t ticket_id);

    void put_account(const std::string& name, const std::string& password_hash, std::int64_t now_ms);
    bool remove_account(const std::string& name);
    std::optional<std::string> password_hash(const std::string& name);
    std::vector<std::string> accounts();

    void add_session(const std::string& token_sha256, const std::string& account, const std::string& csrf,
                     std::int64_t now_ms);
    std::optional<WebSession> session(const std::string& token_sha256);
    void touch_session(const std::string& token_sha256, std::int64_t now_ms);
    void remove_session(const std::string& token_sha256);
    void remove_sessions_of(const std::string& account);
    void prune_sessions(std::int64_t seen_before_ms, std::int64_t created_before_ms);

    void add_failure(const std::string& subject, std::int64_t now_ms);
    int failures_since(const std::string& subject, std::int64_t since_ms);
    void clear_failures(const std::string& subject);
    void prune_failures(std::int64_t before_ms);

private:
    Database& db_;
};

}  // namespace anoman::server
