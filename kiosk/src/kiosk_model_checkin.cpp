// KioskModel: the Mobile JKN check-in. The patient booked from home and got a
// booking code; here it is typed on the keypad or read by a barcode scanner
// (which types it, then Enter), looked up with booking.get and shown, and on
// "Check-in dan cetak tiket" checked in with booking.checkin. That request
// goes the ticket.issue way (kiosk_model_issue.cpp): the printer is checked
// first, the session's request_id is kept on disk and retried after a lost
// connection or a restart (the server replays instead of checking in twice),
// and the reply is printed as a normal ticket that names the booking.
#include "kiosk_model.hpp"

namespace anoman::kiosk {

using proto::ErrorCode;

void KioskModel::clear_checkin() {
    checkin_ = false;
    checkin_code_.clear();
    checkin_code_problem_ = false;
    booking_.reset();
    refused_from_.clear();
    refused_until_.clear();
}

void KioskModel::open_checkin() {
    touched();
    if (screen_ != Screen::welcome) return;
    begin_session();
    checkin_ = true;
    go(Screen::checkin_code);
    request_refresh();  // service names for the ticket
}

void KioskModel::checkin_key(char key) {
    touched();
    if (screen_ != Screen::checkin_code) return;
    const char c = checkin_code_char(key);
    if (c == '\0' || checkin_code_.size() >= kCheckinCodeMax) return;
    checkin_code_ += c;
    checkin_code_problem_ = false;
}

void KioskModel::checkin_backspace() {
    touched();
    if (screen_ != Screen::checkin_code) return;
    if (!checkin_code_.empty()) checkin_code_.pop_back();
    checkin_code_problem_ = false;
}

void KioskModel::checkin_clear() {
    touched();
    if (screen_ != Screen::checkin_code) return;
    checkin_code_.clear();
    checkin_code_problem_ = false;
}

void KioskModel::checkin_confirm() {
    touched();
    if (screen_ != Screen::checkin_code) return;
    if (checkin_code_.empty()) {
        checkin_code_problem_ = true;
        return;
    }
    booking_.reset();
    go(Screen::checkin_lookup);
    phase_since_ = now_;
    emit<cmd::GetBooking>(++op_, checkin_code_);
}

void KioskModel::checkin_retry() {
    touched();
    if (screen_ != Screen::checkin_refused || checkin_problem_ != CheckinProblem::server_down) return;
    go(Screen::checkin_code);
    checkin_confirm();
}

void KioskModel::typed_char(char typed) {
    const char c = checkin_code_char(typed);
    if (c == '\0') return;
    switch (screen_) {
        case Screen::welcome: open_checkin(); break;
        case Screen::booking:
        case Screen::checkin_refused:
            // Another scan: a new code replaces the one shown.
            checkin_code_.clear();
            booking_.reset();
            go(Screen::checkin_code);
            break;
        case Screen::checkin_code: break;
        default: return;  // the other screens take no keyboard
    }
    checkin_key(c);
}

void KioskModel::typed_enter() {
    if (screen_ == Screen::checkin_code) checkin_confirm();
}

void KioskModel::on_booking_reply(std::uint64_t op, const proto::Reply& reply) {
    if (op != op_ || screen_ != Screen::checkin_lookup) return;
    touched();  // the patient reads what came back from now on
    if (!reply.ok) {
        const ErrorCode code = reply.error ? reply.error->code : ErrorCode::internal;
        switch (code) {
            // A code the server finds malformed is no booking either.
            case ErrorCode::not_found:
            case ErrorCode::bad_request: return checkin_refuse(CheckinProblem::not_found);
            case ErrorCode::unauthorized:
            case ErrorCode::forbidden:
            case ErrorCode::unknown_type:
            case ErrorCode::unsupported_proto: return checkin_refuse(CheckinProblem::not_allowed);
            default: return checkin_refuse(CheckinProblem::server_down);
        }
    }
    try {
        booking_ = parse_booking(proto::require(reply.body, "booking"));
    } catch (const proto::ProtocolError&) {
        return checkin_refuse(CheckinProblem::server_down);
    }
    // Said at once rather than after the button: nothing the patient can do changes these.
    if (booking_->state == "cancelled") return checkin_refuse(CheckinProblem::cancelled);
    if (booking_->state == "checked_in") return checkin_refuse(CheckinProblem::checked_in);
    go(Screen::booking);
}

void KioskModel::checkin_start() {
    touched();
    if (screen_ != Screen::booking || !booking_) return;
    chosen_ = booking_->service;
    trouble_ = false;
    attempts_ = 0;
    start_printer_check();
}

void KioskModel::checkin_refuse(CheckinProblem problem, const proto::Json& error) {
    if (pending_saved_) {
        emit<cmd::ClearPending>();  // refused: nothing was checked in
        pending_saved_ = false;
    }
    resumed_ = false;
    checkin_problem_ = problem;
    refused_from_ = booking_ ? booking_->checkin_from : std::string();
    refused_until_ = booking_ ? booking_->checkin_until : std::string();
    if (std::string from = string_field(error, "checkin_from"); !from.empty()) refused_from_ = from;
    if (std::string until = string_field(error, "checkin_until"); !until.empty()) refused_until_ = until;
    touched();
    go(Screen::checkin_refused);
}

}  // namespace anoman::kiosk
