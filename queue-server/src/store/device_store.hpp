// The devices table (device.add / device.revoke): rows only. The rules (who may
// be added, what a token proves) are the engine's device_registry.hpp; the
// caller owns the transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sqlite_db.hpp"

namespace anoman::server {

struct DeviceRow {
    std::string id;
    std::string role;                         // protocol role name
    std::optional<std::string> counter;
    std::optional<std::string> token_sha256;  // none: a revoked configuration device
    std::optional<std::string> note;
    std::optional<std::int64_t> created_ms;
    std::optional<std::int64_t> revoked_ms;
};

class DeviceStore {
public:
    explicit DeviceStore(Database& db) : db_(db) {}

    std::optional<DeviceRow> find(const std::string& id);
    // Every id in the table, in order.
    std::vector<std::string> ids();
    // A registered device with its token's hash; replaces a revoked row of that id.
    void put_registered(const std::string& id, const std::string& role, const std::optional<std::string>& counter,
                        const std::string& token_sha256, const std::optional<std::string>& note, std::int64_t now_ms);
    void mark_revoked(const std::string& id, std::int64_t now_ms);
    // A configuration device revoked: a row with no token that says so.
    void put_revoked_config_device(const std::string& id, const std::string& role,
                                   const std::optional<std::string>& counter, std::int64_t now_ms);

private:
    Database& db_;
};

}  // namespace anoman::server
