// Counter operations: call next, call a chosen ticket, recall, skip, finish,
// transfer, open and close.
#include "engine.hpp"

#include <algorithm>

namespace anoman::server {

using proto::ErrorCode;
using proto::TicketStatus;

const CounterConfig& Engine::resolve_counter(const std::string& id) {
    const CounterConfig* counter = config_.find_counter(id);
    if (!counter) fail(ErrorCode::not_found, "counter: no counter \"" + id + "\"");
    return *counter;
}

const CounterConfig& Engine::counter_for(const Caller& caller, const std::string& id) {
    const CounterConfig& counter = resolve_counter(id);
    require_role(caller);
    require_counter_access(caller, counter);
    return counter;
}

void Engine::require_counter_access(const Caller& caller, const CounterConfig& counter) {
    if (caller.role == proto::Role::counter && caller.counter != counter.id)
        fail(ErrorCode::forbidden, "device " + caller.device + " may act only on counter " + caller.counter.value_or("?"));
}

CounterRow Engine::counter_row(const std::string& id) {
    auto row = store_.counter(id);
    if (!row) {
        store_.ensure_counter(id);
        row = store_.counter(id);
    }
    return *row;
}

std::optional<TicketRow> Engine::current_ticket(const CounterRow& counter) {
    if (!counter.current_ticket) return std::nullopt;
    return store_.ticket(*counter.current_ticket);
}

TicketRow Engine::require_current(const CounterRow& counter) {
    auto ticket = current_ticket(counter);
    if (!ticket) fail(ErrorCode::invalid_state, "counter " + counter.id + " has no current ticket");
    return *ticket;
}

void Engine::finish_current(CounterRow& counter, Outcome& outcome) {
    auto ticket = current_ticket(counter);
    if (!ticket) return;
    if (ticket->status == TicketStatus::called) {
        ticket->status = TicketStatus::done;
        ticket->finished_at_ms = job_now_.time_since_epoch().count();
        store_.update_ticket(*ticket);
        emit(proto::EventKind::finished, outcome, *ticket, counter.id);
    }
    counter.current_ticket.reset();
    store_.update_counter(counter);
}

TicketRow Engine::call_ticket(CounterRow& counter, TicketRow ticket, Outcome& outcome) {
    const std::int64_t now_ms = job_now_.time_since_epoch().count();
    ticket.status = TicketStatus::called;
    ticket.counter = counter.id;
    ticket.calls += 1;
    ticket.called_at_ms = now_ms;
    if (!ticket.first_called_at_ms) ticket.first_called_at_ms = now_ms;
    ticket.finished_at_ms.reset();
    store_.update_ticket(ticket);
    counter.current_ticket = ticket.id;
    store_.update_counter(counter);
    emit(proto::EventKind::called, outcome, ticket, counter.id);
    return ticket;
}

Json Engine::op_call_next(const Caller& caller, const proto::CounterCallNextRequest& request, Outcome& outcome) {
    const CounterConfig& config = counter_for(caller, request.counter);
    CounterRow counter = counter_row(config.id);
    if (!counter.open) fail(ErrorCode::invalid_state, config.name + " is closed; open it first");
    // The single writer thread makes "two counters never get the same ticket" hold.
    auto next = store_.next_waiting(config.services);
    if (!next) fail(ErrorCode::queue_empty, "no patient waiting for " + config.name);
    finish_current(counter, outcome);
    TicketRow called = call_ticket(counter, *next, outcome);
    return proto::TicketReply{to_proto(called)};
}

Json Engine::op_call(const Caller& caller, const proto::CounterCallRequest& request, Outcome& outcome) {
    const std::int64_t id = request.ticket;
    const CounterConfig& config = resolve_counter(request.counter);
    auto ticket = store_.ticket(id);
    if (!ticket) fail(ErrorCode::not_found, "ticket: no ticket " + std::to_string(id));
    require_role(caller);
    require_counter_access(caller, config);
    if (std::find(config.services.begin(), config.services.end(), ticket->service) == config.services.end())
        fail(ErrorCode::forbidden, config.name + " does not serve " + ticket->service);
    CounterRow counter = counter_row(config.id);
    if (!counter.open) fail(ErrorCode::invalid_state, config.name + " is closed; open it first");
    if (ticket->status != TicketStatus::waiting)
        fail(ErrorCode::invalid_state,
             "ticket " + ticket->number + " is " + std::string(proto::to_string(ticket->status)) + ", not waiting");
    finish_current(counter, outcome);
    TicketRow called = call_ticket(counter, *ticket, outcome);
    return proto::TicketReply{to_proto(called)};
}

Json Engine::op_recall(const Caller& caller, const proto::CounterRecallRequest& request, Outcome& outcome) {
    const CounterConfig& config = counter_for(caller, request.counter);
    CounterRow counter = counter_row(config.id);
    TicketRow ticket = require_current(counter);
    ticket.calls += 1;
    ticket.called_at_ms = job_now_.time_since_epoch().count();
    store_.update_ticket(ticket);
    emit(proto::EventKind::recalled, outcome, ticket, counter.id);
    return proto::TicketReply{to_proto(ticket)};
}

Json Engine::op_skip(const Caller& caller, const proto::CounterSkipRequest& request, Outcome& outcome) {
    const CounterConfig& config = counter_for(caller, request.counter);
    CounterRow counter = counter_row(config.id);
    TicketRow ticket = require_current(counter);
    ticket.status = TicketStatus::skipped;
    ticket.finished_at_ms = job_now_.time_since_epoch().count();
    store_.update_ticket(ticket);
    counter.current_ticket.reset();
    store_.update_counter(counter);
    emit(proto::EventKind::skipped, outcome, ticket, counter.id);
    return proto::TicketReply{to_proto(ticket)};
}

Json Engine::op_finish(const Caller& caller, const proto::CounterFinishRequest& request, Outcome& outcome) {
    const CounterConfig& config = counter_for(caller, request.counter);
    CounterRow counter = counter_row(config.id);
    TicketRow ticket = require_current(counter);
    finish_current(counter, outcome);
    return proto::TicketReply{to_proto(*store_.ticket(ticket.id))};
}

Json Engine::op_transfer(const Caller& caller, const proto::CounterTransferRequest& request, Outcome& outcome) {
    const std::string& to_code = request.to_service;
    const CounterConfig& config = resolve_counter(request.counter);
    const ServiceConfig* to_service = config_.find_service(to_code);
    if (!to_service) fail(ErrorCode::not_found, "to_service: no service \"" + to_code + "\"");
    require_role(caller);
    require_counter_access(caller, config);
    CounterRow counter = counter_row(config.id);
    TicketRow ticket = require_current(counter);
    const std::string from_service = ticket.service;
    // Same number, back of the new queue; a priority patient stays priority.
    ticket.service = to_service->code;
    ticket.priority = ticket.priority || to_service->priority;
    ticket.status = TicketStatus::waiting;
    ticket.counter.reset();
    ticket.called_at_ms.reset();
    ticket.queued_at_ms = next_queue_time();
    ticket.calls = 0;
    store_.update_ticket(ticket);
    counter.current_ticket.reset();
    store_.update_counter(counter);
    proto::Event event;
    event.kind = proto::EventKind::transferred;
    event.counter = counter.id;
    event.from_service = from_service;
    emit(std::move(event), outcome, ticket);
    return proto::TicketReply{to_proto(ticket)};
}

Json Engine::op_open(const Caller& caller, const proto::CounterOpenRequest& request, Outcome& outcome) {
    return open_close(caller, request.counter, request.reason, true, outcome);
}

Json Engine::op_close(const Caller& caller, const proto::CounterCloseRequest& request, Outcome& outcome) {
    return open_close(caller, request.counter, request.reason, false, outcome);
}

Json Engine::open_close(const Caller& caller, const std::string& counter_id, const std::optional<std::string>& reason,
                        bool open, Outcome& outcome) {
    if (reason && reason->size() > 200) fail(ErrorCode::bad_request, "reason: at most 200 characters");
    const CounterConfig& config = counter_for(caller, counter_id);
    CounterRow counter = counter_row(config.id);
    if (counter.open != open) {
        counter.open = open;
        counter.reason = open ? std::nullopt : reason;
        store_.update_counter(counter);
        proto::Event event;
        event.kind = open ? proto::EventKind::counter_opened : proto::EventKind::counter_closed;
        event.counter = counter.id;
        if (!open) event.reason = reason;
        emit(std::move(event), outcome, std::nullopt);
    }
    return proto::CounterReply{counter_state(config)};
}

}  // namespace anoman::server
