#include "device_registry.hpp"

#include <cctype>

#include "device_store.hpp"
#include "device_token.hpp"
#include "op_error.hpp"
#include "sha256.hpp"

namespace anoman::server {

using proto::ErrorCode;

bool valid_device_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (const char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') return false;
    return true;
}

std::optional<DeviceRecord> DeviceRegistry::row(const std::string& id, std::optional<std::string>* token_sha256) {
    std::optional<DeviceRow> stored = DeviceStore(db_).find(id);
    if (!stored) return std::nullopt;
    DeviceRecord record;
    record.id = id;
    record.role = proto::role_from_string(stored->role).value_or(proto::Role::display);
    record.counter = stored->counter;
    if (token_sha256) *token_sha256 = stored->token_sha256;
    record.note = stored->note;
    record.created_ms = stored->created_ms;
    record.revoked_ms = stored->revoked_ms;
    // A configuration device revoked and added again is the registry's now.
    record.source = config_.find_device(id) && !stored->token_sha256 ? "config" : "registry";
    return record;
}

namespace {

std::string incarnation_of(proto::Role role, const std::string& token_sha256) {
    return secrets::sha256_hex(std::string(proto::to_string(role)) + ":" + token_sha256).substr(0, 16);
}

}  // namespace

Authentication DeviceRegistry::authenticate(const std::string& device, proto::Role role, const std::string& token) {
    static const std::string kWrong = "unknown device, wrong role or wrong token";
    std::optional<std::string> stored_hash;
    const std::optional<DeviceRecord> stored = row(device, &stored_hash);
    if (stored && stored->revoked_ms) return {std::nullopt, "device " + device + " has been revoked"};

    // The token's hash is computed whatever the outcome, so a refusal takes as long as a success.
    const std::string presented_hash = secrets::sha256_hex(token);
    const DeviceConfig* configured = config_.find_device(device);
    // A registry row with a token stands in for the configuration's entry (a revoked one added again).
    if (configured && !stored_hash) {
        const bool token_ok = configured->token_sha256
                                  ? secrets::equal_constant_time(presented_hash, *configured->token_sha256)
                                  : secrets::equal_constant_time(token, configured->token);
        if (configured->role != role || !token_ok || token.empty()) return {std::nullopt, kWrong};
        return {DeviceConfig{configured->id, configured->role, {}, configured->counter, {}}, {},
                incarnation_of(role, configured->token_sha256.value_or(presented_hash))};
    }
    if (!stored || !stored_hash || stored->role != role || !secrets::equal_constant_time(presented_hash, *stored_hash))
        return {std::nullopt, kWrong};
    return {DeviceConfig{stored->id, stored->role, {}, stored->counter, {}}, {}, incarnation_of(role, *stored_hash)};
}

std::string DeviceRegistry::add(const std::string& id, proto::Role role, const std::optional<std::string>& counter,
                                const std::optional<std::string>& note, std::int64_t now_ms) {
    if (!valid_device_id(id)) fail(ErrorCode::bad_request, "device: 1 to 64 letters, digits, '.', '_' or '-'");
    if (note && note->size() > 200) fail(ErrorCode::bad_request, "note: at most 200 characters");
    switch (device_counter_fault(role, counter.has_value())) {
        case DeviceCounterFault::counter_missing:
            fail(ErrorCode::bad_request, "counter: a counter device needs one");
        case DeviceCounterFault::not_a_counter_device:
            fail(ErrorCode::bad_request, "counter: only counter devices name one");
        case DeviceCounterFault::none:
            break;
    }
    if (counter && !config_.find_counter(*counter)) fail(ErrorCode::not_found, "unknown counter \"" + *counter + "\"");
    const auto existing = row(id);
    if (config_.find_device(id) && !existing)
        fail(ErrorCode::invalid_state,
             "device " + id + " is defined in the configuration file; revoke it first to replace it");
    if (existing && !existing->revoked_ms)
        fail(ErrorCode::invalid_state, "device " + id + " is already registered; revoke it first to replace it");

    const std::string token = secrets::generate_token();
    // A revoked device (registry or configuration) may be registered again: the row is replaced.
    DeviceStore(db_).put_registered(id, std::string(proto::to_string(role)), counter, secrets::sha256_hex(token), note,
                                    now_ms);
    return token;
}

DeviceRecord DeviceRegistry::revoke(const std::string& id, std::int64_t now_ms) {
    auto existing = row(id);
    const DeviceConfig* configured = config_.find_device(id);
    if (!existing && !configured) fail(ErrorCode::not_found, "unknown device \"" + id + "\"");
    if (existing && existing->revoked_ms) fail(ErrorCode::invalid_state, "device " + id + " is already revoked");
    if (existing) {
        DeviceStore(db_).mark_revoked(id, now_ms);
    } else {
        // A configuration device: a row with no token that says it is revoked.
        DeviceStore(db_).put_revoked_config_device(id, std::string(proto::to_string(configured->role)),
                                                   configured->counter, now_ms);
    }
    return *row(id);
}

std::vector<DeviceRecord> DeviceRegistry::list() {
    std::vector<DeviceRecord> records;
    for (const DeviceConfig& device : config_.devices) {
        if (auto stored = row(device.id)) {
            records.push_back(*stored);
            continue;
        }
        records.push_back(DeviceRecord{device.id, device.role, device.counter, "config", {}, {}, {}});
    }
    for (const std::string& id : DeviceStore(db_).ids())
        if (!config_.find_device(id)) records.push_back(*row(id));
    return records;
}

std::optional<std::int64_t> DeviceRegistry::registered_ms(const std::string& id) {
    const auto record = row(id);
    return record ? record->created_ms : std::nullopt;
}

proto::Json to_json(const DeviceRecord& record, const std::function<std::string(std::int64_t)>& iso_time) {
    proto::Json json{{"id", record.id},
                     {"role", proto::to_string(record.role)},
                     {"source", record.source},
                     {"revoked", record.revoked_ms.has_value()}};
    json["counter"] = record.counter ? proto::Json(*record.counter) : proto::Json();
    if (record.note) json["note"] = *record.note;
    if (record.created_ms) json["created_at"] = iso_time(*record.created_ms);
    if (record.revoked_ms) json["revoked_at"] = iso_time(*record.revoked_ms);
    return json;
}

}  // namespace anoman::server
