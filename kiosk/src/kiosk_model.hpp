// The kiosk's screen flow: plain C++, no ImGui, no sockets, no threads.
//
//   welcome --touch--> lane (BPJS / Umum / Prioritas) --> service --> working --> ticket --> welcome
//                                                  \-> keypad (NIK / booking code, optional) -/
//   working: check the printer (DLE EOT) -> ticket.issue (retried with the same request_id)
//   printer_problem: no paper / cover open / offline: nothing is issued
//   refused: quota full, service closed, ...;  attendant: PIN to leave full screen
//
//   Mobile JKN check-in (kiosk_model_checkin.cpp):
//   welcome --"Check-in" or a scan--> checkin_code --> checkin_lookup (booking.get) --> booking
//     --"Check-in dan cetak tiket"--> working (printer, booking.checkin) --> ticket --> welcome
//   checkin_refused: not found, not today, too early/late, cancelled, already checked in, server down
//
// Inputs are the patient's intents (called by the view), results from the
// server and the printer (called by the controller, on the UI thread), and
// tick(now). Outputs are the state the view draws and Commands the controller
// carries out. Time only enters through tick(), so tests drive every timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "anoman/i18n.hpp"
#include "anoman/protocol.hpp"
#include "kiosk_booking.hpp"
#include "kiosk_services.hpp"
#include "patient_id.hpp"
#include "pending_store.hpp"
#include "printer_status.hpp"
#include "ticket_layout.hpp"

namespace anoman::kiosk {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Seconds = std::chrono::seconds;

enum class Screen {
    welcome, lane, service, keypad, working, printer_problem, refused, ticket, attendant,
    checkin_code, checkin_lookup, booking, checkin_refused,
};
std::string_view to_string(Screen screen);

enum class WorkPhase { checking_printer, issuing, waiting_retry };
enum class PrintState { no_printer, printing, printed, failed };
enum class Refusal { quota_full, service_closed, service_unknown, not_allowed };
enum class PinProblem { none, wrong, locked, not_configured };
// The attendant's test print (test_print.hpp), once full screen is left with the PIN.
enum class TestPrintState { idle, printing, ok, failed };

struct KioskSettings {
    Language default_language = Language::id;
    bool printer_enabled = true;
    std::string pin;                  // empty: full screen cannot be left from the screen
    bool fullscreen = true;
    std::string hospital_name;        // until the server's welcome says it
    Seconds idle_timeout{60};         // any screen back to welcome without a touch
    Seconds ticket_display{15};       // the ticket screen after a good print
    Seconds refresh_interval{5};      // services.list while a patient is at the kiosk
    Seconds welcome_refresh_interval{30};
    Seconds watchdog{30};             // a printer or server step that never answers
    // Between attempts of one ticket.issue; the last one repeats.
    std::vector<std::chrono::milliseconds> retry_delays{Seconds(1), Seconds(2), Seconds(3), Seconds(5)};
    int pin_attempts = 5;             // wrong PINs before a lock
    Seconds pin_lock{60};
};

struct IssuedTicket {
    proto::Ticket ticket;
    int ahead = 0;
    std::int64_t est_wait_s = 0;
    bool replayed = false;
    std::string page_url;  // the ticket's live page, when the server has a web door
};

// What the controller must do. `op` ties a result to the request that asked
// for it: results of an abandoned step are ignored.
namespace cmd {
struct RefreshServices {};
struct CheckPrinter { std::uint64_t op = 0; };
struct Issue { std::uint64_t op = 0; proto::Json request; };  // ticket.issue or booking.checkin (the client adds "id")
struct GetBooking { std::uint64_t op = 0; std::string booking_code; };  // booking.get
struct Print { std::uint64_t op = 0; TicketPrint ticket; };
struct SavePending { PendingIssue pending; };
struct ClearPending {};
struct SetFullscreen { bool on = false; };
struct TestPrint { std::uint64_t op = 0; };
}  // namespace cmd
using Command = std::variant<cmd::RefreshServices, cmd::CheckPrinter, cmd::Issue, cmd::Print, cmd::SavePending,
                             cmd::ClearPending, cmd::SetFullscreen, cmd::TestPrint, cmd::GetBooking>;

// One per kiosk: its fields are grouped by what they hold, not packed by size.
class KioskModel {  // NOLINT(clang-analyzer-optin.performance.Padding)
public:
    // new_request_id: a fresh "<device>:<random>" for each patient.
    KioskModel(KioskSettings settings, std::function<std::string()> new_request_id, TimePoint now);

    // ---- the world ---------------------------------------------------------
    void tick(TimePoint now);
    void on_link(bool online);
    void on_welcome(const proto::Welcome& welcome);
    void on_services(const proto::Reply& reply);
    void on_printer_status(std::uint64_t op, const PrinterStatus& status);
    void on_issue_reply(std::uint64_t op, const proto::Reply& reply);
    void on_print_result(std::uint64_t op, const PrintOutcome& outcome);
    // After a restart: carry on with the patient's unfinished ticket.issue.
    void resume(const PendingIssue& pending);

    // ---- the patient ----------------------------------------------------------
    void touch_welcome();
    void toggle_language();
    void choose_lane(Lane lane);
    void choose_service(const std::string& code);
    void next_page(int page_count);
    void previous_page();
    void open_keypad();
    void keypad_kind(IdKind kind);
    void keypad_key(char key);
    void keypad_backspace();
    void keypad_clear();
    void keypad_confirm();
    void clear_patient_id();
    void back();
    void go_home();
    void cancel_issue();   // while the server is unreachable
    void retry_printer();
    void reprint();
    void finish();

    // ---- Mobile JKN check-in (kiosk_model_checkin.cpp) --------------------------------
    void open_checkin();             // the welcome screen's "Check-in"
    void checkin_key(char key);      // the on-screen keypad
    void checkin_backspace();
    void checkin_clear();
    void checkin_confirm();          // look the code up
    // A barcode scanner types the code, then Enter, as a keyboard: on the
    // welcome screen the first character opens the check-in by itself.
    void typed_char(char typed);
    void typed_enter();
    void checkin_start();            // "Check-in dan cetak tiket" on the booking screen
    void checkin_retry();            // the lookup again, after the server was down
    void on_booking_reply(std::uint64_t op, const proto::Reply& reply);

    // ---- the attendant ------------------------------------------------------------
    void open_attendant();
    void pin_key(char digit);
    void pin_backspace();
    void pin_confirm();
    void enter_fullscreen();
    void test_print();  // only out of full screen, i.e. after the PIN
    void on_test_print_result(std::uint64_t op, const PrintOutcome& outcome, const std::string& detail);

    // ---- what the view draws ----------------------------------------------------------
    Screen screen() const { return screen_; }
    Language language() const { return language_; }
    const KioskSettings& settings() const { return settings_; }
    const std::string& hospital_name() const { return hospital_name_; }
    bool online() const { return online_; }
    bool services_known() const { return services_known_; }
    bool services_fresh() const;
    const std::vector<KioskService>& services() const { return services_; }
    std::vector<const KioskService*> lane_services() const;  // of the chosen lane
    bool lane_available(Lane lane) const;                    // has at least one service
    const KioskService* find_service(const std::string& code) const;
    Lane lane() const { return lane_; }
    int page() const { return page_; }
    const std::string& chosen_service() const { return chosen_; }
    // Keypad and identification.
    IdKind keypad_kind() const { return keypad_kind_; }
    const std::string& keypad_value() const { return keypad_value_; }
    IdProblem keypad_problem() const { return keypad_problem_; }
    const std::optional<std::pair<IdKind, std::string>>& patient_id() const { return patient_id_; }
    // Working.
    WorkPhase phase() const { return phase_; }
    bool trouble() const { return trouble_; }  // the server failed at least once for this ticket
    int attempts() const { return attempts_; }
    const std::string& request_id() const { return request_id_; }
    // Printer problem, refusal, ticket.
    const PrinterStatus& printer_status() const { return printer_status_; }
    Refusal refusal() const { return refusal_; }
    const std::optional<IssuedTicket>& issued() const { return issued_; }
    const std::optional<TicketPrint>& ticket_print() const { return ticket_print_; }
    PrintState print_state() const { return print_state_; }
    bool resumed() const { return resumed_; }
    // Check-in.
    bool checkin() const { return checkin_; }  // this session checks a booking in
    const std::string& checkin_code() const { return checkin_code_; }
    bool checkin_code_problem() const { return checkin_code_problem_; }
    const std::optional<Booking>& booking() const { return booking_; }
    CheckinProblem checkin_problem() const { return checkin_problem_; }
    // The check-in window the server gave with a refusal (ISO local), else the booking's.
    const std::string& refused_from() const { return refused_from_; }
    const std::string& refused_until() const { return refused_until_; }
    // Attendant.
    bool fullscreen() const { return fullscreen_; }
    std::size_t pin_length() const { return pin_entry_.size(); }
    PinProblem pin_problem() const { return pin_problem_; }
    TestPrintState test_print_state() const { return test_print_state_; }
    const std::string& test_print_detail() const { return test_print_detail_; }

    // Grows with every change the screen may show (intents, results, timers
    // running out): the frame loop redraws when it moved (redraw_gate.hpp).
    std::uint64_t revision() const { return revision_; }

    // The commands produced since the last call, in order.
    std::vector<Command> take_commands();
    // The next instant tick() has something to do (a retry, a timeout, a refresh).
    TimePoint next_deadline() const;

private:
    void touched() {
        last_touch_ = now_;
        ++revision_;  // every patient intent touches
    }
    // emplace in place: GCC 12 warns (falsely) when a temporary variant is moved in.
    // T is built with braces: clang 14 (clang-tidy) has no parenthesised
    // aggregate initialisation.
    template <class T, class... Args>
    void emit(Args&&... args) {
        commands_.emplace_back(std::in_place_type<T>, T{std::forward<Args>(args)...});
    }
    void go(Screen screen);
    void end_session();
    void begin_session();
    void start_printer_check();
    void start_issue();
    void schedule_retry();
    void start_print();
    void refuse(Refusal refusal);
    void request_refresh();
    KioskService* service_entry(const std::string& code);
    std::optional<TimePoint> idle_deadline() const;
    proto::Json patient_json() const;
    TicketPrint make_ticket_print(const IssuedTicket& issued) const;
    proto::Json issue_request() const;
    void checkin_refuse(CheckinProblem problem, const proto::Json& error = nullptr);
    void clear_checkin();

    KioskSettings settings_;
    std::function<std::string()> new_request_id_;
    TimePoint now_;
    std::vector<Command> commands_;
    std::uint64_t op_ = 0;
    std::uint64_t revision_ = 0;

    Screen screen_ = Screen::welcome;
    TimePoint screen_since_;
    TimePoint last_touch_;
    Language language_;
    std::string hospital_name_;
    bool online_ = false;

    std::vector<KioskService> services_;
    bool services_known_ = false;
    TimePoint services_at_;
    bool refresh_in_flight_ = false;
    TimePoint next_refresh_;

    // The patient's session: from the first touch back to the welcome screen.
    Lane lane_ = Lane::bpjs;
    int page_ = 0;
    std::string chosen_;
    std::string request_id_;
    std::optional<proto::Json> resumed_patient_;
    bool resumed_ = false;
    bool pending_saved_ = false;
    IdKind keypad_kind_ = IdKind::nik;
    std::string keypad_value_;
    IdProblem keypad_problem_ = IdProblem::none;
    std::optional<std::pair<IdKind, std::string>> patient_id_;
    bool checkin_ = false;
    std::string checkin_code_;
    bool checkin_code_problem_ = false;
    std::optional<Booking> booking_;
    CheckinProblem checkin_problem_ = CheckinProblem::not_found;
    std::string refused_from_;
    std::string refused_until_;

    WorkPhase phase_ = WorkPhase::checking_printer;
    TimePoint phase_since_;
    TimePoint retry_at_;
    bool trouble_ = false;
    int attempts_ = 0;
    PrinterStatus printer_status_;
    Refusal refusal_ = Refusal::service_closed;
    std::optional<IssuedTicket> issued_;
    std::optional<TicketPrint> ticket_print_;
    PrintState print_state_ = PrintState::no_printer;
    TimePoint printed_at_;

    bool fullscreen_;
    std::string pin_entry_;
    PinProblem pin_problem_ = PinProblem::none;
    int wrong_pins_ = 0;
    TimePoint pin_locked_until_;
    TestPrintState test_print_state_ = TestPrintState::idle;
    std::string test_print_detail_;
    std::uint64_t test_print_op_ = 0;
};

}  // namespace anoman::kiosk
