// CounterModel, the server's answers: the notice line each reply leaves
// behind (in the clerk's words, not the server's), today's figures, and what
// a looked-up ticket became.
#include "anoman/counter/counter_model.hpp"
#include "anoman/protocol_replies.hpp"
#include "anoman/protocol_requests.hpp"

namespace anoman::counter {

using proto::ErrorCode;
using proto::Json;
using proto::TicketStatus;

namespace {

std::optional<proto::Ticket> reply_ticket(const proto::Reply& reply) {
    try {
        if (reply.body.is_object() && reply.body.contains("ticket")) return reply.body.at("ticket").get<proto::Ticket>();
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

}  // namespace

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
    if (pending.detail == "code" && ticket->service_day == service_day_ && book_.find(ticket->id)) {
        // A scanned page address: now that its ticket is known, as if its number was scanned.
        lookup("ANOMAN:" + ticket->service_day + ":" + ticket->number + ":" + std::to_string(ticket->id), now);
        return;
    }
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
    pending_[token] = PendingRequest{Pending::stats, std::string(proto::StatsCounterRequest::kType), "", ""};
    outbox_.push_back(Outgoing{token, proto::StatsCounterRequest{counter_id_}});
}

void CounterModel::on_reply(std::uint64_t token, const proto::Reply& reply, SysMillis now) {
    ++revision_;  // whatever it changes is shown
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
            try {
                const auto stats = reply.body.get<proto::StatsCounterReply>();
                figures.served = stats.served;
                figures.skipped = stats.skipped;
                figures.avg_service_s = stats.avg_service_s;
            } catch (const proto::ProtocolError&) {
                // A reply without its figures shows them unknown rather than stale.
            }
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
    if (type == proto::CounterCallNextRequest::kType || type == proto::CounterCallRequest::kType) {
        set_notice(Notice::Level::success, "notice.called", now, {{"number", number}, {"counter", counter_name_}});
        selected_.reset();
    } else if (type == proto::CounterRecallRequest::kType) {
        set_notice(Notice::Level::success, "notice.recalled", now,
                   {{"number", number}, {"calls", std::to_string(ticket ? ticket->calls : 0)}});
    } else if (type == proto::CounterSkipRequest::kType) {
        set_notice(Notice::Level::success, "notice.skipped", now, {{"number", number}});
    } else if (type == proto::CounterFinishRequest::kType) {
        set_notice(Notice::Level::success, "notice.finished", now, {{"number", number}});
    } else if (type == proto::CounterTransferRequest::kType) {
        set_notice(Notice::Level::success, "notice.transferred", now, {{"number", number}, {"service", pending.detail}});
    } else if (type == proto::CounterOpenRequest::kType) {
        set_notice(Notice::Level::success, "notice.opened", now, {{"counter", counter_name_}});
    } else if (type == proto::CounterCloseRequest::kType) {
        set_notice(Notice::Level::success, "notice.closed", now, {{"counter", counter_name_}, {"reason@", pending.detail}});
    } else if (type == proto::TicketRequeueRequest::kType) {
        set_notice(Notice::Level::success, "notice.requeued", now, {{"number", number}});
    } else if (type == proto::TicketLinkRequest::kType) {
        if (ticket) bookings_[ticket->id] = pending.detail;
        const bool linked = proto::optional_bool(reply.body, "linked").value_or(false);
        set_notice(Notice::Level::success, linked ? "notice.linked" : "notice.link_same", now,
                   {{"number", number}, {"code", pending.detail}});
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
        if (type == proto::TicketLinkRequest::kType) {
            set_notice(Level::error, "notice.link_refused", now, {{"number", pending.number}, {"code", pending.detail}});
            return;
        }
        if ((type == proto::CounterCallNextRequest::kType || type == proto::CounterCallRequest::kType) && !counter_open_)
            set_notice(Level::error, "notice.counter_closed", now);
        else if (type == proto::CounterCallRequest::kType)
            set_notice(Level::error, "notice.ticket_not_waiting", now, {{"number", pending.number}});
        else if (type == proto::TicketRequeueRequest::kType)
            set_notice(Level::error, "notice.cannot_requeue", now, {{"number", pending.number}});
        else if (type == proto::CounterRecallRequest::kType || type == proto::CounterSkipRequest::kType || type == proto::CounterFinishRequest::kType || type == proto::CounterTransferRequest::kType)
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
    case ErrorCode::bad_request:
        if (type == proto::TicketLinkRequest::kType) {
            set_notice(Level::error, "notice.link_bad_code", now, {{"code", pending.detail}});
            return;
        }
        set_notice(Level::error, "notice.server_error", now, {{"message", error.message}});
        return;
    default:
        set_notice(Level::error, "notice.server_error", now, {{"message", error.message}});
        return;
    }
}

}  // namespace anoman::counter
