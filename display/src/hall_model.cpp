#include "hall_model.hpp"

#include <algorithm>
#include <utility>

namespace anoman::display {
namespace {

bool is_call(proto::EventKind kind) {
    return kind == proto::EventKind::called || kind == proto::EventKind::recalled;
}

double seconds(std::chrono::steady_clock::duration duration) {
    return std::chrono::duration<double>(duration).count();
}

}  // namespace

bool was_waiting_when_cancelled(const proto::Ticket& ticket) {
    if (!ticket.called_at) return true;
    // ISO-8601 stamps with the same offset compare as strings.
    return ticket.queued_at && *ticket.queued_at > *ticket.called_at;
}

HallModel::HallModel(std::vector<std::string> counter_filter) : counter_filter_(std::move(counter_filter)) {}

bool HallModel::shows_counter(const std::string& counter_id) const {
    return counter_filter_.empty() ||
           std::find(counter_filter_.begin(), counter_filter_.end(), counter_id) != counter_filter_.end();
}

CounterTile* HallModel::find_tile(const std::string& counter_id) {
    for (auto& tile : tiles_)
        if (tile.id == counter_id) return &tile;
    return nullptr;
}

ServiceLine* HallModel::find_service(const std::string& code) {
    for (auto& service : services_)
        if (service.code == code) return &service;
    return nullptr;
}

void HallModel::adjust_waiting(const std::string& service_code, int delta) {
    if (auto* service = find_service(service_code)) service->waiting = std::max(0, service->waiting + delta);
}

void HallModel::clear_current(std::int64_t ticket_id) {
    for (auto& tile : tiles_)
        if (tile.current && tile.current->id == ticket_id) tile.current.reset();
}

void HallModel::remember_call(const RecentCall& call) {
    // One line per ticket: a recall moves it back to the top.
    std::erase_if(recent_, [&](const RecentCall& old) { return old.ticket_id == call.ticket_id; });
    recent_.push_front(call);
    while (recent_.size() > kRecentLimit) recent_.pop_back();
}

void HallModel::lose_sync(Instant now) {
    if (synced_) ++revision_;
    if (synced_ && !sync_lost_at_) sync_lost_at_ = now;
    synced_ = false;
}

void HallModel::link_changed(LinkState state, const std::string& detail, Instant now) {
    ++revision_;
    link_ = state;
    link_detail_ = detail;
    if (state != LinkState::online) lose_sync(now);
}

void HallModel::welcome(const proto::Welcome& welcome, Instant now) {
    // A new connection: whatever we hold may be old until its snapshot arrives.
    lose_sync(now);
    ++revision_;
    hospital_ = welcome.hospital;
    service_day_ = welcome.service_day;
    heard(now);
}

std::vector<CallToAnnounce> HallModel::snapshot(const proto::Snapshot& snapshot, Instant now) {
    const bool replay_missed =
        ever_synced_ && sync_lost_at_ && now - *sync_lost_at_ <= kReplayMissedCallsWithin;
    const std::int64_t seq_before = last_seq_;

    epoch_ = snapshot.epoch;
    service_day_ = snapshot.service_day;

    // Counters: the filter's order when there is one (the installer lays out the TV).
    tiles_.clear();
    unknown_counters_.clear();
    auto tile_of = [](const proto::CounterState& counter) {
        return CounterTile{counter.id, counter.name, counter.services, counter.open, counter.reason, counter.current};
    };
    if (counter_filter_.empty()) {
        for (const auto& counter : snapshot.counters) tiles_.push_back(tile_of(counter));
    } else {
        for (const auto& wanted : counter_filter_) {
            auto it = std::find_if(snapshot.counters.begin(), snapshot.counters.end(),
                                   [&](const proto::CounterState& counter) { return counter.id == wanted; });
            if (it == snapshot.counters.end())
                unknown_counters_.push_back(wanted);
            else
                tiles_.push_back(tile_of(*it));
        }
    }

    // Services: those the shown counters serve (all of them without a filter).
    services_.clear();
    for (const auto& service : snapshot.services) {
        const bool served_here =
            counter_filter_.empty() || std::any_of(tiles_.begin(), tiles_.end(), [&](const CounterTile& tile) {
                return std::find(tile.services.begin(), tile.services.end(), service.code) != tile.services.end();
            });
        if (served_here) services_.push_back({service.code, service.name, service.waiting, service.open});
    }

    // The last calls, newest first, as the server lists them.
    recent_.clear();
    std::vector<CallToAnnounce> missed;
    for (auto it = snapshot.recent.rbegin(); it != snapshot.recent.rend(); ++it) {
        const proto::Event& call = *it;
        if (!is_call(call.kind) || !call.ticket) continue;
        const std::string counter_id = call.counter.value_or(call.ticket->counter.value_or(""));
        const CounterTile* tile = find_tile(counter_id);
        if (!tile) continue;
        const bool recall = call.kind == proto::EventKind::recalled;
        remember_call({call.seq, call.ticket->id, call.ticket->number, counter_id, tile->name, recall});
        if (replay_missed && call.seq > seq_before)
            missed.push_back({call.seq, call.ticket->number, counter_id, tile->name, recall});
    }
    if (!missed.empty()) newest_call_at_ = now;

    ++revision_;
    synced_ = true;
    ever_synced_ = true;
    sync_lost_at_.reset();
    last_seq_ = snapshot.seq;
    heard(now);
    return missed;
}

std::optional<CallToAnnounce> HallModel::event(const proto::Event& event, Instant now) {
    heard(now);
    if (!synced_) return std::nullopt;           // waiting for a snapshot: it will hold this
    if (event.seq <= last_seq_) return std::nullopt;  // already in the snapshot
    if (event.seq != last_seq_ + 1) {
        lose_sync(now);  // missed something: only a fresh snapshot can be trusted
        return std::nullopt;
    }
    last_seq_ = event.seq;
    ++revision_;

    using proto::EventKind;
    const proto::Ticket* ticket = event.ticket ? &*event.ticket : nullptr;
    std::optional<CallToAnnounce> call;
    switch (event.kind) {
        case EventKind::issued:
        case EventKind::requeued:
            if (ticket) adjust_waiting(ticket->service, +1);
            break;
        case EventKind::called:
        case EventKind::recalled: {
            if (!ticket) break;
            if (event.kind == EventKind::called) adjust_waiting(ticket->service, -1);
            const std::string counter_id = event.counter.value_or(ticket->counter.value_or(""));
            clear_current(ticket->id);
            CounterTile* tile = find_tile(counter_id);
            if (!tile) break;  // a counter this display does not show
            tile->current = *ticket;
            const bool recall = event.kind == EventKind::recalled;
            remember_call({event.seq, ticket->id, ticket->number, counter_id, tile->name, recall});
            newest_call_at_ = now;
            call = CallToAnnounce{event.seq, ticket->number, counter_id, tile->name, recall};
            break;
        }
        case EventKind::skipped:
        case EventKind::finished:
            if (ticket) clear_current(ticket->id);
            break;
        case EventKind::transferred:
            if (ticket) {
                clear_current(ticket->id);
                adjust_waiting(ticket->service, +1);
            }
            break;
        case EventKind::cancelled:
            if (ticket) {
                if (was_waiting_when_cancelled(*ticket)) adjust_waiting(ticket->service, -1);
                clear_current(ticket->id);
            }
            break;
        case EventKind::counter_opened:
        case EventKind::counter_closed:
            if (event.counter)
                if (CounterTile* tile = find_tile(*event.counter)) {
                    tile->open = event.kind == EventKind::counter_opened;
                    tile->reason = tile->open ? std::nullopt : event.reason;
                }
            break;
        case EventKind::announcement:
            if (event.text && !event.text->empty()) {
                ticker_text_ = *event.text;
                ticker_started_ = now;
            }
            break;
        case EventKind::day_rollover:
            // The server cancels the old day's tickets without an event each:
            // every queue and counter starts the new day empty.
            if (event.service_day) service_day_ = *event.service_day;
            for (auto& tile : tiles_) tile.current.reset();
            for (auto& service : services_) service.waiting = 0;
            recent_.clear();
            newest_call_at_.reset();
            break;
    }
    return call;
}

void HallModel::heartbeat(const proto::Heartbeat& heartbeat, Instant now) {
    heard(now);
    if (!synced_) return;
    // A heartbeat names the last seq sent: a higher one means we missed events;
    // another epoch means the server restarted under us.
    if (heartbeat.epoch != epoch_ || heartbeat.seq > last_seq_) lose_sync(now);
}

HallStatus HallModel::status(Instant now) const {
    if (link_ == LinkState::refused) return HallStatus::refused;
    if (link_ != LinkState::online) return HallStatus::connecting;
    if (!synced_) return HallStatus::syncing;
    if (now - last_heard_ >= kSilenceLimit) return HallStatus::silent;
    return HallStatus::live;
}

std::optional<Highlight> HallModel::highlight(Instant now) const {
    if (recent_.empty()) return std::nullopt;
    Highlight highlight{recent_.front().ticket_id, recent_.front().counter_id, false, true};
    if (newest_call_at_ && now >= *newest_call_at_) {
        const auto half_periods = (now - *newest_call_at_) / kBlinkHalfPeriod;
        if (half_periods < kBlinkHalfPeriods) {
            highlight.blinking = true;
            highlight.lit = half_periods % 2 == 0;
        }
    }
    return highlight;
}

std::optional<Ticker> HallModel::ticker(Instant now) const {
    if (!ticker_text_ || now - ticker_started_ >= kTickerShownFor) return std::nullopt;
    return Ticker{*ticker_text_, seconds(now - ticker_started_)};
}

double HallModel::seconds_until_change(Instant now) const {
    constexpr double kIdle = 3600.0;
    double wait = kIdle;
    const HallStatus current = status(now);
    if (current == HallStatus::live) {
        // Wake just after the silence limit to show the reconnecting state on time.
        wait = std::min(wait, seconds(last_heard_ + kSilenceLimit - now) + 0.01);
        if (ticker(now)) wait = std::min(wait, kTickerFrameSeconds);
        if (auto lit = highlight(now); lit && lit->blinking && newest_call_at_) {
            const auto half_periods = (now - *newest_call_at_) / kBlinkHalfPeriod + 1;
            wait = std::min(wait, seconds(*newest_call_at_ + half_periods * kBlinkHalfPeriod - now));
        }
    }
    return std::max(wait, 0.0);
}

}  // namespace anoman::display
