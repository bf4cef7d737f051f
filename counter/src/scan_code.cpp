#include "anoman/counter/scan_code.hpp"

#include <cctype>
#include <vector>

namespace anoman::counter {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == separator) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

bool is_day(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    return true;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

}  // namespace

std::optional<std::string> normalise_ticket_number(std::string_view text) {
    text = trim(text);
    std::string prefix;
    std::size_t pos = 0;
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) {
        prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(text[pos])));
        ++pos;
    }
    if (prefix.empty() || prefix.size() > 4) return std::nullopt;
    // "A-12" and "A 12" are how people write numbers by hand.
    if (pos < text.size() && (text[pos] == '-' || text[pos] == ' ')) ++pos;
    std::string digits(text.substr(pos));
    if (digits.empty() || digits.size() > 7) return std::nullopt;
    for (char c : digits)
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    const auto first = digits.find_first_not_of('0');
    digits = first == std::string::npos ? "0" : digits.substr(first);
    if (digits == "0") return std::nullopt;  // sequences start at 1
    while (digits.size() < 3) digits.insert(digits.begin(), '0');
    return prefix + digits;
}

std::optional<ScanCode> parse_scan_code(std::string_view text) {
    text = trim(text);
    // The page address: http(s)://anything/t/<code>, the code base64url.
    const bool web = text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0 ||
                     text.rfind("HTTP://", 0) == 0 || text.rfind("HTTPS://", 0) == 0;
    if (web) {
        const auto at = text.rfind("/t/");
        if (at == std::string_view::npos || at < 8) return std::nullopt;
        const std::string_view code = text.substr(at + 3);
        if (code.size() < 16 || code.size() > 64) return std::nullopt;
        for (char c : code)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return std::nullopt;
        return ScanCode{"", std::nullopt, std::nullopt, std::string(code)};
    }
    const auto parts = split(text, ':');
    if (parts.size() == 4 && equals_ignoring_case(parts[0], "ANOMAN")) {
        if (!is_day(parts[1])) return std::nullopt;
        auto number = normalise_ticket_number(parts[2]);
        if (!number) return std::nullopt;
        std::int64_t id = 0;
        if (parts[3].empty() || parts[3].size() > 15) return std::nullopt;
        for (char c : parts[3]) {
            if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
            id = id * 10 + (c - '0');
        }
        return ScanCode{*number, std::string(parts[1]), id, std::nullopt};
    }
    if (parts.size() != 1) return std::nullopt;
    auto number = normalise_ticket_number(text);
    if (!number) return std::nullopt;
    return ScanCode{*number, std::nullopt, std::nullopt, std::nullopt};
}

}  // namespace anoman::counter
