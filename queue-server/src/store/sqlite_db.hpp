// A thin RAII layer over SQLite (SQLiteCpp's habits): one connection with one
// owner thread, prepared statements cached by their SQL text, bound
// parameters, and a transaction that rolls back in its destructor unless
// committed. Errors throw StoreError naming the database file; destructors
// never throw.
//
// A Statement is one use of a prepared statement: move-only, and reset (its
// bindings cleared) when the use ends, in its destructor. A statement stepped
// once and left active keeps a read snapshot open, and in WAL mode no
// checkpoint can then copy past that snapshot: the -wal file grows forever
// (issue 11). So never keep a Statement beyond the scope that reads it.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "owner_thread.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace anoman::server {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();  // reset + clear bindings (finalize if it was not cached)

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::optional<std::string>& value);
    Statement& bind(int index, const std::optional<std::int64_t>& value);
    Statement& bind_null(int index);

    // Steps once: true while a row is available. Reading a column without a
    // row (before the first step, after the last) throws StoreError.
    [[nodiscard]] bool step();
    // Steps to the end (for statements without rows).
    void run();
    // The first column of the first row; StoreError naming the SQL if there is
    // no row. The statement is reset afterwards (bindings kept).
    template <class T>
    T scalar() {
        step_to_row();
        T value = column<T>(0);
        reset();
        return value;
    }
    // Ends this use early (the destructor does it anyway); bindings are kept.
    void reset();

    std::int64_t int64(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;
    std::optional<std::string> optional_text(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;
    std::string sql() const;

private:
    friend class Database;
    Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use);
    void step_to_row();
    void require_row() const;
    template <class T>
    T column(int index) const {
        if constexpr (std::is_same_v<T, std::string>) return text(index);
        else if constexpr (std::is_same_v<T, std::optional<std::string>>) return optional_text(index);
        else if constexpr (std::is_same_v<T, std::optional<std::int64_t>>) return optional_int64(index);
        else {
            static_assert(std::is_integral_v<T>, "scalar<T>: an integer, std::string or an optional of them");
            return static_cast<T>(int64(index));
        }
    }

    sqlite3* db_;
    sqlite3_stmt* stmt_;
    bool has_row_ = false;
    bool* in_use_;  // the cache entry's flag; nullptr: a statement of its own, finalized here
};

// How a connection is opened.
enum class OpenMode {
    server,     // read-write, created if missing; WAL, synchronous=FULL, journal_size_limit, foreign keys
    existing,   // read-write, must exist, settings untouched (a second connection to a live database)
    read_only,  // must exist
    new_file,   // read-write, created if missing, settings untouched (a backup copy being written)
};

class Database {
public:
    // The -wal file is truncated back to this size when it is reset after a
    // complete checkpoint (it only grows beyond the ~4 MB of the automatic
    // checkpoint when a long reader, such as a backup, held the checkpoint back).
    static constexpr std::int64_t kJournalSizeLimit = std::int64_t{8} * 1024 * 1024;

    // Opens a file or ":memory:".
    explicit Database(const std::string& path, OpenMode mode = OpenMode::server, int busy_timeout_ms = 5000);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const std::string& sql);
    // A cached prepared statement, reset and with bindings cleared. If that SQL
    // is still in use by a live Statement, a fresh uncached one.
    Statement prepare(const std::string& sql);
    std::int64_t last_insert_id() const;
    int changes() const;
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_; }
    // The SQL of every statement of this connection that was stepped and
    // neither finished nor reset (each one holds a read snapshot open).
    std::vector<std::string> busy_statements() const;
    // Debug builds (NDEBUG not defined): aborts, naming them, if any statement
    // is still busy; `where` says after what. Release builds: nothing.
    void assert_no_busy_statements(const char* where) const;
    // The connection belongs to the thread that opened it, and after
    // hand_over() to the next thread that uses it (owner_thread.hpp: checked
    // by exec and prepare in debug builds).
    void hand_over() { owner_.hand_over(); }

private:
    struct Cached {
        sqlite3_stmt* stmt = nullptr;
        bool in_use = false;
    };
    std::string path_;
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, Cached> cache_;  // elements never move: in_use pointers stay valid
    OwnerThread owner_;
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
