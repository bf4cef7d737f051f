// Devices: who may say hello. Two sources:
// - the configuration file (PROTOCOL.md): "token" in clear or "token_sha256";
// - the registry in the database, filled at run time by `device.add`
//   (queuectl device add), which keeps only the SHA-256 of each token.
// Either kind can be revoked at run time (`device.revoke`): the revocation is
// a row in the devices table, so it needs no restart and survives one. A
// revoked id, of either kind, may be added again (`device.add`): it gets a new
// token, and the row then stands in for the configuration file's entry (the
// old, perhaps stolen, token stays refused).
//
// An incarnation of a device id is its role plus its credential (the hash of
// its token): a new token or another role is another device to the queue,
// whose ticket.issue retries never replay the old one's tickets.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "anoman/config.hpp"
#include "anoman/protocol.hpp"
#include "sqlite_db.hpp"

namespace anoman::server {

struct DeviceRecord {
    std::string id;
    proto::Role role = proto::Role::display;
    std::optional<std::string> counter;
    std::string source;  // "config" or "registry"
    std::optional<std::string> note;
    std::optional<std::int64_t> created_ms;  // registry devices
    std::optional<std::int64_t> revoked_ms;
};

// The answer to a hello's credentials: the device, or why not.
struct Authentication {
    std::optional<DeviceConfig> device;  // id, role, counter (no token)
    std::string refusal;                 // message of the unauthorized error otherwise
    std::string incarnation{};           // with device: role + credential, hashed (16 hex digits)
};

// Reads and writes the devices table; the caller owns the transaction.
class DeviceRegistry {
public:
    DeviceRegistry(const Config& config, Database& db) : config_(config), db_(db) {}

    Authentication authenticate(const std::string& device, proto::Role role, const std::string& token);

    // Registers a device and returns its token (shown once; only its hash is kept).
    // A revoked id (registry or configuration) may be added again, with any role.
    // Throws OpError: bad_request, not_found (counter), invalid_state (id in use).
    std::string add(const std::string& id, proto::Role role, const std::optional<std::string>& counter,
                    const std::optional<std::string>& note, std::int64_t now_ms);
    // Throws OpError: not_found, invalid_state (already revoked).
    DeviceRecord revoke(const std::string& id, std::int64_t now_ms);
    // Configuration devices first (in file order), then the registry's by id.
    std::vector<DeviceRecord> list();
    // When the id's row began (device.add, or the revocation of a configuration
    // device); nullopt for a configuration device never revoked.
    std::optional<std::int64_t> registered_ms(const std::string& id);

private:
    std::optional<DeviceRecord> row(const std::string& id, std::optional<std::string>* token_sha256 = nullptr);

    const Config& config_;
    Database& db_;
};

// Device ids: 1 to 64 of A-Z a-z 0-9 . _ - (they appear in logs and unit files).
bool valid_device_id(const std::string& id);
// created_at / revoked_at as the hospital's local ISO time.
proto::Json to_json(const DeviceRecord& record, const std::function<std::string(std::int64_t)>& iso_time);

}  // namespace anoman::server
