// Read-only views of the queue (ping, services.list, stats, the subscribe
// snapshot) and announcements.
#include "engine.hpp"

#include <algorithm>
#include <cmath>

#include "opening_history.hpp"
#include "wait_estimate.hpp"

#include <spdlog/spdlog.h>

namespace anoman::server {

using proto::ErrorCode;

namespace {

std::int64_t mean_seconds(const std::vector<std::int64_t>& ms) {
    if (ms.empty()) return 0;
    double total = 0;
    for (auto value : ms) total += static_cast<double>(value);
    return static_cast<std::int64_t>(std::llround(total / static_cast<double>(ms.size()) / 1000.0));
}

// Nearest-rank 90th percentile, in seconds.
std::int64_t p90_seconds(std::vector<std::int64_t> ms) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    const auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(ms.size())));
    return static_cast<std::int64_t>(std::llround(static_cast<double>(ms[std::max<std::size_t>(rank, 1) - 1]) / 1000.0));
}

// Seconds from `now` until the service's counters open today, if they opened
// later on its last service day (its first call then); 0 if that is past or unknown.
double seconds_until_opening(Database& db, const HospitalClock& clock, const std::string& service,
                             const std::string& day, SysMillis now) {
    const auto first_call = OpeningHistory(db).last_first_call(service, day);
    if (!first_call) return 0;
    const SysMillis then{std::chrono::milliseconds(*first_call)};
    const auto into_day = then - (clock.next_midnight(then) - std::chrono::hours(24));
    const SysMillis opening = clock.next_midnight(now) - std::chrono::hours(24) + into_day;
    return std::max(0.0, static_cast<double>((opening - now).count()) / 1000.0);
}

// Counts code points, so 500 Indonesian characters are 500 whatever their bytes.
std::size_t utf8_length(const std::string& text) {
    std::size_t count = 0;
    for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

bool serves(const CounterConfig& counter, const std::string& service) {
    return std::find(counter.services.begin(), counter.services.end(), service) != counter.services.end();
}

}  // namespace

// The inputs of the wait model (wait_estimate.hpp): O(1) reads per counter of
// the pool, O(log n) per other service it serves.
std::int64_t Engine::estimate_for(const std::string& service, int ahead, const TicketRow* ticket) {
    WaitInputs inputs;
    inputs.ahead = ahead;
    inputs.service_s = static_cast<double>(mean_service_seconds(store_.recent_service_durations(service, kRecentServices)));
    bool any_open = false;
    std::vector<std::string> others;  // the pool's other services
    for (const auto& counter : config_.counters) {
        if (!serves(counter, service)) continue;
        const auto row = store_.counter(counter.id);
        PoolCounter pooled;
        pooled.open = row && row->open;
        pooled.busy = row && row->current_ticket.has_value();
        any_open = any_open || pooled.open;
        inputs.pool.push_back(pooled);
        for (const auto& other : counter.services)
            if (other != service && std::find(others.begin(), others.end(), other) == others.end())
                others.push_back(other);
    }
    if (!any_open) inputs.until_opening_s = seconds_until_opening(store_.db(), clock_, service, day_, job_now_);
    // Their patients the pool calls first (priority, then queue time, across
    // services), each counted for the part of its service's counters that are in this pool.
    for (const auto& other : others) {
        int serving = 0, in_pool = 0;
        for (const auto& counter : config_.counters) {
            if (!serves(counter, other)) continue;
            ++serving;
            in_pool += serves(counter, service);
        }
        const int before = ticket ? store_.ahead_in(other, *ticket) : store_.waiting_count(other);
        inputs.ahead += static_cast<double>(before) * in_pool / serving;
    }
    return estimate_wait_seconds(inputs);
}

proto::ServiceState Engine::service_state(const ServiceConfig& service) {
    proto::ServiceState state;
    state.code = service.code;
    state.name = service.name;
    state.prefix = service.prefix;
    state.open = service_open_now(service);
    state.waiting = store_.waiting_count(service.code);
    state.est_wait_s = estimate_for(service.code, state.waiting);
    state.priority = service.priority;
    state.patients = service.patients;
    state.daily_quota = service.daily_quota;
    state.issued = store_.issued_count(service.code, day_);
    if (service.hours) state.hours = service.hours->text();
    state.name_en = service.name_en;
    return state;
}

proto::CounterState Engine::counter_state(const CounterConfig& config) {
    CounterRow row = counter_row(config.id);
    proto::CounterState state;
    state.id = config.id;
    state.name = config.name;
    state.services = config.services;
    state.open = row.open;
    if (auto ticket = current_ticket(row)) state.current = to_proto(*ticket);
    state.reason = row.reason;
    return state;
}

Json Engine::op_ping(const Caller&, const proto::PingRequest&, Outcome&) {
    return proto::PingReply{clock_.iso_local(job_now_)};
}

Json Engine::op_services_list(const Caller&, const proto::ServicesListRequest&, Outcome&) {
    proto::ServicesListReply reply;
    reply.service_day = day_;
    for (const auto& service : config_.services) reply.services.push_back(service_state(service));
    for (const auto& counter : config_.counters) reply.counters.push_back(counter_state(counter));
    return reply;
}

Json Engine::op_announce(const Caller& caller, const proto::AnnounceRequest& request, Outcome& outcome) {
    const std::string& text = request.text;
    if (text.empty()) fail(ErrorCode::bad_request, "text: must not be empty");
    if (utf8_length(text) > proto::kMaxAnnounceChars)
        fail(ErrorCode::bad_request, "text: at most " + std::to_string(proto::kMaxAnnounceChars) + " characters");
    require_role(caller);
    proto::Event event;
    event.kind = proto::EventKind::announcement;
    event.text = text;
    emit(std::move(event), outcome, std::nullopt);
    return Json::object();
}

Json Engine::op_stats_day(const Caller& caller, const proto::StatsDayRequest& request, Outcome&) {
    const std::string day = request.day.value_or(day_);
    if (!HospitalClock::valid_day(day)) fail(ErrorCode::bad_request, "day: expected YYYY-MM-DD");
    require_role(caller);
    proto::StatsDayReply reply;
    reply.day = day;
    for (const auto& service : config_.services) {
        ServiceDayFigures f = store_.day_figures(service.code, day);
        reply.services.push_back(proto::ServiceDayStats{service.code, f.issued, f.served, f.skipped, f.waiting,
                                                        mean_seconds(f.waits_ms), p90_seconds(f.waits_ms),
                                                        mean_seconds(f.services_ms)});
    }
    return reply;
}

Json Engine::op_stats_counter(const Caller& caller, const proto::StatsCounterRequest& request, Outcome&) {
    const CounterConfig& config = counter_for(caller, request.counter);
    ServiceDayFigures f = store_.counter_figures(config.id, day_);
    return proto::StatsCounterReply{config.id, day_, f.served, f.skipped, mean_seconds(f.services_ms)};
}

Json Engine::op_subscribe(const Caller& caller, const proto::SubscribeRequest& request, Outcome& outcome) {
    require_role(caller);
    proto::Snapshot snapshot;
    snapshot.seq = store_.last_seq();
    snapshot.epoch = epoch_;
    snapshot.service_day = day_;
    for (const auto& service : config_.services) snapshot.services.push_back(service_state(service));
    for (const auto& counter : config_.counters) snapshot.counters.push_back(counter_state(counter));
    for (const auto& stored : store_.recent_calls(day_, 10)) {
        // Stored without its seq (Engine::emit): the row's key puts it back.
        Json event = Json::parse(stored.body);
        event["seq"] = stored.seq;
        try {
            snapshot.recent.push_back(event.get<proto::Event>());
        } catch (const proto::ProtocolError& e) {
            // A row the subscriber could not read either: the hall is whole without it.
            spdlog::warn("event {} left out of the snapshot: {}", stored.seq, e.what());
        }
    }
    if (request.tickets) {
        snapshot.tickets.emplace();
        for (const auto& row : store_.active_tickets(day_)) snapshot.tickets->push_back(to_proto(row));
    }
    outcome.snapshot = Json(snapshot);
    outcome.subscribed_seq = snapshot.seq;
    return proto::SubscribeReply{snapshot.seq};
}

}  // namespace anoman::server
