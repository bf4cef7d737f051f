// The bounds of the protocol's string fields, in one table (docs/protocol.md,
// "Field bounds"). Without them a client could store 60 KB in a NIK or a
// request_id and grow the database without limit; each bound is what the
// field's real content needs, with room to spare where the content varies.
#include <array>

#include "anoman/protocol.hpp"

namespace anoman::proto {
namespace {

// booking: A-Z a-z 0-9 and '.', '_', '/', '-' (Mobile JKN's codes, and SIMRS numbers such as
// Khanza's no_rawat "2026/12/02/000001" that a clerk links with ticket.link).
enum class Chars { any, digits, booking };

struct FieldBound {
    std::string_view path;  // "patient.nik": key inside an object of the message
    std::size_t min;        // in characters (UTF-8 code points)
    std::size_t max;
    Chars chars;
    std::string_view what;  // the message after "path: "
};

constexpr std::array<FieldBound, 17> kBounds = {{
    {"request_id", 1, kMaxRequestIdChars, Chars::any, "1 to 128 characters"},
    {"service", 0, kMaxCodeChars, Chars::any, "at most 64 characters"},
    {"to_service", 0, kMaxCodeChars, Chars::any, "at most 64 characters"},
    {"counter", 0, kMaxCodeChars, Chars::any, "at most 64 characters"},
    {"number", 0, 32, Chars::any, "at most 32 characters"},
    {"service_day", 0, 10, Chars::any, "at most 10 characters (YYYY-MM-DD)"},
    {"day", 0, 10, Chars::any, "at most 10 characters (YYYY-MM-DD)"},
    {"reason", 0, kMaxReasonChars, Chars::any, "at most 200 characters"},
    {"text", 0, kMaxAnnounceChars, Chars::any, "at most 500 characters"},
    {"note", 0, kMaxReasonChars, Chars::any, "at most 200 characters"},
    {"device", 0, kMaxCodeChars, Chars::any, "at most 64 characters"},
    {"token", 0, kMaxTokenChars, Chars::any, "at most 256 characters"},
    {"role", 0, 16, Chars::any, "at most 16 characters"},
    {"patient.kind", 0, 16, Chars::any, "at most 16 characters"},
    {"patient.nik", kNikDigits, kNikDigits, Chars::digits, "expected exactly 16 digits"},
    {"patient.card_no", kCardNoDigits, kCardNoDigits, Chars::digits, "expected exactly 13 digits"},
    {"patient.booking_code", 1, kMaxBookingCodeChars, Chars::booking,
     "expected 1 to 32 letters, digits, '.', '_', '/' or '-'"},
}};

std::size_t utf8_chars(const std::string& text) {
    std::size_t n = 0;
    for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

bool chars_fit(const std::string& text, Chars chars) {
    for (const char c : text) {
        const bool digit = c >= '0' && c <= '9';
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (chars == Chars::digits && !digit) return false;
        if (chars == Chars::booking && !digit && !letter && c != '-' && c != '.' && c != '_' && c != '/') return false;
    }
    return true;
}

// The value at a dotted path, if every step is there and the last is a string.
const Json* string_at(const Json& message, std::string_view path) {
    const Json* node = &message;
    while (true) {
        if (!node->is_object()) return nullptr;
        const std::size_t dot = path.find('.');
        auto it = node->find(std::string(path.substr(0, dot)));
        if (it == node->end()) return nullptr;
        node = &*it;
        if (dot == std::string_view::npos) break;
        path.remove_prefix(dot + 1);
    }
    return node->is_string() ? node : nullptr;
}

void check(const Json& message, const FieldBound& bound) {
    const Json* value = string_at(message, bound.path);
    if (!value) return;  // absent or another type: its reader says so
    const std::string& text = value->get_ref<const std::string&>();
    // Bytes first: a 60 KB value is refused without counting its characters.
    const std::size_t chars = text.size() > bound.max * 4 ? bound.max + 1 : utf8_chars(text);
    if (chars < bound.min || chars > bound.max || !chars_fit(text, bound.chars))
        throw ProtocolError(std::string(bound.path) + ": " + std::string(bound.what));
}

}  // namespace

void check_field_bounds(const Json& message) {
    for (const FieldBound& bound : kBounds) check(message, bound);
}

void check_field_bound(const Json& message, std::string_view path) {
    for (const FieldBound& bound : kBounds)
        if (bound.path == path) check(message, bound);
}

}  // namespace anoman::proto
