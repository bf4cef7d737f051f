#include "server_main.hpp"

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <random>

#include <CLI/CLI.hpp>
#include <utility>
#include <boost/asio.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "anoman/bpjs_secrets.hpp"
#include "anoman/config.hpp"
#include "anoman/tls_cert.hpp"
#include "bpjs_sender.hpp"
#include "database_file.hpp"
#include "server.hpp"
#include "server_ops.hpp"
#include "tls_context.hpp"
#include "jkn_door.hpp"
#include "web_door.hpp"

namespace anoman::server {
namespace {

constexpr int kExitConfig = 2;
constexpr int kExitRuntime = 1;

std::string new_epoch() {
    std::random_device random;
    std::uniform_int_distribution<std::uint32_t> dist;
    char text[20];
    std::snprintf(text, sizeof text, "%08x%08x", dist(random), dist(random));
    return text;
}

}  // namespace

int run_server(int argc, char** argv) {
    CLI::App app{"Si Anoman queue-server: the hospital queue's only owner of state.\n"
                 "With no --config it runs the built-in demo hospital with a database in the working directory."};
    std::string config_path, db_path, host;
    int port = -1;
    std::string log_level = "info";
    app.add_option("--config", config_path, "configuration file (JSON); default: the built-in demo configuration");
    app.add_option("--db", db_path, "SQLite database file (default: the configuration's \"database\")");
    app.add_option("--host", host, "address to listen on (default: the configuration's listen.host)");
    app.add_option("--port", port, "TCP port; 0 takes a free port (default: listen.port, 7700)")->check(CLI::Range(0, 65535));
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error")->capture_default_str();
    app.set_version_flag("--version", std::string("queue-server ") + ANOMAN_VERSION);
    int bpjs_timeout_ms = 15000;
    app.add_option("--bpjs-timeout-ms", bpjs_timeout_ms,
                   "BPJS reporting: the limit on each step of a call (connect, TLS, send, answer), in ms")
        ->check(CLI::Range(100, 600000))
        ->capture_default_str();
    OpsOptions ops_options;  // backups (server_ops.hpp)
    add_ops_options(app, ops_options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : kExitConfig;
    }

    // Logs go to stderr: stdout's first line belongs to "listening on".
    auto logger = spdlog::stderr_color_mt("queue-server");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(log_level));

    Config config;
    try {
        config = config_path.empty() ? demo_config() : load_config_file(config_path);
    } catch (const ConfigError& e) {
        std::cerr << "queue-server: invalid configuration: " << e.what() << std::endl;
        return kExitConfig;
    }
    // The BPJS secret files are read now: a file others can read stops the start (exit 2).
    std::optional<BpjsCredentials> bpjs_credentials;
    if (config.bpjs) {
        try {
            bpjs_credentials = load_bpjs_credentials(*config.bpjs);
        } catch (const ConfigError& e) {
            std::cerr << "queue-server: invalid configuration: " << e.what() << std::endl;
            return kExitConfig;
        }
    }
    // The protocol port's TLS (listen.tls): its key is checked like the BPJS secret (exit 2).
    std::shared_ptr<boost::asio::ssl::context> tls_context;
    if (config.listen_tls) {
        try {
            tls_context = make_server_tls_context(*config.listen_tls);
        } catch (const ConfigError& e) {
            std::cerr << "queue-server: invalid configuration: " << e.what() << std::endl;
            return kExitConfig;
        }
    }
    // The Mobile JKN password too (docs/mobile-jkn.md), under the same rules.
    std::string jkn_password;
    if (config.mobile_jkn) {
        try {
            jkn_password = read_secret_file(config.mobile_jkn->password_file, "mobile_jkn.password_file");
        } catch (const ConfigError& e) {
            std::cerr << "queue-server: invalid configuration: " << e.what() << std::endl;
            return kExitConfig;
        }
    }
    if (!db_path.empty()) config.database = db_path;
    if (!host.empty()) config.listen_host = host;
    if (port >= 0) config.listen_port = static_cast<std::uint16_t>(port);
    if (config_path.empty()) spdlog::info("no --config: running the built-in demo hospital \"{}\"", config.hospital.name);

    // One server per database, on the file itself (database_file.hpp). Declared
    // before the Database: its descriptor must outlive SQLite's.
    DatabaseFile database_file;
    try {
        DatabaseFile::check_before_open(config.database);
        Database db(config.database);
        database_file.lock(config.database);
        prepare_database(db, config.database, ops_options);  // a copy before a schema migration
        Engine engine(config, db, new_epoch(), &HospitalClock::now, &std::chrono::steady_clock::now);
        engine.set_database_check([&database_file] { database_file.exit_if_lost(); });
        boost::asio::io_context io;
        Server server(io, engine, config.listen_host, config.listen_port);
        if (tls_context) {
            server.use_tls(tls_context);
            spdlog::info("TLS on the protocol port: certificate {} (clients pin SHA-256 {})", config.listen_tls->cert_file,
                         tls::certificate_fingerprint(config.listen_tls->cert_file));
        }
        OpsRuntime ops(ops_options, config.database, engine, server, io);  // backups, status, systemd
        // Read before the engine thread starts: the connection is NOMUTEX and
        // belongs to that thread from then on (a query from here raced with the
        // first tick's write and corrupted WAL frames).
        const std::int64_t seq_at_start = engine.last_seq();
        // BPJS reporting: its own thread and its own connection to the database file.
        std::unique_ptr<BpjsSender> bpjs_sender;
        if (bpjs_credentials && config.database == ":memory:") {
            spdlog::warn("bpjs: not reporting: a :memory: database cannot be shared with the sender");
        } else if (bpjs_credentials) {
            BpjsSenderOptions bpjs_options;
            bpjs_options.step_timeout = std::chrono::milliseconds(bpjs_timeout_ms);
            bpjs_sender = std::make_unique<BpjsSender>(*bpjs_credentials, parse_bpjs_url(config.bpjs->base_url),
                                                       config.database, bpjs_options);
            server.set_bpjs(bpjs_sender.get());
        }
        server.start();
        if (bpjs_sender) bpjs_sender->start();
        // The LAN's web door (docs/web.md), only when configured.
        std::unique_ptr<web::WebDoor> web_door;
        if (config.web) {
            web_door = std::make_unique<web::WebDoor>(io, config, server, web::web_limits(*config.web));
            web_door->start();
        }

        // The Mobile JKN door (docs/mobile-jkn.md), only when configured.
        std::unique_ptr<jkn::JknDoor> jkn_door;
        if (config.mobile_jkn) {
            jkn_door = std::make_unique<jkn::JknDoor>(io, config, server, std::move(jkn_password));
            jkn_door->start();
        }

        std::optional<boost::asio::signal_set> signals(std::in_place, io, SIGINT, SIGTERM);
        signals->async_wait([&](boost::system::error_code ec, int signal_number) {
            if (ec) return;
            spdlog::info("signal {}: finishing what is in flight, then stopping", signal_number);
            ops.stopping();
            if (web_door) web_door->stop();
            if (jkn_door) jkn_door->stop();
            server.shutdown([&io] { io.stop(); });
        });
        ::signal(SIGPIPE, SIG_IGN);
        // SIGHUP (a closed terminal, a "reload" by habit) must not kill the server.
        // Ignored, not a log reopen: the log goes to stderr (journald) and has no file to reopen.
        ::signal(SIGHUP, SIG_IGN);

        const auto endpoint = server.local_endpoint();
        std::cout << "listening on " << endpoint.address().to_string() << ":" << endpoint.port() << std::endl;
        if (web_door) {
            const auto web_endpoint = web_door->local_endpoint();
            std::cout << "web listening on " << web_endpoint.address().to_string() << ":" << web_endpoint.port()
                      << std::endl;
        }
        if (jkn_door) {
            const auto jkn_endpoint = jkn_door->local_endpoint();
            std::cout << "mobile-jkn listening on " << jkn_endpoint.address().to_string() << ":" << jkn_endpoint.port()
                      << std::endl;
        }
        spdlog::info("epoch {}, service day {}, database {}, seq {}", engine.epoch(), engine.current_day(),
                     config.database, seq_at_start);
        io.run();
        // `timeout` and systemd may send SIGTERM twice (to the process, then to
        // its group). Once stopping, a second one must not kill the clean
        // shutdown that follows (closing the database): the signal_set's
        // destructor restores the default action, so ignore them after it.
        signals.reset();
        ::signal(SIGTERM, SIG_IGN);
        ::signal(SIGINT, SIG_IGN);
        if (bpjs_sender) bpjs_sender->stop();
        spdlog::info("stopped cleanly");
    } catch (const DatabaseFileError& e) {
        std::cerr << "queue-server: " << e.what() << std::endl;
        return e.exit_status();
    } catch (const StoreError& e) {
        std::cerr << "queue-server: " << e.what() << std::endl;
        return kExitRuntime;
    } catch (const std::exception& e) {
        std::cerr << "queue-server: " << e.what() << std::endl;
        return kExitRuntime;
    }
    return 0;
}

}  // namespace anoman::server
