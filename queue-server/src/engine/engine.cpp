// The engine's frame: batches, savepoints, dispatch, the service day, events.
#include "engine.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "device_registry.hpp"
#include "schema.hpp"
#include "ticket_history.hpp"

namespace anoman::server {

using proto::ErrorCode;
using proto::Role;

void fail(ErrorCode code, std::string message) { throw OpError{proto::Error{code, std::move(message)}}; }

namespace {

// Keys of ticket.issue are kept at least 7 days; 8 leaves a margin across rollovers.
constexpr std::int64_t kIssueKeyKeepMs = 8LL * 24 * 3600 * 1000;

// Events are read back only for today's recent calls, and the tickets table
// keeps every ticket's history; old events were 84% of a year's database
// (bench/README.md). A month is kept for whoever reads the log by hand.
constexpr std::int64_t kEventKeepMs = 31LL * 24 * 3600 * 1000;
// Rows deleted per idle tick: about a millisecond of the engine thread, so a
// first start on years of history trims in the background, not at once.
constexpr int kEventPruneChunk = 500;

bool usable_id(const Json& request) {
    auto it = request.find("id");
    return it != request.end() && (it->is_string() || it->is_number_integer());
}

}  // namespace

Engine::Engine(const Config& config, Database& db, std::string epoch, NowFn now, MonoFn mono)
    : config_(config),
      store_(db),
      clock_(config.hospital.timezone),
      epoch_(std::move(epoch)),
      now_(std::move(now)),
      mono_(std::move(mono)),
      journey_(config, db) {
    if (!mono_) mono_ = [now = now_] { return std::chrono::steady_clock::time_point(now().time_since_epoch()); };
    migrate(db);
    Transaction tx(db);
    for (const auto& counter : config_.counters) store_.ensure_counter(counter.id);
    tx.commit();
    day_ = store_.meta("service_day").value_or("");
    store_.waiting_order();  // built once from the tickets table (waiting_order.hpp)
    last_queued_ms_ = latest_queued_ms(store_.db());
}

std::string Engine::current_day() { return clock_.service_day(now_()); }

Outcome Engine::handle(const Caller& caller, const Json& request) {
    return run_batch({Job{Job::Kind::request, caller, request}}).front();
}

Outcome Engine::hello(const Json& hello_line) { return run_batch({Job{Job::Kind::hello, {}, hello_line}}).front(); }

Outcome Engine::tick() { return run_batch({Job{Job::Kind::tick, {}, Json()}}).front(); }

std::vector<Outcome> Engine::run_batch(const std::vector<Job>& jobs) {
    owner_.check("Engine::run_batch");
    std::vector<Outcome> outcomes;
    outcomes.reserve(jobs.size());
    // Ticks twice a second only matter at midnight: skip the transaction otherwise.
    bool only_ticks = true;
    for (const Job& job : jobs) only_ticks = only_ticks && job.kind == Job::Kind::tick;
    // ...and when a booking's practice hours end (engine_bookings.cpp).
    const auto bookings_due = [this] {
        return next_booking_expiry_ms_ == 0 || job_now_.time_since_epoch().count() >= next_booking_expiry_ms_;
    };
    if (only_ticks && clock_.service_day(observe_clock()) == day_ && !bookings_due()) {
        if (pruning_events_) prune_events_chunk();
        after_batch();
        return std::vector<Outcome>(jobs.size());
    }
    const std::string day_before = day_;
    try {
        // Built (or rebuilt after a failed batch) from committed rows, outside
        // any transaction, so it never holds a write that was rolled back.
        store_.waiting_order();
        Transaction tx(store_.db());
        for (const Job& job : jobs) outcomes.push_back(run_job(job));
        tx.commit();
        store_.waiting_committed();
        after_batch();  // before any of it is answered
        return outcomes;
    } catch (const std::exception& e) {
        // Nothing of the batch is durable: the waiting order is read again
        // from the tickets table at the next batch.
        store_.reload_waiting();
        after_batch();
        // The commit (or BEGIN) failed: nothing of this batch is durable, so
        // nothing of it may be acknowledged or announced.
        spdlog::error("transaction failed, {} request(s) answered with internal: {}", jobs.size(), e.what());
        day_ = day_before;
        next_booking_expiry_ms_ = 0;  // what the failed batch decided about bookings did not happen
        outcomes.clear();
        for (const Job& job : jobs) {
            Outcome failed;
            const proto::Error error{ErrorCode::internal, "the database could not save this change; try again"};
            if (job.kind == Job::Kind::request)
                failed.line = usable_id(job.message) ? proto::error_reply(job.message["id"], error) : proto::error_line(error);
            else if (job.kind == Job::Kind::hello) {
                failed.line = proto::error_line(error);
                failed.close_after = true;
            }
            outcomes.push_back(std::move(failed));
        }
        return outcomes;
    }
}

void Engine::after_batch() {
    store_.db().assert_no_busy_statements("after an engine batch");
    if (database_check_) database_check_();
}

SysMillis Engine::observe_clock() {
    job_now_ = now_();
    day_now_ = clock_watch_.observe(job_now_, mono_());
    return day_now_;
}

Outcome Engine::run_job(const Job& job) {
    Outcome outcome;
    observe_clock();
    ensure_day(outcome);
    if (job.kind == Job::Kind::tick) {
        expire_bookings();
        return outcome;
    }
    if (job.kind == Job::Kind::echo) {
        outcome.line = job.message;
        return outcome;
    }

    if (job.kind == Job::Kind::hello) {
        const Json& line = job.message;
        proto::Hello hello;
        // Anything that is not a well-formed hello is unauthorized (PROTOCOL.md).
        bool well_formed = line.is_object() && line.value("type", Json()) == proto::Hello::kType;
        if (well_formed) {
            try {
                hello = line.get<proto::Hello>();
            } catch (const std::exception&) {
                well_formed = false;
            }
        }
        if (!well_formed) {
            outcome.line = proto::error_line({ErrorCode::unauthorized, "the first line must be a valid hello"});
            outcome.close_after = true;
            return outcome;
        }
        if (hello.proto != proto::kProtoVersion) {
            outcome.line = proto::error_line({ErrorCode::unsupported_proto,
                                              "protocol version " + std::to_string(hello.proto) +
                                                  " is not supported; this server speaks version 1"});
            outcome.close_after = true;
            return outcome;
        }
        // Configuration devices and the registry (device_registry.cpp); revoked ones are refused.
        const Authentication auth = DeviceRegistry(config_, store_.db()).authenticate(hello.device, hello.role, hello.token);
        const std::optional<DeviceConfig>& device = auth.device;
        if (!device) {
            outcome.line = proto::error_line({ErrorCode::unauthorized, auth.refusal});
            outcome.close_after = true;
            return outcome;
        }
        outcome.caller = Caller{device->id, device->role, device->counter, auth.incarnation};
        proto::Welcome welcome;
        welcome.role = device->role;
        welcome.device = device->id;
        welcome.server = std::string("queue-server/") + ANOMAN_VERSION;
        welcome.epoch = epoch_;
        welcome.service_day = day_;
        welcome.seq = store_.last_seq();
        welcome.hospital = config_.hospital;
        welcome.counter = device->counter;
        outcome.line = welcome;
        return outcome;
    }

    const Json& request = job.message;
    // A failed request keeps only what came before it (a day rollover).
    const std::size_t events_before = outcome.events.size();
    auto reset = [&] {
        outcome.events.resize(events_before);
        outcome.snapshot.reset();
        outcome.subscribed_seq = -1;
    };
    // The waiting order is rolled back with the savepoint (waiting_order.hpp).
    const std::size_t waiting_mark = store_.waiting_mark();
    auto undo = [&] {
        store_.waiting_rollback_to(waiting_mark);
        reset();
    };
    Savepoint savepoint(store_.db());
    try {
        if (job.kind == Job::Kind::task) {
            // Another door's work: its own answer, no request id.
            outcome.line = job.task(*this, outcome);
            savepoint.release();
            return outcome;
        }
        Json body = dispatch(job.caller, request, outcome);
        savepoint.release();
        outcome.line = proto::ok_reply(request["id"], std::move(body));
    } catch (const OpError& e) {
        undo();
        outcome.line = usable_id(request) ? proto::error_reply(request["id"], e.error) : proto::error_line(e.error);
        if (e.extra.is_object()) {
            Json& error = outcome.line.contains("error") ? outcome.line["error"] : outcome.line;
            for (auto& [key, value] : e.extra.items())
                if (!error.contains(key)) error[key] = value;
        }
    } catch (const proto::ProtocolError& e) {
        undo();
        const proto::Error error{ErrorCode::bad_request, e.what()};
        outcome.line = usable_id(request) ? proto::error_reply(request["id"], error) : proto::error_line(error);
    } catch (const std::exception& e) {
        // The savepoint's destructor undoes whatever this request had written.
        spdlog::error("internal error in {}: {}", request.value("type", Json("?")).dump(), e.what());
        undo();
        const proto::Error error{ErrorCode::internal, "internal error; nothing was changed"};
        outcome.line = usable_id(request) ? proto::error_reply(request["id"], error) : proto::error_line(error);
    }
    return outcome;
}

// "The one waiting longest, by the time it entered its current queue": two
// tickets entering in the same millisecond, or while the clock was stepped back,
// still get distinct, increasing entry times, so entry order is queue order.
std::int64_t Engine::next_queue_time() {
    last_queued_ms_ = std::max(job_now_.time_since_epoch().count(), last_queued_ms_ + 1);
    return last_queued_ms_;
}

// The service day follows day_now_: the wall clock, except that a forward
// step of it is held for ClockWatch::kHold before the day follows it (a clock
// set a day ahead by mistake and back 20 s later cancels nothing). After a
// step back the day stays, and the next midnight the clock runs into rolls it
// over (clock_watch.hpp, docs/protocol.md).
void Engine::ensure_day(Outcome& outcome) {
    const std::string today = clock_.service_day(day_now_);
    if (today == day_) return;
    if (!day_.empty() && today < day_) {
        // The clock went back across midnight (a dead CMOS battery, an NTP step):
        // the service day never goes back, so a morning's patients are not cancelled.
        static std::string warned_for;
        if (warned_for != today) spdlog::warn("clock says {} but the service day is already {}; keeping {}", today, day_, day_);
        warned_for = today;
        return;
    }
    const bool first_start = day_.empty();
    const auto now_ms = job_now_.time_since_epoch().count();
    // BPJS: 99 (and antrean/batal) for the ending day's open and skipped tickets.
    journey_.on_day_end(day_, today, now_ms);
    // Tickets of another day still waiting or called are cancelled (no event
    // each); counters start the new day with no current ticket.
    int cancelled = store_.cancel_open_tickets_before(today, now_ms);
    store_.clear_all_current();
    store_.prune_issue_keys(now_ms - kIssueKeyKeepMs);
    pruning_events_ = true;  // in chunks, on the idle ticks that follow
    store_.set_meta("service_day", today);
    day_ = today;
    if (!first_start) {
        spdlog::info("service day is now {} ({} open ticket(s) of the old day cancelled)", today, cancelled);
        proto::Event rollover;
        rollover.kind = proto::EventKind::day_rollover;
        rollover.service_day = today;
        emit(std::move(rollover), outcome, std::nullopt);
    }
}

void Engine::prune_events_chunk() {
    try {
        Transaction tx(store_.db());
        const int deleted = store_.prune_events(now_().time_since_epoch().count() - kEventKeepMs, kEventPruneChunk);
        tx.commit();
        pruning_events_ = deleted == kEventPruneChunk;  // a short chunk reached the kept month
        if (deleted > 0) spdlog::debug("pruned {} event(s) older than the kept month", deleted);
    } catch (const std::exception& e) {
        // Not urgent: the next rollover tries again.
        pruning_events_ = false;
        spdlog::warn("could not prune old events: {}", e.what());
    }
}

void Engine::emit(proto::EventKind kind, Outcome& outcome, const std::optional<TicketRow>& ticket,
                  const std::optional<std::string>& counter) {
    proto::Event event;
    event.kind = kind;
    event.counter = counter;
    emit(std::move(event), outcome, ticket);
}

void Engine::emit(proto::Event event, Outcome& outcome, const std::optional<TicketRow>& ticket) {
    event.at = clock_.iso_local(job_now_);
    if (ticket) {
        event.ticket = to_proto(*ticket);
        journey_.on_event(event.kind, *ticket, event.from_service, job_now_.time_since_epoch().count());
    }
    // Stored without its seq (the row's key is the seq); the snapshot's
    // "recent" puts it back (engine_views.cpp).
    Json body = event;
    body.erase("seq");
    event.seq = store_.append_event(job_now_.time_since_epoch().count(), day_, std::string(proto::to_string(event.kind)),
                                    body.dump());
    outcome.events.push_back(event);
}

proto::Ticket Engine::to_proto(const TicketRow& row) const {
    auto iso = [&](std::int64_t ms) { return clock_.iso_local(SysMillis(std::chrono::milliseconds(ms))); };
    proto::Ticket t;
    t.id = row.id;
    t.number = row.number;
    t.service = row.service;
    t.priority = row.priority;
    t.status = row.status;
    t.counter = row.counter;
    t.calls = row.calls;
    t.service_day = row.service_day;
    t.issued_at = iso(row.issued_at_ms);
    if (row.called_at_ms) t.called_at = iso(*row.called_at_ms);
    if (row.finished_at_ms) t.finished_at = iso(*row.finished_at_ms);
    t.queued_at = iso(row.queued_at_ms);
    return t;
}

}  // namespace anoman::server
