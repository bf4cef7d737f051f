#include "restore_devices.hpp"

#include <filesystem>
#include <map>
#include <set>

#include "backup.hpp"
#include "schema.hpp"
#include "sqlite_db.hpp"

namespace anoman::server {
namespace {

bool has_devices_table(Database& db, const std::string& schema) {
    auto stmt = db.prepare("SELECT count(*) FROM " + schema + ".sqlite_master WHERE type = 'table' AND name = 'devices'");
    return stmt.step() && stmt.int64(0) > 0;
}

std::vector<std::string> columns(Database& db, const std::string& schema) {
    std::vector<std::string> names;
    auto stmt = db.prepare("PRAGMA " + schema + ".table_info(devices)");
    while (stmt.step()) names.push_back(stmt.text(1));
    return names;
}

// id -> "active" / "revoked" for every row of schema.devices.
std::map<std::string, std::string> states(Database& db, const std::string& schema) {
    std::map<std::string, std::string> found;
    auto stmt = db.prepare("SELECT id, revoked_ms IS NOT NULL FROM " + schema + ".devices");
    while (stmt.step()) found[stmt.text(0)] = stmt.int64(1) ? "revoked" : "active";
    return found;
}

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

}  // namespace

CurrentRegistry read_current_registry(const std::string& current) {
    CurrentRegistry result;
    if (!std::filesystem::exists(current)) {
        result.problem = current + " does not exist";
        return result;
    }
    try {
        Database db(current);
        if (has_devices_table(db, "main")) {
            auto stmt = db.prepare("SELECT count(*) FROM devices");
            if (stmt.step()) result.rows = static_cast<int>(stmt.int64(0));
        }
        result.readable = true;
    } catch (const std::exception& e) {
        result.problem = current + " cannot be read: " + e.what();
    }
    return result;
}

RegistryCarry carry_device_registry(const std::string& current, const std::string& restored, bool take_copy) {
    RegistryCarry carry;
    try {
        Database db(restored);
        if (take_copy) {
            carry.why = "as asked (--devices-from-copy)";
        } else {
            const CurrentRegistry live = read_current_registry(current);
            if (!live.readable) throw BackupError(live.problem);  // the caller checked before moving anything
            if (live.rows == 0) carry.why = "the replaced database had no registered or revoked devices";
        }
        if (!carry.why.empty()) {
            if (has_devices_table(db, "main")) {
                for (const auto& [id, state] : states(db, "main")) carry.changes.push_back(id + ": " + state + " (from the copy)");
                carry.devices = static_cast<int>(carry.changes.size());
            }
            return carry;
        }
        // The copy may predate the registry (schema 1): bring it up to date
        // first, as the server would at its next start.
        if (!has_devices_table(db, "main")) migrate(db);
        db.exec("ATTACH DATABASE " + quoted(current) + " AS live");
        const std::vector<std::string> mine = columns(db, "main");
        const std::set<std::string> theirs = [&] {
            const auto list = columns(db, "live");
            return std::set<std::string>(list.begin(), list.end());
        }();
        std::string shared;
        for (const std::string& column : mine)
            if (theirs.count(column)) shared += (shared.empty() ? "\"" : ", \"") + column + "\"";

        const auto before = states(db, "main");
        const auto after = states(db, "live");
        {
            Transaction transaction(db);
            db.exec("DELETE FROM main.devices");
            db.exec("INSERT INTO main.devices (" + shared + ") SELECT " + shared + " FROM live.devices");
            transaction.commit();
        }
        for (const auto& [id, state] : after) {
            const auto was = before.find(id);
            if (was == before.end()) carry.changes.push_back(id + ": " + state + " (registered after the copy; kept)");
            else if (was->second != state)
                carry.changes.push_back(id + ": " + state + " (" + was->second + " in the copy; kept as it is now)");
        }
        for (const auto& [id, state] : before)
            if (!after.count(id)) carry.changes.push_back(id + ": not registered now (" + state + " in the copy; left out)");
        carry.devices = static_cast<int>(after.size());
        carry.outcome = RegistryCarry::Outcome::kept;
    } catch (const StoreError& e) {
        throw BackupError(std::string("cannot carry the device registry into the restored copy: ") + e.what());
    }
    return carry;
}

}  // namespace anoman::server
