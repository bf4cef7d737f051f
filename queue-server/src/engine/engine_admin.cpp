// Admin extensions of the protocol (PROTOCOL.md allows new message types):
//   device.add    {"device","role",["counter"],["note"]} -> {"device":{...},"token"}  (the token is shown once)
//   device.revoke {"device"}                         -> {"device":{...}}; its connections are closed
//   device.list                                      -> {"devices":[...]}
//   backup.now                                       -> {"started":true,"dir"}; progress in server.status
//   server.status                                    -> version, uptime, clients by role, queues, last backup
// All admin only. Fields are checked before the role, as for every operation.
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>

#include "admin_context.hpp"
#include "device_registry.hpp"
#include "disk_space.hpp"
#include "engine.hpp"
#include "schema.hpp"

namespace anoman::server {

using proto::ErrorCode;

namespace {

// Free space where the database lives, and where the backups go when that is another disk.
Json disk_status(const AdminContext& admin) {
    Json disks = Json::array();
    namespace fs = std::filesystem;
    const std::string db_dir = fs::absolute(admin.database).parent_path().string();
    std::optional<DiskSpace> db_disk = measure_disk(db_dir);
    if (db_disk) {
        disks.push_back(disk_json(*db_disk, admin.disk_warn_bytes));
        disks.back()["holds"] = "database";
    }
    if (admin.backup && !admin.backup->options().dir.empty()) {
        struct stat a {}, b {};
        const std::string dir = admin.backup->options().dir;
        const bool same = ::stat(db_dir.c_str(), &a) == 0 && ::stat(dir.c_str(), &b) == 0 && a.st_dev == b.st_dev;
        if (!same)
            if (auto backup_disk = measure_disk(dir)) {
                disks.push_back(disk_json(*backup_disk, admin.disk_warn_bytes));
                disks.back()["holds"] = "backups";
            }
    }
    return disks;
}

}  // namespace

Json Engine::op_device_add(const Caller& caller, const proto::DeviceAddRequest& request, Outcome&) {
    const std::string& id = request.device;
    const proto::Role role = request.role;
    const auto& counter = request.counter;
    const auto& note = request.note;
    // Every field is judged before the role (bad_request, then not_found, then forbidden).
    if (!valid_device_id(id)) fail(ErrorCode::bad_request, "device: 1 to 64 letters, digits, '.', '_' or '-'");
    if (note && note->size() > 200) fail(ErrorCode::bad_request, "note: at most 200 characters");
    if (device_counter_fault(role, counter.has_value()) != DeviceCounterFault::none)
        fail(ErrorCode::bad_request, "counter: a counter device needs one, and only counter devices name one");
    if (counter && !config_.find_counter(*counter)) fail(ErrorCode::not_found, "unknown counter \"" + *counter + "\"");
    require_role(caller);
    const std::int64_t now_ms = job_now_.time_since_epoch().count();
    DeviceRegistry registry(config_, store_.db());
    const std::string token = registry.add(id, role, counter, note, now_ms);
    spdlog::info("device {} ({}) registered by {}", id, proto::to_string(role), caller.device);
    Json device;
    for (const DeviceRecord& record : registry.list())
        if (record.id == id) device = to_json(record, [&](std::int64_t ms) { return clock_.iso_local(SysMillis(std::chrono::milliseconds(ms))); });
    return Json{{"device", device}, {"token", token}};
}

Json Engine::op_device_revoke(const Caller& caller, const proto::DeviceRevokeRequest& request, Outcome& outcome) {
    const std::string& id = request.device;
    DeviceRegistry registry(config_, store_.db());
    bool known = config_.find_device(id) != nullptr;
    for (const DeviceRecord& record : registry.list()) known = known || record.id == id;
    if (!known) fail(ErrorCode::not_found, "unknown device \"" + id + "\"");
    require_role(caller);
    // An admin revoking itself would lock itself out in the middle of its work.
    if (id == caller.device) fail(ErrorCode::invalid_state, "a device cannot revoke itself; use another admin device");
    const DeviceRecord record = registry.revoke(id, job_now_.time_since_epoch().count());
    spdlog::warn("device {} revoked by {}; its connections are closed", id, caller.device);
    outcome.revoked_devices.push_back(id);
    return Json{{"device", to_json(record, [&](std::int64_t ms) {
                     return clock_.iso_local(SysMillis(std::chrono::milliseconds(ms)));
                 })}};
}

Json Engine::op_device_list(const Caller& caller, const proto::DeviceListRequest&, Outcome&) {
    require_role(caller);
    CensusCounts counts;
    if (admin_ && admin_->census) counts = admin_->census->counts();
    Json devices = Json::array();
    for (const DeviceRecord& record : DeviceRegistry(config_, store_.db()).list()) {
        Json json = to_json(record, [&](std::int64_t ms) { return clock_.iso_local(SysMillis(std::chrono::milliseconds(ms))); });
        auto it = counts.by_device.find(record.id);
        json["connections"] = it == counts.by_device.end() ? 0 : it->second;
        devices.push_back(std::move(json));
    }
    return Json{{"devices", devices}};
}

Json Engine::op_backup_now(const Caller& caller, const proto::BackupNowRequest&, Outcome&) {
    require_role(caller);
    if (!admin_ || !admin_->backup) fail(ErrorCode::invalid_state, "this server has no backup directory");
    if (!admin_->backup->start()) fail(ErrorCode::invalid_state, "a backup is already running");
    spdlog::info("backup asked for by {}", caller.device);
    return Json{{"started", true}, {"dir", admin_->backup->options().dir}};
}

Json Engine::op_server_status(const Caller& caller, const proto::ServerStatusRequest&, Outcome&) {
    require_role(caller);
    auto iso_ms = [&](std::int64_t ms) { return clock_.iso_local(SysMillis(std::chrono::milliseconds(ms))); };
    Json status{{"server", std::string("queue-server/") + ANOMAN_VERSION},
                {"version", ANOMAN_VERSION},
                {"epoch", epoch_},
                {"service_day", day_},
                {"seq", store_.last_seq()},
                {"now", clock_.iso_local(job_now_)},
                {"schema_version", current_schema_version()},
                {"hospital", config_.hospital.name}};
    if (admin_) {
        const auto started_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(admin_->started_at.time_since_epoch()).count();
        status["started_at"] = iso_ms(started_ms);
        status["uptime_s"] =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - admin_->started_steady)
                .count();
        // The WAL holds the latest commits until a checkpoint: count it too.
        std::error_code ec, wal_ec;
        const auto bytes = std::filesystem::file_size(admin_->database, ec);
        const auto wal_bytes = std::filesystem::file_size(admin_->database + "-wal", wal_ec);
        status["database"] = Json{{"path", admin_->database}, {"bytes", ec ? Json() : Json(bytes + (wal_ec ? 0 : wal_bytes))}};
    }
    Json clients = Json::object();
    if (admin_ && admin_->census) {
        const CensusCounts counts = admin_->census->counts();
        int total = counts.unauthenticated;
        for (const auto& [role, count] : counts.by_role) {
            clients[role] = count;
            total += count;
        }
        clients["unauthenticated"] = counts.unauthenticated;
        clients["total"] = total;
    }
    status["clients"] = clients;
    Json queues = Json::array();
    for (const auto& service : config_.services)
        queues.push_back(Json{{"code", service.code},
                              {"name", service.name},
                              {"open", service_open_now(service)},
                              {"waiting", store_.waiting_count(service.code)},
                              {"issued", store_.issued_count(service.code, day_)}});
    status["queues"] = queues;
    int open_counters = 0;
    for (const auto& counter : config_.counters) {
        auto row = store_.counter(counter.id);
        open_counters += row && row->open;
    }
    status["counters"] = Json{{"open", open_counters}, {"total", config_.counters.size()}};
    Json backup;  // null: no backup directory
    if (admin_ && admin_->backup) {
        const BackupState state = admin_->backup->state();
        backup = Json{{"dir", state.dir}, {"keep", state.keep}, {"running", state.running}, {"last", Json()}};
        if (state.last)
            backup["last"] = Json{{"file", std::filesystem::path(state.last->file).filename().string()},
                                  {"at", iso_ms(state.last->made_ms)},
                                  {"bytes", state.last->bytes},
                                  {"seq", state.last->seq}};
        backup["last_error"] = state.last_error ? Json(*state.last_error) : Json();
        if (state.last_error_ms) backup["last_error_at"] = iso_ms(*state.last_error_ms);
    }
    status["backup"] = backup;
    if (admin_) status["disk"] = disk_status(*admin_);
    status["bpjs"] = bpjs_figures();  // the BPJS outbox (engine_bpjs.cpp)
    return status;
}

}  // namespace anoman::server
