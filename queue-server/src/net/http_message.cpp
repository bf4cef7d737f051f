#include "http_message.hpp"

namespace anoman::server::http {

Response make_response(unsigned status, const std::string& content_type, std::string body) {
    Response response{static_cast<bhttp::status>(status), 11};
    response.set(bhttp::field::content_type, content_type);
    response.set(bhttp::field::cache_control, "no-store");
    response.set("X-Frame-Options", "DENY");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.body() = std::move(body);
    return response;
}

Response html(unsigned status, std::string body) {
    Response response = make_response(status, "text/html; charset=utf-8", std::move(body));
    // Pages run only their own inline script and talk only to this server.
    response.set("Content-Security-Policy",
                 "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; "
                 "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
    return response;
}

Response json_response(unsigned status, const std::string& json_text) {
    return make_response(status, "application/json; charset=utf-8", json_text);
}

Response redirect(const std::string& location) {
    Response response = make_response(303, "text/plain; charset=utf-8", "");
    response.set(bhttp::field::location, location);
    return response;
}

std::string_view target_of(const Request& request) {
    return std::string_view(request.target().data(), request.target().size());
}

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string url_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out.push_back(' ');
        } else if (text[i] == '%' && i + 2 < text.size() + 0 && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::map<std::string, std::string> parse_form(std::string_view text) {
    std::map<std::string, std::string> fields;
    while (!text.empty()) {
        const auto amp = text.find('&');
        const std::string_view pair = text.substr(0, amp);
        const auto eq = pair.find('=');
        if (!pair.empty()) {
            fields.emplace(url_decode(pair.substr(0, eq)),
                           eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1)));
        }
        if (amp == std::string_view::npos) break;
        text.remove_prefix(amp + 1);
    }
    return fields;
}

std::map<std::string, std::string> query_of(std::string_view target) {
    const auto question = target.find('?');
    if (question == std::string_view::npos) return {};
    return parse_form(target.substr(question + 1));
}

std::optional<std::string> cookie(const Request& request, std::string_view name) {
    for (auto it = request.find(bhttp::field::cookie); it != request.end() && it->name() == bhttp::field::cookie;
         ++it) {
        std::string_view text(it->value().data(), it->value().size());
        while (!text.empty()) {
            const auto semi = text.find(';');
            std::string_view pair = text.substr(0, semi);
            while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
            const auto eq = pair.find('=');
            if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
            if (semi == std::string_view::npos) break;
            text.remove_prefix(semi + 1);
        }
    }
    return std::nullopt;
}

std::string html_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

}  // namespace anoman::server::http
