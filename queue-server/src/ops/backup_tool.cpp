#include "backup_tool.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include <CLI/CLI.hpp>

#include "anoman/config.hpp"
#include "anoman/hospital_clock.hpp"
#include "backup.hpp"
#include "schema.hpp"

namespace anoman::server {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

std::string local_time(std::int64_t ms) {
    static const HospitalClock machine = HospitalClock::of_this_machine();  // once, not per listed backup
    return machine.iso_local(SysMillis{std::chrono::milliseconds{ms}});
}

// SI_ANOMAN_BACKUP_DIR / _KEEP from the packaged settings file
// (/etc/default/si-anoman, shell syntax): the units read it through systemd,
// and IT staff running this tool by hand must get the same directory.
std::map<std::string, std::string> read_settings(const std::string& path) {
    std::map<std::string, std::string> values;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        const auto start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#') continue;
        line = line.substr(start);
        if (line.rfind("export ", 0) == 0) line = line.substr(7);
        const auto equals = line.find('=');
        if (equals == std::string::npos) continue;
        std::string value = line.substr(equals + 1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) value.pop_back();
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        values[line.substr(0, equals)] = value;
    }
    return values;
}

std::string describe(const BackupInfo& info) {
    return std::filesystem::path(info.file).filename().string() + "  " + local_time(info.made_ms) + "  seq " +
           std::to_string(info.seq) + "  " + std::to_string(info.bytes) + " bytes";
}

}  // namespace

int run_backup_tool(int argc, char** argv) {
    CLI::App app{"si-anoman-backup: online backups of the Si Anoman queue database, and their restore.\n"
                 "backup, list and verify work while queue-server runs; restore needs it stopped.",
                 "si-anoman-backup"};
    std::string config_path, database, dir, file;
    int keep = 14, pace_ms = 0;
    app.add_option("--config", config_path, "queue-server configuration (JSON): its \"database\" is used");
    app.add_option("--db", database, "database file (default: the configuration's \"database\")");
    std::string settings = "/etc/default/si-anoman";
    bool devices_from_copy = false;
    app.add_option("--dir", dir,
                   "backup directory (default: $SI_ANOMAN_BACKUP_DIR, else that line of --settings, else \"backups\" "
                   "beside the database)");
    app.add_option("--keep", keep, "copies kept after a backup (0 keeps all; default: $SI_ANOMAN_BACKUP_KEEP, else "
                                   "that line of --settings, else 14)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--settings", settings, "the service settings file read for SI_ANOMAN_BACKUP_DIR and _KEEP")
        ->capture_default_str();
    app.add_option("--pace-ms", pace_ms, "pause between steps of 64 pages (spares a slow disk)")
        ->check(CLI::NonNegativeNumber);
    app.set_version_flag("--version", std::string("si-anoman-backup ") + ANOMAN_VERSION);
    app.require_subcommand(1);
    app.add_subcommand("backup", "copy the database now (the queue keeps running), check the copy, keep the newest --keep");
    app.add_subcommand("list", "list the copies in the backup directory, newest first");
    app.add_subcommand("verify", "check a copy: integrity, schema version, last seq")->add_option("FILE", file)->required();
    auto* restore = app.add_subcommand(
        "restore", "put a copy in place of the database (stop queue-server first); the device registry of the "
                   "replaced database is kept");
    restore->add_option("FILE", file, "the copy (a path, or a name in the backup directory)")->required();
    restore->add_flag("--devices-from-copy", devices_from_copy,
                      "take the copy's device registry (only when the replaced database is lost: devices registered "
                      "after the copy are then missing, devices revoked after it can connect again)");
    app.footer(R"(Exit status: 0 ok; 1 failed (the message says why); 2 usage error.

Examples:
  si-anoman-backup --config /etc/si-anoman/server.json backup
  si-anoman-backup --config /etc/si-anoman/server.json list
  sudo systemctl stop si-anoman-server
  sudo si-anoman-backup --config /etc/si-anoman/server.json restore queue-20261122T010000.000Z-seq41.db
  sudo systemctl start si-anoman-server
)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : kExitUsage;
    }

    try {
        if (database.empty()) {
            if (config_path.empty()) {
                std::cerr << "si-anoman-backup: give --config or --db\n";
                return kExitUsage;
            }
            database = load_config_file(config_path).database;
        }
        const auto from_settings = read_settings(settings);
        auto setting = [&](const char* name) -> std::string {
            if (const char* value = std::getenv(name); value && *value) return value;
            const auto it = from_settings.find(name);
            return it == from_settings.end() ? std::string() : it->second;
        };
        if (dir.empty()) dir = setting("SI_ANOMAN_BACKUP_DIR");
        if (dir.empty()) dir = (std::filesystem::absolute(database).parent_path() / "backups").string();
        if (app.count("--keep") == 0 && !setting("SI_ANOMAN_BACKUP_KEEP").empty()) {
            try {
                keep = std::stoi(setting("SI_ANOMAN_BACKUP_KEEP"));
            } catch (const std::exception&) {
                std::cerr << "si-anoman-backup: SI_ANOMAN_BACKUP_KEEP is not a number\n";
                return kExitUsage;
            }
        }
        const std::string command = app.get_subcommands().front()->get_name();
        if (command == "backup") {
            const BackupInfo info = make_backup(BackupOptions{database, dir, keep, {}, std::chrono::milliseconds(pace_ms)});
            std::cout << "backup written: " << info.file << " (" << info.bytes << " bytes, seq " << info.seq
                      << ", integrity ok, " << info.duration_ms << " ms)\n";
        } else if (command == "list") {
            const auto copies = list_backups(dir);
            std::cout << (copies.empty() ? "no backups in " : "backups in ") << dir << "\n";
            for (const BackupInfo& info : copies) std::cout << describe(info) << "\n";
        } else if (command == "verify") {
            const BackupInfo info = verify_backup(file);
            std::cout << file << ": integrity ok, schema version " << info.schema_version << ", seq " << info.seq << "\n";
        } else {
            if (!std::filesystem::exists(file) && std::filesystem::exists(std::filesystem::path(dir) / file))
                file = (std::filesystem::path(dir) / file).string();
            RegistryCarry registry;
            const BackupInfo info = restore_backup(file, database, devices_from_copy, &registry);
            std::cout << "restored " << file << " to " << database << " (schema version " << info.schema_version
                      << ", seq " << info.seq << ").\n";
            if (registry.outcome == RegistryCarry::Outcome::kept)
                std::cout << "Devices: the registry of the replaced database is kept (" << registry.devices
                          << " registered or revoked devices)" << (registry.changes.empty() ? "; the copy's was the same.\n" : ":\n");
            else
                std::cout << "Devices: the copy's registry is used, " << registry.why << " (" << registry.devices
                          << " registered or revoked devices)" << (registry.changes.empty() ? ".\n" : ":\n");
            for (const std::string& change : registry.changes) std::cout << "  " << change << "\n";
            if (registry.outcome == RegistryCarry::Outcome::copy_used && registry.devices > 0)
                std::cout << "Check them (queuectl device list): revoke again any device revoked after this copy was "
                             "made.\n";
            std::cout
                      << "The replaced files were kept as " << database << ".replaced-*.\n"
                      << "Tickets issued after this backup are not in it. Start the server:"
                         " sudo systemctl start si-anoman-server\n";
        }
    } catch (const ConfigError& e) {
        std::cerr << "si-anoman-backup: invalid configuration: " << e.what() << "\n";
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "si-anoman-backup: " << e.what() << "\n";
        return kExitFailed;
    }
    return 0;
}

}  // namespace anoman::server
