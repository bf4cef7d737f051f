// The queue's durable state, as typed queries over SQLite. The engine calls
// these inside the transaction the worker opened; nothing here commits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "anoman/protocol.hpp"
#include "sqlite_db.hpp"
#include "waiting_order.hpp"

namespace anoman::server {

struct TicketRow {
    std::int64_t id = 0;
    std::string service_day;
    std::string issued_service;
    std::string service;
    std::int64_t daily_seq = 0;
    std::string number;
    bool priority = false;
    proto::TicketStatus status = proto::TicketStatus::waiting;
    std::optional<std::string> counter;
    int calls = 0;
    std::int64_t issued_at_ms = 0;
    std::int64_t queued_at_ms = 0;
    std::optional<std::int64_t> called_at_ms;
    std::optional<std::int64_t> first_called_at_ms;
    std::optional<std::int64_t> finished_at_ms;
    std::optional<std::string> device;
    std::optional<std::string> request_id;
    std::optional<std::string> patient;  // JSON text
};

struct CounterRow {
    std::string id;
    bool open = true;
    std::optional<std::string> reason;
    std::optional<std::int64_t> current_ticket;
};

struct StoredEvent {
    std::int64_t seq = 0;
    std::string body;  // JSON without seq
};

// Per service and day, for stats.day.
struct ServiceDayFigures {
    int issued = 0;
    int served = 0;
    int skipped = 0;
    int waiting = 0;
    std::vector<std::int64_t> waits_ms;     // first call - issue, for tickets called that day
    std::vector<std::int64_t> services_ms;  // finish - call, for done tickets
};

class Store {
public:
    explicit Store(Database& db);
    Database& db() { return db_; }

    std::optional<std::string> meta(const std::string& key);
    void set_meta(const std::string& key, const std::string& value);

    std::optional<TicketRow> ticket(std::int64_t id);
    // Any row, a booking's hidden one too (booking_store.hpp); its status reads as cancelled.
    std::optional<TicketRow> ticket_row(std::int64_t id);
    // The number a counter serving this service called last on this day ("" if none yet).
    std::string last_called_number(const std::string& service, const std::string& day);
    std::optional<TicketRow> ticket_by_number(const std::string& day, const std::string& number);
    std::int64_t insert_ticket(const TicketRow& row);
    void update_ticket(const TicketRow& row);  // status, service, counter, calls, times
    // A Mobile JKN booking's number (booking_store.hpp): a row with the internal
    // status 'booked', outside the waiting order until it checks in.
    std::int64_t insert_booked_ticket(const TicketRow& row);
    // Its check-in: 'booked' becomes row.status (waiting) with the check-in's
    // issue and queue times, device and request_id; it joins the waiting order.
    void check_in_booked_ticket(const TicketRow& row);

    // Takes the next daily sequence number of a service (1, 2, 3, ... no gaps).
    std::int64_t take_daily_seq(const std::string& service, const std::string& day);
    int issued_count(const std::string& service, const std::string& day);
    // O(1) and O(log n): from the in-memory waiting order (below).
    int waiting_count(const std::string& service);
    // Waiting tickets of the same service that will be called before this one.
    int ahead_of(const TicketRow& row);
    // Tickets waiting in `service` that its counters call before `row` (its
    // priority and queue time against theirs; row may be of another service). O(log n).
    int ahead_in(const std::string& service, const TicketRow& row);
    // The ticket a counter serving these services calls next.
    std::optional<TicketRow> next_waiting(const std::vector<std::string>& services);
    // Today's waiting, called and skipped tickets (snapshot extension).
    std::vector<TicketRow> active_tickets(const std::string& day);

    std::optional<std::int64_t> issue_key(const std::string& device, const std::string& request_id);
    void insert_issue_key(const std::string& device, const std::string& request_id, std::int64_t ticket_id,
                          std::int64_t now_ms);
    void prune_issue_keys(std::int64_t older_than_ms);
    // Deletes at most `limit` of the oldest events stamped before older_than_ms
    // and returns how many went. A rowid range from the oldest row: no scan of
    // the table, so each call costs the same however much history there is.
    int prune_events(std::int64_t older_than_ms, int limit);

    std::optional<CounterRow> counter(const std::string& id);
    void ensure_counter(const std::string& id);
    void update_counter(const CounterRow& row);
    void clear_all_current();

    // Appends an event row; returns its seq.
    std::int64_t append_event(std::int64_t at_ms, const std::string& day, const std::string& kind,
                              const std::string& body);
    std::int64_t last_seq();
    std::vector<StoredEvent> recent_calls(const std::string& day, int limit);

    // Durations (ms) of the last `limit` finished services of a service.
    std::vector<std::int64_t> recent_service_durations(const std::string& service, int limit);
    ServiceDayFigures day_figures(const std::string& service, const std::string& day);
    // served, skipped, service durations of one counter on one day.
    ServiceDayFigures counter_figures(const std::string& counter, const std::string& day);

    // Day rollover: waiting/called tickets of days before `day` become cancelled.
    int cancel_open_tickets_before(const std::string& day, std::int64_t now_ms);

    // The waiting order (waiting_order.hpp) kept beside the tickets table:
    // every write to tickets goes through this class and updates it; it is
    // built from SQLite on first use. The engine marks it before each
    // request's savepoint and rolls it back with the savepoint, forgets the
    // journal after each commit, and has it rebuilt when a batch failed.
    std::size_t waiting_mark() { return loaded_ ? waiting_.mark() : 0; }
    void waiting_rollback_to(std::size_t mark);
    void waiting_committed() { waiting_.forget_journal(); }
    // Drops it; the next use rebuilds it from the tickets table (start,
    // restore, a failed commit).
    void reload_waiting() {
        waiting_.clear();
        loaded_ = false;
    }
    const WaitingOrder& waiting_order();

private:
    std::int64_t insert_row(const TicketRow& row, const std::string& status);
    void ensure_waiting_loaded();
    Database& db_;
    WaitingOrder waiting_;
    bool loaded_ = false;
};

}  // namespace anoman::server
