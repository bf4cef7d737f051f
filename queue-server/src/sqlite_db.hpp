// A thin RAII layer over SQLite (SQLiteCpp's habits): one connection with one
// owner thread, prepared statements cached by their SQL text, bound
// parameters, and a transaction that rolls back in its destructor unless
// committed. Errors throw StoreError; destructors never throw.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace anoman::server {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Statement {
public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::optional<std::string>& value);
    Statement& bind(int index, const std::optional<std::int64_t>& value);
    Statement& bind_null(int index);

    // Steps once: true while a row is available.
    bool step();
    // Steps to the end (for statements without rows).
    void run();

    std::int64_t int64(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;
    std::optional<std::string> optional_text(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;

private:
    friend class Database;
    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

class Database {
public:
    // Opens (creating if needed) a file or ":memory:". WAL + synchronous=FULL for files.
    explicit Database(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const std::string& sql);
    // A cached prepared statement, reset and with bindings cleared.
    Statement prepare(const std::string& sql);
    std::int64_t last_insert_id() const;
    int changes() const;
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_; }

private:
    std::string path_;
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// BEGIN IMMEDIATE in the constructor; ROLLBACK in the destructor unless commit() ran.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

// SAVEPOINT inside a transaction: one request's changes, undone alone on error.
class Savepoint {
public:
    explicit Savepoint(Database& db);
    ~Savepoint();  // ROLLBACK TO + RELEASE unless released
    void release();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace anoman::server
