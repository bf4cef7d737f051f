// queuectl's operations subcommands (deploy/INSTALL.md): devices, backups,
// health, tokens. The requests are admin extensions of the protocol
// (queue-server/src/engine/engine_admin.cpp):
//   queuectl device add ID --role ROLE [--counter C] [--note TEXT]   token shown once
//   queuectl device revoke ID      refused at its next hello, its connections closed
//   queuectl device list
//   queuectl backup [--no-wait]    an online backup by the server (backup.now), waited for
//   queuectl status                version, uptime, clients by role, queues, last backup
//   queuectl token                 a fresh token and its SHA-256 (offline, for server.json)
#include <chrono>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "anoman/sync_connection.hpp"
#include "device_token.hpp"
#include "queuectl.hpp"
#include "sha256.hpp"

namespace anoman::queuectl {

namespace {

std::string text_or(const Json& object, const char* key, const std::string& absent = "-") {
    if (!object.is_object()) return absent;
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return absent;
    if (it->is_string()) return it->get<std::string>();
    return it->dump();
}

std::int64_t number_or(const Json& object, const char* key, std::int64_t absent = 0) {
    if (!object.is_object()) return absent;
    auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<std::int64_t>() : absent;
}

std::string bytes_text(std::int64_t bytes) {
    std::ostringstream text;
    if (bytes < 10 * 1024) text << bytes << " bytes";
    else if (bytes < 10 * 1024 * 1024) text << bytes / 1024 << " KiB";
    else if (bytes < 10LL * 1024 * 1024 * 1024)
        text << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / (1024.0 * 1024.0) << " MiB";
    else text << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0) << " GiB";
    return text.str();
}

std::string uptime_text(std::int64_t seconds) {
    std::ostringstream text;
    if (seconds >= 86400) text << seconds / 86400 << " d ";
    text << std::setfill('0') << std::setw(2) << (seconds % 86400) / 3600 << ":" << std::setw(2) << (seconds % 3600) / 60
         << ":" << std::setw(2) << seconds % 60;
    return text.str();
}

std::string format_device_list(const Json& reply) {
    std::ostringstream out;
    out << std::left << std::setw(16) << "DEVICE" << std::setw(9) << "ROLE" << std::setw(9) << "COUNTER"
        << std::setw(10) << "SOURCE" << std::setw(9) << "STATE" << std::setw(6) << "CONN"
        << "NOTE\n";
    for (const Json& device : reply.at("devices")) {
        const bool revoked = device.value("revoked", false);
        out << std::left << std::setw(16) << text_or(device, "id") << std::setw(9) << text_or(device, "role")
            << std::setw(9) << text_or(device, "counter") << std::setw(10) << text_or(device, "source")
            << std::setw(9) << (revoked ? "revoked" : "active") << std::setw(6) << number_or(device, "connections")
            << text_or(device, "note", "") << "\n";
    }
    std::string text = out.str();
    if (!text.empty()) text.pop_back();
    return text;
}

std::string format_backup_line(const Json& last) {
    return text_or(last, "file") + " at " + text_or(last, "at") + ", seq " + std::to_string(number_or(last, "seq")) +
           ", " + bytes_text(number_or(last, "bytes"));
}

}  // namespace

std::string format_status(const Json& status) {
    std::ostringstream out;
    out << text_or(status, "server") << "  " << text_or(status, "hospital", "") << "\n";
    out << "  up        " << uptime_text(number_or(status, "uptime_s")) << " (since " << text_or(status, "started_at")
        << "), epoch " << text_or(status, "epoch") << "\n";
    out << "  day       " << text_or(status, "service_day") << ", seq " << number_or(status, "seq") << ", schema "
        << number_or(status, "schema_version") << "\n";
    const Json& clients = status.value("clients", Json::object());
    out << "  clients   ";
    for (const char* role : {"kiosk", "display", "counter", "admin"})
        out << role << " " << number_or(clients, role) << (std::string(role) == "admin" ? "" : ", ");
    out << " (" << number_or(clients, "total") << " connections";
    if (number_or(clients, "unauthenticated") > 0) out << ", " << number_or(clients, "unauthenticated") << " before hello";
    out << ")\n";
    out << "  queues    ";
    bool first = true;
    for (const Json& queue : status.value("queues", Json::array())) {
        out << (first ? "" : ", ") << text_or(queue, "code") << " " << number_or(queue, "waiting") << " waiting";
        if (!queue.value("open", true)) out << " (closed)";
        first = false;
    }
    out << "\n";
    const Json& counters = status.value("counters", Json::object());
    out << "  counters  " << number_or(counters, "open") << " of " << number_or(counters, "total") << " open\n";
    const Json& database = status.value("database", Json::object());
    out << "  database  " << text_or(database, "path") << ", " << bytes_text(number_or(database, "bytes")) << "\n";
    // Free space: the database's disk, and the backups' when that is another one.
    std::string disk_warnings;
    for (const Json& disk : status.value("disk", Json::array())) {
        out << "  disk      " << bytes_text(number_or(disk, "free_bytes")) << " free of "
            << bytes_text(number_or(disk, "total_bytes")) << " (" << text_or(disk, "holds") << ", " << text_or(disk, "path")
            << ")\n";
        if (disk.value("low", false))
            disk_warnings += "\n  WARNING   disk space low for the " + text_or(disk, "holds") + ": " +
                             bytes_text(number_or(disk, "free_bytes")) + " free, warning below " +
                             bytes_text(number_or(disk, "warn_below_bytes")) + " (install-guide.md, \"A full disk\")";
    }
    const Json& backup = status.value("backup", Json());
    if (backup.is_null()) {
        out << "  backup    none configured";
    } else {
        const Json& last = backup.value("last", Json());
        out << "  backup    " << (last.is_null() ? "none yet in " + text_or(backup, "dir") : format_backup_line(last));
        if (backup.value("running", false)) out << " (a backup is running now)";
        if (!backup.value("last_error", Json()).is_null())
            out << "\n  WARNING   the last backup failed at " << text_or(backup, "last_error_at") << ": "
                << text_or(backup, "last_error");
    }
    out << disk_warnings;
    if (status.contains("bpjs")) out << "\n" << format_bpjs_figures(status["bpjs"]);  // the BPJS outbox
    return out.str();
}

void add_ops_subcommands(CLI::App& app, Command& command) {
    auto* device = app.add_subcommand("device", "register, revoke and list devices (kiosks, displays, counters, admins)");
    device->require_subcommand(1);
    auto* add = device->add_subcommand("add", "register a device; prints its token once (the server keeps only a hash)");
    add->add_option("ID", command.device, "device id, e.g. kiosk-3 (letters, digits, . _ -)")->required();
    add->add_option("--role", command.device_role, "kiosk, display, counter or admin")
        ->required()
        ->check(CLI::IsMember({"kiosk", "display", "counter", "admin"}));
    add->add_option("--counter", command.counter, "the counter a counter device serves, e.g. L1");
    add->add_option("--note", command.note, "where it is, who has it (shown by device list)");
    add->callback([&command] { command.action = "add"; });
    auto* revoke = device->add_subcommand("revoke", "revoke a device now: refused at its next hello, connections closed");
    revoke->add_option("ID", command.device, "device id")->required();
    revoke->callback([&command] { command.action = "revoke"; });
    auto* list = device->add_subcommand("list", "every device: configuration file and registered, active or revoked");
    list->callback([&command] { command.action = "list"; });

    auto* backup = app.add_subcommand("backup", "make an online backup now (the queue keeps running) and wait for it");
    backup->add_flag("--no-wait", command.no_wait, "return as soon as the server has started the backup");
    app.add_subcommand("status", "the server's version, uptime, clients by role, queue lengths and last backup");
    app.add_subcommand("token", "print a fresh device token and its SHA-256 (for \"token_sha256\" in server.json); offline");
    add_bpjs_subcommands(app, command);  // bpjs_commands.cpp
    add_web_subcommands(app, command);  // web_commands.cpp
}

std::optional<Json> build_ops_request(const Command& command) {
    if (command.name == "device") {
        if (command.action == "add") {
            proto::DeviceAddRequest request;
            request.device = command.device;
            request.role = proto::role_from_string(command.device_role).value_or(proto::Role::display);  // CLI checked it
            if (!command.counter.empty()) request.counter = command.counter;
            if (!command.note.empty()) request.note = command.note;
            return request;
        }
        if (command.action == "revoke") return proto::DeviceRevokeRequest{command.device};
        return proto::DeviceListRequest{};
    }
    if (command.name == "backup") return proto::BackupNowRequest{};
    if (command.name == "status") return proto::ServerStatusRequest{};
    if (command.name == "web") return build_web_request(command);  // web_commands.cpp
    return build_bpjs_request(command);                           // bpjs_commands.cpp
}

std::optional<std::string> format_ops_reply(const Command& command, const Json& reply) {
    if (command.name == "device" && command.action == "add") {
        const Json& device = reply.at("device");
        return "device " + text_or(device, "id") + " (" + text_or(device, "role") + ") registered.\n" +
               "Its token, shown only this once (give it to the device as ANOMAN_TOKEN):\n" +
               reply.at("token").get<std::string>();
    }
    if (command.name == "device" && command.action == "revoke")
        return "device " + text_or(reply.at("device"), "id") + " revoked; its connections were closed.";
    if (command.name == "device") return format_device_list(reply);
    if (command.name == "backup") return "backup started in " + text_or(reply, "dir");
    if (command.name == "status") return format_status(reply);
    if (command.name == "web") return format_web_reply(command, reply);  // web_commands.cpp
    return format_bpjs_reply(command, reply);                           // bpjs_commands.cpp
}

int run_token(std::ostream& out) {
    const std::string token = secrets::generate_token();
    out << "token:        " << token << "\n"
        << "token_sha256: " << secrets::sha256_hex(token) << "\n"
        << "Give the token to the device (ANOMAN_TOKEN); put only token_sha256 in server.json.\n";
    return kExitOk;
}

int run_backup(const Invocation& inv, const ConnectOptions& connect, std::ostream& out, std::ostream& err) {
    const auto timeout = std::chrono::milliseconds(static_cast<long long>(inv.options.timeout_s * 1000));
    SyncConnection connection(connect, timeout);
    try {
        connection.connect();
        const Json before = connection.request(proto::ServerStatusRequest{});
        const Json started = connection.request(proto::BackupNowRequest{});
        if (!started.value("ok", false)) {
            if (inv.options.json) out << started.dump() << "\n";
            err << "queuectl: " << format_error(started) << "\n";
            return kExitErrorReply;
        }
        if (inv.command.no_wait) {
            out << (inv.options.json ? started.dump() : format_ops_reply(inv.command, started).value_or("")) << "\n";
            return kExitOk;
        }
        const Json previous = before.value("backup", Json::object()).value("last", Json());
        // The backup runs on the server's own thread; poll its status until it is done.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(30);
        while (std::chrono::steady_clock::now() < deadline && !interrupted()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            const Json status = connection.request(proto::ServerStatusRequest{});
            const Json backup = status.value("backup", Json::object());
            if (backup.value("running", true)) continue;
            if (!backup.value("last_error", Json()).is_null()) {
                err << "queuectl: the backup failed: " << text_or(backup, "last_error") << "\n";
                return kExitErrorReply;
            }
            const Json last = backup.value("last", Json());
            if (last.is_null() || last == previous) {
                err << "queuectl: the backup finished but no new copy is in " << text_or(backup, "dir") << "\n";
                return kExitErrorReply;
            }
            if (inv.options.json) out << last.dump() << "\n";
            else out << "backup written: " << text_or(backup, "dir") << "/" << format_backup_line(last) << " (integrity ok)\n";
            return kExitOk;
        }
        err << "queuectl: gave up waiting for the backup\n";
        return kExitErrorReply;
    } catch (const SyncError& e) {
        if (e.kind() == SyncError::Kind::refused) {
            err << "queuectl: the server refused this device: " << e.what() << "\n";
            return kExitErrorReply;
        }
        err << "queuectl: cannot reach the queue-server at " << connect.host << ":" << connect.port << ": " << e.what()
            << "\n";
        return kExitUnreachable;
    }
}

}  // namespace anoman::queuectl
