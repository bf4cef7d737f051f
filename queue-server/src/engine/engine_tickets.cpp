// Ticket operations: issue (idempotent), get, requeue, cancel.
#include "device_registry.hpp"
#include "engine.hpp"
#include "web_store.hpp"

namespace anoman::server {

using proto::ErrorCode;
using proto::TicketStatus;

namespace {

const ServiceConfig& resolve_service(const Config& config, const std::string& code, const char* field) {
    const ServiceConfig* service = config.find_service(code);
    if (!service) fail(ErrorCode::not_found, std::string(field) + ": no service \"" + code + "\"");
    return *service;
}

}  // namespace

Json Engine::op_ticket_issue(const Caller& caller, const Json& request, Outcome& outcome) {
    const std::string request_id = proto::TicketIssueRequest::read_request_id(request);
    if (request_id.empty()) fail(ErrorCode::bad_request, "request_id: must not be empty");
    proto::check_field_bound(request, "request_id");

    // Idempotency comes first: a retry returns its ticket whatever else it says.
    // The key is the device's incarnation, not only its id: an id revoked and
    // added again, or re-used with another role or token, starts afresh.
    const std::string key_owner = caller.incarnation.empty() ? caller.device : caller.device + "#" + caller.incarnation;
    std::optional<std::int64_t> existing = store_.issue_key(key_owner, request_id);
    if (!existing && key_owner != caller.device) {
        // Keys written before incarnations (a database from an older version)
        // name the device only: they still answer retries, unless the id was
        // registered again after that ticket. They are gone after 7 days.
        if (auto legacy = store_.issue_key(caller.device, request_id)) {
            const auto since = DeviceRegistry(config_, store_.db()).registered_ms(caller.device);
            if (!since || store_.ticket(*legacy)->issued_at_ms > *since) existing = legacy;
        }
    }
    if (existing) {
        TicketRow row = *store_.ticket(*existing);
        const int ahead = row.status == TicketStatus::waiting ? store_.ahead_of(row) : 0;
        proto::TicketReply body{to_proto(row), ahead,
                                row.status == TicketStatus::waiting ? estimate_for(row.service, ahead, &row) : 0, true,
                                page_url(row)};
        return body;
    }

    // A retry is answered above whatever its other fields say; a new ticket's are bounded.
    proto::check_field_bounds(request);
    const auto issue = request.get<proto::TicketIssueRequest>();
    const std::optional<std::string> booking_code = booking_code_of(issue.patient);
    const ServiceConfig& service = resolve_service(config_, issue.service, "service");
    require_role(caller);

    if (!service_open_now(service))
        fail(ErrorCode::service_closed, service.name + " takes tickets only " + service.hours->text());
    if (service.daily_quota && store_.issued_count(service.code, day_) >= *service.daily_quota)
        fail(ErrorCode::quota_exhausted,
             service.name + " has reached its daily quota of " + std::to_string(*service.daily_quota) + " tickets");

    const std::int64_t now_ms = job_now_.time_since_epoch().count();
    TicketRow row;
    row.service_day = day_;
    row.issued_service = service.code;
    row.service = service.code;
    row.daily_seq = store_.take_daily_seq(service.code, day_);
    row.number = proto::format_ticket_number(service.prefix, row.daily_seq);
    row.priority = issue.priority.value_or(false) || service.priority;
    row.status = TicketStatus::waiting;
    row.issued_at_ms = now_ms;
    row.queued_at_ms = next_queue_time();
    row.device = caller.device;
    row.request_id = request_id;
    if (issue.patient) row.patient = Json(*issue.patient).dump();
    row.id = store_.insert_ticket(row);
    store_.insert_issue_key(key_owner, request_id, row.id, now_ms);
    if (booking_code) link_at_issue(row, *booking_code);
    WebStore(store_.db()).assign_code(row.id);  // the ticket page's secret (docs/web.md)
    emit(proto::EventKind::issued, outcome, row, std::nullopt);

    const int ahead = store_.ahead_of(row);
    return proto::TicketReply{to_proto(row), ahead, estimate_for(row.service, ahead, &row), false, page_url(row)};
}

Json Engine::op_ticket_get(const Caller&, const proto::TicketGetRequest& request, Outcome&) {
    std::optional<TicketRow> row;
    if (const auto& code = request.code) {
        // A scanned page address (counter/src/scan_code.cpp): the code names the ticket.
        auto id = WebStore(store_.db()).ticket_of(*code);
        if (id) row = store_.ticket(*id);
        if (!row) fail(ErrorCode::not_found, "code: no ticket with this code");
    } else if (const auto& id = request.ticket) {
        row = store_.ticket(*id);
        if (!row) fail(ErrorCode::not_found, "ticket: no ticket " + std::to_string(*id));
    } else if (const auto& number = request.number) {
        std::string day = request.service_day.value_or(day_);
        if (!HospitalClock::valid_day(day)) fail(ErrorCode::bad_request, "service_day: expected YYYY-MM-DD");
        row = store_.ticket_by_number(day, *number);
        if (!row) fail(ErrorCode::not_found, "number: no ticket " + *number + " on " + day);
    } else {
        fail(ErrorCode::bad_request, "ticket or number: missing");
    }
    const int ahead = row->status == TicketStatus::waiting ? store_.ahead_of(*row) : 0;
    return proto::TicketReply{to_proto(*row), ahead, std::nullopt, std::nullopt, page_url(*row)};
}

Json Engine::op_ticket_requeue(const Caller& caller, const proto::TicketRequeueRequest& request, Outcome& outcome) {
    const std::int64_t id = request.ticket;
    auto row = store_.ticket(id);
    if (!row) fail(ErrorCode::not_found, "ticket: no ticket " + std::to_string(id));
    // Any counter device may requeue: the request names no counter (PROTOCOL.md).
    require_role(caller);
    if (row->status != TicketStatus::skipped)
        fail(ErrorCode::invalid_state, "ticket " + row->number + " is " + std::string(proto::to_string(row->status)) +
                                           ", only a skipped ticket can be requeued");
    if (row->service_day != day_)
        fail(ErrorCode::invalid_state, "ticket " + row->number + " is from " + row->service_day + ", not today");
    row->status = TicketStatus::waiting;
    row->queued_at_ms = next_queue_time();
    row->counter.reset();
    row->called_at_ms.reset();
    row->finished_at_ms.reset();
    store_.update_ticket(*row);
    emit(proto::EventKind::requeued, outcome, *row, std::nullopt);
    return proto::TicketReply{to_proto(*row)};
}

Json Engine::op_ticket_cancel(const Caller& caller, const proto::TicketCancelRequest& request, Outcome& outcome) {
    const std::int64_t id = request.ticket;
    auto row = store_.ticket(id);
    if (!row) fail(ErrorCode::not_found, "ticket: no ticket " + std::to_string(id));
    require_role(caller);
    if (row->status == TicketStatus::done || row->status == TicketStatus::cancelled)
        fail(ErrorCode::invalid_state, "ticket " + row->number + " is already " + std::string(proto::to_string(row->status)));
    // A called ticket leaves its counter free.
    if (row->status == TicketStatus::called && row->counter) {
        CounterRow counter = counter_row(*row->counter);
        if (counter.current_ticket == row->id) {
            counter.current_ticket.reset();
            store_.update_counter(counter);
        }
    }
    row->status = TicketStatus::cancelled;
    row->finished_at_ms = job_now_.time_since_epoch().count();
    store_.update_ticket(*row);
    emit(proto::EventKind::cancelled, outcome, *row, row->counter);
    return proto::TicketReply{to_proto(*row)};
}

bool Engine::service_open_now(const ServiceConfig& service) const {
    return !service.hours || service.hours->contains(clock_.minute_of_day(job_now_));
}

}  // namespace anoman::server
