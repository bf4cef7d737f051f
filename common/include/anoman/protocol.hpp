// The Si Anoman wire protocol, version 1, as C++ types (see docs/protocol.md).
//
// Every program reads and writes the protocol through this one header: plain
// structs with to_json/from_json beside them (clangd's Protocol.h habit).
// from_json never trusts its input: a missing field or a wrong type throws
// ProtocolError with the path of the bad field ("ticket.calls: expected integer").
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace anoman::proto {

using Json = nlohmann::json;

inline constexpr int kProtoVersion = 1;
inline constexpr int kDefaultPort = 7700;
// A line longer than this (newline included) is refused with line_too_long.
inline constexpr std::size_t kMaxLineBytes = 65536;
// Seconds a client has to send hello after connecting.
inline constexpr int kHelloTimeoutSeconds = 10;
// The server sends a heartbeat at least this often to every subscriber.
inline constexpr int kHeartbeatSeconds = 2;
// A subscriber silent for this long must be shown offline.
inline constexpr int kOfflineAfterSeconds = 6;
// Announcements are at most this many characters.
inline constexpr std::size_t kMaxAnnounceChars = 500;
// Bounds of string fields (all of them: protocol_bounds.cpp, docs/protocol.md "Field bounds").
inline constexpr std::size_t kMaxRequestIdChars = 128;
inline constexpr std::size_t kMaxCodeChars = 64;  // device ids, counter ids, service codes
inline constexpr std::size_t kMaxTokenChars = 256;
inline constexpr std::size_t kMaxReasonChars = 200;
inline constexpr std::size_t kNikDigits = 16;
inline constexpr std::size_t kCardNoDigits = 13;
inline constexpr std::size_t kMaxBookingCodeChars = 32;

// A malformed message: what is wrong and where ("ticket.service: expected string").
class ProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// ---- Error codes -------------------------------------------------------------
enum class ErrorCode {
    bad_request,
    unknown_type,
    unauthorized,
    forbidden,
    not_found,
    queue_empty,
    invalid_state,
    service_closed,
    quota_exhausted,
    rate_limited,
    line_too_long,
    unsupported_proto,
    internal,
};
std::string_view to_string(ErrorCode code);
std::optional<ErrorCode> error_code_from_string(std::string_view text);

// An error a user or client can cause: a value with a code and a message.
struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message;
};

// ---- Roles ---------------------------------------------------------------------
enum class Role { kiosk, display, counter, admin };
std::string_view to_string(Role role);
std::optional<Role> role_from_string(std::string_view text);

// ---- Ticket --------------------------------------------------------------------
enum class TicketStatus { waiting, called, done, skipped, cancelled };
std::string_view to_string(TicketStatus status);
std::optional<TicketStatus> ticket_status_from_string(std::string_view text);

struct Ticket {
    std::int64_t id = 0;
    std::string number;               // "A012": prefix + daily sequence, 3 digits at least
    std::string service;              // code of the service it now waits in
    bool priority = false;
    TicketStatus status = TicketStatus::waiting;
    std::optional<std::string> counter;  // counter that called it, if any
    int calls = 0;
    std::string service_day;          // YYYY-MM-DD, hospital local date
    std::string issued_at;            // ISO-8601 with local offset
    std::optional<std::string> called_at;
    std::optional<std::string> finished_at;
    // Extension: ISO time it entered its current queue (issue, transfer, requeue).
    std::optional<std::string> queued_at;
};
void to_json(Json& j, const Ticket& t);
void from_json(const Json& j, Ticket& t);

// ---- Services and counters -------------------------------------------------------
struct ServiceState {
    std::string code;
    std::string name;
    std::string prefix;
    bool open = true;          // inside its hours (if any)
    int waiting = 0;
    std::int64_t est_wait_s = 0;
    // Extensions (optional on the wire):
    bool priority = false;                 // tickets of this service are priority tickets
    std::vector<std::string> patients;     // patient kinds it takes ("bpjs", "umum"); empty = all
    std::optional<int> daily_quota;
    int issued = 0;                        // tickets issued today
    std::optional<std::string> hours;      // "HH:MM-HH:MM"
    std::optional<std::string> name_en{};  // the English switch's name, when configured
};
void to_json(Json& j, const ServiceState& s);
void from_json(const Json& j, ServiceState& s);

struct CounterState {
    std::string id;
    std::string name;
    std::vector<std::string> services;
    bool open = true;
    std::optional<Ticket> current;
    std::optional<std::string> reason;  // extension: why it is closed
};
void to_json(Json& j, const CounterState& c);
void from_json(const Json& j, CounterState& c);

// ---- Events ------------------------------------------------------------------------
enum class EventKind {
    issued,
    called,
    recalled,
    skipped,
    finished,
    transferred,
    requeued,
    cancelled,
    counter_opened,
    counter_closed,
    announcement,
    day_rollover,
};
std::string_view to_string(EventKind kind);
std::optional<EventKind> event_kind_from_string(std::string_view text);

struct Event {
    std::int64_t seq = 0;
    std::string at;  // ISO-8601 local
    EventKind kind = EventKind::issued;
    std::optional<Ticket> ticket;
    std::optional<std::string> counter;        // counter id (called, recalled, ..., counter_opened/closed)
    std::optional<std::string> from_service;   // transferred
    std::optional<std::string> text;           // announcement
    std::optional<std::string> service_day;    // day_rollover
    std::optional<std::string> reason;         // counter_closed (extension)
};
void to_json(Json& j, const Event& e);  // writes "type":"event" too
void from_json(const Json& j, Event& e);

// ---- Snapshot (after subscribe) -------------------------------------------------------
struct Snapshot {
    std::int64_t seq = 0;
    std::string epoch;
    std::string service_day;
    std::vector<ServiceState> services;
    std::vector<CounterState> counters;
    std::vector<Event> recent;  // last 10 call events, newest first
    // Extension: with subscribe {"tickets":true}, today's waiting, called and
    // skipped tickets, so a counter console can keep a live waiting list.
    std::optional<std::vector<Ticket>> tickets;
};
void to_json(Json& j, const Snapshot& s);  // writes "type":"snapshot" too
void from_json(const Json& j, Snapshot& s);

// ---- Handshake ------------------------------------------------------------------------
struct Hello {
    static constexpr std::string_view kType = "hello";
    std::int64_t proto = kProtoVersion;  // wide: 4294967297 is version 4294967297, not 1
    Role role = Role::display;
    std::string device;
    std::string token;
};
void to_json(Json& j, const Hello& h);
void from_json(const Json& j, Hello& h);

struct Hospital {
    std::string name;
    std::string timezone = "Asia/Jakarta";
};
void to_json(Json& j, const Hospital& h);
void from_json(const Json& j, Hospital& h);

struct Welcome {
    std::int64_t proto = kProtoVersion;
    Role role = Role::display;
    std::string device;
    std::string server;
    std::string epoch;
    std::string service_day;
    std::int64_t seq = 0;
    Hospital hospital;
    std::optional<std::string> counter;  // extension: the counter a counter device serves
};
void to_json(Json& j, const Welcome& w);
void from_json(const Json& j, Welcome& w);

// ---- Heartbeat -------------------------------------------------------------------------
struct Heartbeat {
    std::int64_t seq = 0;
    std::string epoch;
};
void to_json(Json& j, const Heartbeat& h);
void from_json(const Json& j, Heartbeat& h);

// ---- Lines that are not replies ---------------------------------------------------------
// {"type":"error","code":...,"message":...}
Json error_line(const Error& error);
// {"type":"reply","id":..,"ok":false,"error":{"code":..,"message":..}}
Json error_reply(const Json& id, const Error& error);
// {"type":"reply","id":..,"ok":true} plus the fields of body (an object).
Json ok_reply(const Json& id, Json body = Json::object());

// A reply as a client sees it: ok with its fields, or the error.
struct Reply {
    Json id;
    bool ok = false;
    Json body;                   // the whole reply line
    std::optional<Error> error;  // when !ok
};
Reply parse_reply(const Json& line);  // throws ProtocolError

// ---- Field access with paths ---------------------------------------------------------------
// Used by every from_json and by the server's request decoding, so every
// "wrong type" message has the same form.
// The field, or nullptr when it is absent or null; ProtocolError if obj is not an object.
const Json* find_field(const Json& obj, std::string_view key, std::string_view path = {});
const Json& require(const Json& obj, std::string_view key, std::string_view path = {});
std::string require_string(const Json& obj, std::string_view key, std::string_view path = {});
std::int64_t require_int(const Json& obj, std::string_view key, std::string_view path = {});
bool require_bool(const Json& obj, std::string_view key, std::string_view path = {});
std::optional<std::string> optional_string(const Json& obj, std::string_view key, std::string_view path = {});
std::optional<std::int64_t> optional_int(const Json& obj, std::string_view key, std::string_view path = {});
std::optional<bool> optional_bool(const Json& obj, std::string_view key, std::string_view path = {});
// A list of strings; absent or null is empty ("services[2]: expected string").
std::vector<std::string> string_list(const Json& obj, std::string_view key, std::string_view path = {});

// "path.key" (or "key" at the top).
std::string join_path(std::string_view path, std::string_view key);
// A nested reader's error with the outer field in front ("current.status: ..."),
// unless it already names it.
[[noreturn]] void rethrow_nested(const std::string& outer, const ProtocolError& error);

// A nested object read with its from_json; errors carry the outer path.
template <typename T>
T require_object(const Json& obj, std::string_view key, std::string_view path = {}) {
    const Json& value = require(obj, key, path);
    try {
        return value.get<T>();
    } catch (const ProtocolError& e) {
        rethrow_nested(join_path(path, key), e);
    }
}

template <typename T>
std::optional<T> optional_object(const Json& obj, std::string_view key, std::string_view path = {}) {
    if (!find_field(obj, key, path)) return std::nullopt;
    return require_object<T>(obj, key, path);
}

// A list of objects, each read with its from_json; absent or null is empty.
template <typename T>
std::vector<T> object_list(const Json& obj, std::string_view key, std::string_view path = {}) {
    std::vector<T> out;
    const Json* found = find_field(obj, key, path);
    if (!found) return out;
    const Json& list = *found;
    if (!list.is_array()) throw ProtocolError(join_path(path, key) + ": expected array");
    out.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        try {
            out.push_back(list[i].get<T>());
        } catch (const ProtocolError& e) {
            rethrow_nested(join_path(path, std::string(key) + "[" + std::to_string(i) + "]"), e);
        }
    }
    return out;
}

// Field bounds (protocol_bounds.cpp): ProtocolError naming the first string
// field of message beyond its bound ("patient.nik: expected exactly 16 digits").
// Absent fields and fields of another type are left to their readers.
void check_field_bounds(const Json& message);
// One field by its path ("request_id"), for a reader that checks in a given order.
void check_field_bound(const Json& message, std::string_view path);

// Ticket number for a prefix and a daily sequence: ("A", 12) -> "A012", ("A", 1000) -> "A1000".
std::string format_ticket_number(std::string_view prefix, std::int64_t sequence);

}  // namespace anoman::proto
