// The request table and the dispatch through it: one row per request type.
#include "engine.hpp"

namespace anoman::server {

using proto::ErrorCode;
using proto::Role;

namespace {

bool usable_id(const Json& request) {
    auto it = request.find("id");
    return it != request.end() && (it->is_string() || it->is_number_integer());
}

// A handler that decodes its request (protocol_requests.hpp) and runs Op on it.
template <typename Request, auto Op>
Json typed(Engine& engine, const Caller& caller, const Json& request, Outcome& outcome) {
    return (engine.*Op)(caller, request.get<Request>(), outcome);
}

// A handler that reads the raw request itself (ticket.issue: a retry first).
template <auto Op>
Json raw(Engine& engine, const Caller& caller, const Json& request, Outcome& outcome) {
    return (engine.*Op)(caller, request, outcome);
}

template <typename Request, auto Op>
OpRow row(std::vector<Role> roles) {
    return OpRow{Request::kType, std::move(roles), &typed<Request, Op>, false};
}

const std::vector<Role> kEveryone{};
const std::vector<Role> kCounterAdmin{Role::counter, Role::admin};
const std::vector<Role> kAdmin{Role::admin};

}  // namespace

bool OpRow::allows(Role role) const {
    if (roles.empty()) return true;
    for (Role allowed : roles)
        if (allowed == role) return true;
    return false;
}

// THE REQUEST TABLE: {type, roles, handler}, the only place that names them.
//
// Adding an operation:
//   1. a struct with kType and to_json/from_json in common (protocol_requests.hpp,
//      a reply struct in protocol_replies.hpp if clients read its answer);
//   2. a handler `Json Engine::op_x(const Caller&, const proto::XRequest&, Outcome&)`,
//      declared in engine.hpp, in the engine_*.cpp of its area. It judges its
//      entities (not_found), then calls require_role(caller) (forbidden: the roles
//      of its row), then the state (invalid_state, ...). A handler that must read
//      its raw request first (an idempotent one answering a retry before the
//      rest is judged, like ticket.issue) takes `const Json&` and uses raw<>;
//   3. one row here: row<proto::XRequest, &Engine::op_x>(roles).
// The handler's fields are decoded (bad_request with the field's path) and
// their bounds checked (protocol_bounds.cpp) before it runs.
const std::vector<OpRow>& Engine::op_table() {
    static const std::vector<OpRow> table = {
        row<proto::PingRequest, &Engine::op_ping>(kEveryone),
        row<proto::ServicesListRequest, &Engine::op_services_list>(kEveryone),
        OpRow{proto::TicketIssueRequest::kType, {Role::kiosk, Role::admin}, &raw<&Engine::op_ticket_issue>, true},
        row<proto::TicketGetRequest, &Engine::op_ticket_get>(kEveryone),
        row<proto::CounterCallNextRequest, &Engine::op_call_next>(kCounterAdmin),
        row<proto::CounterCallRequest, &Engine::op_call>(kCounterAdmin),
        row<proto::CounterRecallRequest, &Engine::op_recall>(kCounterAdmin),
        row<proto::CounterSkipRequest, &Engine::op_skip>(kCounterAdmin),
        row<proto::CounterFinishRequest, &Engine::op_finish>(kCounterAdmin),
        row<proto::CounterTransferRequest, &Engine::op_transfer>(kCounterAdmin),
        row<proto::CounterOpenRequest, &Engine::op_open>(kCounterAdmin),
        row<proto::CounterCloseRequest, &Engine::op_close>(kCounterAdmin),
        row<proto::TicketRequeueRequest, &Engine::op_ticket_requeue>(kCounterAdmin),
        row<proto::TicketCancelRequest, &Engine::op_ticket_cancel>(kAdmin),
        row<proto::AnnounceRequest, &Engine::op_announce>(kAdmin),
        row<proto::StatsDayRequest, &Engine::op_stats_day>(kAdmin),
        row<proto::StatsCounterRequest, &Engine::op_stats_counter>(kCounterAdmin),
        row<proto::SubscribeRequest, &Engine::op_subscribe>({Role::display, Role::counter, Role::admin}),
        // Admin extensions (engine_admin.cpp).
        row<proto::DeviceAddRequest, &Engine::op_device_add>(kAdmin),
        row<proto::DeviceRevokeRequest, &Engine::op_device_revoke>(kAdmin),
        row<proto::DeviceListRequest, &Engine::op_device_list>(kAdmin),
        row<proto::BackupNowRequest, &Engine::op_backup_now>(kAdmin),
        row<proto::ServerStatusRequest, &Engine::op_server_status>(kAdmin),
        // BPJS Antrean (engine_bpjs.cpp). bpjs.ref goes to BPJS from the network
        // thread (session_bpjs.cpp), never through the engine: no handler here.
        row<proto::TicketLinkRequest, &Engine::op_ticket_link>(kCounterAdmin),
        row<proto::BpjsStatusRequest, &Engine::op_bpjs_status>(kAdmin),
        row<proto::BpjsTasksRequest, &Engine::op_bpjs_tasks>(kAdmin),
        row<proto::BpjsRetryRequest, &Engine::op_bpjs_retry>(kAdmin),
        OpRow{proto::BpjsRefRequest::kType, kAdmin, nullptr, false},
        // Web door extensions (web_engine_ops.cpp).
        row<proto::WebUserAddRequest, &Engine::op_web_user_add>(kAdmin),
        row<proto::WebUserRemoveRequest, &Engine::op_web_user_remove>(kAdmin),
        row<proto::WebUserListRequest, &Engine::op_web_user_list>(kAdmin),
        // Mobile JKN bookings (engine_bookings.cpp, docs/mobile-jkn.md).
        row<proto::BookingGetRequest, &Engine::op_booking_get>({Role::kiosk, Role::counter, Role::admin}),
        row<proto::BookingCheckinRequest, &Engine::op_booking_checkin>({Role::kiosk, Role::admin}),
        row<proto::BookingAddRequest, &Engine::op_booking_add>(kAdmin),
        row<proto::BookingCancelRequest, &Engine::op_booking_cancel>(kAdmin),
    };
    return table;
}

const OpRow* Engine::find_op(std::string_view type) {
    for (const OpRow& op : op_table())
        if (op.type == type) return &op;
    return nullptr;
}

void Engine::require_role(const Caller& caller) const {
    if (!current_op_ || current_op_->allows(caller.role)) return;
    fail(ErrorCode::forbidden, "role " + std::string(proto::to_string(caller.role)) + " may not use " +
                                   std::string(current_op_->type));
}

Json Engine::dispatch(const Caller& caller, const Json& request, Outcome& outcome) {
    if (!request.is_object()) fail(ErrorCode::bad_request, "a request must be a JSON object");
    // A hello again, with an id (a reply) or without (an error line), says so
    // rather than what else is wrong with it.
    if (request.value("type", Json()) == proto::Hello::kType) fail(ErrorCode::bad_request, "already said hello on this connection");
    if (!usable_id(request)) {
        if (request.contains("id")) fail(ErrorCode::bad_request, "id: expected a string or an integer");
        fail(ErrorCode::bad_request, "id: missing");
    }
    auto type_it = request.find("type");
    if (type_it == request.end()) fail(ErrorCode::bad_request, "type: missing");
    if (!type_it->is_string()) fail(ErrorCode::bad_request, "type: expected string");
    const std::string type = type_it->get<std::string>();
    const OpRow* op = find_op(type);
    if (!op || !op->handler) fail(ErrorCode::unknown_type, "unknown request type \"" + type + "\"");
    if (!op->own_bounds) proto::check_field_bounds(request);

    // Set for require_role while the handler runs (a task's run_request included).
    struct Current {
        const OpRow*& slot;
        const OpRow* saved;
        ~Current() { slot = saved; }
    } current{current_op_, current_op_};
    current_op_ = op;
    return op->handler(*this, caller, request, outcome);
}

}  // namespace anoman::server
