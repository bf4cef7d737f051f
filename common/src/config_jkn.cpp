// The "mobile_jkn" block (PROTOCOL.md "Configuration for the web doors",
// docs/mobile-jkn.md): the listener Mobile JKN calls through the hospital's
// reverse proxy. Strict like the rest: unknown keys and wrong types are
// ConfigError with the path. The password itself is read at start
// (read_secret_file), never here.
#include <arpa/inet.h>

#include <initializer_list>

#include "anoman/config.hpp"

namespace anoman {
namespace {

using proto::Json;

[[noreturn]] void refuse(const std::string& path, const std::string& what) { throw ConfigError(path + ": " + what); }

void known_keys(const Json& block, const std::string& path, std::initializer_list<const char*> allowed) {
    if (!block.is_object()) refuse(path, "expected an object");
    for (auto it = block.begin(); it != block.end(); ++it) {
        bool known = false;
        for (const char* key : allowed) known = known || it.key() == key;
        if (!known) refuse(path + "." + it.key(), "unknown key");
    }
}

std::string text(const Json& block, const std::string& path, const char* key) {
    auto it = block.find(key);
    if (it == block.end()) refuse(path + "." + key, "missing");
    if (!it->is_string() || it->get<std::string>().empty()) refuse(path + "." + key, "expected a non-empty string");
    return it->get<std::string>();
}

bool ip_address(const std::string& address) {
    unsigned char buffer[16];
    return ::inet_pton(AF_INET, address.c_str(), buffer) == 1 || ::inet_pton(AF_INET6, address.c_str(), buffer) == 1;
}

}  // namespace

MobileJknConfig parse_mobile_jkn_config(const Json& block, const std::string& path) {
    known_keys(block, path, {"listen", "username", "password_file", "token_minutes", "trusted_proxies",
                             "requests_per_second"});
    MobileJknConfig jkn;
    if (auto listen = block.find("listen"); listen != block.end()) {
        known_keys(*listen, path + ".listen", {"host", "port"});
        if (auto host = listen->find("host"); host != listen->end()) {
            if (!host->is_string() || host->get<std::string>().empty())
                refuse(path + ".listen.host", "expected an address such as 127.0.0.1");
            jkn.host = host->get<std::string>();
        }
        if (auto port = listen->find("port"); port != listen->end()) {
            if (!port->is_number_integer() || port->get<std::int64_t>() < 0 || port->get<std::int64_t>() > 65535)
                refuse(path + ".listen.port", "expected a port number from 0 to 65535");
            jkn.port = static_cast<std::uint16_t>(port->get<int>());
        }
    }
    jkn.username = text(block, path, "username");
    if (jkn.username.size() > 64) refuse(path + ".username", "at most 64 characters");
    jkn.password_file = text(block, path, "password_file");
    if (auto minutes = block.find("token_minutes"); minutes != block.end()) {
        if (!minutes->is_number_integer() || minutes->get<std::int64_t>() < 1 || minutes->get<std::int64_t>() > 1440)
            refuse(path + ".token_minutes", "expected a whole number of minutes from 1 to 1440");
        jkn.token_minutes = minutes->get<int>();
    }
    if (auto proxies = block.find("trusted_proxies"); proxies != block.end()) {
        if (!proxies->is_array()) refuse(path + ".trusted_proxies", "expected an array of IP addresses");
        for (std::size_t i = 0; i < proxies->size(); ++i) {
            const Json& item = (*proxies)[i];
            const std::string where = path + ".trusted_proxies[" + std::to_string(i) + "]";
            if (!item.is_string() || !ip_address(item.get<std::string>())) refuse(where, "expected an IP address");
            jkn.trusted_proxies.push_back(item.get<std::string>());
        }
    }
    if (auto rate = block.find("requests_per_second"); rate != block.end()) {
        if (!rate->is_number() || rate->get<double>() < 0.1 || rate->get<double>() > 100000)
            refuse(path + ".requests_per_second", "expected a number from 0.1 to 100000");
        jkn.requests_per_second = rate->get<double>();
    }
    return jkn;
}

}  // namespace anoman
