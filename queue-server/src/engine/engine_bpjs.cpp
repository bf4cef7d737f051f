// BPJS Antrean operations (BPJS-ANTREAN.md part 1; docs/protocol.md extensions):
//   ticket.link  {"ticket","booking_code"}  counter, admin -> {"ticket","booking_code","linked","tasks_released"}
//   bpjs.status                             admin -> outbox figures and the last error per booking
//   bpjs.tasks   {"booking_code"}           admin -> {"booking_code","ticket","tasks":[...]}: what was sent, what BPJS said
//   bpjs.retry   [{"booking_code"}]         admin -> {"retried": n}: rows BPJS refused (201) go again
#include <spdlog/spdlog.h>

#include "bpjs_outbox.hpp"
#include "engine.hpp"

namespace anoman::server {

using proto::ErrorCode;

std::optional<std::string> Engine::booking_code_of(const std::optional<proto::Patient>& patient) {
    if (!patient || !patient->booking_code) return std::nullopt;
    const std::string& code = *patient->booking_code;
    if (code.empty()) return std::nullopt;  // the kiosk's keypad left empty
    if (!valid_booking_code(code))
        fail(ErrorCode::bad_request, "patient.booking_code: 1 to 32 letters, digits, '.', '_', '/' or '-'");
    return code;
}

void Engine::link_at_issue(const TicketRow& row, const std::string& code) {
    if (auto holder = journey_.ticket_with(row.service_day, code)) {
        const auto other = store_.ticket(*holder);
        fail(ErrorCode::invalid_state, "booking code " + code + " is already linked to ticket " +
                                           (other ? other->number : std::to_string(*holder)) + " today");
    }
    journey_.link(row, code, job_now_.time_since_epoch().count());
}

Json Engine::op_ticket_link(const Caller& caller, const proto::TicketLinkRequest& request, Outcome&) {
    const std::int64_t id = request.ticket;
    const std::string& code = request.booking_code;
    if (!valid_booking_code(code))
        fail(ErrorCode::bad_request, "booking_code: 1 to 32 letters, digits, '.', '_', '/' or '-'");
    auto ticket = store_.ticket(id);
    if (!ticket) fail(ErrorCode::not_found, "ticket: no ticket " + std::to_string(id));
    require_role(caller);
    auto reply = [&](bool linked, int released) -> Json {
        return proto::TicketLinkReply{to_proto(*ticket), code, linked, released};
    };
    if (auto existing = journey_.booking_of(id)) {
        if (*existing == code) return reply(false, 0);  // the same code again: nothing to do
        fail(ErrorCode::invalid_state, "ticket " + ticket->number + " is already linked to booking code " + *existing);
    }
    if (auto holder = journey_.ticket_with(ticket->service_day, code)) {
        const auto other = store_.ticket(*holder);
        fail(ErrorCode::invalid_state, "booking code " + code + " is already linked to ticket " +
                                           (other ? other->number : std::to_string(*holder)) + " of " +
                                           ticket->service_day);
    }
    const int released = journey_.link(*ticket, code, job_now_.time_since_epoch().count());
    spdlog::info("ticket {} linked to booking code {} by {} ({} task(s) released)", ticket->number, code, caller.device,
                 released);
    return reply(true, released);
}

Json Engine::bpjs_figures() {
    const std::int64_t now_ms = job_now_.time_since_epoch().count();
    // The hospital's local midnight: minutes since it, and this minute's milliseconds.
    const std::int64_t day_start_ms = now_ms - std::int64_t{clock_.minute_of_day(job_now_)} * 60000 - now_ms % 60000;
    Json figures = BpjsOutbox(store_.db()).figures(now_ms, day_start_ms);
    figures["enabled"] = config_.bpjs.has_value();
    return figures;
}

Json Engine::op_bpjs_status(const Caller& caller, const proto::BpjsStatusRequest&, Outcome&) {
    require_role(caller);
    Json status = bpjs_figures();
    status["last_errors"] = BpjsOutbox(store_.db()).last_errors(50);
    return status;
}

Json Engine::op_bpjs_tasks(const Caller& caller, const proto::BpjsTasksRequest& request, Outcome&) {
    const std::string& code = request.booking_code;
    if (!valid_booking_code(code)) fail(ErrorCode::bad_request, "booking_code: 1 to 32 letters, digits, '.', '_', '/' or '-'");
    require_role(caller);
    Json tasks = Json::array();
    std::optional<std::int64_t> ticket;
    for (const OutboxRow& row : BpjsOutbox(store_.db()).rows_of(code)) {
        ticket = row.ticket_id;
        Json json = to_json(row);
        json["waktu_local"] = clock_.iso_local(SysMillis(std::chrono::milliseconds(row.waktu_ms)));
        tasks.push_back(std::move(json));
    }
    Json reply{{"booking_code", code}, {"ticket", Json()}, {"tasks", tasks}};
    if (ticket) {
        if (auto row = store_.ticket(*ticket)) reply["ticket"] = to_proto(*row);
    }
    return reply;
}

Json Engine::op_bpjs_retry(const Caller& caller, const proto::BpjsRetryRequest& request, Outcome&) {
    const auto& code = request.booking_code;
    if (code && !valid_booking_code(*code))
        fail(ErrorCode::bad_request, "booking_code: 1 to 32 letters, digits, '.', '_', '/' or '-'");
    require_role(caller);
    const int retried = BpjsOutbox(store_.db()).retry(code);
    spdlog::info("bpjs.retry by {}: {} refused task(s) of {} go again", caller.device, retried, code.value_or("every booking"));
    return Json{{"retried", retried}};
}

}  // namespace anoman::server
