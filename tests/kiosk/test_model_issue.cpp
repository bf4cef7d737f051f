// Taking the ticket: the printer's status first, ticket.issue retried with the
// same request_id, refusals, printing and reprinting, the pending record, and
// resuming after a restart.
#include "model_fixture.hpp"

using namespace anoman;
using namespace anoman::kiosk;
using namespace anoman::kiosk::testing;
using proto::ErrorCode;

TEST_CASE_FIXTURE(ModelFixture, "no paper, cover open, offline or no printer: the kiosk says so and issues nothing") {
    for (PrinterState state :
         {PrinterState::paper_out, PrinterState::cover_open, PrinterState::offline, PrinterState::unreachable}) {
        CAPTURE(to_string(state));
        clear();
        to_services(Lane::bpjs);
        model->choose_service("PA");
        collect();
        model->on_printer_status(last<cmd::CheckPrinter>()->op, {state, false, "test"});
        collect();
        CHECK(model->screen() == Screen::printer_problem);
        CHECK(model->printer_status().state == state);
        CHECK(count<cmd::Issue>() == 0);
        CHECK(count<cmd::SavePending>() == 0);
        model->go_home();
    }
}

TEST_CASE_FIXTURE(ModelFixture, "after paper is loaded, try again continues with the same choice") {
    to_services(Lane::bpjs);
    model->choose_service("PA");
    collect();
    model->on_printer_status(last<cmd::CheckPrinter>()->op, {PrinterState::paper_out, false, ""});
    model->retry_printer();
    collect();
    CHECK(model->screen() == Screen::working);
    CHECK(count<cmd::CheckPrinter>() == 2);
    model->on_printer_status(last<cmd::CheckPrinter>()->op, {PrinterState::ok, false, ""});
    collect();
    REQUIRE(last<cmd::Issue>());
    CHECK(last<cmd::Issue>()->request["service"] == "PA");
}

TEST_CASE_FIXTURE(ModelFixture, "a printer that does not answer status queries gets the benefit of the doubt") {
    to_services(Lane::bpjs);
    auto issue = [&] {
        model->choose_service("PA");
        collect();
        model->on_printer_status(last<cmd::CheckPrinter>()->op, {PrinterState::no_answer, false, ""});
        collect();
        return last<cmd::Issue>();
    }();
    CHECK(issue);
}

TEST_CASE_FIXTURE(ModelFixture, "a timeout is retried with the same request_id until the server answers") {
    to_services(Lane::bpjs);
    auto first = choose_and_pass_printer("PA");
    CHECK(model->phase() == WorkPhase::issuing);
    CHECK_FALSE(model->trouble());
    model->on_issue_reply(first.op, error_reply(ErrorCode::internal, "timeout"));
    collect();
    CHECK(model->screen() == Screen::working);
    CHECK(model->phase() == WorkPhase::waiting_retry);
    CHECK(model->trouble());  // now the calm message and a cancel button
    CHECK(count<cmd::Issue>() == 1);
    advance(1s);
    CHECK(count<cmd::Issue>() == 2);
    auto second = *last<cmd::Issue>();
    CHECK(second.request["request_id"] == first.request["request_id"]);
    CHECK(second.op != first.op);
    model->on_issue_reply(second.op, error_reply(ErrorCode::internal, "connection lost"));
    advance(1s);
    CHECK(count<cmd::Issue>() == 2);  // the second delay is longer
    advance(1s);
    CHECK(count<cmd::Issue>() == 3);
    auto third = *last<cmd::Issue>();
    CHECK(third.request["request_id"] == first.request["request_id"]);
    // The late answer to an abandoned attempt is ignored...
    model->on_issue_reply(first.op, issue_ok("N001", "PA"));
    CHECK(model->screen() == Screen::working);
    // ...the current one counts; the server replayed the first ticket.
    model->on_issue_reply(third.op, issue_ok("N001", "PA", 77, true));
    collect();
    CHECK(model->screen() == Screen::ticket);
    CHECK(model->issued()->replayed);
    CHECK(count<cmd::SavePending>() == 1);  // saved once, before the first attempt
}

TEST_CASE_FIXTURE(ModelFixture, "retry delays grow and stay at the last one") {
    to_services(Lane::bpjs);
    auto issue = choose_and_pass_printer("PA");
    std::vector<int> delays;
    for (int attempt = 0; attempt < 6; ++attempt) {
        model->on_issue_reply(last<cmd::Issue>()->op, error_reply(ErrorCode::internal, "not connected"));
        const int before = count<cmd::Issue>();
        int waited = 0;
        while (count<cmd::Issue>() == before && waited < 20) {
            advance(1s);
            ++waited;
        }
        delays.push_back(waited);
    }
    CHECK(delays == std::vector<int>{1, 2, 3, 5, 5, 5});
}

TEST_CASE_FIXTURE(ModelFixture, "reconnecting retries at once") {
    to_services(Lane::bpjs);
    auto issue = choose_and_pass_printer("PA");
    model->on_issue_reply(issue.op, error_reply(ErrorCode::internal, "connection lost"));
    model->on_link(false);
    for (int i = 0; i < 3; ++i) {
        advance(5s);
        model->on_issue_reply(last<cmd::Issue>()->op, error_reply(ErrorCode::internal, "not connected"));
    }
    const int before = count<cmd::Issue>();
    model->on_link(true);
    advance(0ms);
    CHECK(count<cmd::Issue>() == before + 1);
}

TEST_CASE_FIXTURE(ModelFixture, "while the server is down the patient may cancel; the session keeps its request_id") {
    to_services(Lane::bpjs);
    auto issue = choose_and_pass_printer("PA");
    model->go_home();  // ignored while the answer is seconds away
    CHECK(model->screen() == Screen::working);
    model->cancel_issue();
    CHECK(model->screen() == Screen::working);
    model->on_issue_reply(issue.op, error_reply(ErrorCode::internal, "timeout"));
    model->cancel_issue();
    collect();
    CHECK(model->screen() == Screen::service);
    CHECK(last<cmd::ClearPending>());
    // Choosing again (even another service) uses the same request_id: if the
    // lost request did take a number, the server returns that ticket.
    auto again = choose_and_pass_printer("PU");
    CHECK(again.request["request_id"] == issue.request["request_id"]);
    // A late answer to the cancelled attempt does not count.
    model->on_issue_reply(issue.op, issue_ok("N001", "PA"));
    CHECK(model->screen() == Screen::working);
}

TEST_CASE_FIXTURE(ModelFixture, "a patient who walks away from a dead server: back to welcome after inactivity") {
    to_services(Lane::bpjs);
    auto issue = choose_and_pass_printer("PA");
    model->on_issue_reply(issue.op, error_reply(ErrorCode::internal, "timeout"));
    for (int i = 0; i < 12; ++i) {
        advance(5s);
        if (model->screen() != Screen::working) break;
        if (model->phase() == WorkPhase::issuing)
            model->on_issue_reply(last<cmd::Issue>()->op, error_reply(ErrorCode::internal, "not connected"));
    }
    CHECK(model->screen() == Screen::welcome);
    CHECK(last<cmd::ClearPending>());
}

TEST_CASE_FIXTURE(ModelFixture, "a step that never answers is cut off by the watchdog") {
    to_services(Lane::bpjs);
    SUBCASE("printer check") {
        model->choose_service("PA");
        advance(31s);
        CHECK(model->screen() == Screen::printer_problem);
        CHECK(model->printer_status().state == PrinterState::unreachable);
    }
    SUBCASE("ticket.issue") {
        auto issue = choose_and_pass_printer("PA");
        advance(31s);
        CHECK(model->phase() == WorkPhase::waiting_retry);
        advance(1s);
        CHECK(last<cmd::Issue>()->op != issue.op);
        CHECK(last<cmd::Issue>()->request["request_id"] == issue.request["request_id"]);
    }
}

TEST_CASE_FIXTURE(ModelFixture, "refusals: quota, closed, unknown service, not allowed") {
    struct Case {
        ErrorCode code;
        Refusal refusal;
    };
    for (Case c : {Case{ErrorCode::quota_exhausted, Refusal::quota_full}, Case{ErrorCode::service_closed, Refusal::service_closed},
                   Case{ErrorCode::not_found, Refusal::service_unknown}, Case{ErrorCode::forbidden, Refusal::not_allowed},
                   Case{ErrorCode::unauthorized, Refusal::not_allowed}}) {
        CAPTURE(proto::to_string(c.code));
        model->on_services(ok_reply({{"services", demo_services()}}));
        clear();
        to_services(Lane::bpjs);
        auto issue = choose_and_pass_printer("A");
        model->on_issue_reply(issue.op, error_reply(c.code, "no"));
        collect();
        CHECK(model->screen() == Screen::refused);
        CHECK(model->refusal() == c.refusal);
        CHECK(count<cmd::Issue>() == 1);           // never retried
        CHECK(last<cmd::ClearPending>());          // nothing was issued
        CHECK(last<cmd::RefreshServices>());       // the list is brought up to date
        model->go_home();
    }
}

TEST_CASE_FIXTURE(ModelFixture, "a quota refusal marks the service full until the next list says otherwise") {
    to_services(Lane::bpjs);
    auto issue = choose_and_pass_printer("A");
    model->on_issue_reply(issue.op, error_reply(ErrorCode::quota_exhausted));
    CHECK(model->find_service("A")->availability() == Availability::full);
    model->back();
    clear();
    model->choose_service("A");
    collect();
    CHECK(count<cmd::CheckPrinter>() == 0);
    CHECK(model->refusal() == Refusal::quota_full);
}

TEST_CASE_FIXTURE(ModelFixture, "print failure offers a reprint of the same ticket, never a new number") {
    to_services(Lane::bpjs);
    auto issue = choose_and_pass_printer("PA");
    model->on_issue_reply(issue.op, issue_ok("N012", "PA"));
    collect();
    auto print = *last<cmd::Print>();
    model->on_print_result(print.op, {false, {PrinterState::paper_out, false, ""}});
    collect();
    CHECK(model->screen() == Screen::ticket);
    CHECK(model->print_state() == PrintState::failed);
    CHECK(model->printer_status().state == PrinterState::paper_out);
    CHECK_FALSE(last<cmd::ClearPending>());  // a restart now would reprint, not reissue
    // The failed ticket stays up until the patient acts or leaves.
    advance(30s);
    CHECK(model->screen() == Screen::ticket);
    model->reprint();
    collect();
    CHECK(count<cmd::Print>() == 2);
    CHECK(count<cmd::Issue>() == 1);
    auto again = *last<cmd::Print>();
    CHECK(again.ticket.number == "N012");
    CHECK(again.ticket.ticket_id == print.ticket.ticket_id);
    model->on_print_result(again.op, {true, {}});
    collect();
    CHECK(model->print_state() == PrintState::printed);
    CHECK(last<cmd::ClearPending>());
}

TEST_CASE_FIXTURE(ModelFixture, "the ticket screen waits for the printer and cannot be left mid-print") {
    to_services(Lane::bpjs);
    auto issue = choose_and_pass_printer("PA");
    model->on_issue_reply(issue.op, issue_ok("N012", "PA"));
    model->finish();
    model->go_home();
    CHECK(model->screen() == Screen::ticket);
    advance(20s);
    CHECK(model->screen() == Screen::ticket);
    advance(11s);  // the print job never answered: treated as failed
    CHECK(model->print_state() == PrintState::failed);
    model->finish();
    CHECK(model->screen() == Screen::welcome);
}

TEST_CASE_FIXTURE(ModelFixture, "without a printer: no status check, no print, the number on screen") {
    settings.printer_enabled = false;
    make();
    to_services(Lane::umum);
    model->choose_service("B");
    collect();
    CHECK(count<cmd::CheckPrinter>() == 0);
    auto issue = last<cmd::Issue>();
    REQUIRE(issue);
    model->on_issue_reply(issue->op, issue_ok("B004", "B"));
    collect();
    CHECK(model->screen() == Screen::ticket);
    CHECK(model->print_state() == PrintState::no_printer);
    CHECK(count<cmd::Print>() == 0);
    advance(16s);
    CHECK(model->screen() == Screen::welcome);
}

TEST_CASE_FIXTURE(ModelFixture, "the pending record lives from the first attempt to the printed ticket") {
    to_services(Lane::umum);
    model->open_keypad();
    for (char c : std::string("3505124107900001")) model->keypad_key(c);
    model->keypad_confirm();
    auto issue = choose_and_pass_printer("B");
    auto saved = last<cmd::SavePending>();
    REQUIRE(saved);
    CHECK(saved->pending.request_id == issue.request["request_id"]);
    CHECK(saved->pending.service == "B");
    CHECK(saved->pending.patient == issue.request["patient"]);
    CHECK(count<cmd::ClearPending>() == 0);
    model->on_issue_reply(issue.op, issue_ok("B004", "B"));
    collect();
    CHECK(count<cmd::ClearPending>() == 0);
    model->on_print_result(last<cmd::Print>()->op, {true, {}});
    collect();
    CHECK(count<cmd::ClearPending>() == 1);
}

TEST_CASE_FIXTURE(ModelFixture, "after a restart the unfinished request is resumed with its request_id") {
    PendingIssue pending;
    pending.request_id = "kiosk-1:deadbeef";
    pending.service = "PA";
    pending.patient = {{"kind", "bpjs"}, {"booking_code", "0301R001"}};
    pending.language = "en";
    model->resume(pending);
    collect();
    CHECK(model->screen() == Screen::working);
    CHECK(model->resumed());
    CHECK(model->language() == Language::en);
    model->on_printer_status(last<cmd::CheckPrinter>()->op, {PrinterState::ok, false, ""});
    collect();
    auto issue = last<cmd::Issue>();
    REQUIRE(issue);
    CHECK(issue->request["request_id"] == "kiosk-1:deadbeef");
    CHECK(issue->request["service"] == "PA");
    CHECK(issue->request["patient"] == pending.patient);
    CHECK(count<cmd::SavePending>() == 0);  // it is on disk already
    model->on_issue_reply(issue->op, issue_ok("N012", "PA", 5, true));
    collect();
    CHECK(model->screen() == Screen::ticket);
    model->on_print_result(last<cmd::Print>()->op, {true, {}});
    collect();
    CHECK(last<cmd::ClearPending>());
    // The next patient gets a fresh id.
    advance(16s);
    model->touch_welcome();
    CHECK(model->request_id() == "kiosk-1:1");
}

TEST_CASE_FIXTURE(ModelFixture, "a garbled success is asked again, never shown") {
    to_services(Lane::bpjs);
    auto issue = choose_and_pass_printer("PA");
    model->on_issue_reply(issue.op, ok_reply({{"ticket", "nonsense"}}));
    CHECK(model->screen() == Screen::working);
    CHECK(model->phase() == WorkPhase::waiting_retry);
    CHECK_FALSE(model->issued());
}

TEST_CASE_FIXTURE(ModelFixture, "touches while working cannot start a second ticket") {
    to_services(Lane::bpjs);
    model->choose_service("PA");
    model->choose_service("PA");
    model->choose_service("PU");
    collect();
    CHECK(count<cmd::CheckPrinter>() == 1);
    model->on_printer_status(last<cmd::CheckPrinter>()->op, {PrinterState::ok, false, ""});
    model->on_printer_status(last<cmd::CheckPrinter>()->op, {PrinterState::ok, false, ""});
    collect();
    CHECK(count<cmd::Issue>() == 1);
}
