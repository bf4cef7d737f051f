// Building protocol messages for the hall model's tests: a small hall with
// Loket 1 (A), Loket 2 (A, B) and Ruang Poli 1 (PU).
#pragma once

#include <string>

#include "anoman/protocol.hpp"
#include "hall_model.hpp"

namespace anoman::display::testing {

inline const Instant kT0 = Instant{} + std::chrono::hours(1);

inline proto::Ticket ticket(std::int64_t id, const std::string& number, const std::string& service,
                            proto::TicketStatus status = proto::TicketStatus::waiting,
                            std::optional<std::string> counter = std::nullopt) {
    proto::Ticket t;
    t.id = id;
    t.number = number;
    t.service = service;
    t.status = status;
    t.counter = counter;
    t.service_day = "2026-11-23";
    t.issued_at = "2026-11-23T08:00:00+07:00";
    t.queued_at = t.issued_at;
    if (status == proto::TicketStatus::called) t.called_at = "2026-11-23T08:10:00+07:00";
    return t;
}

inline proto::Event event(std::int64_t seq, proto::EventKind kind, std::optional<proto::Ticket> t = std::nullopt,
                          std::optional<std::string> counter = std::nullopt) {
    proto::Event e;
    e.seq = seq;
    e.at = "2026-11-23T08:10:00+07:00";
    e.kind = kind;
    e.ticket = std::move(t);
    e.counter = std::move(counter);
    return e;
}

inline proto::Event call_event(std::int64_t seq, std::int64_t id, const std::string& number,
                               const std::string& service, const std::string& counter, bool recall = false) {
    auto t = ticket(id, number, service, proto::TicketStatus::called, counter);
    if (recall) t.calls = 2;
    return event(seq, recall ? proto::EventKind::recalled : proto::EventKind::called, t, counter);
}

inline proto::CounterState counter_state(const std::string& id, const std::string& name,
                                         std::vector<std::string> services) {
    proto::CounterState c;
    c.id = id;
    c.name = name;
    c.services = std::move(services);
    return c;
}

inline proto::ServiceState service_state(const std::string& code, const std::string& name, int waiting) {
    proto::ServiceState s;
    s.code = code;
    s.name = name;
    s.prefix = code;
    s.waiting = waiting;
    return s;
}

// The hall at seq: A has 3 waiting, B 1, PU 0; Loket 1 serves A007 (called at seq - 1).
inline proto::Snapshot hall_snapshot(std::int64_t seq = 10, const std::string& epoch = "e1") {
    proto::Snapshot s;
    s.seq = seq;
    s.epoch = epoch;
    s.service_day = "2026-11-23";
    s.services = {service_state("A", "Pendaftaran BPJS", 3), service_state("B", "Pendaftaran Umum", 1),
                  service_state("PU", "Poli Umum", 0)};
    s.counters = {counter_state("L1", "Loket 1", {"A"}), counter_state("L2", "Loket 2", {"A", "B"}),
                  counter_state("R1", "Ruang Poli 1", {"PU"})};
    s.counters[0].current = ticket(7, "A007", "A", proto::TicketStatus::called, "L1");
    s.recent = {call_event(seq - 1, 7, "A007", "A", "L1"), call_event(seq - 3, 6, "A006", "A", "L2")};
    return s;
}

inline proto::Welcome welcome(const std::string& epoch = "e1", std::int64_t seq = 10) {
    proto::Welcome w;
    w.device = "hall-1";
    w.epoch = epoch;
    w.seq = seq;
    w.service_day = "2026-11-23";
    w.hospital = {"RSUD Ngudi Waluyo Wlingi", "Asia/Jakarta"};
    return w;
}

inline proto::Heartbeat heartbeat(std::int64_t seq, const std::string& epoch = "e1") { return {seq, epoch}; }

// A model connected and showing hall_snapshot(seq) at kT0.
inline HallModel live_model(std::vector<std::string> filter = {}, std::int64_t seq = 10) {
    HallModel model(std::move(filter));
    model.welcome(welcome("e1", seq), kT0);
    model.snapshot(hall_snapshot(seq), kT0);
    model.link_changed(LinkState::online, "connected", kT0);
    return model;
}

inline int waiting(const HallModel& model, const std::string& code) {
    for (const auto& s : model.services())
        if (s.code == code) return s.waiting;
    return -1;
}

inline const CounterTile& tile(const HallModel& model, const std::string& id) {
    for (const auto& t : model.tiles())
        if (t.id == id) return t;
    throw std::runtime_error("no tile " + id);
}

}  // namespace anoman::display::testing
