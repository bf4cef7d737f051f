// Small pieces of HTTP every door needs: answers with the right headers,
// cookies, query strings and url-encoded forms, HTML escaping.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http_server.hpp"

namespace anoman::server::http {

// Every answer carries these: no caching of private pages, no framing, no sniffing.
Response make_response(unsigned status, const std::string& content_type, std::string body);
Response html(unsigned status, std::string body);
Response json_response(unsigned status, const std::string& json_text);
Response redirect(const std::string& location);

// The request's target as a std::string_view.
std::string_view target_of(const Request& request);
// The path without the query ("/t/abc?x=1" -> "/t/abc").
std::string_view path_of(std::string_view target);
// key=value pairs of a query string or an application/x-www-form-urlencoded body.
std::map<std::string, std::string> parse_form(std::string_view text);
std::map<std::string, std::string> query_of(std::string_view target);
std::optional<std::string> cookie(const Request& request, std::string_view name);
std::string html_escape(std::string_view text);
std::string url_decode(std::string_view text);

}  // namespace anoman::server::http
