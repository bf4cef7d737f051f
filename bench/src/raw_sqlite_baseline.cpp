#include "raw_sqlite_baseline.hpp"

#include <sqlite3.h>

#include <stdexcept>

#include "schema.hpp"
#include "sqlite_db.hpp"

namespace anoman::bench {
namespace {

void exec(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : "?";
        sqlite3_free(message);
        throw std::runtime_error(std::string(sql) + ": " + text);
    }
}

}  // namespace

RawSqliteWriter::RawSqliteWriter(const fs::path& db_path) : codes_(service_codes()), next_seq_(codes_.size(), 1) {
    {
        // The server's schema, indexes included, made by the server's own migrations.
        server::Database schema_db(db_path.string());
        server::migrate(schema_db);
    }
    if (sqlite3_open_v2(db_path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
        throw std::runtime_error("cannot open " + db_path.string());
    exec(db_, "PRAGMA journal_mode=WAL");
    exec(db_, "PRAGMA synchronous=FULL");
    const char* sql =
        "INSERT INTO tickets (service_day, issued_service, service, daily_seq, number, priority, status, calls, "
        "issued_at_ms, queued_at_ms, device, request_id, patient) VALUES ('2026-11-23', ?1, ?1, ?2, ?3, 0, "
        "'waiting', 0, ?4, ?4, ?5, ?6, '{\"kind\":\"bpjs\"}')";
    if (sqlite3_prepare_v2(db_, sql, -1, &insert_, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db_));
}

RawSqliteWriter::~RawSqliteWriter() {
    sqlite3_finalize(insert_);
    sqlite3_close_v2(db_);
}

void RawSqliteWriter::run_for(double seconds, RawSqliteResult& result) {
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    while (Clock::now() < end) {
        const auto begin = Clock::now();
        const std::size_t service = static_cast<std::size_t>(inserted_) % codes_.size();
        const long seq = next_seq_[service]++;
        const std::string number = codes_[service] + std::to_string(seq);
        const std::string device = "kiosk-" + std::to_string(inserted_ % 32 + 1);
        const std::string request_id = device + ":" + std::to_string(inserted_);
        const auto now_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
        exec(db_, "BEGIN IMMEDIATE");
        sqlite3_reset(insert_);
        sqlite3_bind_text(insert_, 1, codes_[service].c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(insert_, 2, seq);
        sqlite3_bind_text(insert_, 3, number.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(insert_, 4, now_ms.count());
        sqlite3_bind_text(insert_, 5, device.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert_, 6, request_id.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(insert_) != SQLITE_DONE) throw std::runtime_error(std::string("insert: ") + sqlite3_errmsg(db_));
        exec(db_, "COMMIT");
        result.commit_ms.add(ms_since(begin));
        ++result.rows;
        ++inserted_;
    }
    result.seconds += std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace anoman::bench
