#include "backup_tool.hpp"

#include <ctime>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "anoman/config.hpp"
#include "backup.hpp"
#include "schema.hpp"

namespace anoman::server {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

std::string local_time(std::int64_t ms) {
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm local{};
    ::localtime_r(&seconds, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
    return text;
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
    app.add_option("--dir", dir, "backup directory (default: \"backups\" beside the database)");
    app.add_option("--keep", keep, "copies kept after a backup (0 keeps all)")->check(CLI::NonNegativeNumber)->capture_default_str();
    app.add_option("--pace-ms", pace_ms, "pause between steps of 64 pages (spares a slow disk)")
        ->check(CLI::NonNegativeNumber);
    app.set_version_flag("--version", std::string("si-anoman-backup ") + ANOMAN_VERSION);
    app.require_subcommand(1);
    app.add_subcommand("backup", "copy the database now (the queue keeps running), check the copy, keep the newest --keep");
    app.add_subcommand("list", "list the copies in the backup directory, newest first");
    app.add_subcommand("verify", "check a copy: integrity, schema version, last seq")->add_option("FILE", file)->required();
    app.add_subcommand("restore", "put a copy in place of the database (stop queue-server first)")
        ->add_option("FILE", file, "the copy (a path, or a name in the backup directory)")
        ->required();
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
        if (dir.empty()) dir = (std::filesystem::absolute(database).parent_path() / "backups").string();
        const std::string command = app.get_subcommands().front()->get_name();
        if (command == "backup") {
            const BackupInfo info = make_backup(BackupOptions{database, dir, keep, {}, std::chrono::milliseconds(pace_ms)});
            std::cout << "backup written: " << info.file << " (" << info.bytes << " bytes, seq " << info.seq
                      << ", integrity ok, " << info.duration_ms << " ms)\n";
        } else if (command == "list") {
            const auto copies = list_backups(dir);
            if (copies.empty()) std::cout << "no backups in " << dir << "\n";
            for (const BackupInfo& info : copies) std::cout << describe(info) << "\n";
        } else if (command == "verify") {
            const BackupInfo info = verify_backup(file);
            std::cout << file << ": integrity ok, schema version " << info.schema_version << ", seq " << info.seq << "\n";
        } else {
            if (!std::filesystem::exists(file) && std::filesystem::exists(std::filesystem::path(dir) / file))
                file = (std::filesystem::path(dir) / file).string();
            const BackupInfo info = restore_backup(file, database);
            std::cout << "restored " << file << " to " << database << " (schema version " << info.schema_version
                      << ", seq " << info.seq << ").\n"
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
