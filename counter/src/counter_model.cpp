// CounterModel, the server side of it: link, welcome, snapshot, events,
// heartbeats, and the selection in the waiting list that they can move.
#include "anoman/counter/counter_model.hpp"

#include <algorithm>

namespace anoman::counter {

using proto::EventKind;
using proto::TicketStatus;

const std::vector<CloseReason>& close_reasons() {
    static const std::vector<CloseReason> reasons = {
        {"istirahat", "reason.istirahat"},
        {"ishoma", "reason.ishoma"},
        {"rapat", "reason.rapat"},
        {"tugas lain", "reason.tugas_lain"},
        {"layanan selesai", "reason.selesai"},
    };
    return reasons;
}

void CounterModel::on_link(LinkState state, const std::string& detail, SysMillis now) {
    ++revision_;  // whatever it changes is shown
    const bool was_online = link_ == LinkState::online;
    link_ = state;
    link_detail_ = detail;
    if (state == LinkState::online) {
        last_heard_ = now;
        if (!was_online && stats_dirty_) request_stats();
    } else {
        // A new snapshot is needed before anything shown is current again.
        has_snapshot_ = false;
    }
}

void CounterModel::on_welcome(const proto::Welcome& welcome, SysMillis now) {
    ++revision_;  // whatever it changes is shown
    hospital_name_ = welcome.hospital.name;
    hospital_timezone_ = welcome.hospital.timezone;
    service_day_ = welcome.service_day;
    last_heard_ = now;
    if (welcome.counter) {
        if (counter_id_ != *welcome.counter) {
            // Another counter than before (reconfigured device): forget its figures.
            figures_.reset();
        }
        counter_id_ = *welcome.counter;
    } else {
        counter_id_.clear();
        set_notice(Notice::Level::error, "notice.not_counter_device", now, {{"device", welcome.device}});
    }
}

void CounterModel::apply_counter(const proto::CounterState& counter) {
    counter_name_ = counter.name;
    counter_services_ = counter.services;
    counter_open_ = counter.open;
    close_reason_ = counter.open ? std::nullopt : counter.reason;
    current_ = counter.current;
}

void CounterModel::on_snapshot(const proto::Snapshot& snapshot, SysMillis now) {
    ++revision_;  // whatever it changes is shown
    last_seq_ = snapshot.seq;
    service_day_ = snapshot.service_day;
    services_ = snapshot.services;
    counter_names_.clear();
    for (const auto& counter : snapshot.counters) {
        counter_names_[counter.id] = counter.name;
        if (counter.id == counter_id_) apply_counter(counter);
    }
    if (snapshot.tickets) {
        book_.reset(*snapshot.tickets);
        tickets_known_ = true;
    } else {
        book_.clear();
        tickets_known_ = false;
    }
    has_snapshot_ = true;
    last_heard_ = now;
    keep_selection_valid();
    request_stats();
}

void CounterModel::on_event(const proto::Event& event, SysMillis now) {
    ++revision_;  // whatever it changes is shown
    last_heard_ = now;
    // Seen already (a snapshot at or after it): the snapshot includes it.
    if (has_snapshot_ && event.seq <= last_seq_) return;
    last_seq_ = event.seq;
    // Today's figures count tickets by the counter that served or skipped
    // them: any change to a ticket that is or was ours may change them
    // (finished, skipped, but also a no-show requeued or cancelled elsewhere).
    bool touches_figures = false;
    if (event.ticket && !counter_id_.empty() && event.kind != EventKind::issued) {
        const proto::Ticket* before = book_.find(event.ticket->id);
        touches_figures = (before && before->counter == counter_id_) || event.ticket->counter == counter_id_;
    }
    book_.apply(event);

    const bool mine = event.counter && *event.counter == counter_id_ && !counter_id_.empty();
    const bool about_current = event.ticket && current_ && current_->id == event.ticket->id;
    switch (event.kind) {
    case EventKind::called:
    case EventKind::recalled:
        if (mine && event.ticket) current_ = *event.ticket;
        else if (about_current) current_.reset();  // cannot happen, but never show it twice
        break;
    case EventKind::skipped:
    case EventKind::finished:
        if (about_current) current_.reset();
        break;
    case EventKind::transferred:
    case EventKind::cancelled:
        if (about_current) current_.reset();
        break;
    case EventKind::counter_opened:
        if (mine) {
            counter_open_ = true;
            close_reason_.reset();
        }
        break;
    case EventKind::counter_closed:
        if (mine) {
            counter_open_ = false;
            close_reason_ = event.reason;
        }
        break;
    case EventKind::day_rollover:
        if (event.service_day) service_day_ = *event.service_day;
        current_.reset();
        figures_ = CounterFigures{};
        request_stats();
        break;
    case EventKind::issued:
    case EventKind::requeued:
    case EventKind::announcement:
        break;
    }
    if (touches_figures) request_stats();
    keep_selection_valid();
}

void CounterModel::on_heartbeat(const proto::Heartbeat&, SysMillis now) {
    ++revision_;  // whatever it changes is shown
    last_heard_ = std::max(last_heard_, now);
}

bool CounterModel::is_live(SysMillis now) const {
    return link_ == LinkState::online && has_snapshot_ &&
           now - last_heard_ < std::chrono::seconds(proto::kOfflineAfterSeconds);
}

std::vector<const proto::Ticket*> CounterModel::waiting_rows() const {
    return book_.waiting(counter_services_);
}

std::vector<const proto::Ticket*> CounterModel::skipped_rows() const {
    return book_.skipped(counter_services_);
}

std::vector<std::int64_t> CounterModel::row_ids() const {
    std::vector<std::int64_t> ids;
    for (const auto* ticket : waiting_rows()) ids.push_back(ticket->id);
    for (const auto* ticket : skipped_rows()) ids.push_back(ticket->id);
    return ids;
}

void CounterModel::keep_selection_valid() {
    if (!selected_) return;
    const auto ids = row_ids();
    auto it = std::find(ids.begin(), ids.end(), *selected_);
    if (it == ids.end()) {
        // The selected patient left the list (called elsewhere, cancelled, ...).
        // Never slide onto a neighbour: F7 must call only whom the clerk chose.
        selected_.reset();
    } else {
        selected_index_ = static_cast<std::size_t>(it - ids.begin());
    }
}

void CounterModel::select(std::int64_t ticket_id) {
    ++revision_;  // whatever it changes is shown
    const auto ids = row_ids();
    auto it = std::find(ids.begin(), ids.end(), ticket_id);
    if (it == ids.end()) return;
    selected_ = ticket_id;
    selected_index_ = static_cast<std::size_t>(it - ids.begin());
}

void CounterModel::move_selection(int delta) {
    const auto ids = row_ids();
    if (ids.empty()) {
        selected_.reset();
        return;
    }
    const long last = static_cast<long>(ids.size()) - 1;
    long index = 0;
    if (selected_) {
        index = static_cast<long>(selected_index_) + delta;
    } else {
        // Nothing selected: the first arrow press lands where the clerk was
        // (or at the top); Home, End and the page keys still go their way.
        const long base = std::min(static_cast<long>(selected_index_), last);
        index = base + (delta > 0 ? delta - 1 : delta + 1);
    }
    index = std::clamp(index, 0L, last);
    selected_ = ids[static_cast<std::size_t>(index)];
    selected_index_ = static_cast<std::size_t>(index);
    scroll_request_ = true;
}

bool CounterModel::take_scroll_request() {
    const bool requested = scroll_request_;
    scroll_request_ = false;
    return requested;
}

std::vector<std::string> CounterModel::transfer_targets() const {
    std::vector<std::string> codes;
    for (const auto& service : services_)
        if (!current_ || service.code != current_->service) codes.push_back(service.code);
    return codes;
}

std::string CounterModel::service_name(const std::string& code) const {
    for (const auto& service : services_)
        if (service.code == code) return service.name;
    return code;
}

std::string CounterModel::service_prefix(const std::string& code) const {
    for (const auto& service : services_)
        if (service.code == code) return service.prefix;
    return code;
}

std::string CounterModel::counter_display_name(const std::string& id) const {
    auto it = counter_names_.find(id);
    return it == counter_names_.end() ? id : it->second;
}

}  // namespace anoman::counter
