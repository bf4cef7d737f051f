// The bodies of ok replies, as structs (docs/protocol.md "Operations").
//
// The server builds a body and sends proto::ok_reply(id, body); a client reads
// it from the reply line with from_json (Reply::body holds the whole line, the
// body's fields sit beside "type", "id" and "ok"). Extra fields are ignored, so
// a newer server's additions never break an older client.
//
// Admin replies (server.status, device.*, bpjs.status/tasks, web.user.*) are
// reports for queuectl to print: they stay JSON objects (queuectl/format.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "anoman/protocol.hpp"

namespace anoman::proto {

// ping
struct PingReply {
    std::string now{};  // ISO-8601 local
};

// services.list
struct ServicesListReply {
    std::string service_day{};
    std::vector<ServiceState> services{};
    std::vector<CounterState> counters{};
};

// Every reply about one ticket: counter.call_next/call/recall/skip/finish/transfer,
// ticket.requeue/cancel (ticket only), ticket.get (+ ahead), ticket.issue (+ est_wait_s, replayed).
struct TicketReply {
    Ticket ticket{};
    std::optional<int> ahead{};
    std::optional<std::int64_t> est_wait_s{};
    std::optional<bool> replayed{};
    std::optional<std::string> page_url{};  // the ticket's web page, when the web door is on
};

// counter.open / counter.close
struct CounterReply {
    CounterState counter{};
};

// subscribe (the snapshot line follows it)
struct SubscribeReply {
    std::int64_t seq = 0;
};

// stats.day
struct ServiceDayStats {
    std::string code{};
    int issued = 0;
    int served = 0;
    int skipped = 0;
    int waiting = 0;
    std::int64_t avg_wait_s = 0;
    std::int64_t p90_wait_s = 0;
    std::int64_t avg_service_s = 0;
};
struct StatsDayReply {
    std::string day{};
    std::vector<ServiceDayStats> services{};
};

// stats.counter (extension)
struct StatsCounterReply {
    std::string counter{};
    std::string day{};
    int served = 0;
    int skipped = 0;
    std::int64_t avg_service_s = 0;
};

// ticket.link (BPJS extension)
struct TicketLinkReply {
    Ticket ticket{};
    std::string booking_code{};
    bool linked = false;        // false: the same code again, nothing done
    int tasks_released = 0;
};

void to_json(Json& j, const PingReply& r);
void from_json(const Json& j, PingReply& r);
void to_json(Json& j, const ServicesListReply& r);
void from_json(const Json& j, ServicesListReply& r);
void to_json(Json& j, const TicketReply& r);
void from_json(const Json& j, TicketReply& r);
void to_json(Json& j, const CounterReply& r);
void from_json(const Json& j, CounterReply& r);
void to_json(Json& j, const SubscribeReply& r);
void from_json(const Json& j, SubscribeReply& r);
void to_json(Json& j, const ServiceDayStats& r);
void from_json(const Json& j, ServiceDayStats& r);
void to_json(Json& j, const StatsDayReply& r);
void from_json(const Json& j, StatsDayReply& r);
void to_json(Json& j, const StatsCounterReply& r);
void from_json(const Json& j, StatsCounterReply& r);
void to_json(Json& j, const TicketLinkReply& r);
void from_json(const Json& j, TicketLinkReply& r);

}  // namespace anoman::proto
