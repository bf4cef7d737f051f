// Shared by the deploy tests: small SQLite helpers on database files, the
// service day in the demo hospital's timezone, waiting for a backup, and
// queuectl as the demo admin.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <sstream>
#include <vector>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

#include "anoman/hospital_clock.hpp"
#include "sha256.hpp"
#include "test_support.hpp"

namespace anoman::testing {

// Runs SQL on a database file (its own connection); throws on error.
inline void sql_exec(const std::filesystem::path& db_path, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open(db_path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + db_path.string());
    sqlite3_busy_timeout(db, 5000);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    std::string text = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error("sql failed: " + text);
}

// The first column of the first row, as text ("" when there is no row).
inline std::string sql_text(const std::filesystem::path& db_path, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        throw std::runtime_error("cannot open " + db_path.string());
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* stmt = nullptr;
    std::string text;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW &&
        sqlite3_column_text(stmt, 0))
        text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return text;
}

// Today in the demo hospital (Asia/Jakarta), as the server computes it.
inline std::string hospital_today() {
    HospitalClock clock("Asia/Jakarta");
    return clock.service_day(HospitalClock::now());
}

// Polls server.status until no backup is running; returns the last status.
inline Json wait_for_backup(LineClient& admin, std::chrono::milliseconds limit = std::chrono::seconds(30)) {
    Json status;
    const bool done = eventually(
        [&] {
            status = admin.request(Json{{"type", "server.status"}});
            return !status["backup"]["running"].get<bool>();
        },
        limit, std::chrono::milliseconds(50));
    if (!done) throw std::runtime_error("backup still running after the time limit");
    return status;
}

// Server options for a server working in dir (its database: dir/queue.db).
inline ServerOptions in_dir(const std::filesystem::path& dir) {
    ServerOptions options;
    options.dir = dir;
    return options;
}

inline Json issue(LineClient& kiosk, const std::string& service, const std::string& request_id) {
    return kiosk.request(Json{{"type", "ticket.issue"}, {"service", service}, {"request_id", request_id}});
}

// queuectl against server as the demo admin (the built-in configuration's).
inline RunResult queuectl(const ServerProcess& server, std::vector<std::string> args) {
    std::vector<std::string> argv = {program("queuectl").string(), "--server", server.address()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv);
}

// The last line of queuectl's output that is 64 hexadecimal digits (a token from device add).
inline std::string token_in(const std::string& output) {
    std::istringstream lines(output);
    std::string line, token;
    while (std::getline(lines, line))
        if (anoman::secrets::is_sha256_hex(line)) token = line;
    return token;
}

}  // namespace anoman::testing
