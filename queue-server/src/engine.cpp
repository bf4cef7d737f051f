// The engine's frame: batches, savepoints, dispatch, the service day, events.
#include "engine.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "device_registry.hpp"
#include "schema.hpp"

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

struct OpSpec {
    std::vector<Role> roles;  // empty: every role
};

const std::map<std::string, OpSpec, std::less<>>& op_table() {
    static const std::map<std::string, OpSpec, std::less<>> table = {
        {"ping", {}},
        {"services.list", {}},
        {"ticket.issue", {{Role::kiosk, Role::admin}}},
        {"ticket.get", {}},
        {"counter.call_next", {{Role::counter, Role::admin}}},
        {"counter.call", {{Role::counter, Role::admin}}},
        {"counter.recall", {{Role::counter, Role::admin}}},
        {"counter.skip", {{Role::counter, Role::admin}}},
        {"counter.finish", {{Role::counter, Role::admin}}},
        {"counter.transfer", {{Role::counter, Role::admin}}},
        {"counter.open", {{Role::counter, Role::admin}}},
        {"counter.close", {{Role::counter, Role::admin}}},
        {"ticket.requeue", {{Role::counter, Role::admin}}},
        {"ticket.cancel", {{Role::admin}}},
        {"announce", {{Role::admin}}},
        {"stats.day", {{Role::admin}}},
        {"stats.counter", {{Role::counter, Role::admin}}},
        {"subscribe", {{Role::display, Role::counter, Role::admin}}},
        // Admin extensions (engine_admin.cpp).
        {"device.add", {{Role::admin}}},
        {"device.revoke", {{Role::admin}}},
        {"device.list", {{Role::admin}}},
        {"backup.now", {{Role::admin}}},
        {"server.status", {{Role::admin}}},
        // BPJS Antrean (engine_bpjs.cpp); bpjs.ref is answered beside the engine (bpjs_ref.cpp).
        {"ticket.link", {{Role::counter, Role::admin}}},
        {"bpjs.status", {{Role::admin}}},
        {"bpjs.tasks", {{Role::admin}}},
        {"bpjs.retry", {{Role::admin}}},
        // Web door extensions (web_engine_ops.cpp).
        {"web.user.add", {{Role::admin}}},
        {"web.user.remove", {{Role::admin}}},
        {"web.user.list", {{Role::admin}}},
        // Bookings (engine_bookings.cpp, docs/mobile-jkn.md).
        {"booking.get", {{Role::kiosk, Role::counter, Role::admin}}},
        {"booking.checkin", {{Role::kiosk, Role::admin}}},
        {"booking.add", {{Role::admin}}},
        {"booking.cancel", {{Role::admin}}},
    };
    return table;
}

}  // namespace

// Roles are checked by each operation after its fields and entities, so the
// precedence bad_request -> not_found -> forbidden holds (PROTOCOL.md).
void require_role(const Caller& caller, const std::string& type) {
    const auto& roles = op_table().at(type).roles;
    if (roles.empty()) return;
    for (Role role : roles)
        if (role == caller.role) return;
    fail(ErrorCode::forbidden, std::string("role ") + std::string(proto::to_string(caller.role)) +
                                   " may not use " + type);
}

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
    last_queued_ms_ = store_.db().prepare("SELECT COALESCE(MAX(queued_at_ms), 0) FROM tickets").scalar<std::int64_t>();
}

std::string Engine::current_day() { return clock_.service_day(now_()); }

Outcome Engine::handle(const Caller& caller, const Json& request) {
    return run_batch({Job{Job::Kind::request, caller, request}}).front();
}

Outcome Engine::hello(const Json& hello_line) { return run_batch({Job{Job::Kind::hello, {}, hello_line}}).front(); }

Outcome Engine::tick() { return run_batch({Job{Job::Kind::tick, {}, Json()}}).front(); }

std::vector<Outcome> Engine::run_batch(const std::vector<Job>& jobs) {
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
        Transaction tx(store_.db());
        for (const Job& job : jobs) outcomes.push_back(run_job(job));
        tx.commit();
        after_batch();  // before any of it is answered
        return outcomes;
    } catch (const std::exception& e) {
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
        bool well_formed = line.is_object() && line.value("type", Json()) == "hello";
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
        reset();
        outcome.line = usable_id(request) ? proto::error_reply(request["id"], e.error) : proto::error_line(e.error);
        if (e.extra.is_object()) {
            Json& error = outcome.line.contains("error") ? outcome.line["error"] : outcome.line;
            for (auto& [key, value] : e.extra.items())
                if (!error.contains(key)) error[key] = value;
        }
    } catch (const proto::ProtocolError& e) {
        reset();
        const proto::Error error{ErrorCode::bad_request, e.what()};
        outcome.line = usable_id(request) ? proto::error_reply(request["id"], error) : proto::error_line(error);
    } catch (const std::exception& e) {
        // The savepoint's destructor undoes whatever this request had written.
        spdlog::error("internal error in {}: {}", request.value("type", Json("?")).dump(), e.what());
        reset();
        const proto::Error error{ErrorCode::internal, "internal error; nothing was changed"};
        outcome.line = usable_id(request) ? proto::error_reply(request["id"], error) : proto::error_line(error);
    }
    return outcome;
}

Json Engine::dispatch(const Caller& caller, const Json& request, Outcome& outcome) {
    if (!request.is_object()) fail(ErrorCode::bad_request, "a request must be a JSON object");
    // A hello again, with an id (a reply) or without (an error line), says so
    // rather than what else is wrong with it.
    if (request.value("type", Json()) == "hello") fail(ErrorCode::bad_request, "already said hello on this connection");
    if (!usable_id(request)) {
        if (request.contains("id")) fail(ErrorCode::bad_request, "id: expected a string or an integer");
        fail(ErrorCode::bad_request, "id: missing");
    }
    auto type_it = request.find("type");
    if (type_it == request.end()) fail(ErrorCode::bad_request, "type: missing");
    if (!type_it->is_string()) fail(ErrorCode::bad_request, "type: expected string");
    const std::string type = type_it->get<std::string>();
    if (!op_table().count(type)) fail(ErrorCode::unknown_type, "unknown request type \"" + type + "\"");
    // Field bounds (protocol_bounds.cpp); ticket.issue checks its own after the idempotency lookup.
    if (type != "ticket.issue") proto::check_field_bounds(request);

    if (type == "ping") return op_ping();
    if (type == "services.list") return op_services_list();
    if (type == "ticket.issue") return op_ticket_issue(caller, request, outcome);
    if (type == "ticket.get") return op_ticket_get(request);
    if (type == "ticket.requeue") return op_ticket_requeue(caller, request, outcome);
    if (type == "ticket.cancel") return op_ticket_cancel(caller, request, outcome);
    if (type == "counter.call_next") return op_call_next(caller, request, outcome);
    if (type == "counter.call") return op_call(caller, request, outcome);
    if (type == "counter.recall") return op_recall(caller, request, outcome);
    if (type == "counter.skip") return op_skip(caller, request, outcome);
    if (type == "counter.finish") return op_finish(caller, request, outcome);
    if (type == "counter.transfer") return op_transfer(caller, request, outcome);
    if (type == "counter.open") return op_open_close(caller, request, true, outcome);
    if (type == "counter.close") return op_open_close(caller, request, false, outcome);
    if (type == "announce") return op_announce(caller, request, outcome);
    if (type == "stats.day") return op_stats_day(caller, request);
    if (type == "stats.counter") return op_stats_counter(caller, request);
    if (type == "device.add") return op_device_add(caller, request);
    if (type == "device.revoke") return op_device_revoke(caller, request, outcome);
    if (type == "device.list") return op_device_list(caller, request);
    if (type == "backup.now") return op_backup_now(caller, request);
    if (type == "server.status") return op_server_status(caller, request);
    if (type == "ticket.link") return op_ticket_link(caller, request);
    if (type == "booking.get") return op_booking_get(caller, request);
    if (type == "booking.checkin") return op_booking_checkin(caller, request, outcome);
    if (type == "booking.add") return op_booking_add(caller, request);
    if (type == "booking.cancel") return op_booking_cancel(caller, request);
    if (type == "bpjs.status") return op_bpjs_status(caller, request);
    if (type == "bpjs.tasks") return op_bpjs_tasks(caller, request);
    if (type == "bpjs.retry") return op_bpjs_retry(caller, request);
    if (type == "web.user.add") return op_web_user_add(caller, request);
    if (type == "web.user.remove") return op_web_user_remove(caller, request);
    if (type == "web.user.list") return op_web_user_list(caller, request);
    return op_subscribe(caller, request, outcome);
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
        emit(proto::EventKind::day_rollover, outcome, std::nullopt, std::nullopt, Json{{"service_day", today}});
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
                  const std::optional<std::string>& counter, Json extra) {
    Json body = Json{{"type", "event"}, {"at", clock_.iso_local(job_now_)}, {"kind", proto::to_string(kind)}};
    if (ticket) body["ticket"] = to_proto(*ticket);
    if (ticket) journey_.on_event(kind, *ticket, extra, job_now_.time_since_epoch().count());
    if (counter) body["counter"] = *counter;
    for (auto& [key, value] : extra.items()) body[key] = value;
    const std::int64_t seq =
        store_.append_event(job_now_.time_since_epoch().count(), day_, std::string(proto::to_string(kind)), body.dump());
    body["seq"] = seq;
    outcome.events.push_back(std::move(body));
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
