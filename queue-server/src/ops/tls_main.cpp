// si-anoman-tls: the optional TLS tunnel of the queue protocol (tls_tunnel.hpp).
//   si-anoman-tls cert --cert FILE --key FILE         a self-signed certificate; prints its pin
//   si-anoman-tls fingerprint FILE                    the pin of a certificate
//   si-anoman-tls server --listen 0.0.0.0:7701 --forward 127.0.0.1:7700 --cert FILE --key FILE
//   si-anoman-tls client --listen 127.0.0.1:7700 --connect SERVER:7701 --pin SHA256
// server and client print "listening on ADDR:PORT" first, then run until SIGTERM/SIGINT.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "tls_tunnel.hpp"

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// "host:port" or "[v6]:port", port 0-65535 (0: any free port, for tests).
void split_address(const std::string& option, const std::string& text, std::string& host, std::uint16_t& port) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        throw std::invalid_argument(option + ": expected HOST:PORT, got \"" + text + "\"");
    host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string digits = text.substr(colon + 1);
    if (digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos || std::stoi(digits) > 65535)
        throw std::invalid_argument(option + ": bad port \"" + digits + "\"");
    port = static_cast<std::uint16_t>(std::stoi(digits));
}

int run(int argc, char** argv) {
    CLI::App app{"si-anoman-tls: optional TLS for the Si Anoman queue protocol, as a tunnel on each end.\n"
                 "The server end holds a certificate; each client end pins its SHA-256 fingerprint.",
                 "si-anoman-tls"};
    app.set_version_flag("--version", std::string("si-anoman-tls ") + ANOMAN_VERSION);
    app.require_subcommand(1);
    std::string cert, key, listen, target, pin, name = "si-anoman-server";
    int days = 3650;
    auto* make = app.add_subcommand("cert", "make a P-256 key and a self-signed certificate; prints the pin");
    make->add_option("--cert", cert, "certificate file to write (PEM)")->required();
    make->add_option("--key", key, "key file to write (PEM, mode 0600)")->required();
    make->add_option("--name", name, "common name")->capture_default_str();
    make->add_option("--days", days, "validity in days")->capture_default_str();
    auto* print = app.add_subcommand("fingerprint", "print the pin (SHA-256 fingerprint) of a certificate");
    print->add_option("CERT", cert, "certificate file (PEM)")->required();
    auto* server = app.add_subcommand("server", "accept TLS on --listen, relay to the queue-server at --forward");
    server->add_option("--listen", listen, "address:port for TLS clients, e.g. 0.0.0.0:7701")->required();
    server->add_option("--forward", target, "the queue-server, e.g. 127.0.0.1:7700")->required();
    server->add_option("--cert", cert, "certificate (PEM)")->required();
    server->add_option("--key", key, "private key (PEM)")->required();
    auto* client = app.add_subcommand("client", "accept plain TCP on --listen (local programs), relay over TLS to --connect");
    client->add_option("--listen", listen, "local address:port, e.g. 127.0.0.1:7700")->required();
    client->add_option("--connect", target, "the TLS server end, e.g. 192.168.1.10:7701")->required();
    client->add_option("--pin", pin, "SHA-256 fingerprint of the server certificate (si-anoman-tls fingerprint)")->required();
    app.footer(R"text(Exit status:
  0 stopped by SIGTERM or SIGINT (or cert/fingerprint done); 1 failed; 2 usage error.

See also:
  /usr/share/doc/si-anoman-server/install-guide.md, section "Encryption (TLS)".
)text");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : kExitUsage;
    }
    spdlog::set_default_logger(spdlog::stderr_color_mt("si-anoman-tls"));
    try {
        const std::string command = app.get_subcommands().front()->get_name();
        if (command == "cert") {
            std::cout << "pin (SHA-256 fingerprint): " << anoman::tls::make_self_signed(cert, key, name, days) << "\n";
            return 0;
        }
        if (command == "fingerprint") {
            std::cout << anoman::tls::certificate_fingerprint(cert) << "\n";
            return 0;
        }
        anoman::tls::TunnelOptions options;
        options.mode = command == "server" ? anoman::tls::TunnelOptions::Mode::server : anoman::tls::TunnelOptions::Mode::client;
        split_address("--listen", listen, options.listen_host, options.listen_port);
        split_address(command == "server" ? "--forward" : "--connect", target, options.target_host, options.target_port);
        options.cert_file = cert;
        options.key_file = key;
        options.pin = pin;

        boost::asio::io_context io;
        anoman::tls::Tunnel tunnel(io, options);
        tunnel.start();
        boost::asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](boost::system::error_code, int) {
            tunnel.stop();
            io.stop();
        });
        ::signal(SIGPIPE, SIG_IGN);
        const auto endpoint = tunnel.local_endpoint();
        std::cout << "listening on " << endpoint.address().to_string() << ":" << endpoint.port() << std::endl;
        spdlog::info("{} end: {} -> {}", command, listen, target);
        io.run();
        return 0;
    } catch (const std::invalid_argument& e) {
        std::cerr << "si-anoman-tls: " << e.what() << "\n";
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "si-anoman-tls: " << e.what() << "\n";
        return kExitFailed;
    }
}

}  // namespace

int main(int argc, char** argv) { return run(argc, argv); }
