// Reply bodies: to_json writes the fields beside "type"/"id"/"ok" (ok_reply
// adds those); from_json reads them from the whole reply line.
#include "anoman/protocol_replies.hpp"

namespace anoman::proto {
namespace {

int int_field(const Json& j, std::string_view key) { return static_cast<int>(optional_int(j, key).value_or(0)); }

}  // namespace

void to_json(Json& j, const PingReply& r) { j = Json{{"now", r.now}}; }
void from_json(const Json& j, PingReply& r) { r.now = require_string(j, "now"); }

void to_json(Json& j, const ServicesListReply& r) {
    j = Json{{"service_day", r.service_day}, {"services", r.services}, {"counters", r.counters}};
}
void from_json(const Json& j, ServicesListReply& r) {
    r.service_day = optional_string(j, "service_day").value_or("");
    require(j, "services");  // a list without its services is no list
    r.services = object_list<ServiceState>(j, "services");
    r.counters = object_list<CounterState>(j, "counters");
}

void to_json(Json& j, const TicketReply& r) {
    j = Json{{"ticket", r.ticket}};
    if (r.ahead) j["ahead"] = *r.ahead;
    if (r.est_wait_s) j["est_wait_s"] = *r.est_wait_s;
    if (r.replayed) j["replayed"] = *r.replayed;
    if (r.page_url) j["page_url"] = *r.page_url;
}
void from_json(const Json& j, TicketReply& r) {
    r.ticket = require_object<Ticket>(j, "ticket");
    const auto ahead = optional_int(j, "ahead");
    r.ahead = ahead ? std::optional<int>(static_cast<int>(*ahead)) : std::nullopt;
    r.est_wait_s = optional_int(j, "est_wait_s");
    r.replayed = optional_bool(j, "replayed");
    r.page_url = optional_string(j, "page_url");
}

void to_json(Json& j, const CounterReply& r) { j = Json{{"counter", r.counter}}; }
void from_json(const Json& j, CounterReply& r) { r.counter = require_object<CounterState>(j, "counter"); }

void to_json(Json& j, const SubscribeReply& r) { j = Json{{"seq", r.seq}}; }
void from_json(const Json& j, SubscribeReply& r) { r.seq = require_int(j, "seq"); }

void to_json(Json& j, const ServiceDayStats& r) {
    j = Json{{"code", r.code},           {"issued", r.issued},         {"served", r.served},
             {"skipped", r.skipped},     {"waiting", r.waiting},       {"avg_wait_s", r.avg_wait_s},
             {"p90_wait_s", r.p90_wait_s}, {"avg_service_s", r.avg_service_s}};
}
void from_json(const Json& j, ServiceDayStats& r) {
    r.code = require_string(j, "code");
    r.issued = int_field(j, "issued");
    r.served = int_field(j, "served");
    r.skipped = int_field(j, "skipped");
    r.waiting = int_field(j, "waiting");
    r.avg_wait_s = optional_int(j, "avg_wait_s").value_or(0);
    r.p90_wait_s = optional_int(j, "p90_wait_s").value_or(0);
    r.avg_service_s = optional_int(j, "avg_service_s").value_or(0);
}

void to_json(Json& j, const StatsDayReply& r) { j = Json{{"day", r.day}, {"services", r.services}}; }
void from_json(const Json& j, StatsDayReply& r) {
    r.day = require_string(j, "day");
    r.services = object_list<ServiceDayStats>(j, "services");
}

void to_json(Json& j, const StatsCounterReply& r) {
    j = Json{{"counter", r.counter}, {"day", r.day}, {"served", r.served}, {"skipped", r.skipped},
             {"avg_service_s", r.avg_service_s}};
}
void from_json(const Json& j, StatsCounterReply& r) {
    r.counter = require_string(j, "counter");
    r.day = optional_string(j, "day").value_or("");
    r.served = int_field(j, "served");
    r.skipped = int_field(j, "skipped");
    r.avg_service_s = optional_int(j, "avg_service_s").value_or(0);
}

void to_json(Json& j, const TicketLinkReply& r) {
    j = Json{{"ticket", r.ticket}, {"booking_code", r.booking_code}, {"linked", r.linked},
             {"tasks_released", r.tasks_released}};
}
void from_json(const Json& j, TicketLinkReply& r) {
    r.ticket = require_object<Ticket>(j, "ticket");
    r.booking_code = require_string(j, "booking_code");
    r.linked = optional_bool(j, "linked").value_or(false);
    r.tasks_released = int_field(j, "tasks_released");
}

}  // namespace anoman::proto
