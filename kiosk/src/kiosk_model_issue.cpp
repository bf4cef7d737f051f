// KioskModel: taking the ticket. Printer status first (nothing is issued
// without paper), then ticket.issue with the session's request_id, retried
// with that same id after a timeout or a lost connection (the server replays
// instead of taking a second number), then the print and, if it fails, a
// reprint of the same ticket.
#include <algorithm>

#include "anoman/protocol_replies.hpp"
#include "anoman/protocol_requests.hpp"
#include "kiosk_model.hpp"

namespace anoman::kiosk {

using proto::ErrorCode;

bool KioskModel::services_fresh() const {
    return services_known_ && now_ - services_at_ < 3 * settings_.refresh_interval + Seconds(1);
}

const KioskService* KioskModel::find_service(const std::string& code) const {
    for (const auto& service : services_)
        if (service.state.code == code) return &service;
    return nullptr;
}

KioskService* KioskModel::service_entry(const std::string& code) {
    for (auto& service : services_)
        if (service.state.code == code) return &service;
    return nullptr;
}

std::vector<const KioskService*> KioskModel::lane_services() const {
    std::vector<const KioskService*> out;
    for (const auto& service : services_)
        if (service.in_lane(lane_)) out.push_back(&service);
    return out;
}

bool KioskModel::lane_available(Lane lane) const {
    // Before the first services.list every door is shown: the next screen says what is missing.
    if (!services_known_) return lane != Lane::priority;
    return std::any_of(services_.begin(), services_.end(), [&](const auto& s) { return s.in_lane(lane); });
}

void KioskModel::on_services(const proto::Reply& reply) {
    ++revision_;
    refresh_in_flight_ = false;
    if (!reply.ok) return;  // keep the last list; services_fresh() turns false in time
    try {
        services_ = parse_services(reply.body);
        services_known_ = true;
        services_at_ = now_;
    } catch (const proto::ProtocolError&) {
        // A malformed list is not shown; the last good one stays until it is stale.
    }
}

void KioskModel::choose_service(const std::string& code) {
    touched();
    if (screen_ != Screen::service) return;
    const KioskService* service = find_service(code);
    if (!service || !service->in_lane(lane_)) return;
    chosen_ = code;
    // A closed or full service is shown as such; touching it explains why.
    if (service->availability() == Availability::closed) return refuse(Refusal::service_closed);
    if (service->availability() == Availability::full) return refuse(Refusal::quota_full);
    trouble_ = false;
    attempts_ = 0;
    start_printer_check();
}

void KioskModel::resume(const PendingIssue& pending) {
    ++revision_;
    end_session();
    request_id_ = pending.request_id;
    chosen_ = pending.service;
    if (!pending.booking_code.empty()) {
        checkin_ = true;
        checkin_code_ = pending.booking_code;
    }
    resumed_patient_ = pending.patient;
    resumed_ = true;
    pending_saved_ = true;  // it is on disk already
    language_ = pending.language == "en" ? Language::en : Language::id;
    touched();
    start_printer_check();
}

void KioskModel::start_printer_check() {
    go(Screen::working);
    if (!settings_.printer_enabled) return start_issue();
    phase_ = WorkPhase::checking_printer;
    phase_since_ = now_;
    emit<cmd::CheckPrinter>(++op_);
}

void KioskModel::on_printer_status(std::uint64_t op, const PrinterStatus& status) {
    ++revision_;
    if (op != op_ || screen_ != Screen::working || phase_ != WorkPhase::checking_printer) return;
    printer_status_ = status;
    if (status.can_print()) return start_issue();
    touched();  // the patient reads the message from now on
    go(Screen::printer_problem);
}

void KioskModel::retry_printer() {
    touched();
    if (screen_ == Screen::printer_problem) start_printer_check();
}

proto::Json KioskModel::patient_json() const {
    if (resumed_patient_) return *resumed_patient_;
    proto::Json patient = proto::Json::object();
    if (lane_ != Lane::priority) patient["kind"] = std::string(to_string(lane_));
    if (patient_id_) patient[patient_id_->first == IdKind::nik ? "nik" : "booking_code"] = patient_id_->second;
    if (patient.empty()) return nullptr;
    return patient;
}

// ticket.issue, or booking.checkin for a Mobile JKN booking: both are
// idempotent per request_id and answer alike (docs/protocol.md).
proto::Json KioskModel::issue_request() const {
    if (checkin_) return proto::BookingCheckinRequest{checkin_code_, request_id_};
    proto::TicketIssueRequest issue{chosen_, request_id_, std::nullopt, std::nullopt};
    const proto::Json patient = patient_json();
    bool patient_typed = false;  // set once the patient is typed (or there is none)
    try {
        if (!patient.is_null()) issue.patient = patient.get<proto::Patient>();
        patient_typed = true;
    } catch (const proto::ProtocolError&) {
        // A resumed patient this version cannot read goes as it was saved: the server judges it.
    }
    proto::Json request = issue;
    if (!patient_typed) request["patient"] = patient;
    return request;
}

void KioskModel::start_issue() {
    screen_ = Screen::working;
    phase_ = WorkPhase::issuing;
    phase_since_ = now_;
    ++attempts_;
    proto::Json request = issue_request();
    if (!pending_saved_) {
        // On disk before the request leaves: a restart from here on resumes it.
        PendingIssue pending{request_id_, chosen_, false, request.value("patient", proto::Json()),
                             language_ == Language::en ? "en" : "id", 0, checkin_ ? checkin_code_ : std::string()};
        emit<cmd::SavePending>(std::move(pending));
        pending_saved_ = true;
    }
    emit<cmd::Issue>(++op_, std::move(request));
}

void KioskModel::schedule_retry() {
    trouble_ = true;
    phase_ = WorkPhase::waiting_retry;
    phase_since_ = now_;
    const auto& delays = settings_.retry_delays;
    const std::size_t index = std::min<std::size_t>(static_cast<std::size_t>(std::max(attempts_ - 1, 0)),
                                                    delays.empty() ? 0 : delays.size() - 1);
    retry_at_ = now_ + (delays.empty() ? Seconds(2) : delays[index]);
}

void KioskModel::refuse(Refusal refusal) {
    refusal_ = refusal;
    go(Screen::refused);
}

void KioskModel::on_issue_reply(std::uint64_t op, const proto::Reply& reply) {
    ++revision_;
    if (op != op_ || screen_ != Screen::working || phase_ != WorkPhase::issuing) return;
    if (reply.ok) {
        try {
            const auto answer = reply.body.get<proto::TicketReply>();
            IssuedTicket issued;
            issued.ticket = answer.ticket;
            issued.ahead = answer.ahead.value_or(0);
            issued.est_wait_s = answer.est_wait_s.value_or(0);
            issued.replayed = answer.replayed.value_or(false);
            issued.page_url = answer.page_url.value_or("");
            issued_ = std::move(issued);
        } catch (const proto::ProtocolError&) {
            return schedule_retry();  // a garbled answer: ask again, the server replays
        }
        ticket_print_ = make_ticket_print(*issued_);
        trouble_ = false;
        touched();
        go(Screen::ticket);
        if (settings_.printer_enabled) return start_print();
        print_state_ = PrintState::no_printer;
        printed_at_ = now_;
        emit<cmd::ClearPending>();
        pending_saved_ = false;
        return;
    }
    const ErrorCode code = reply.error ? reply.error->code : ErrorCode::internal;
    if (checkin_) {
        // The server's reason, in the patient's words (kiosk_model_checkin.cpp).
        const proto::Json error = reply.body.value("error", proto::Json());
        switch (code) {
            case ErrorCode::not_found: return checkin_refuse(CheckinProblem::not_found, error);
            case ErrorCode::invalid_state:
                return checkin_refuse(checkin_problem_from_reason(string_field(error, "reason"))
                                          .value_or(CheckinProblem::not_allowed),
                                      error);
            case ErrorCode::unauthorized:
            case ErrorCode::forbidden:
            case ErrorCode::bad_request:
            case ErrorCode::unknown_type:
            case ErrorCode::unsupported_proto: return checkin_refuse(CheckinProblem::not_allowed, error);
            default: return schedule_retry();  // the outcome may be unknown: the same request_id again
        }
    }
    // A refusal takes no number and stores no request_id: the pending record can go.
    auto refused = [&](Refusal refusal) {
        emit<cmd::ClearPending>();
        pending_saved_ = false;
        resumed_ = false;
        touched();
        refuse(refusal);
        refresh_in_flight_ = false;
        request_refresh();
    };
    switch (code) {
        case ErrorCode::quota_exhausted:
            if (KioskService* service = service_entry(chosen_); service && service->state.daily_quota)
                service->state.issued = std::max(service->state.issued, *service->state.daily_quota);
            return refused(Refusal::quota_full);
        case ErrorCode::service_closed:
            if (KioskService* service = service_entry(chosen_)) service->state.open = false;
            return refused(Refusal::service_closed);
        case ErrorCode::not_found: return refused(Refusal::service_unknown);
        case ErrorCode::unauthorized:
        case ErrorCode::forbidden:
        case ErrorCode::bad_request:
        case ErrorCode::unknown_type:
        case ErrorCode::invalid_state:
        case ErrorCode::unsupported_proto: return refused(Refusal::not_allowed);
        default:
            // Not connected, timeout, connection lost, internal, rate_limited:
            // the outcome may be unknown, so ask again with the same request_id.
            return schedule_retry();
    }
}

void KioskModel::cancel_issue() {
    touched();
    if (screen_ != Screen::working || !trouble_) return;
    ++op_;
    // The patient gave up on this service. The request_id stays for the rest
    // of the session: if the lost request did take a number, choosing again
    // brings that same ticket back instead of a second one.
    if (pending_saved_) {
        emit<cmd::ClearPending>();
        pending_saved_ = false;
    }
    resumed_ = false;
    resumed_patient_.reset();
    trouble_ = false;
    go(checkin_ && booking_ ? Screen::booking : checkin_ ? Screen::checkin_code : Screen::service);
}

TicketPrint KioskModel::make_ticket_print(const IssuedTicket& issued) const {
    TicketPrint print;
    print.hospital_name = hospital_name_;
    const KioskService* service = find_service(issued.ticket.service);
    print.service_name = service ? service->name(language_) : booking_ ? booking_->poli() : issued.ticket.service;
    if (checkin_) print.booking_code = checkin_code_;
    print.number = issued.ticket.number;
    print.ticket_id = issued.ticket.id;
    print.service_day = issued.ticket.service_day;
    print.issued_at = issued.ticket.issued_at;
    print.ahead = issued.ahead;
    print.est_wait_s = issued.est_wait_s;
    print.page_url = issued.page_url;
    print.priority = issued.ticket.priority;
    print.language = language_;
    return print;
}

void KioskModel::start_print() {
    print_state_ = PrintState::printing;
    phase_since_ = now_;
    TicketPrint print = *ticket_print_;
    if (const KioskService* service = find_service(issued_->ticket.service)) print.service_name = service->name(language_);
    print.language = language_;
    emit<cmd::Print>(++op_, std::move(print));
}

void KioskModel::on_print_result(std::uint64_t op, const PrintOutcome& outcome) {
    ++revision_;
    if (op != op_ || screen_ != Screen::ticket || print_state_ != PrintState::printing) return;
    touched();
    if (outcome.ok) {
        print_state_ = PrintState::printed;
        printed_at_ = now_;
        emit<cmd::ClearPending>();
        pending_saved_ = false;
    } else {
        print_state_ = PrintState::failed;
        printer_status_ = outcome.status;
    }
}

void KioskModel::reprint() {
    touched();
    if (screen_ == Screen::ticket && print_state_ == PrintState::failed) start_print();
}

void KioskModel::finish() {
    touched();
    if (screen_ == Screen::ticket && print_state_ != PrintState::printing) end_session();
}

}  // namespace anoman::kiosk
