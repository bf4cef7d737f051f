#include "sqlite_db.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>

namespace anoman::server {
namespace {

// "database /var/lib/si-anoman/queue.db: " (nothing for :memory:): every
// message an operator may read names the file it is about.
std::string file_of(sqlite3* db) {
    const char* name = db ? sqlite3_db_filename(db, "main") : nullptr;
    return name && *name ? std::string("database ") + name + ": " : std::string();
}

[[noreturn]] void throw_error(sqlite3* db, const std::string& what) {
    throw StoreError(file_of(db) + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

std::string shortened(const std::string& sql) { return sql.size() > 80 ? sql.substr(0, 77) + "..." : sql; }

}  // namespace

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use) : db_(db), stmt_(stmt), in_use_(in_use) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), has_row_(other.has_row_), in_use_(other.in_use_) {
    other.stmt_ = nullptr;
    other.in_use_ = nullptr;
}

Statement::~Statement() {
    if (!stmt_) return;
    if (in_use_) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        *in_use_ = false;
    } else {
        sqlite3_finalize(stmt_);
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    has_row_ = false;
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) throw_error(db_, "bind (" + sql() + ")");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        throw_error(db_, "bind (" + sql() + ")");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) throw_error(db_, "bind (" + sql() + ")");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    has_row_ = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_error(db_, "step (" + sql() + ")");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::step_to_row() {
    if (!step()) throw StoreError(file_of(db_) + "no row from " + sql());
}

void Statement::require_row() const {
    if (!has_row_) throw StoreError(file_of(db_) + "a column read without a row from " + sql());
}

std::int64_t Statement::int64(int column) const {
    require_row();
    return sqlite3_column_int64(stmt_, column);
}

std::string Statement::text(int column) const {
    require_row();
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

bool Statement::is_null(int column) const {
    require_row();
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
}

std::string Statement::sql() const {
    const char* text = stmt_ ? sqlite3_sql(stmt_) : nullptr;
    return text ? shortened(text) : std::string("?");
}

Database::Database(const std::string& path, OpenMode mode, int busy_timeout_ms) : path_(path) {
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
        case OpenMode::server:
        case OpenMode::new_file: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
        case OpenMode::existing: flags |= SQLITE_OPEN_READWRITE; break;
        case OpenMode::read_only: flags |= SQLITE_OPEN_READONLY; break;
    }
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw StoreError("cannot open database " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    sqlite3_extended_result_codes(db_, 1);
    if (mode != OpenMode::server) return;
    try {
        if (path != ":memory:") {
            exec("PRAGMA journal_mode=WAL");
            // FULL: a commit is on disk (WAL fsynced) before anything is acknowledged.
            exec("PRAGMA synchronous=FULL");
            exec("PRAGMA journal_size_limit=" + std::to_string(kJournalSizeLimit));
        }
        exec("PRAGMA foreign_keys=ON");
        // Every request runs in a SAVEPOINT inside its batch's transaction
        // (group commit, engine.cpp), so every page a request touches is first
        // copied to the statement journal, the savepoint's undo log. SQLite
        // keeps that journal in memory up to 64 KB and then spills it to a
        // temporary file; a ticket.issue touches some 15 pages (the ticket, its
        // indexes, its idempotency key, its page code, its event), so most
        // batches created, wrote and unlinked a file in /var/tmp: 31 write
        // calls per ticket under strace, 14 with the journal in memory. That
        // journal is undo data for the open transaction only, never read after
        // a crash (the WAL is), so it lives in memory (temp_store=MEMORY; so do
        // sorts and temporary tables, which are small here). bench-issue, 32
        // kiosks: 1.30-1.34x raw SQLite before, 1.6x after (bench/README.md).
        // (Not SQLITE_CONFIG_STMTJRNL_SPILL raised instead: with Debian's
        // SQLite 3.40.1 a spill threshold above 128 KB made a large statement
        // fail with SQLITE_FULL once its journal spilled; bench-day found it.)
        exec("PRAGMA temp_store=MEMORY");
    } catch (...) {
        sqlite3_close_v2(db_);
        throw;
    }
}

Database::~Database() {
    for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
    if (db_) sqlite3_close_v2(db_);
}

void Database::exec(const std::string& sql) {
    owner_.check("Database::exec");
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        throw StoreError(file_of(db_) + "sql failed (" + shortened(sql) + "): " + text);
    }
}

Statement Database::prepare(const std::string& sql) {
    owner_.check("Database::prepare");
    auto it = cache_.find(sql);
    if (it != cache_.end() && it->second.in_use) {
        // The same SQL read again while a use of it is still open (a nested
        // read): its own statement, so the outer one is not reset under it.
        sqlite3_stmt* own = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &own, nullptr) != SQLITE_OK)
            throw_error(db_, "prepare (" + shortened(sql) + ")");
        return Statement(db_, own, nullptr);
    }
    if (it == cache_.end()) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                               nullptr) != SQLITE_OK)
            throw_error(db_, "prepare (" + shortened(sql) + ")");
        it = cache_.emplace(sql, Cached{stmt, false}).first;
    }
    // Normally already reset by the previous use's destructor.
    sqlite3_reset(it->second.stmt);
    sqlite3_clear_bindings(it->second.stmt);
    it->second.in_use = true;
    return Statement(db_, it->second.stmt, &it->second.in_use);
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

std::vector<std::string> Database::busy_statements() const {
    std::vector<std::string> busy;
    for (sqlite3_stmt* stmt = sqlite3_next_stmt(db_, nullptr); stmt; stmt = sqlite3_next_stmt(db_, stmt))
        if (sqlite3_stmt_busy(stmt)) busy.push_back(shortened(sqlite3_sql(stmt) ? sqlite3_sql(stmt) : "?"));
    return busy;
}

void Database::assert_no_busy_statements([[maybe_unused]] const char* where) const {
#ifndef NDEBUG
    const std::vector<std::string> busy = busy_statements();
    if (busy.empty()) return;
    std::fprintf(stderr, "FATAL: %s: %zu statement(s) of %s still busy (a read snapshot held open):\n", where,
                 busy.size(), path_.c_str());
    for (const auto& sql : busy) std::fprintf(stderr, "  %s\n", sql.c_str());
    std::abort();
#endif
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (done_) return;
    char* message = nullptr;
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, &message);
    sqlite3_free(message);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

Savepoint::Savepoint(Database& db) : db_(db) { db_.exec("SAVEPOINT request"); }

Savepoint::~Savepoint() {
    if (done_) return;
    sqlite3_exec(db_.handle(), "ROLLBACK TO request; RELEASE request", nullptr, nullptr, nullptr);
}

void Savepoint::release() {
    db_.exec("RELEASE request");
    done_ = true;
}

}  // namespace anoman::server
