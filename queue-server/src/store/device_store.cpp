#include "device_store.hpp"

namespace anoman::server {

std::optional<DeviceRow> DeviceStore::find(const std::string& id) {
    auto s = db_.prepare("SELECT role, counter, token_sha256, note, created_ms, revoked_ms FROM devices WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return DeviceRow{id,
                     s.text(0),
                     s.optional_text(1),
                     s.optional_text(2),
                     s.optional_text(3),
                     s.optional_int64(4),
                     s.optional_int64(5)};
}

std::vector<std::string> DeviceStore::ids() {
    auto s = db_.prepare("SELECT id FROM devices ORDER BY id");
    std::vector<std::string> ids;
    while (s.step()) ids.push_back(s.text(0));
    return ids;
}

void DeviceStore::put_registered(const std::string& id, const std::string& role,
                                 const std::optional<std::string>& counter, const std::string& token_sha256,
                                 const std::optional<std::string>& note, std::int64_t now_ms) {
    db_.prepare("INSERT OR REPLACE INTO devices (id, role, counter, token_sha256, note, created_ms, revoked_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, NULL)")
        .bind(1, id)
        .bind(2, role)
        .bind(3, counter)
        .bind(4, token_sha256)
        .bind(5, note)
        .bind(6, now_ms)
        .run();
}

void DeviceStore::mark_revoked(const std::string& id, std::int64_t now_ms) {
    db_.prepare("UPDATE devices SET revoked_ms = ? WHERE id = ?").bind(1, now_ms).bind(2, id).run();
}

void DeviceStore::put_revoked_config_device(const std::string& id, const std::string& role,
                                            const std::optional<std::string>& counter, std::int64_t now_ms) {
    db_.prepare("INSERT INTO devices (id, role, counter, token_sha256, note, created_ms, revoked_ms) "
                "VALUES (?, ?, ?, NULL, 'from the configuration file', ?, ?)")
        .bind(1, id)
        .bind(2, role)
        .bind(3, counter)
        .bind(4, now_ms)
        .bind(5, now_ms)
        .run();
}

}  // namespace anoman::server
