// KioskModel: navigation, keypad, attendant, time. The ticket itself (printer
// check, ticket.issue, print) is in kiosk_model_issue.cpp.
#include "kiosk_model.hpp"

#include <algorithm>

namespace anoman::kiosk {

std::string_view to_string(Screen screen) {
    switch (screen) {
        case Screen::welcome: return "welcome";
        case Screen::lane: return "lane";
        case Screen::service: return "service";
        case Screen::keypad: return "keypad";
        case Screen::working: return "working";
        case Screen::printer_problem: return "printer_problem";
        case Screen::refused: return "refused";
        case Screen::ticket: return "ticket";
        case Screen::attendant: return "attendant";
        case Screen::checkin_code: return "checkin_code";
        case Screen::checkin_lookup: return "checkin_lookup";
        case Screen::booking: return "booking";
        case Screen::checkin_refused: return "checkin_refused";
    }
    return "?";
}

KioskModel::KioskModel(KioskSettings settings, std::function<std::string()> new_request_id, TimePoint now)
    : settings_(std::move(settings)),
      new_request_id_(std::move(new_request_id)),
      now_(now),
      screen_since_(now),
      last_touch_(now),
      language_(settings_.default_language),
      hospital_name_(settings_.hospital_name),
      next_refresh_(now),
      fullscreen_(settings_.fullscreen) {}

std::vector<Command> KioskModel::take_commands() {
    std::vector<Command> out;
    out.swap(commands_);
    return out;
}

void KioskModel::go(Screen screen) {
    ++revision_;
    screen_ = screen;
    screen_since_ = now_;
}

void KioskModel::begin_session() {
    request_id_ = new_request_id_();
    resumed_ = false;
    resumed_patient_.reset();
    patient_id_.reset();
    chosen_.clear();
    page_ = 0;
    trouble_ = false;
    attempts_ = 0;
    clear_checkin();
}

// Back to the welcome screen: the patient is done or gone. Nothing of theirs
// stays (language, NIK), and anything still in flight is disowned.
void KioskModel::end_session() {
    ++op_;
    if (pending_saved_) {
        emit<cmd::ClearPending>();
        pending_saved_ = false;
    }
    request_id_.clear();
    resumed_ = false;
    resumed_patient_.reset();
    patient_id_.reset();
    keypad_value_.clear();
    pin_entry_.clear();
    chosen_.clear();
    issued_.reset();
    ticket_print_.reset();
    trouble_ = false;
    attempts_ = 0;
    clear_checkin();
    language_ = settings_.default_language;
    go(Screen::welcome);
    next_refresh_ = now_ + settings_.welcome_refresh_interval;
}

void KioskModel::request_refresh() {
    next_refresh_ =
        now_ + (screen_ == Screen::welcome ? settings_.welcome_refresh_interval : settings_.refresh_interval);
    if (refresh_in_flight_) return;  // its reply always comes (the client times requests out)
    refresh_in_flight_ = true;
    emit<cmd::RefreshServices>();
}

// ---- time ----------------------------------------------------------------------

std::optional<TimePoint> KioskModel::idle_deadline() const {
    switch (screen_) {
        case Screen::welcome:
        case Screen::checkin_lookup:  // the watchdog bounds it
            return std::nullopt;
        case Screen::working:
            // A patient may leave while the server is unreachable; while a step
            // is simply in progress the watchdog bounds it instead.
            if (!trouble_) return std::nullopt;
            break;
        case Screen::ticket:
            if (print_state_ == PrintState::printing) return std::nullopt;
            if (print_state_ != PrintState::failed) return printed_at_ + settings_.ticket_display;
            break;
        default: break;
    }
    return last_touch_ + settings_.idle_timeout;
}

TimePoint KioskModel::next_deadline() const {
    TimePoint next = next_refresh_;
    if (auto idle = idle_deadline()) next = std::min(next, *idle);
    if (screen_ == Screen::working) {
        next = std::min(next, phase_ == WorkPhase::waiting_retry ? retry_at_ : phase_since_ + settings_.watchdog);
    }
    if ((screen_ == Screen::ticket && print_state_ == PrintState::printing) || screen_ == Screen::checkin_lookup)
        next = std::min(next, phase_since_ + settings_.watchdog);
    if (screen_ == Screen::attendant && pin_problem_ == PinProblem::locked) next = std::min(next, pin_locked_until_);
    return next;
}

void KioskModel::tick(TimePoint now) {
    now_ = now;
    if (now_ >= next_deadline()) ++revision_;  // a timer runs out: something below changes
    if (auto idle = idle_deadline(); idle && now_ >= *idle) end_session();

    if (screen_ == Screen::working) {
        if (phase_ == WorkPhase::waiting_retry && now_ >= retry_at_) {
            start_issue();
        } else if (phase_ != WorkPhase::waiting_retry && now_ >= phase_since_ + settings_.watchdog) {
            // A step that never answered: treat it as failed and disown it.
            ++op_;
            if (phase_ == WorkPhase::checking_printer) {
                printer_status_ = {PrinterState::unreachable, false, "printer check did not finish"};
                touched();
                go(Screen::printer_problem);
            } else {
                schedule_retry();
            }
        }
    }
    if (screen_ == Screen::ticket && print_state_ == PrintState::printing && now_ >= phase_since_ + settings_.watchdog) {
        ++op_;
        on_print_result(op_, {false, {PrinterState::unreachable, false, "print job did not finish"}});
    }
    if (screen_ == Screen::checkin_lookup && now_ >= phase_since_ + settings_.watchdog) {
        ++op_;  // a late answer is disowned
        checkin_refuse(CheckinProblem::server_down);
    }
    if (screen_ == Screen::attendant && pin_problem_ == PinProblem::locked && now_ >= pin_locked_until_)
        pin_problem_ = PinProblem::none;
    if (now_ >= next_refresh_) request_refresh();
}

void KioskModel::on_link(bool online) {
    ++revision_;
    const bool came_back = online && !online_;
    online_ = online;
    if (!came_back) return;
    refresh_in_flight_ = false;  // the old connection's reply will not come
    request_refresh();
    // Retry at once instead of waiting out the delay: the server is back.
    if (screen_ == Screen::working && phase_ == WorkPhase::waiting_retry) retry_at_ = now_;
}

void KioskModel::on_welcome(const proto::Welcome& welcome) {
    ++revision_;
    if (!welcome.hospital.name.empty()) hospital_name_ = welcome.hospital.name;
}

// ---- navigation ----------------------------------------------------------------------

void KioskModel::touch_welcome() {
    touched();
    if (screen_ != Screen::welcome) return;
    begin_session();
    go(Screen::lane);
    request_refresh();
}

void KioskModel::toggle_language() {
    touched();
    language_ = language_ == Language::id ? Language::en : Language::id;
    if (ticket_print_) ticket_print_->language = language_;
}

void KioskModel::choose_lane(Lane lane) {
    touched();
    if (screen_ != Screen::lane || !lane_available(lane)) return;
    lane_ = lane;
    page_ = 0;
    go(Screen::service);
}

void KioskModel::next_page(int page_count) {
    touched();
    if (screen_ == Screen::service && page_ + 1 < page_count) ++page_;
}

void KioskModel::previous_page() {
    touched();
    if (screen_ == Screen::service && page_ > 0) --page_;
}

void KioskModel::back() {
    touched();
    switch (screen_) {
        case Screen::lane: end_session(); break;
        case Screen::service: go(Screen::lane); break;
        case Screen::keypad:
        case Screen::refused:
            go(Screen::service);
            break;
        case Screen::printer_problem: go(checkin_ ? Screen::booking : Screen::service); break;
        case Screen::attendant:
        case Screen::checkin_code:
            end_session();
            break;
        case Screen::booking: go(Screen::checkin_code); break;
        case Screen::checkin_refused:
            // Type the code again (a typo is the likeliest cause).
            checkin_code_.clear();
            checkin_code_problem_ = false;
            go(Screen::checkin_code);
            break;
        default: break;
    }
}

void KioskModel::go_home() {
    touched();
    // In progress without trouble, the answer is seconds away; the patient waits.
    if (screen_ == Screen::working && !trouble_) return;
    if (screen_ == Screen::ticket && print_state_ == PrintState::printing) return;
    end_session();
}

// ---- keypad --------------------------------------------------------------------------

void KioskModel::open_keypad() {
    touched();
    if (screen_ != Screen::service) return;
    // Mobile JKN booking codes are a BPJS thing; everyone else has a NIK.
    keypad_kind_ = lane_ == Lane::bpjs ? IdKind::booking_code : IdKind::nik;
    if (patient_id_) keypad_kind_ = patient_id_->first;
    keypad_value_ = patient_id_ ? patient_id_->second : std::string();
    keypad_problem_ = IdProblem::none;
    go(Screen::keypad);
}

void KioskModel::keypad_kind(IdKind kind) {
    touched();
    if (screen_ != Screen::keypad || kind == keypad_kind_) return;
    keypad_kind_ = kind;
    keypad_problem_ = IdProblem::none;
    // Keep what fits the new kind (a NIK typed as a code is still digits).
    std::string kept;
    for (char c : keypad_value_)
        if (key_allowed(kind, c) && kept.size() < max_length(kind)) kept += c;
    keypad_value_ = kept;
}

void KioskModel::keypad_key(char key) {
    touched();
    if (screen_ != Screen::keypad) return;
    if (key >= 'a' && key <= 'z') key = static_cast<char>(key - 'a' + 'A');
    if (!key_allowed(keypad_kind_, key) || keypad_value_.size() >= max_length(keypad_kind_)) return;
    keypad_value_ += key;
    keypad_problem_ = IdProblem::none;
}

void KioskModel::keypad_backspace() {
    touched();
    if (screen_ == Screen::keypad && !keypad_value_.empty()) keypad_value_.pop_back();
    keypad_problem_ = IdProblem::none;
}

void KioskModel::keypad_clear() {
    touched();
    if (screen_ != Screen::keypad) return;
    keypad_value_.clear();
    keypad_problem_ = IdProblem::none;
}

void KioskModel::keypad_confirm() {
    touched();
    if (screen_ != Screen::keypad) return;
    keypad_problem_ = validate_id(keypad_kind_, keypad_value_);
    if (keypad_problem_ != IdProblem::none) return;
    patient_id_ = std::make_pair(keypad_kind_, keypad_value_);
    go(Screen::service);
}

void KioskModel::clear_patient_id() {
    touched();
    if (screen_ == Screen::service) patient_id_.reset();
}

// ---- attendant -------------------------------------------------------------------------

void KioskModel::open_attendant() {
    touched();
    if (screen_ != Screen::welcome) return;
    pin_entry_.clear();
    if (pin_problem_ != PinProblem::locked || now_ >= pin_locked_until_) pin_problem_ = PinProblem::none;
    if (test_print_state_ != TestPrintState::printing) test_print_state_ = TestPrintState::idle;
    go(Screen::attendant);
}

void KioskModel::test_print() {
    touched();
    // In full screen the attendant has not given the PIN: no paper for idle fingers.
    if (screen_ != Screen::attendant || fullscreen_ || test_print_state_ == TestPrintState::printing) return;
    test_print_state_ = TestPrintState::printing;
    test_print_detail_.clear();
    test_print_op_ = ++op_;
    emit<cmd::TestPrint>(test_print_op_);
}

void KioskModel::on_test_print_result(std::uint64_t op, const PrintOutcome& outcome, const std::string& detail) {
    ++revision_;
    if (op != test_print_op_ || test_print_state_ != TestPrintState::printing) return;
    test_print_state_ = outcome.ok ? TestPrintState::ok : TestPrintState::failed;
    test_print_detail_ = detail;
}

void KioskModel::pin_key(char digit) {
    touched();
    if (screen_ != Screen::attendant || digit < '0' || digit > '9' || pin_entry_.size() >= 12) return;
    pin_entry_ += digit;
    if (pin_problem_ != PinProblem::locked) pin_problem_ = PinProblem::none;
}

void KioskModel::pin_backspace() {
    touched();
    if (screen_ == Screen::attendant && !pin_entry_.empty()) pin_entry_.pop_back();
}

void KioskModel::pin_confirm() {
    touched();
    if (screen_ != Screen::attendant) return;
    const std::string entered = std::exchange(pin_entry_, std::string());
    if (pin_problem_ == PinProblem::locked && now_ < pin_locked_until_) return;
    if (settings_.pin.empty()) {
        pin_problem_ = PinProblem::not_configured;
        return;
    }
    if (entered != settings_.pin) {
        // A few tries, then a pause: a PIN of 4 digits must not be guessable
        // by a bored visitor tapping all afternoon.
        if (++wrong_pins_ >= settings_.pin_attempts) {
            wrong_pins_ = 0;
            pin_problem_ = PinProblem::locked;
            pin_locked_until_ = now_ + settings_.pin_lock;
        } else {
            pin_problem_ = PinProblem::wrong;
        }
        return;
    }
    wrong_pins_ = 0;
    pin_problem_ = PinProblem::none;
    fullscreen_ = false;
    emit<cmd::SetFullscreen>(false);
    end_session();
}

void KioskModel::enter_fullscreen() {
    touched();
    if (fullscreen_) return;
    fullscreen_ = true;
    emit<cmd::SetFullscreen>(true);
    end_session();
}

}  // namespace anoman::kiosk
