// Builders for the counter model tests: tickets, events and snapshots as the
// server sends them (demo hospital: Loket 1 serves A and P).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "anoman/counter/counter_model.hpp"
#include "anoman/protocol.hpp"

namespace counter_test {

using anoman::SysMillis;
using anoman::proto::Event;
using anoman::proto::EventKind;
using anoman::proto::Json;
using anoman::proto::Snapshot;
using anoman::proto::Ticket;
using anoman::proto::TicketStatus;

inline const std::string kDay = "2026-11-22";

// 2026-11-22 08:00:00 +07:00 (01:00:00 UTC) plus offset_s seconds.
inline SysMillis at_seconds(int offset_s) {
    using namespace std::chrono;
    return time_point_cast<milliseconds>(sys_days{year{2026} / November / 22} + hours{1} + seconds{offset_s});
}

inline Ticket ticket(std::int64_t id, const std::string& number, const std::string& service,
                     TicketStatus status = TicketStatus::waiting, bool priority = false,
                     std::optional<std::string> counter = std::nullopt, int calls = 0) {
    Ticket t;
    t.id = id;
    t.number = number;
    t.service = service;
    t.priority = priority;
    t.status = status;
    t.counter = counter;
    t.calls = calls;
    t.service_day = kDay;
    t.issued_at = kDay + "T08:00:00+07:00";
    t.queued_at = t.issued_at;
    if (status == TicketStatus::called) t.called_at = kDay + "T08:05:00+07:00";
    return t;
}

inline Ticket with(Ticket t, TicketStatus status, std::optional<std::string> counter = std::nullopt, int calls = -1) {
    t.status = status;
    t.counter = counter;
    if (calls >= 0) t.calls = calls;
    if (status == TicketStatus::called && !t.called_at) t.called_at = kDay + "T08:05:00+07:00";
    if (status == TicketStatus::skipped || status == TicketStatus::done) t.finished_at = kDay + "T08:09:00+07:00";
    return t;
}

inline Event event(std::int64_t seq, EventKind kind, std::optional<Ticket> t = std::nullopt,
                   std::optional<std::string> counter = std::nullopt) {
    Event e;
    e.seq = seq;
    e.at = kDay + "T08:10:00+07:00";
    e.kind = kind;
    e.ticket = std::move(t);
    e.counter = std::move(counter);
    return e;
}

inline anoman::proto::Welcome welcome(std::optional<std::string> counter = std::string("L1")) {
    anoman::proto::Welcome w;
    w.role = anoman::proto::Role::counter;
    w.device = "loket-1";
    w.server = "queue-server/test";
    w.epoch = "e1";
    w.service_day = kDay;
    w.seq = 10;
    w.hospital.name = "RSUD Ngudi Waluyo Wlingi";
    w.counter = std::move(counter);
    return w;
}

inline Snapshot snapshot(std::vector<Ticket> tickets, std::optional<Ticket> current = std::nullopt, bool open = true,
                         std::int64_t seq = 10) {
    Snapshot s;
    s.seq = seq;
    s.epoch = "e1";
    s.service_day = kDay;
    for (auto [code, name] : {std::pair{"A", "Pendaftaran BPJS"}, std::pair{"B", "Pendaftaran Umum"},
                              std::pair{"P", "Prioritas"}, std::pair{"PA", "Poli Anak"}}) {
        anoman::proto::ServiceState service;
        service.code = code;
        service.name = name;
        service.prefix = code == std::string("PA") ? "N" : code;
        s.services.push_back(service);
    }
    anoman::proto::CounterState l1;
    l1.id = "L1";
    l1.name = "Loket 1";
    l1.services = {"A", "P"};
    l1.open = open;
    if (!open) l1.reason = "istirahat";
    l1.current = std::move(current);
    anoman::proto::CounterState l2;
    l2.id = "L2";
    l2.name = "Loket 2";
    l2.services = {"A", "P"};
    s.counters = {l1, l2};
    s.tickets = std::move(tickets);
    return s;
}

inline anoman::proto::Reply ok_reply(Json body = Json::object()) {
    anoman::proto::Reply reply;
    reply.ok = true;
    body["type"] = "reply";
    body["ok"] = true;
    reply.body = body;
    return reply;
}

inline anoman::proto::Reply error_reply(anoman::proto::ErrorCode code, std::string message = "") {
    anoman::proto::Reply reply;
    reply.ok = false;
    reply.error = anoman::proto::Error{code, std::move(message)};
    return reply;
}

}  // namespace counter_test
