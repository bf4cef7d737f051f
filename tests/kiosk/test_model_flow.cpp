// The kiosk's screens and every way between them: touches, back and home,
// the keypad, the attendant's PIN, the language switch, and inactivity.
#include "model_fixture.hpp"

using namespace anoman;
using namespace anoman::kiosk;
using namespace anoman::kiosk::testing;

TEST_CASE_FIXTURE(ModelFixture, "a number in three touches: welcome, lane, service") {
    CHECK(model->screen() == Screen::welcome);
    model->touch_welcome();  // 1
    CHECK(model->screen() == Screen::lane);
    model->choose_lane(Lane::bpjs);  // 2
    CHECK(model->screen() == Screen::service);
    model->choose_service("PA");  // 3
    collect();
    CHECK(model->screen() == Screen::working);
    CHECK(model->phase() == WorkPhase::checking_printer);
    auto check = last<cmd::CheckPrinter>();
    REQUIRE(check);
    model->on_printer_status(check->op, {PrinterState::ok, false, ""});
    collect();
    auto issue = last<cmd::Issue>();
    REQUIRE(issue);
    CHECK(issue->request["type"] == "ticket.issue");
    CHECK(issue->request["service"] == "PA");
    CHECK(issue->request["request_id"] == "kiosk-1:1");
    CHECK(issue->request["patient"] == proto::Json{{"kind", "bpjs"}});
    model->on_issue_reply(issue->op, issue_ok("N012", "PA"));
    collect();
    CHECK(model->screen() == Screen::ticket);
    CHECK(model->print_state() == PrintState::printing);
    auto print = last<cmd::Print>();
    REQUIRE(print);
    CHECK(print->ticket.number == "N012");
    CHECK(print->ticket.service_name == "Poli Anak");
    CHECK(print->ticket.hospital_name == "RSUD Test");
    CHECK(print->ticket.ahead == 3);
    CHECK(print->ticket.est_wait_s == 540);
    CHECK(print->ticket.ticket_id == 77);
    model->on_print_result(print->op, {true, {}});
    CHECK(model->print_state() == PrintState::printed);
    // Back to welcome by itself.
    advance(14s);
    CHECK(model->screen() == Screen::ticket);
    advance(2s);
    CHECK(model->screen() == Screen::welcome);
    CHECK_FALSE(model->issued());
}

TEST_CASE_FIXTURE(ModelFixture, "lanes filter the services by the patients field; priority has its own lane") {
    auto codes = [&] {
        std::vector<std::string> out;
        for (const auto* service : model->lane_services()) out.push_back(service->state.code);
        return out;
    };
    to_services(Lane::bpjs);
    CHECK(codes() == std::vector<std::string>{"A", "PU", "PA", "PG", "PD"});
    model->back();
    model->choose_lane(Lane::umum);
    CHECK(codes() == std::vector<std::string>{"B", "PU", "PA", "PG", "PD"});
    model->back();
    model->choose_lane(Lane::priority);
    CHECK(codes() == std::vector<std::string>{"P"});
    // The priority lane sends no patient kind.
    auto issue = choose_and_pass_printer("P");
    CHECK_FALSE(issue.request.contains("patient"));
}

TEST_CASE_FIXTURE(ModelFixture, "without a priority service there is no priority door") {
    model->on_services(ok_reply({{"services", proto::Json::array({service_json("A", "Pendaftaran")})}}));
    CHECK(model->lane_available(Lane::bpjs));
    CHECK(model->lane_available(Lane::umum));
    CHECK_FALSE(model->lane_available(Lane::priority));
    model->touch_welcome();
    model->choose_lane(Lane::priority);
    CHECK(model->screen() == Screen::lane);
}

TEST_CASE_FIXTURE(ModelFixture, "closed and full services are shown as such and explain themselves") {
    to_services(Lane::bpjs);
    CHECK(model->find_service("PG")->availability() == Availability::closed);
    CHECK(model->find_service("PD")->availability() == Availability::full);  // issued 60 of 60
    CHECK(model->find_service("A")->availability() == Availability::open);
    clear();
    model->choose_service("PG");
    collect();
    CHECK(model->screen() == Screen::refused);
    CHECK(model->refusal() == Refusal::service_closed);
    CHECK(count<cmd::CheckPrinter>() == 0);
    CHECK(count<cmd::Issue>() == 0);
    model->back();
    CHECK(model->screen() == Screen::service);
    model->choose_service("PD");
    collect();
    CHECK(model->refusal() == Refusal::quota_full);
    CHECK(count<cmd::Issue>() == 0);
}

TEST_CASE_FIXTURE(ModelFixture, "back and home from every screen") {
    model->touch_welcome();
    model->back();
    CHECK(model->screen() == Screen::welcome);
    to_services(Lane::umum);
    model->back();
    CHECK(model->screen() == Screen::lane);
    model->choose_lane(Lane::umum);
    model->open_keypad();
    CHECK(model->screen() == Screen::keypad);
    model->back();
    CHECK(model->screen() == Screen::service);
    model->go_home();
    CHECK(model->screen() == Screen::welcome);
    model->open_attendant();
    CHECK(model->screen() == Screen::attendant);
    model->back();
    CHECK(model->screen() == Screen::welcome);
}

TEST_CASE_FIXTURE(ModelFixture, "every patient gets a new request_id; one patient keeps one") {
    to_services(Lane::bpjs);
    CHECK(model->request_id() == "kiosk-1:1");
    model->go_home();
    CHECK(model->request_id().empty());
    to_services(Lane::bpjs);
    CHECK(model->request_id() == "kiosk-1:2");
    model->back();
    model->choose_lane(Lane::umum);
    CHECK(model->request_id() == "kiosk-1:2");
}

TEST_CASE_FIXTURE(ModelFixture, "inactivity returns any screen to welcome") {
    SUBCASE("lane") { model->touch_welcome(); }
    SUBCASE("service") { to_services(Lane::bpjs); }
    SUBCASE("keypad") {
        to_services(Lane::bpjs);
        model->open_keypad();
    }
    SUBCASE("refused") {
        to_services(Lane::bpjs);
        model->choose_service("PG");
    }
    SUBCASE("attendant") { model->open_attendant(); }
    SUBCASE("printer problem") {
        to_services(Lane::bpjs);
        model->choose_service("PA");
        collect();
        model->on_printer_status(last<cmd::CheckPrinter>()->op, {PrinterState::paper_out, false, ""});
    }
    const Screen before = model->screen();
    CAPTURE(to_string(before));
    CHECK(before != Screen::welcome);
    advance(59s);
    CHECK(model->screen() == before);
    advance(2s);
    CHECK(model->screen() == Screen::welcome);
}

TEST_CASE_FIXTURE(ModelFixture, "each touch restarts the inactivity timer") {
    to_services(Lane::bpjs);
    model->open_keypad();
    for (int i = 0; i < 5; ++i) {
        advance(50s);
        model->keypad_key('1');
    }
    CHECK(model->screen() == Screen::keypad);
    CHECK(model->keypad_value() == "11111");
}

TEST_CASE_FIXTURE(ModelFixture, "the welcome screen never times out, and the deadline is the next refresh") {
    advance(3600s);
    CHECK(model->screen() == Screen::welcome);
    CHECK(model->next_deadline() <= now + 30s);
    CHECK(model->next_deadline() > now);
}

TEST_CASE_FIXTURE(ModelFixture, "keypad: NIK is 16 digits with a plausible birth date") {
    to_services(Lane::umum);
    model->open_keypad();
    CHECK(model->keypad_kind() == IdKind::nik);  // Umum: NIK first
    for (char c : std::string("350512410790")) model->keypad_key(c);
    model->keypad_confirm();
    CHECK(model->screen() == Screen::keypad);
    CHECK(model->keypad_problem() == IdProblem::nik_length);
    for (char c : std::string("0001999")) model->keypad_key(c);  // extra digits past 16 are ignored
    CHECK(model->keypad_value() == "3505124107900001");
    model->keypad_key('A');  // no letters in a NIK
    CHECK(model->keypad_value() == "3505124107900001");
    model->keypad_confirm();
    CHECK(model->screen() == Screen::service);
    REQUIRE(model->patient_id());
    CHECK(model->patient_id()->first == IdKind::nik);
    auto issue = choose_and_pass_printer("B");
    CHECK(issue.request["patient"] == proto::Json{{"kind", "umum"}, {"nik", "3505124107900001"}});
}

TEST_CASE_FIXTURE(ModelFixture, "keypad: booking code for BPJS, letters allowed, editable, removable") {
    to_services(Lane::bpjs);
    model->open_keypad();
    CHECK(model->keypad_kind() == IdKind::booking_code);
    for (char c : std::string("0301r0011")) model->keypad_key(c);
    CHECK(model->keypad_value() == "0301R0011");
    model->keypad_backspace();
    CHECK(model->keypad_value() == "0301R001");
    model->keypad_confirm();
    CHECK(model->screen() == Screen::service);
    model->open_keypad();
    CHECK(model->keypad_value() == "0301R001");  // opens with what was entered
    model->keypad_kind(IdKind::nik);
    CHECK(model->keypad_value() == "0301001");  // letters dropped for a NIK
    model->keypad_clear();
    CHECK(model->keypad_value().empty());
    model->keypad_confirm();
    CHECK(model->keypad_problem() == IdProblem::empty);
    model->back();  // cancel keeps the earlier code
    REQUIRE(model->patient_id());
    CHECK(model->patient_id()->second == "0301R001");
    model->clear_patient_id();
    CHECK_FALSE(model->patient_id());
}

TEST_CASE_FIXTURE(ModelFixture, "the NIK is forgotten when the patient leaves") {
    to_services(Lane::umum);
    model->open_keypad();
    for (char c : std::string("3505124107900001")) model->keypad_key(c);
    model->keypad_confirm();
    model->go_home();
    CHECK_FALSE(model->patient_id());
    CHECK(model->keypad_value().empty());
}

TEST_CASE_FIXTURE(ModelFixture, "language: a switch on every screen, back to Indonesian for the next patient") {
    CHECK(model->language() == Language::id);
    model->toggle_language();
    CHECK(model->language() == Language::en);
    model->touch_welcome();
    CHECK(model->language() == Language::en);
    model->choose_lane(Lane::bpjs);
    auto issue = choose_and_pass_printer("PA");
    model->on_issue_reply(issue.op, issue_ok("N001", "PA"));
    collect();
    auto print = last<cmd::Print>();
    REQUIRE(print);
    CHECK(print->ticket.language == Language::en);
    CHECK(print->ticket.service_name == "Poli Anak (en)");
    model->on_print_result(print->op, {true, {}});
    model->finish();
    CHECK(model->screen() == Screen::welcome);
    CHECK(model->language() == Language::id);
}

TEST_CASE_FIXTURE(ModelFixture, "attendant: the right PIN leaves full screen, wrong ones lock") {
    CHECK(model->fullscreen());
    model->open_attendant();
    for (char c : std::string("1111")) model->pin_key(c);
    model->pin_confirm();
    collect();
    CHECK(model->pin_problem() == PinProblem::wrong);
    CHECK(model->fullscreen());
    CHECK(count<cmd::SetFullscreen>() == 0);
    for (char c : std::string("4821")) model->pin_key(c);
    model->pin_confirm();
    collect();
    CHECK_FALSE(model->fullscreen());
    REQUIRE(last<cmd::SetFullscreen>());
    CHECK_FALSE(last<cmd::SetFullscreen>()->on);
    CHECK(model->screen() == Screen::welcome);
    // Windowed, the attendant screen offers full screen again without a PIN.
    model->open_attendant();
    model->enter_fullscreen();
    collect();
    CHECK(model->fullscreen());
    CHECK(last<cmd::SetFullscreen>()->on);
}

TEST_CASE_FIXTURE(ModelFixture, "attendant: five wrong PINs lock the pad for a minute, even for the right PIN") {
    model->open_attendant();
    for (int i = 0; i < 5; ++i) {
        model->pin_key('0');
        model->pin_confirm();
    }
    CHECK(model->pin_problem() == PinProblem::locked);
    for (char c : std::string("4821")) model->pin_key(c);
    model->pin_confirm();
    collect();
    CHECK(model->fullscreen());
    CHECK(model->pin_length() == 0);
    advance(30s);
    for (char c : std::string("4821")) model->pin_key(c);
    advance(31s);  // the lock is over, and the pad was touched within the idle timeout
    CHECK(model->pin_problem() == PinProblem::none);
    model->pin_confirm();
    collect();
    CHECK_FALSE(model->fullscreen());
}

TEST_CASE("attendant: without a configured PIN full screen cannot be left") {
    ModelFixture f;
    f.settings.pin.clear();
    f.make();
    f.model->open_attendant();
    f.model->pin_confirm();
    f.collect();
    CHECK(f.model->pin_problem() == PinProblem::not_configured);
    CHECK(f.model->fullscreen());
}

TEST_CASE_FIXTURE(ModelFixture, "services.list is refreshed while a patient is here, slowly on welcome") {
    clear();
    advance(29s);
    CHECK(count<cmd::RefreshServices>() == 0);
    advance(2s);
    CHECK(count<cmd::RefreshServices>() == 1);
    // No second request while one is in flight.
    advance(31s);
    CHECK(count<cmd::RefreshServices>() == 1);
    model->on_services(ok_reply({{"services", demo_services()}}));
    model->touch_welcome();
    collect();
    CHECK(count<cmd::RefreshServices>() == 2);  // at once for the patient
    model->on_services(ok_reply({{"services", demo_services()}}));
    advance(5s);
    CHECK(count<cmd::RefreshServices>() == 3);
}

TEST_CASE_FIXTURE(ModelFixture, "stale counts are known as stale; a failed refresh keeps the last list") {
    model->touch_welcome();
    collect();
    CHECK(model->services_fresh());
    model->on_services(error_reply(proto::ErrorCode::internal, "not connected"));
    CHECK(model->services().size() == 7);
    advance(20s);
    CHECK_FALSE(model->services_fresh());
    model->on_services(ok_reply({{"services", demo_services()}}));
    CHECK(model->services_fresh());
    // A malformed list is ignored.
    model->on_services(ok_reply({{"services", "nope"}}));
    CHECK(model->services().size() == 7);
}

TEST_CASE_FIXTURE(ModelFixture, "a reconnect refreshes at once") {
    model->on_link(false);
    clear();
    model->on_link(true);
    collect();
    CHECK(count<cmd::RefreshServices>() == 1);
}
