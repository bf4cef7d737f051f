// The connection options every client program takes (PROTOCOL.md):
//   --server HOST:PORT  --device ID  --token TOKEN (or ANOMAN_TOKEN)
//   --tls-pin SHA256 (or ANOMAN_TLS_PIN): TLS, pinned to the server's certificate
// With none given, a program connects to 127.0.0.1:7700 as the built-in demo
// configuration's first device of its role.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "anoman/client.hpp"

namespace anoman {

struct ConnectArgs {
    std::string server = "127.0.0.1:" + std::to_string(proto::kDefaultPort);
    std::string device;
    std::string token;
    std::string tls_pin;
};

// Adds --server, --device, --token and --tls-pin to app, storing into args.
void add_connect_options(CLI::App& app, ConnectArgs& args);

// Resolves args into ConnectOptions for a program of this role: parses
// HOST:PORT (throws std::invalid_argument with a readable message), takes the
// token from ANOMAN_TOKEN when --token is absent (the pin from ANOMAN_TLS_PIN
// when --tls-pin is, checked: 64 hex digits, colons allowed), and fills the
// demo device and token when --device is absent.
ConnectOptions resolve_connect_options(const ConnectArgs& args, proto::Role role);

// "host:port" / "[v6]:port" / "host" -> host and port (default 7700).
void parse_host_port(const std::string& text, std::string& host, std::uint16_t& port);

}  // namespace anoman
