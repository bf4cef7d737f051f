#include "sqlite_db.hpp"

#include <sqlite3.h>

namespace anoman::server {
namespace {

[[noreturn]] void throw_error(sqlite3* db, const std::string& what) {
    throw StoreError(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) throw_error(db_, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        throw_error(db_, "bind");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) throw_error(db_, "bind");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_error(db_, "step");
}

void Statement::run() {
    while (step()) {
    }
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
}

Database::Database(const std::string& path) : path_(path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw StoreError("cannot open database " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 5000);
    sqlite3_extended_result_codes(db_, 1);
    if (path != ":memory:") {
        exec("PRAGMA journal_mode=WAL");
        // FULL: a commit is on disk (WAL fsynced) before anything is acknowledged.
        exec("PRAGMA synchronous=FULL");
    }
    exec("PRAGMA foreign_keys=ON");
}

Database::~Database() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    if (db_) sqlite3_close_v2(db_);
}

void Database::exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        throw StoreError("sql failed (" + sql.substr(0, 60) + "): " + text);
    }
}

Statement Database::prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                               nullptr) != SQLITE_OK)
            throw_error(db_, "prepare (" + sql.substr(0, 60) + ")");
        it = cache_.emplace(sql, stmt).first;
    }
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return Statement(db_, it->second);
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

namespace {

// A cached statement stepped once (a COUNT, a lookup) and not reset keeps a
// read snapshot open after its transaction. With a second connection writing
// to the file (the BPJS sender), the next BEGIN IMMEDIATE on a stale snapshot
// fails at once with SQLITE_BUSY, without waiting. Transactions therefore
// start and end with every statement of the connection reset.
void end_reads(sqlite3* db) {
    for (sqlite3_stmt* stmt = sqlite3_next_stmt(db, nullptr); stmt; stmt = sqlite3_next_stmt(db, stmt))
        if (sqlite3_stmt_busy(stmt)) sqlite3_reset(stmt);
}

}  // namespace

Transaction::Transaction(Database& db) : db_(db) {
    end_reads(db_.handle());
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (done_) return;
    end_reads(db_.handle());
    char* message = nullptr;
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, &message);
    sqlite3_free(message);
}

void Transaction::commit() {
    end_reads(db_.handle());
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
