// The BPJS base URL of the configuration ("https://<host>/antreanrs"), taken
// apart once so the client never parses it again. http:// is accepted only for
// a loopback host (tests, a local stub): anything else would send the signed
// headers in clear over the network.
#pragma once

#include <cstdint>
#include <string>

namespace anoman {

struct BpjsUrl {
    bool tls = true;
    std::string host;        // without brackets for IPv6
    std::uint16_t port = 443;
    std::string path_prefix;  // "/antreanrs" (no trailing slash; "" for the root)

    std::string origin() const;  // "https://host:port", for log lines (never holds a secret)
};

bool is_loopback_host(const std::string& host);

// Throws ConfigError (message without a path) for anything but
// https://host[:port][/path] or http://loopback[:port][/path].
BpjsUrl parse_bpjs_url(const std::string& text);

}  // namespace anoman
