// CounterModel, the clerk's side: keys, the scan field, actions, dialogs,
// and the notice line each reply leaves behind.
#include <algorithm>

#include "anoman/counter/counter_model.hpp"
#include "anoman/counter/scan_code.hpp"

namespace anoman::counter {

using proto::ErrorCode;
using proto::Json;
using proto::TicketStatus;

namespace {

constexpr std::size_t kMaxScanChars = 64;
// The client answers every request within its timeout (5 s); this only guards
// against a reply that never comes, so the console can never lock up.
constexpr auto kBusyGiveUp = std::chrono::seconds(15);

std::optional<proto::Ticket> reply_ticket(const proto::Reply& reply) {
    try {
        if (reply.body.is_object() && reply.body.contains("ticket")) return reply.body.at("ticket").get<proto::Ticket>();
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

}  // namespace

void CounterModel::set_notice(Notice::Level level, std::string key, SysMillis now,
                              std::vector<std::pair<std::string, std::string>> params) {
    notice_ = Notice{level, std::move(key), std::move(params), now};
}

std::vector<Outgoing> CounterModel::take_outbox() {
    std::vector<Outgoing> out;
    out.swap(outbox_);
    return out;
}

// ---- Keyboard ---------------------------------------------------------------------

void CounterModel::press(Key key, SysMillis now) {
    if (key == Key::f12) {
        english_ = !english_;
        return;
    }
    if (dialog_ != Dialog::none) {
        const int options = static_cast<int>(dialog_ == Dialog::transfer ? transfer_targets().size() : close_reasons().size());
        switch (key) {
        case Key::up: dialog_index_ = std::max(0, dialog_index_ - 1); break;
        case Key::down: dialog_index_ = std::min(options - 1, dialog_index_ + 1); break;
        case Key::home: dialog_index_ = 0; break;
        case Key::end: dialog_index_ = std::max(0, options - 1); break;
        case Key::enter: confirm_dialog(now); break;
        case Key::escape: cancel_dialog(); break;
        default: break;  // action keys wait until the choice is made or cancelled
        }
        return;
    }
    switch (key) {
    case Key::f1: act(Action::call_next, now); break;
    case Key::f2: act(Action::recall, now); break;
    case Key::f3: act(Action::skip, now); break;
    case Key::f4: act(Action::finish, now); break;
    case Key::f5: act(Action::transfer, now); break;
    case Key::f6: act(Action::open_close, now); break;
    case Key::f7: act(Action::call_selected, now); break;
    case Key::f8: act(Action::requeue, now); break;
    case Key::up: move_selection(-1); break;
    case Key::down: move_selection(+1); break;
    case Key::page_up: move_selection(-10); break;
    case Key::page_down: move_selection(+10); break;
    case Key::home: move_selection(-1000000); break;
    case Key::end: move_selection(+1000000); break;
    case Key::enter: submit_scan(now); break;
    case Key::backspace:
        if (!scan_text_.empty()) scan_text_.pop_back();
        break;
    case Key::escape:
        // Undo one thing at a time: the half-typed code, then the selection, then the notice.
        if (!scan_text_.empty()) scan_text_.clear();
        else if (selected_) selected_.reset();
        else notice_.reset();
        break;
    case Key::f12: break;
    }
}

void CounterModel::type(char32_t character, SysMillis now) {
    // A scanner types ASCII only; anything else is a stray key.
    if (character < 32 || character > 126) return;
    if (dialog_ != Dialog::none) {
        if (character >= U'1' && character <= U'9') {
            choose(static_cast<int>(character - U'1'), now);
            return;
        }
        // Anything else means a ticket is being scanned or typed (codes start
        // with a letter): drop the choice before the code's digits could pick
        // an option, and let the code go to the scan field.
        cancel_dialog();
    }
    if (scan_text_.size() < kMaxScanChars) scan_text_ += static_cast<char>(character);
}

void CounterModel::submit_scan(SysMillis now) {
    std::string text;
    text.swap(scan_text_);
    if (text.find_first_not_of(' ') == std::string::npos) return;
    lookup(text, now);
}

// ---- Finding a ticket by its code -----------------------------------------------------

void CounterModel::lookup(const std::string& text, SysMillis now) {
    auto code = parse_scan_code(text);
    if (!code) {
        set_notice(Notice::Level::error, "notice.scan_unknown", now, {{"text", text}});
        return;
    }
    if (code->service_day && !service_day_.empty() && *code->service_day != service_day_) {
        set_notice(Notice::Level::error, "notice.scan_other_day", now, {{"number", code->number}, {"day", *code->service_day}});
        return;
    }
    const proto::Ticket* ticket = code->ticket_id ? book_.find(*code->ticket_id) : nullptr;
    if (!ticket) ticket = book_.find_number(code->number);
    if (ticket) {
        const std::string& number = ticket->number;
        if (ticket->status == TicketStatus::called) {
            if (ticket->counter == counter_id_)
                set_notice(Notice::Level::info, "notice.scan_is_current", now, {{"number", number}});
            else
                set_notice(Notice::Level::info, "notice.scan_called_elsewhere", now,
                           {{"number", number}, {"counter", counter_display_name(ticket->counter.value_or("?"))}});
        } else if (!serves(counter_services_, ticket->service)) {
            set_notice(Notice::Level::error, "notice.scan_other_service", now,
                       {{"number", number}, {"service", service_name(ticket->service)}});
        } else {
            select(ticket->id);
            scroll_request_ = true;
            set_notice(Notice::Level::info,
                       ticket->status == TicketStatus::waiting ? "notice.selected_waiting" : "notice.selected_skipped",
                       now, {{"number", number}});
        }
        return;
    }
    // Not among today's live tickets: ask the server what became of it.
    if (link_ != LinkState::online) {
        set_notice(Notice::Level::error, "notice.scan_not_found", now, {{"number", code->number}});
        return;
    }
    Json request{{"type", "ticket.get"}};
    if (code->ticket_id) request["ticket"] = *code->ticket_id;
    else request["number"] = code->number;
    const std::uint64_t token = next_token_++;
    pending_[token] = PendingRequest{Pending::lookup, "ticket.get", code->number, ""};
    outbox_.push_back(Outgoing{token, std::move(request)});
}

void CounterModel::on_lookup_reply(const PendingRequest& pending, const proto::Reply& reply, SysMillis now) {
    if (!reply.ok) {
        if (reply.error && reply.error->code == ErrorCode::not_found)
            set_notice(Notice::Level::error, "notice.scan_not_found", now, {{"number", pending.number}});
        else if (reply.error)
            explain_error(pending, *reply.error, now);
        return;
    }
    auto ticket = reply_ticket(reply);
    if (!ticket) return;
    if (ticket->service_day != service_day_) {
        set_notice(Notice::Level::error, "notice.scan_other_day", now, {{"number", ticket->number}, {"day", ticket->service_day}});
    } else if (ticket->status == TicketStatus::done) {
        set_notice(Notice::Level::info, "notice.scan_done", now,
                   {{"number", ticket->number}, {"counter", counter_display_name(ticket->counter.value_or("-"))}});
    } else if (ticket->status == TicketStatus::cancelled) {
        set_notice(Notice::Level::info, "notice.scan_cancelled", now, {{"number", ticket->number}});
    } else {
        // Live but not in the book: the list is not known (server without the
        // ticket list); say what the server says.
        set_notice(Notice::Level::info, "notice.scan_status", now,
                   {{"number", ticket->number}, {"status@", "status." + std::string(proto::to_string(ticket->status))}});
    }
}

// ---- Actions -------------------------------------------------------------------------

bool CounterModel::ready_for_action(SysMillis now) {
    if (busy_token_ && now - busy_since_ > kBusyGiveUp) busy_token_.reset();
    if (busy_token_) {
        set_notice(Notice::Level::info, "notice.busy", now);
        return false;
    }
    if (counter_id_.empty()) {
        set_notice(Notice::Level::error, link_ == LinkState::online ? "notice.not_counter_device" : "notice.offline", now);
        return false;
    }
    if (link_ != LinkState::online) {
        set_notice(Notice::Level::error, "notice.offline", now);
        return false;
    }
    return true;
}

void CounterModel::send_action(Json request, std::string number, std::string detail, SysMillis now) {
    request["counter"] = counter_id_;
    if (request["type"] == "ticket.requeue") request.erase("counter");
    const std::uint64_t token = next_token_++;
    pending_[token] = PendingRequest{Pending::action, request["type"].get<std::string>(), std::move(number), std::move(detail)};
    busy_token_ = token;
    busy_since_ = now;
    outbox_.push_back(Outgoing{token, std::move(request)});
}

void CounterModel::act(Action action, SysMillis now) {
    if (dialog_ != Dialog::none) return;
    if (!ready_for_action(now)) return;
    switch (action) {
    case Action::call_next:
        send_action(Json{{"type", "counter.call_next"}}, "", "", now);
        break;
    case Action::recall:
    case Action::skip:
    case Action::finish:
    case Action::transfer: {
        if (!current_) {
            set_notice(Notice::Level::error, "notice.no_current", now);
            return;
        }
        if (action == Action::transfer) {
            dialog_ = Dialog::transfer;
            dialog_index_ = 0;
            return;
        }
        const char* type = action == Action::recall ? "counter.recall" : action == Action::skip ? "counter.skip" : "counter.finish";
        send_action(Json{{"type", type}}, current_->number, "", now);
        break;
    }
    case Action::open_close:
        if (counter_open_) {
            dialog_ = Dialog::close_reason;
            dialog_index_ = 0;
        } else {
            send_action(Json{{"type", "counter.open"}}, "", "", now);
        }
        break;
    case Action::call_selected:
    case Action::requeue: {
        const proto::Ticket* ticket = selected_ ? book_.find(*selected_) : nullptr;
        if (!ticket) {
            set_notice(Notice::Level::error, "notice.select_first", now);
            return;
        }
        if (action == Action::call_selected) {
            if (ticket->status != TicketStatus::waiting) {
                set_notice(Notice::Level::error, "notice.selected_not_waiting", now, {{"number", ticket->number}});
                return;
            }
            send_action(Json{{"type", "counter.call"}, {"ticket", ticket->id}}, ticket->number, "", now);
        } else {
            if (ticket->status != TicketStatus::skipped) {
                set_notice(Notice::Level::error, "notice.selected_not_skipped", now, {{"number", ticket->number}});
                return;
            }
            send_action(Json{{"type", "ticket.requeue"}, {"ticket", ticket->id}}, ticket->number, "", now);
        }
        break;
    }
    }
}

void CounterModel::choose(int option, SysMillis now) {
    if (dialog_ == Dialog::none) return;
    const int options = static_cast<int>(dialog_ == Dialog::transfer ? transfer_targets().size() : close_reasons().size());
    if (option < 0 || option >= options) return;
    dialog_index_ = option;
    confirm_dialog(now);
}

void CounterModel::cancel_dialog() {
    dialog_ = Dialog::none;
    dialog_index_ = 0;
}

void CounterModel::confirm_dialog(SysMillis now) {
    const Dialog dialog = dialog_;
    const int index = dialog_index_;
    cancel_dialog();
    if (!ready_for_action(now)) return;
    if (dialog == Dialog::transfer) {
        const auto targets = transfer_targets();
        if (!current_) {
            set_notice(Notice::Level::error, "notice.no_current", now);
            return;
        }
        if (index < 0 || index >= static_cast<int>(targets.size())) return;
        const std::string& code = targets[static_cast<std::size_t>(index)];
        send_action(Json{{"type", "counter.transfer"}, {"to_service", code}}, current_->number, service_name(code), now);
    } else if (dialog == Dialog::close_reason) {
        const auto& reasons = close_reasons();
        if (index < 0 || index >= static_cast<int>(reasons.size())) return;
        const CloseReason& reason = reasons[static_cast<std::size_t>(index)];
        send_action(Json{{"type", "counter.close"}, {"reason", reason.wire}}, "", reason.key, now);
    }
}

// ---- Replies --------------------------------------------------------------------------

void CounterModel::request_stats() {
    if (counter_id_.empty() || link_ != LinkState::online) {
        stats_dirty_ = true;
        return;
    }
    if (stats_pending_) {
        stats_dirty_ = true;
        return;
    }
    stats_pending_ = true;
    stats_dirty_ = false;
    const std::uint64_t token = next_token_++;
    pending_[token] = PendingRequest{Pending::stats, "stats.counter", "", ""};
    outbox_.push_back(Outgoing{token, Json{{"type", "stats.counter"}, {"counter", counter_id_}}});
}

void CounterModel::on_reply(std::uint64_t token, const proto::Reply& reply, SysMillis now) {
    auto it = pending_.find(token);
    if (it == pending_.end()) return;
    const PendingRequest pending = it->second;
    pending_.erase(it);
    if (reply.ok) last_heard_ = now;
    switch (pending.kind) {
    case Pending::action:
        if (busy_token_ == token) busy_token_.reset();
        on_action_reply(pending, reply, now);
        break;
    case Pending::stats:
        stats_pending_ = false;
        if (reply.ok) {
            CounterFigures figures;
            figures.served = reply.body.value("served", std::int64_t{0});
            figures.skipped = reply.body.value("skipped", std::int64_t{0});
            figures.avg_service_s = reply.body.value("avg_service_s", std::int64_t{0});
            figures_ = figures;
        } else {
            stats_dirty_ = true;  // asked again at the next occasion (reconnect, action)
            return;
        }
        if (stats_dirty_) request_stats();
        break;
    case Pending::lookup:
        on_lookup_reply(pending, reply, now);
        break;
    }
}

void CounterModel::on_action_reply(const PendingRequest& pending, const proto::Reply& reply, SysMillis now) {
    if (!reply.ok) {
        explain_error(pending, reply.error.value_or(proto::Error{}), now);
        return;
    }
    const auto ticket = reply_ticket(reply);
    const std::string number = ticket ? ticket->number : pending.number;
    const std::string& type = pending.type;
    if (type == "counter.call_next" || type == "counter.call") {
        set_notice(Notice::Level::success, "notice.called", now, {{"number", number}, {"counter", counter_name_}});
        selected_.reset();
    } else if (type == "counter.recall") {
        set_notice(Notice::Level::success, "notice.recalled", now,
                   {{"number", number}, {"calls", std::to_string(ticket ? ticket->calls : 0)}});
    } else if (type == "counter.skip") {
        set_notice(Notice::Level::success, "notice.skipped", now, {{"number", number}});
    } else if (type == "counter.finish") {
        set_notice(Notice::Level::success, "notice.finished", now, {{"number", number}});
    } else if (type == "counter.transfer") {
        set_notice(Notice::Level::success, "notice.transferred", now, {{"number", number}, {"service", pending.detail}});
    } else if (type == "counter.open") {
        set_notice(Notice::Level::success, "notice.opened", now, {{"counter", counter_name_}});
    } else if (type == "counter.close") {
        set_notice(Notice::Level::success, "notice.closed", now, {{"counter", counter_name_}, {"reason@", pending.detail}});
    } else if (type == "ticket.requeue") {
        set_notice(Notice::Level::success, "notice.requeued", now, {{"number", number}});
    }
    request_stats();
}

void CounterModel::explain_error(const PendingRequest& pending, const proto::Error& error, SysMillis now) {
    using Level = Notice::Level;
    const std::string& type = pending.type;
    switch (error.code) {
    case ErrorCode::internal:
        // The client's own failures; the request may or may not have run.
        if (error.message == "not connected") set_notice(Level::error, "notice.not_sent", now);
        else if (error.message == "timeout") set_notice(Level::error, "notice.timeout", now);
        else if (error.message == "connection lost") set_notice(Level::error, "notice.connection_lost", now);
        else set_notice(Level::error, "notice.server_error", now, {{"message", error.message}});
        return;
    case ErrorCode::queue_empty:
        set_notice(Level::error, "notice.queue_empty", now, {{"counter", counter_name_}});
        return;
    case ErrorCode::invalid_state:
        if ((type == "counter.call_next" || type == "counter.call") && !counter_open_)
            set_notice(Level::error, "notice.counter_closed", now);
        else if (type == "counter.call")
            set_notice(Level::error, "notice.ticket_not_waiting", now, {{"number", pending.number}});
        else if (type == "ticket.requeue")
            set_notice(Level::error, "notice.cannot_requeue", now, {{"number", pending.number}});
        else if (type == "counter.recall" || type == "counter.skip" || type == "counter.finish" || type == "counter.transfer")
            set_notice(Level::error, "notice.no_current", now);
        else
            set_notice(Level::error, "notice.server_error", now, {{"message", error.message}});
        return;
    case ErrorCode::forbidden:
        set_notice(Level::error, "notice.forbidden", now, {{"message", error.message}});
        return;
    case ErrorCode::not_found:
        set_notice(Level::error, "notice.not_found", now, {{"message", error.message}});
        return;
    case ErrorCode::unauthorized:
        set_notice(Level::error, "notice.unauthorized", now);
        return;
    case ErrorCode::rate_limited:
        set_notice(Level::error, "notice.rate_limited", now);
        return;
    default:
        set_notice(Level::error, "notice.server_error", now, {{"message", error.message}});
        return;
    }
}

}  // namespace anoman::counter
