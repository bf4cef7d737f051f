// CounterModel, the clerk's side: keys, the scan field (finding a ticket by
// its code), actions and the dialogs they open.
#include <algorithm>

#include "anoman/counter/counter_model.hpp"
#include "anoman/protocol_replies.hpp"
#include "anoman/protocol_requests.hpp"
#include "anoman/counter/scan_code.hpp"

namespace anoman::counter {

using proto::Json;
using proto::TicketStatus;

namespace {

// A page address QR (docs/web.md) is public_url + "/t/" + 22 characters.
constexpr std::size_t kMaxScanChars = 256;
// The client answers every request within its timeout (5 s); this only guards
// against a reply that never comes, so the console can never lock up.
constexpr auto kBusyGiveUp = std::chrono::seconds(15);

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
    ++revision_;  // whatever it changes is shown
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
    case Key::f9: act(Action::link_booking, now); break;
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
        // Undo one thing at a time: the half-typed code, the armed link, the selection, the notice.
        if (!scan_text_.empty()) scan_text_.clear();
        else if (link_armed_) {
            link_armed_ = false;
            notice_.reset();
        }
        else if (selected_) selected_.reset();
        else notice_.reset();
        break;
    case Key::f12: break;
    }
}

void CounterModel::type(char32_t character, SysMillis now) {
    ++revision_;  // whatever it changes is shown
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
    ++revision_;  // whatever it changes is shown
    std::string text;
    text.swap(scan_text_);
    if (text.find_first_not_of(' ') == std::string::npos) return;
    if (link_armed_) {
        link_armed_ = false;
        link_booking(text, now);
        return;
    }
    lookup(text, now);
}

// ---- Finding a ticket by its code -----------------------------------------------------

void CounterModel::lookup(const std::string& text, SysMillis now) {
    auto code = parse_scan_code(text);
    if (!code) {
        set_notice(Notice::Level::error, "notice.scan_unknown", now, {{"text", text}});
        return;
    }
    if (code->page_code) {
        // A page address names no number: the server says which ticket it is
        // (on_lookup_reply), then it is looked up here like a scanned number.
        if (link_ != LinkState::online) {
            set_notice(Notice::Level::error, "notice.scan_not_found", now, {{"number", "QR"}});
            return;
        }
        const std::uint64_t token = next_token_++;
        pending_[token] = PendingRequest{Pending::lookup, std::string(proto::TicketGetRequest::kType), "QR", "code"};
        proto::TicketGetRequest request;
        request.code = *code->page_code;
        outbox_.push_back(Outgoing{token, request});
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
    proto::TicketGetRequest request;
    if (code->ticket_id) request.ticket = *code->ticket_id;
    else request.number = code->number;
    const std::uint64_t token = next_token_++;
    pending_[token] = PendingRequest{Pending::lookup, std::string(proto::TicketGetRequest::kType), code->number, ""};
    outbox_.push_back(Outgoing{token, std::move(request)});
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
    const std::uint64_t token = next_token_++;
    pending_[token] = PendingRequest{Pending::action, request["type"].get<std::string>(), std::move(number), std::move(detail)};
    busy_token_ = token;
    busy_since_ = now;
    outbox_.push_back(Outgoing{token, std::move(request)});
}

void CounterModel::act(Action action, SysMillis now) {
    ++revision_;  // whatever it changes is shown
    if (dialog_ != Dialog::none) return;
    if (!ready_for_action(now)) return;
    switch (action) {
    case Action::call_next:
        send_action(proto::CounterCallNextRequest{counter_id_}, "", "", now);
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
        Json request = action == Action::recall ? Json(proto::CounterRecallRequest{counter_id_})
                       : action == Action::skip ? Json(proto::CounterSkipRequest{counter_id_})
                                                : Json(proto::CounterFinishRequest{counter_id_});
        send_action(std::move(request), current_->number, "", now);
        break;
    }
    case Action::open_close:
        if (counter_open_) {
            dialog_ = Dialog::close_reason;
            dialog_index_ = 0;
        } else {
            send_action(proto::CounterOpenRequest{counter_id_, std::nullopt}, "", "", now);
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
            send_action(proto::CounterCallRequest{ticket->id, counter_id_}, ticket->number, "", now);
        } else {
            if (ticket->status != TicketStatus::skipped) {
                set_notice(Notice::Level::error, "notice.selected_not_skipped", now, {{"number", ticket->number}});
                return;
            }
            send_action(proto::TicketRequeueRequest{ticket->id}, ticket->number, "", now);
        }
        break;
    }
    case Action::link_booking:
        if (!current_) {
            set_notice(Notice::Level::error, "notice.no_current", now);
            return;
        }
        if (scan_text_.find_first_not_of(' ') != std::string::npos) {
            std::string text;
            text.swap(scan_text_);
            link_booking(text, now);
        } else {
            link_armed_ = true;  // the next scan (or typed code + Enter) is the booking code
            set_notice(Notice::Level::info, "notice.link_scan", now, {{"number", current_->number}});
        }
        break;
    }
}

// ---- BPJS booking codes ------------------------------------------------------------------

std::optional<std::string> CounterModel::booking_of(std::int64_t ticket_id) const {
    auto it = bookings_.find(ticket_id);
    if (it == bookings_.end()) return std::nullopt;
    return it->second;
}

void CounterModel::link_booking(const std::string& raw, SysMillis now) {
    // A scanner may add spaces around the code; the server checks the characters.
    const auto first = raw.find_first_not_of(' ');
    const auto last = raw.find_last_not_of(' ');
    const std::string code = first == std::string::npos ? std::string() : raw.substr(first, last - first + 1);
    if (!ready_for_action(now)) return;
    if (!current_) {
        set_notice(Notice::Level::error, "notice.no_current", now);
        return;
    }
    send_action(proto::TicketLinkRequest{current_->id, code}, current_->number, code, now);
}

void CounterModel::choose(int option, SysMillis now) {
    ++revision_;  // whatever it changes is shown
    if (dialog_ == Dialog::none) return;
    const int options = static_cast<int>(dialog_ == Dialog::transfer ? transfer_targets().size() : close_reasons().size());
    if (option < 0 || option >= options) return;
    dialog_index_ = option;
    confirm_dialog(now);
}

void CounterModel::cancel_dialog() {
    ++revision_;  // whatever it changes is shown
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
        send_action(proto::CounterTransferRequest{code, counter_id_}, current_->number, service_name(code), now);
    } else if (dialog == Dialog::close_reason) {
        const auto& reasons = close_reasons();
        if (index < 0 || index >= static_cast<int>(reasons.size())) return;
        const CloseReason& reason = reasons[static_cast<std::size_t>(index)];
        send_action(proto::CounterCloseRequest{counter_id_, reason.wire}, "", reason.key, now);
    }
}

}  // namespace anoman::counter
