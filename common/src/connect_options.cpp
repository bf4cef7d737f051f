#include "anoman/connect_options.hpp"

#include <cstdlib>
#include <stdexcept>

#include "anoman/config.hpp"
#include "anoman/tls_cert.hpp"

namespace anoman {

void add_connect_options(CLI::App& app, ConnectArgs& args) {
    app.add_option("--server", args.server, "queue-server address HOST:PORT")->capture_default_str();
    app.add_option("--device", args.device, "this device's id in the server's configuration (default: the demo device)");
    app.add_option("--token", args.token, "this device's token (or set ANOMAN_TOKEN)");
    app.add_option("--tls-pin", args.tls_pin,
                   "connect with TLS; SHA256 fingerprint of the server's certificate (queuectl tls-pin FILE), "
                   "or set ANOMAN_TLS_PIN")
        ->option_text("SHA256");
}

void parse_host_port(const std::string& text, std::string& host, std::uint16_t& port) {
    std::string port_text;
    if (!text.empty() && text.front() == '[') {
        auto close = text.find(']');
        if (close == std::string::npos) throw std::invalid_argument("--server: missing ']' in \"" + text + "\"");
        host = text.substr(1, close - 1);
        if (close + 1 < text.size()) {
            if (text[close + 1] != ':') throw std::invalid_argument("--server: expected ':' after ']' in \"" + text + "\"");
            port_text = text.substr(close + 2);
        }
    } else {
        auto colon = text.rfind(':');
        host = text.substr(0, colon);
        if (colon != std::string::npos) port_text = text.substr(colon + 1);
    }
    if (host.empty()) throw std::invalid_argument("--server: missing host in \"" + text + "\"");
    port = proto::kDefaultPort;
    if (!port_text.empty()) {
        char* end = nullptr;
        long value = std::strtol(port_text.c_str(), &end, 10);
        if (*end != '\0' || value <= 0 || value > 65535)
            throw std::invalid_argument("--server: bad port \"" + port_text + "\" (expected 1-65535)");
        port = static_cast<std::uint16_t>(value);
    }
}

ConnectOptions resolve_connect_options(const ConnectArgs& args, proto::Role role) {
    ConnectOptions options;
    options.role = role;
    parse_host_port(args.server, options.host, options.port);
    options.device = args.device;
    options.token = args.token;
    if (options.token.empty()) {
        if (const char* env = std::getenv("ANOMAN_TOKEN"); env && *env) options.token = env;
    }
    std::string pin = args.tls_pin;
    if (pin.empty()) {
        if (const char* env = std::getenv("ANOMAN_TLS_PIN"); env && *env) pin = env;
    }
    if (!pin.empty()) {
        try {
            options.tls_pin = tls::normalize_pin(pin);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(std::string("--tls-pin: ") + e.what());
        }
    }
    if (options.device.empty()) {
        const DeviceConfig* demo = demo_config().first_device(role);
        if (demo) {
            options.device = demo->id;
            if (options.token.empty()) options.token = demo->token;
        }
    }
    return options;
}

}  // namespace anoman
