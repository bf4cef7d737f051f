#include "store.hpp"

namespace anoman::server {
namespace {

constexpr const char* kTicketColumns =
    "id, service_day, issued_service, service, daily_seq, number, priority, status, counter, calls, "
    "issued_at_ms, queued_at_ms, called_at_ms, first_called_at_ms, finished_at_ms, device, request_id, patient";

TicketRow read_ticket(const Statement& s) {
    TicketRow row;
    row.id = s.int64(0);
    row.service_day = s.text(1);
    row.issued_service = s.text(2);
    row.service = s.text(3);
    row.daily_seq = s.int64(4);
    row.number = s.text(5);
    row.priority = s.int64(6) != 0;
    row.status = proto::ticket_status_from_string(s.text(7)).value_or(proto::TicketStatus::cancelled);
    row.counter = s.optional_text(8);
    row.calls = static_cast<int>(s.int64(9));
    row.issued_at_ms = s.int64(10);
    row.queued_at_ms = s.int64(11);
    row.called_at_ms = s.optional_int64(12);
    row.first_called_at_ms = s.optional_int64(13);
    row.finished_at_ms = s.optional_int64(14);
    row.device = s.optional_text(15);
    row.request_id = s.optional_text(16);
    row.patient = s.optional_text(17);
    return row;
}

WaitingKey waiting_key(const TicketRow& row) { return WaitingKey{row.priority, row.queued_at_ms, row.id}; }

// A Mobile JKN booking's number before check-in ('booked') or after a
// cancellation before it ('unclaimed') is not a ticket of the protocol
// (booking_store.hpp): the reads that answer clients leave those rows out.
constexpr const char* kVisible = "status NOT IN ('booked', 'unclaimed')";

std::string select_tickets(const std::string& where) {
    return std::string("SELECT ") + kTicketColumns + " FROM tickets " + where;
}

}  // namespace

Store::Store(Database& db) : db_(db) {}

std::optional<std::string> Store::meta(const std::string& key) {
    auto s = db_.prepare("SELECT value FROM meta WHERE key = ?");
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

void Store::set_meta(const std::string& key, const std::string& value) {
    db_.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
}

std::optional<TicketRow> Store::ticket(std::int64_t id) {
    auto s = db_.prepare(select_tickets(std::string("WHERE id = ? AND ") + kVisible));
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_ticket(s);
}

std::optional<TicketRow> Store::ticket_row(std::int64_t id) {
    auto s = db_.prepare(select_tickets("WHERE id = ?"));
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_ticket(s);
}

std::string Store::last_called_number(const std::string& service, const std::string& day) {
    auto s = db_.prepare(
        "SELECT number FROM tickets WHERE service_day = ? AND service = ? AND called_at_ms IS NOT NULL "
        "ORDER BY called_at_ms DESC, id DESC LIMIT 1");
    s.bind(1, day).bind(2, service);
    return s.step() ? s.text(0) : std::string();
}

std::optional<TicketRow> Store::ticket_by_number(const std::string& day, const std::string& number) {
    auto s = db_.prepare(select_tickets(std::string("WHERE service_day = ? AND number = ? AND ") + kVisible + " ORDER BY id LIMIT 1"));
    s.bind(1, day).bind(2, number);
    if (!s.step()) return std::nullopt;
    return read_ticket(s);
}

std::int64_t Store::insert_row(const TicketRow& row, const std::string& status) {
    db_.prepare("INSERT INTO tickets (service_day, issued_service, service, daily_seq, number, priority, status, "
                "counter, calls, issued_at_ms, queued_at_ms, called_at_ms, first_called_at_ms, finished_at_ms, "
                "device, request_id, patient) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, row.service_day)
        .bind(2, row.issued_service)
        .bind(3, row.service)
        .bind(4, row.daily_seq)
        .bind(5, row.number)
        .bind(6, row.priority)
        .bind(7, status)
        .bind(8, row.counter)
        .bind(9, row.calls)
        .bind(10, row.issued_at_ms)
        .bind(11, row.queued_at_ms)
        .bind(12, row.called_at_ms)
        .bind(13, row.first_called_at_ms)
        .bind(14, row.finished_at_ms)
        .bind(15, row.device)
        .bind(16, row.request_id)
        .bind(17, row.patient)
        .run();
    return db_.last_insert_id();
}

std::int64_t Store::insert_ticket(const TicketRow& row) {
    const std::int64_t id = insert_row(row, std::string(proto::to_string(row.status)));
    if (loaded_ && row.status == proto::TicketStatus::waiting) {
        TicketRow inserted = row;
        inserted.id = id;
        waiting_.add(row.service, waiting_key(inserted));
    }
    return id;
}

void Store::update_ticket(const TicketRow& row) {
    db_.prepare("UPDATE tickets SET service = ?, priority = ?, status = ?, counter = ?, calls = ?, queued_at_ms = ?, "
                "called_at_ms = ?, first_called_at_ms = ?, finished_at_ms = ? WHERE id = ?")
        .bind(1, row.service)
        .bind(2, row.priority)
        .bind(3, proto::to_string(row.status))
        .bind(4, row.counter)
        .bind(5, row.calls)
        .bind(6, row.queued_at_ms)
        .bind(7, row.called_at_ms)
        .bind(8, row.first_called_at_ms)
        .bind(9, row.finished_at_ms)
        .bind(10, row.id)
        .run();
    if (!loaded_) return;
    if (row.status == proto::TicketStatus::waiting) waiting_.add(row.service, waiting_key(row));
    else waiting_.remove(row.id);
}

std::int64_t Store::insert_booked_ticket(const TicketRow& row) { return insert_row(row, "booked"); }

void Store::check_in_booked_ticket(const TicketRow& row) {
    db_.prepare("UPDATE tickets SET issued_at_ms = ?, device = ?, request_id = ? WHERE id = ? AND status = 'booked'")
        .bind(1, row.issued_at_ms)
        .bind(2, row.device)
        .bind(3, row.request_id)
        .bind(4, row.id)
        .run();
    if (db_.changes() != 1) throw StoreError("ticket " + std::to_string(row.id) + " is not a booking waiting for check-in");
    update_ticket(row);  // status, queue time, and the waiting order
}

std::int64_t Store::take_daily_seq(const std::string& service, const std::string& day) {
    db_.prepare("INSERT INTO daily_numbers (service_day, service, last_seq) VALUES (?, ?, 1) "
                "ON CONFLICT(service_day, service) DO UPDATE SET last_seq = last_seq + 1")
        .bind(1, day)
        .bind(2, service)
        .run();
    return db_.prepare("SELECT last_seq FROM daily_numbers WHERE service_day = ? AND service = ?")
        .bind(1, day)
        .bind(2, service)
        .scalar<std::int64_t>();
}

int Store::issued_count(const std::string& service, const std::string& day) {
    auto s = db_.prepare("SELECT last_seq FROM daily_numbers WHERE service_day = ? AND service = ?");
    s.bind(1, day).bind(2, service);
    return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

int Store::waiting_count(const std::string& service) {
    ensure_waiting_loaded();
    return waiting_.count(service);
}

int Store::ahead_of(const TicketRow& row) { return ahead_in(row.service, row); }

int Store::ahead_in(const std::string& service, const TicketRow& row) {
    ensure_waiting_loaded();
    return waiting_.ahead_of(service, waiting_key(row));
}

void Store::ensure_waiting_loaded() {
    if (loaded_) return;
    waiting_.clear();
    auto s = db_.prepare("SELECT service, priority, queued_at_ms, id FROM tickets WHERE status = 'waiting'");
    while (s.step()) waiting_.add(s.text(0), WaitingKey{s.int64(1) != 0, s.int64(2), s.int64(3)});
    waiting_.forget_journal();
    loaded_ = true;
}

const WaitingOrder& Store::waiting_order() {
    ensure_waiting_loaded();
    return waiting_;
}

void Store::waiting_rollback_to(std::size_t mark) {
    if (loaded_) waiting_.rollback_to(mark);
}

std::optional<TicketRow> Store::next_waiting(const std::vector<std::string>& services) {
    // Each service's head comes from the partial index; the best head wins.
    std::optional<TicketRow> best;
    for (const auto& service : services) {
        auto s = db_.prepare(select_tickets(
            "WHERE service = ? AND status = 'waiting' ORDER BY priority DESC, queued_at_ms, id LIMIT 1"));
        s.bind(1, service);
        if (!s.step()) continue;
        TicketRow head = read_ticket(s);
        if (!best || head.priority > best->priority ||
            (head.priority == best->priority &&
             (head.queued_at_ms < best->queued_at_ms ||
              (head.queued_at_ms == best->queued_at_ms && head.id < best->id))))
            best = head;
    }
    return best;
}

std::vector<TicketRow> Store::active_tickets(const std::string& day) {
    std::vector<TicketRow> rows;
    auto s = db_.prepare(select_tickets(
        "WHERE service_day = ? AND status IN ('waiting', 'called', 'skipped') ORDER BY priority DESC, queued_at_ms, id"));
    s.bind(1, day);
    while (s.step()) rows.push_back(read_ticket(s));
    return rows;
}

std::optional<std::int64_t> Store::issue_key(const std::string& device, const std::string& request_id) {
    auto s = db_.prepare("SELECT ticket_id FROM issue_keys WHERE device = ? AND request_id = ?");
    s.bind(1, device).bind(2, request_id);
    if (!s.step()) return std::nullopt;
    return s.int64(0);
}

void Store::insert_issue_key(const std::string& device, const std::string& request_id, std::int64_t ticket_id,
                             std::int64_t now_ms) {
    db_.prepare("INSERT INTO issue_keys (device, request_id, ticket_id, created_ms) VALUES (?, ?, ?, ?)")
        .bind(1, device)
        .bind(2, request_id)
        .bind(3, ticket_id)
        .bind(4, now_ms)
        .run();
}

void Store::prune_issue_keys(std::int64_t older_than_ms) {
    db_.prepare("DELETE FROM issue_keys WHERE created_ms < ?").bind(1, older_than_ms).run();
}

int Store::prune_events(std::int64_t older_than_ms, int limit) {
    const auto first = db_.prepare("SELECT MIN(seq) FROM events").scalar<std::optional<std::int64_t>>();
    if (!first) return 0;
    db_.prepare("DELETE FROM events WHERE seq < ? AND at_ms < ?").bind(1, *first + limit).bind(2, older_than_ms).run();
    return db_.changes();
}

std::optional<CounterRow> Store::counter(const std::string& id) {
    auto s = db_.prepare("SELECT id, open, reason, current_ticket FROM counters WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return CounterRow{s.text(0), s.int64(1) != 0, s.optional_text(2), s.optional_int64(3)};
}

void Store::ensure_counter(const std::string& id) {
    db_.prepare("INSERT OR IGNORE INTO counters (id, open) VALUES (?, 1)").bind(1, id).run();
}

void Store::update_counter(const CounterRow& row) {
    db_.prepare("UPDATE counters SET open = ?, reason = ?, current_ticket = ? WHERE id = ?")
        .bind(1, row.open)
        .bind(2, row.reason)
        .bind(3, row.current_ticket)
        .bind(4, row.id)
        .run();
}

void Store::clear_all_current() { db_.exec("UPDATE counters SET current_ticket = NULL"); }

std::int64_t Store::append_event(std::int64_t at_ms, const std::string& day, const std::string& kind,
                                 const std::string& body) {
    db_.prepare("INSERT INTO events (at_ms, service_day, kind, body) VALUES (?, ?, ?, ?)")
        .bind(1, at_ms)
        .bind(2, day)
        .bind(3, kind)
        .bind(4, body)
        .run();
    return db_.last_insert_id();
}

std::int64_t Store::last_seq() {
    // sqlite_sequence survives deleted rows, so seq continues even after pruning.
    auto s = db_.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'");
    return s.step() ? s.int64(0) : 0;
}

std::vector<StoredEvent> Store::recent_calls(const std::string& day, int limit) {
    std::vector<StoredEvent> events;
    auto s = db_.prepare(
        "SELECT seq, body FROM events WHERE service_day = ? AND kind IN ('called', 'recalled') ORDER BY seq DESC LIMIT ?");
    s.bind(1, day).bind(2, limit);
    while (s.step()) events.push_back({s.int64(0), s.text(1)});
    return events;
}

std::vector<std::int64_t> Store::recent_service_durations(const std::string& service, int limit) {
    std::vector<std::int64_t> durations;
    auto s = db_.prepare(
        "SELECT finished_at_ms - called_at_ms FROM tickets WHERE service = ? AND status = 'done' "
        "AND called_at_ms IS NOT NULL AND finished_at_ms IS NOT NULL ORDER BY finished_at_ms DESC LIMIT ?");
    s.bind(1, service).bind(2, limit);
    while (s.step()) durations.push_back(s.int64(0));
    return durations;
}

ServiceDayFigures Store::day_figures(const std::string& service, const std::string& day) {
    ServiceDayFigures figures;
    figures.issued = db_.prepare(std::string("SELECT COUNT(*) FROM tickets WHERE service_day = ? AND issued_service = ? AND ") +
                                   kVisible)
                         .bind(1, day)
                         .bind(2, service)
                         .scalar<int>();
    auto s = db_.prepare(
        "SELECT status, issued_at_ms, first_called_at_ms, called_at_ms, finished_at_ms FROM tickets "
        "WHERE service_day = ? AND service = ? AND " + std::string(kVisible));
    s.bind(1, day).bind(2, service);
    while (s.step()) {
        const std::string status = s.text(0);
        if (status == "done") ++figures.served;
        if (status == "skipped") ++figures.skipped;
        if (status == "waiting") ++figures.waiting;
        if (!s.is_null(2)) figures.waits_ms.push_back(s.int64(2) - s.int64(1));
        if (status == "done" && !s.is_null(3) && !s.is_null(4)) figures.services_ms.push_back(s.int64(4) - s.int64(3));
    }
    return figures;
}

ServiceDayFigures Store::counter_figures(const std::string& counter, const std::string& day) {
    ServiceDayFigures figures;
    auto s = db_.prepare(
        "SELECT status, called_at_ms, finished_at_ms FROM tickets WHERE service_day = ? AND counter = ? "
        "AND status IN ('done', 'skipped')");
    s.bind(1, day).bind(2, counter);
    while (s.step()) {
        if (s.text(0) == "done") {
            ++figures.served;
            if (!s.is_null(1) && !s.is_null(2)) figures.services_ms.push_back(s.int64(2) - s.int64(1));
        } else {
            ++figures.skipped;
        }
    }
    return figures;
}

int Store::cancel_open_tickets_before(const std::string& day, std::int64_t now_ms) {
    if (loaded_) {
        auto s = db_.prepare("SELECT id FROM tickets WHERE service_day < ? AND status = 'waiting'");
        s.bind(1, day);
        std::vector<std::int64_t> leaving;
        while (s.step()) leaving.push_back(s.int64(0));
        for (std::int64_t id : leaving) waiting_.remove(id);
    }
    db_.prepare("UPDATE tickets SET status = 'cancelled', finished_at_ms = ? "
                "WHERE service_day < ? AND status IN ('waiting', 'called')")
        .bind(1, now_ms)
        .bind(2, day)
        .run();
    return db_.changes();
}

}  // namespace anoman::server
