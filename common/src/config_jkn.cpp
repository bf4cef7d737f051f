// The "mobile_jkn" block (PROTOCOL.md "Configuration for the web doors",
// docs/mobile-jkn.md): the listener Mobile JKN calls through the hospital's
// reverse proxy. Strict like the rest: unknown keys and wrong types are
// ConfigError with the path. The password itself is read at start
// (read_secret_file), never here.
#include <arpa/inet.h>

#include "anoman/config.hpp"
#include "config_reader.hpp"

namespace anoman {
namespace {

using proto::Json;

using namespace config_reader;

bool ip_address(const std::string& address) {
    unsigned char buffer[16];
    return ::inet_pton(AF_INET, address.c_str(), buffer) == 1 || ::inet_pton(AF_INET6, address.c_str(), buffer) == 1;
}

}  // namespace

MobileJknConfig parse_mobile_jkn_config(const Json& block, const std::string& path) {
    only_keys(block, path, {"listen", "username", "password_file", "token_minutes", "trusted_proxies",
                            "requests_per_second"});
    MobileJknConfig jkn;
    if (const Json* listen = find(block, path, "listen")) {
        const std::string where = at(path, "listen");
        only_keys(*listen, where, {"host", "port"});
        jkn.host = text(*listen, where, "host", false, jkn.host);
        if (jkn.host.empty()) fail(at(where, "host"), "expected an address such as 127.0.0.1");
        jkn.port = port(*listen, where).value_or(jkn.port);
    }
    jkn.username = nonempty(block, path, "username");
    if (jkn.username.size() > 64) fail(at(path, "username"), "at most 64 characters");
    jkn.password_file = nonempty(block, path, "password_file");
    if (auto minutes = whole_number(block, path, "token_minutes", 1, 1440,
                                    "expected a whole number of minutes from 1 to 1440"))
        jkn.token_minutes = static_cast<int>(*minutes);
    jkn.trusted_proxies = string_list(block, path, "trusted_proxies", false);
    for (std::size_t i = 0; i < jkn.trusted_proxies.size(); ++i)
        if (!ip_address(jkn.trusted_proxies[i]))
            fail(at(path, "trusted_proxies") + "[" + std::to_string(i) + "]", "expected an IP address");
    jkn.requests_per_second = number(block, path, "requests_per_second", 0.1, 100000,
                                     "expected a number from 0.1 to 100000")
                                  .value_or(jkn.requests_per_second);
    return jkn;
}

}  // namespace anoman
