#include "anoman/protocol.hpp"

#include <array>
#include <cstdio>
#include <utility>

namespace anoman::proto {
namespace {

// Name tables: one array per enum, in declaration order.
constexpr std::array<std::string_view, 13> kErrorNames = {
    "bad_request",   "unknown_type",   "unauthorized",    "forbidden",    "not_found",
    "queue_empty",   "invalid_state",  "service_closed",  "quota_exhausted", "rate_limited",
    "line_too_long", "unsupported_proto", "internal"};
constexpr std::array<std::string_view, 4> kRoleNames = {"kiosk", "display", "counter", "admin"};
constexpr std::array<std::string_view, 5> kStatusNames = {"waiting", "called", "done", "skipped",
                                                          "cancelled"};
constexpr std::array<std::string_view, 12> kEventNames = {
    "issued",   "called",    "recalled",       "skipped",        "finished",     "transferred",
    "requeued", "cancelled", "counter_opened", "counter_closed", "announcement", "day_rollover"};

template <typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::string_view, N>& names, std::string_view text) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == text) return static_cast<Enum>(i);
    }
    return std::nullopt;
}

[[noreturn]] void fail(std::string_view path, std::string_view key, std::string_view what) {
    throw ProtocolError(join_path(path, key) + ": " + std::string(what));
}

const Json* find(const Json& obj, std::string_view key, std::string_view path) {
    if (!obj.is_object()) throw ProtocolError(std::string(path.empty() ? "message" : path) + ": expected object");
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

void put_optional(Json& j, const char* key, const std::optional<std::string>& value) {
    j[key] = value ? Json(*value) : Json(nullptr);
}

void put_if(Json& j, const char* key, const std::optional<std::string>& value) {
    if (value) j[key] = *value;
}

}  // namespace

// ---- Enum names ---------------------------------------------------------------
std::string_view to_string(ErrorCode code) { return kErrorNames.at(static_cast<std::size_t>(code)); }
std::optional<ErrorCode> error_code_from_string(std::string_view text) {
    return lookup<ErrorCode>(kErrorNames, text);
}
std::string_view to_string(Role role) { return kRoleNames.at(static_cast<std::size_t>(role)); }
std::optional<Role> role_from_string(std::string_view text) { return lookup<Role>(kRoleNames, text); }
std::string_view to_string(TicketStatus status) { return kStatusNames.at(static_cast<std::size_t>(status)); }
std::optional<TicketStatus> ticket_status_from_string(std::string_view text) {
    return lookup<TicketStatus>(kStatusNames, text);
}
std::string_view to_string(EventKind kind) { return kEventNames.at(static_cast<std::size_t>(kind)); }
std::optional<EventKind> event_kind_from_string(std::string_view text) {
    return lookup<EventKind>(kEventNames, text);
}

// ---- Field access ----------------------------------------------------------------
const Json* find_field(const Json& obj, std::string_view key, std::string_view path) { return find(obj, key, path); }

std::string join_path(std::string_view path, std::string_view key) {
    if (path.empty()) return std::string(key);
    std::string out(path);
    out += '.';
    out += key;
    return out;
}

void rethrow_nested(const std::string& outer, const ProtocolError& error) {
    const std::string what = error.what();
    if (what.rfind(outer, 0) == 0) throw error;
    throw ProtocolError(outer + "." + what);
}

std::vector<std::string> string_list(const Json& obj, std::string_view key, std::string_view path) {
    std::vector<std::string> out;
    const Json* list = find(obj, key, path);
    if (!list) return out;
    if (!list->is_array()) fail(path, key, "expected array");
    for (std::size_t i = 0; i < list->size(); ++i) {
        if (!(*list)[i].is_string()) fail(path, std::string(key) + "[" + std::to_string(i) + "]", "expected string");
        out.push_back((*list)[i].get<std::string>());
    }
    return out;
}

const Json& require(const Json& obj, std::string_view key, std::string_view path) {
    const Json* value = find(obj, key, path);
    if (!value) fail(path, key, "missing");
    return *value;
}

std::string require_string(const Json& obj, std::string_view key, std::string_view path) {
    const Json& value = require(obj, key, path);
    if (!value.is_string()) fail(path, key, "expected string");
    return value.get<std::string>();
}

std::int64_t require_int(const Json& obj, std::string_view key, std::string_view path) {
    const Json& value = require(obj, key, path);
    if (!value.is_number_integer()) fail(path, key, "expected integer");
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        fail(path, key, "integer out of range");
    return value.get<std::int64_t>();
}

bool require_bool(const Json& obj, std::string_view key, std::string_view path) {
    const Json& value = require(obj, key, path);
    if (!value.is_boolean()) fail(path, key, "expected boolean");
    return value.get<bool>();
}

std::optional<std::string> optional_string(const Json& obj, std::string_view key, std::string_view path) {
    if (!find(obj, key, path)) return std::nullopt;
    return require_string(obj, key, path);
}

std::optional<std::int64_t> optional_int(const Json& obj, std::string_view key, std::string_view path) {
    if (!find(obj, key, path)) return std::nullopt;
    return require_int(obj, key, path);
}

std::optional<bool> optional_bool(const Json& obj, std::string_view key, std::string_view path) {
    if (!find(obj, key, path)) return std::nullopt;
    return require_bool(obj, key, path);
}

std::string format_ticket_number(std::string_view prefix, std::int64_t sequence) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%03lld", static_cast<long long>(sequence));
    return std::string(prefix) + digits;
}

// ---- Ticket ------------------------------------------------------------------------
void to_json(Json& j, const Ticket& t) {
    j = Json{{"id", t.id},
             {"number", t.number},
             {"service", t.service},
             {"priority", t.priority},
             {"status", to_string(t.status)},
             {"calls", t.calls},
             {"service_day", t.service_day},
             {"issued_at", t.issued_at}};
    put_optional(j, "counter", t.counter);
    put_optional(j, "called_at", t.called_at);
    put_optional(j, "finished_at", t.finished_at);
    put_if(j, "queued_at", t.queued_at);
}

void from_json(const Json& j, Ticket& t) {
    t.id = require_int(j, "id");
    t.number = require_string(j, "number");
    t.service = require_string(j, "service");
    t.priority = optional_bool(j, "priority").value_or(false);
    const std::string status = require_string(j, "status");
    auto parsed = ticket_status_from_string(status);
    if (!parsed) throw ProtocolError("status: unknown status \"" + status + "\"");
    t.status = *parsed;
    t.counter = optional_string(j, "counter");
    t.calls = static_cast<int>(optional_int(j, "calls").value_or(0));
    t.service_day = require_string(j, "service_day");
    t.issued_at = require_string(j, "issued_at");
    t.called_at = optional_string(j, "called_at");
    t.finished_at = optional_string(j, "finished_at");
    t.queued_at = optional_string(j, "queued_at");
}

// ---- Services and counters ------------------------------------------------------------
void to_json(Json& j, const ServiceState& s) {
    j = Json{{"code", s.code},         {"name", s.name},         {"prefix", s.prefix},
             {"open", s.open},         {"waiting", s.waiting},   {"est_wait_s", s.est_wait_s},
             {"priority", s.priority}, {"issued", s.issued},     {"patients", s.patients}};
    j["daily_quota"] = s.daily_quota ? Json(*s.daily_quota) : Json(nullptr);
    put_optional(j, "hours", s.hours);
    put_if(j, "name_en", s.name_en);
}

void from_json(const Json& j, ServiceState& s) {
    s.code = require_string(j, "code");
    s.name = require_string(j, "name");
    s.prefix = optional_string(j, "prefix").value_or("");
    s.open = optional_bool(j, "open").value_or(true);
    s.waiting = static_cast<int>(optional_int(j, "waiting").value_or(0));
    s.est_wait_s = optional_int(j, "est_wait_s").value_or(0);
    s.priority = optional_bool(j, "priority").value_or(false);
    s.patients = string_list(j, "patients", "");
    auto quota = optional_int(j, "daily_quota");
    s.daily_quota = quota ? std::optional<int>(static_cast<int>(*quota)) : std::nullopt;
    s.issued = static_cast<int>(optional_int(j, "issued").value_or(0));
    s.hours = optional_string(j, "hours");
    s.name_en = optional_string(j, "name_en");
}

void to_json(Json& j, const CounterState& c) {
    j = Json{{"id", c.id}, {"name", c.name}, {"services", c.services}, {"open", c.open}};
    j["current"] = c.current ? Json(*c.current) : Json(nullptr);
    put_optional(j, "reason", c.reason);
}

void from_json(const Json& j, CounterState& c) {
    c.id = require_string(j, "id");
    c.name = require_string(j, "name");
    c.services = string_list(j, "services", "");
    c.open = optional_bool(j, "open").value_or(true);
    c.current.reset();
    if (find(j, "current", "")) c.current = require_object<Ticket>(j, "current");
    c.reason = optional_string(j, "reason");
}

// ---- Events ------------------------------------------------------------------------------
void to_json(Json& j, const Event& e) {
    j = Json{{"type", "event"}, {"seq", e.seq}, {"at", e.at}, {"kind", to_string(e.kind)}};
    if (e.ticket) j["ticket"] = *e.ticket;
    put_if(j, "counter", e.counter);
    put_if(j, "from_service", e.from_service);
    put_if(j, "text", e.text);
    put_if(j, "service_day", e.service_day);
    put_if(j, "reason", e.reason);
}

void from_json(const Json& j, Event& e) {
    e.seq = require_int(j, "seq");
    e.at = optional_string(j, "at").value_or("");
    const std::string kind = require_string(j, "kind");
    auto parsed = event_kind_from_string(kind);
    if (!parsed) throw ProtocolError("kind: unknown event kind \"" + kind + "\"");
    e.kind = *parsed;
    e.ticket.reset();
    if (find(j, "ticket", "")) e.ticket = require_object<Ticket>(j, "ticket");
    e.counter = optional_string(j, "counter");
    e.from_service = optional_string(j, "from_service");
    e.text = optional_string(j, "text");
    e.service_day = optional_string(j, "service_day");
    e.reason = optional_string(j, "reason");
}

// ---- Snapshot ------------------------------------------------------------------------------
void to_json(Json& j, const Snapshot& s) {
    j = Json{{"type", "snapshot"},      {"seq", s.seq},           {"epoch", s.epoch},
             {"service_day", s.service_day}, {"services", s.services}, {"counters", s.counters},
             {"recent", s.recent}};
    if (s.tickets) j["tickets"] = *s.tickets;
}

void from_json(const Json& j, Snapshot& s) {
    s.seq = require_int(j, "seq");
    s.epoch = require_string(j, "epoch");
    s.service_day = require_string(j, "service_day");
    s.services = object_list<ServiceState>(j, "services");
    s.counters = object_list<CounterState>(j, "counters");
    s.recent = object_list<Event>(j, "recent");
    s.tickets.reset();
    if (find(j, "tickets", "")) s.tickets = object_list<Ticket>(j, "tickets");
}

// ---- Handshake --------------------------------------------------------------------------------
void to_json(Json& j, const Hello& h) {
    j = Json{{"type", "hello"}, {"proto", h.proto}, {"role", to_string(h.role)},
             {"device", h.device}, {"token", h.token}};
}

void from_json(const Json& j, Hello& h) {
    h.proto = require_int(j, "proto");  // no narrowing: 4294967297 must not become 1
    const std::string role = require_string(j, "role");
    auto parsed = role_from_string(role);
    if (!parsed) throw ProtocolError("role: unknown role \"" + role + "\"");
    h.role = *parsed;
    h.device = require_string(j, "device");
    h.token = require_string(j, "token");
    check_field_bounds(j);
}

void to_json(Json& j, const Hospital& h) { j = Json{{"name", h.name}, {"timezone", h.timezone}}; }

void from_json(const Json& j, Hospital& h) {
    h.name = require_string(j, "name");
    h.timezone = optional_string(j, "timezone").value_or("Asia/Jakarta");
}

void to_json(Json& j, const Welcome& w) {
    j = Json{{"type", "welcome"}, {"proto", w.proto},   {"role", to_string(w.role)},
             {"device", w.device}, {"server", w.server}, {"epoch", w.epoch},
             {"service_day", w.service_day}, {"seq", w.seq}, {"hospital", w.hospital}};
    put_if(j, "counter", w.counter);
}

void from_json(const Json& j, Welcome& w) {
    w.proto = require_int(j, "proto");
    const std::string role = require_string(j, "role");
    auto parsed = role_from_string(role);
    if (!parsed) throw ProtocolError("role: unknown role \"" + role + "\"");
    w.role = *parsed;
    w.device = require_string(j, "device");
    w.server = optional_string(j, "server").value_or("");
    w.epoch = require_string(j, "epoch");
    w.service_day = require_string(j, "service_day");
    w.seq = require_int(j, "seq");
    w.hospital = require_object<Hospital>(j, "hospital");
    w.counter = optional_string(j, "counter");
}

void to_json(Json& j, const Heartbeat& h) { j = Json{{"type", "heartbeat"}, {"seq", h.seq}, {"epoch", h.epoch}}; }

void from_json(const Json& j, Heartbeat& h) {
    h.seq = require_int(j, "seq");
    h.epoch = require_string(j, "epoch");
}

// ---- Replies and errors -----------------------------------------------------------------------
Json error_line(const Error& error) {
    return Json{{"type", "error"}, {"code", to_string(error.code)}, {"message", error.message}};
}

Json error_reply(const Json& id, const Error& error) {
    return Json{{"type", "reply"},
                {"id", id},
                {"ok", false},
                {"error", {{"code", to_string(error.code)}, {"message", error.message}}}};
}

Json ok_reply(const Json& id, Json body) {
    Json reply = Json{{"type", "reply"}, {"id", id}, {"ok", true}};
    if (body.is_object()) {
        for (auto& [key, value] : body.items()) reply[key] = std::move(value);
    }
    return reply;
}

Reply parse_reply(const Json& line) {
    Reply reply;
    if (require_string(line, "type") != "reply") throw ProtocolError("type: expected \"reply\"");
    reply.id = require(line, "id");
    reply.ok = require_bool(line, "ok");
    reply.body = line;
    if (!reply.ok) {
        const Json& err = require(line, "error");
        const std::string code = require_string(err, "code", "error");
        auto parsed = error_code_from_string(code);
        reply.error = Error{parsed.value_or(ErrorCode::internal), optional_string(err, "message", "error").value_or("")};
    }
    return reply;
}

}  // namespace anoman::proto
