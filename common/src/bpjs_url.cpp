#include "anoman/bpjs_url.hpp"

#include <cctype>

#include "anoman/config.hpp"

namespace anoman {

std::string BpjsUrl::origin() const {
    const bool v6 = host.find(':') != std::string::npos;
    return std::string(tls ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool is_loopback_host(const std::string& host) {
    if (host == "localhost" || host == "::1") return true;
    // 127.0.0.0/8, written as a dotted quad.
    if (host.rfind("127.", 0) != 0) return false;
    int dots = 0;
    for (char c : host) {
        if (c == '.') ++dots;
        else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return dots == 3;
}

BpjsUrl parse_bpjs_url(const std::string& text) {
    BpjsUrl url;
    std::string rest;
    if (text.rfind("https://", 0) == 0) {
        rest = text.substr(8);
    } else if (text.rfind("http://", 0) == 0) {
        url.tls = false;
        url.port = 80;
        rest = text.substr(7);
    } else {
        throw ConfigError("\"" + text + "\" is not an https:// URL");
    }
    const std::size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    url.path_prefix = slash == std::string::npos ? "" : rest.substr(slash);
    while (!url.path_prefix.empty() && url.path_prefix.back() == '/') url.path_prefix.pop_back();
    for (char c : url.path_prefix)
        if (c == '?' || c == '#' || c == ' ') throw ConfigError("\"" + text + "\": a base URL has no query, fragment or spaces");
    if (authority.find('@') != std::string::npos) throw ConfigError("\"" + text + "\": no user or password in the URL");
    std::string port_text;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string::npos) throw ConfigError("\"" + text + "\": unterminated [IPv6] host");
        url.host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') throw ConfigError("\"" + text + "\": bad host");
            port_text = authority.substr(close + 2);
        }
    } else {
        const std::size_t colon = authority.find(':');
        url.host = authority.substr(0, colon);
        if (colon != std::string::npos) port_text = authority.substr(colon + 1);
    }
    if (url.host.empty()) throw ConfigError("\"" + text + "\" has no host");
    for (char c : url.host)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':'))
            throw ConfigError("\"" + text + "\": bad host \"" + url.host + "\"");
    if (!port_text.empty() || (authority.find(':') != std::string::npos && authority.front() != '[')) {
        int port = 0;
        for (char c : port_text) {
            if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535) throw ConfigError("\"" + text + "\": bad port");
            port = port * 10 + (c - '0');
        }
        if (port_text.empty() || port < 1 || port > 65535) throw ConfigError("\"" + text + "\": bad port");
        url.port = static_cast<std::uint16_t>(port);
    }
    if (!url.tls && !is_loopback_host(url.host))
        throw ConfigError("\"" + text + "\": http:// is allowed only to a loopback address; use https://");
    return url;
}

}  // namespace anoman
