// The Mobile JKN check-in at the kiosk: the code typed or scanned, looked up
// with booking.get, shown, checked in with booking.checkin (the printer first,
// the same request_id on every retry and after a restart), printed as a
// normal ticket that names the booking; every refusal said plainly.
#include "kiosk_layout.hpp"
#include "kiosk_touch.hpp"
#include "model_fixture.hpp"
#include "ticket_layout.hpp"

using namespace anoman;
using namespace anoman::kiosk;
using namespace anoman::kiosk::testing;
using proto::ErrorCode;

namespace {

const std::string kCode = "20261203C0007X4K";

proto::Json booking_json(const std::string& state = "booked") {
    proto::Json b = {{"booking_code", kCode},
                     {"service", "PA"},
                     {"service_name", "Poli Anak"},
                     {"kodepoli", "ANA"},
                     {"namapoli", "Poli Anak"},
                     {"namadokter", "dr. Contoh, Sp.A"},
                     {"number", "C007"},
                     {"service_day", "2026-12-03"},
                     {"jampraktek", "08:00-12:00"},
                     {"estimated_at", "2026-12-03T08:42:00+07:00"},
                     {"estimated_ms", 1796264520000},
                     {"jenis", "jkn"},
                     {"state", state},
                     {"checkin_from", "2026-12-03T07:42:00+07:00"},
                     {"checkin_until", "2026-12-03T09:42:00+07:00"},
                     {"ticket", nullptr}};
    return b;
}

proto::Reply booking_reply(const std::string& state = "booked") { return ok_reply({{"booking", booking_json(state)}}); }

proto::Reply refusal(const std::string& reason) {
    proto::Json line = proto::error_reply(1, {ErrorCode::invalid_state, "booking " + reason});
    line["error"]["reason"] = reason;
    line["error"]["checkin_from"] = "2026-12-03T07:00:00+07:00";
    line["error"]["checkin_until"] = "2026-12-03T11:30:00+07:00";
    return proto::parse_reply(line);
}

struct CheckinFixture : ModelFixture {
    void type_code(const std::string& code = kCode) {
        for (char c : code) model->checkin_key(c);
    }
    // Welcome -> code -> lookup -> the booking on screen.
    void to_booking() {
        model->open_checkin();
        type_code();
        model->checkin_confirm();
        collect();
        REQUIRE(model->screen() == Screen::checkin_lookup);
        auto get = last<cmd::GetBooking>();
        REQUIRE(get);
        CHECK(get->booking_code == kCode);
        model->on_booking_reply(get->op, booking_reply());
        collect();
        REQUIRE(model->screen() == Screen::booking);
    }
    // "Check-in dan cetak tiket", the printer says ok: the booking.checkin request.
    cmd::Issue check_in() {
        model->checkin_start();
        collect();
        auto check = last<cmd::CheckPrinter>();
        REQUIRE(check);
        model->on_printer_status(check->op, {PrinterState::ok, false, ""});
        collect();
        auto issue = last<cmd::Issue>();
        REQUIRE(issue);
        return *issue;
    }
};

}  // namespace

TEST_CASE_FIXTURE(CheckinFixture, "the whole check-in: code, booking shown, check-in, the ticket printed, welcome") {
    to_booking();
    const Booking& booking = *model->booking();
    CHECK(booking.poli() == "Poli Anak");
    CHECK(booking.namadokter == "dr. Contoh, Sp.A");
    CHECK(booking.number == "C007");
    CHECK(booking.jampraktek == "08:00-12:00");
    CHECK(clock_text(booking.estimated_at) == "08:42");

    const auto issue = check_in();
    CHECK(issue.request["type"] == "booking.checkin");
    CHECK(issue.request["booking_code"] == kCode);
    CHECK(issue.request["request_id"] == "kiosk-1:1");
    CHECK_FALSE(issue.request.contains("service"));
    // On disk before it leaves, marked as a check-in.
    auto saved = last<cmd::SavePending>();
    REQUIRE(saved);
    CHECK(saved->pending.booking_code == kCode);
    CHECK(saved->pending.request_id == "kiosk-1:1");

    model->on_issue_reply(issue.op, issue_ok("C007", "PA", 501));
    collect();
    REQUIRE(model->screen() == Screen::ticket);
    auto print = last<cmd::Print>();
    REQUIRE(print);
    CHECK(print->ticket.number == "C007");
    CHECK(print->ticket.booking_code == kCode);
    CHECK(print->ticket.service_name == "Poli Anak");
    // The same ticket as a walk-in's, plus the booking lines.
    const std::string bytes = render_ticket(print->ticket, PaperWidth::mm80);
    CHECK(bytes.find("C007") != std::string::npos);
    CHECK(bytes.find("BOOKING MOBILE JKN") != std::string::npos);
    CHECK(bytes.find("Kode booking: " + kCode) != std::string::npos);

    model->on_print_result(print->op, {true, {}});
    collect();
    CHECK(last<cmd::ClearPending>());
    advance(settings.ticket_display + 1s);
    CHECK(model->screen() == Screen::welcome);
    CHECK_FALSE(model->checkin());
    CHECK(model->checkin_code().empty());
}

TEST_CASE_FIXTURE(CheckinFixture, "a walk-in's ticket carries no booking lines") {
    to_services(Lane::bpjs);
    auto issue = choose_and_pass_printer("PA");
    CHECK(issue.request["type"] == "ticket.issue");
    model->on_issue_reply(issue.op, issue_ok("N001", "PA"));
    collect();
    auto print = last<cmd::Print>();
    REQUIRE(print);
    CHECK(print->ticket.booking_code.empty());
    CHECK(render_ticket(print->ticket, PaperWidth::mm80).find("MOBILE JKN") == std::string::npos);
}

TEST_CASE_FIXTURE(CheckinFixture, "the keypad takes letters and digits, upper-cases, and nothing else") {
    model->open_checkin();
    REQUIRE(model->screen() == Screen::checkin_code);
    for (char c : std::string("ab-1 2/Z.")) model->checkin_key(c);
    CHECK(model->checkin_code() == "AB12Z");
    model->checkin_backspace();
    CHECK(model->checkin_code() == "AB12");
    model->checkin_clear();
    CHECK(model->checkin_code().empty());
    model->checkin_confirm();  // nothing typed: said so, nothing asked
    collect();
    CHECK(model->screen() == Screen::checkin_code);
    CHECK(model->checkin_code_problem());
    CHECK(count<cmd::GetBooking>() == 0);
    for (int i = 0; i < 40; ++i) model->checkin_key('7');
    CHECK(model->checkin_code().size() == kCheckinCodeMax);  // the protocol's bound
}

TEST_CASE_FIXTURE(CheckinFixture, "a scanner's keystrokes and Enter: from the welcome screen straight to the lookup") {
    REQUIRE(model->screen() == Screen::welcome);
    model->typed_char(' ');  // a stray key opens nothing
    CHECK(model->screen() == Screen::welcome);
    for (char c : kCode) model->typed_char(c);
    CHECK(model->screen() == Screen::checkin_code);
    CHECK(model->checkin_code() == kCode);
    model->typed_enter();
    collect();
    CHECK(model->screen() == Screen::checkin_lookup);
    REQUIRE(last<cmd::GetBooking>());
    CHECK(last<cmd::GetBooking>()->booking_code == kCode);
}

TEST_CASE_FIXTURE(CheckinFixture, "a second scan on the booking or a refusal replaces the code") {
    to_booking();
    for (char c : std::string("ABC123")) model->typed_char(c);
    CHECK(model->screen() == Screen::checkin_code);
    CHECK(model->checkin_code() == "ABC123");
    CHECK_FALSE(model->booking());
}

TEST_CASE_FIXTURE(CheckinFixture, "the keyboard does nothing on the other screens") {
    to_services(Lane::bpjs);
    model->typed_char('A');
    model->typed_enter();
    collect();
    CHECK(model->screen() == Screen::service);
    CHECK(count<cmd::GetBooking>() == 0);
}

TEST_CASE_FIXTURE(CheckinFixture, "lookup answers: not found, cancelled, already checked in, server down, not allowed") {
    struct Case {
        proto::Reply reply;
        CheckinProblem problem;
    };
    proto::Json checked = booking_json("checked_in");
    proto::Ticket ticket;
    ticket.id = 9;
    ticket.number = "C007";
    ticket.service = "PA";
    checked["ticket"] = ticket;
    const Case cases[] = {
        {error_reply(ErrorCode::not_found, "no such booking"), CheckinProblem::not_found},
        {error_reply(ErrorCode::bad_request, "booking_code: expected ..."), CheckinProblem::not_found},
        {booking_reply("cancelled"), CheckinProblem::cancelled},
        {ok_reply({{"booking", checked}}), CheckinProblem::checked_in},
        {error_reply(ErrorCode::internal, "timeout"), CheckinProblem::server_down},
        {ok_reply({{"booking", {{"number", 5}}}}), CheckinProblem::server_down},  // garbled
        {error_reply(ErrorCode::unknown_type, "booking.get"), CheckinProblem::not_allowed},
    };
    for (const Case& c : cases) {
        CAPTURE(to_string(c.problem));
        model->go_home();
        model->open_checkin();
        type_code();
        model->checkin_confirm();
        collect();
        model->on_booking_reply(last<cmd::GetBooking>()->op, c.reply);
        collect();
        CHECK(model->screen() == Screen::checkin_refused);
        CHECK(model->checkin_problem() == c.problem);
        CHECK(count<cmd::Issue>() == 0);
        // Already checked in: the number the patient holds is known, to say it.
        if (c.problem == CheckinProblem::checked_in) {
            REQUIRE(model->booking());
            REQUIRE(model->booking()->ticket);
            CHECK(model->booking()->ticket->number == "C007");
        }
    }
}

TEST_CASE_FIXTURE(CheckinFixture, "server down on lookup: try again asks again; a lookup that never answers ends") {
    model->open_checkin();
    type_code();
    model->checkin_confirm();
    collect();
    advance(settings.watchdog + 1s);
    CHECK(model->screen() == Screen::checkin_refused);
    CHECK(model->checkin_problem() == CheckinProblem::server_down);
    const auto first = *last<cmd::GetBooking>();
    model->on_booking_reply(first.op, booking_reply());  // too late: disowned
    collect();
    CHECK(model->screen() == Screen::checkin_refused);
    model->checkin_retry();
    collect();
    CHECK(model->screen() == Screen::checkin_lookup);
    CHECK(count<cmd::GetBooking>() == 2);
    model->on_booking_reply(last<cmd::GetBooking>()->op, booking_reply());
    CHECK(model->screen() == Screen::booking);
}

TEST_CASE_FIXTURE(CheckinFixture, "check-in refusals carry the server's reason and times; the pending record goes") {
    const std::pair<const char*, CheckinProblem> reasons[] = {
        {"not_today", CheckinProblem::not_today},   {"too_early", CheckinProblem::too_early},
        {"too_late", CheckinProblem::too_late},     {"cancelled", CheckinProblem::cancelled},
        {"checked_in", CheckinProblem::checked_in}, {"something_new", CheckinProblem::not_allowed},
    };
    for (const auto& [reason, problem] : reasons) {
        CAPTURE(reason);
        model->go_home();
        clear();
        to_booking();
        const auto issue = check_in();
        model->on_issue_reply(issue.op, refusal(reason));
        collect();
        CHECK(model->screen() == Screen::checkin_refused);
        CHECK(model->checkin_problem() == problem);
        CHECK(clock_text(model->refused_from()) == "07:00");
        CHECK(clock_text(model->refused_until()) == "11:30");
        CHECK(last<cmd::ClearPending>());
        CHECK(count<cmd::Print>() == 0);
    }
    // Not found at check-in time (deleted in between): said the same way as at lookup.
    model->go_home();
    to_booking();
    const auto issue = check_in();
    model->on_issue_reply(issue.op, error_reply(ErrorCode::not_found, "no booking"));
    CHECK(model->checkin_problem() == CheckinProblem::not_found);
    // "Type the code again" starts over on an empty keypad.
    model->back();
    CHECK(model->screen() == Screen::checkin_code);
    CHECK(model->checkin_code().empty());
}

TEST_CASE_FIXTURE(CheckinFixture, "the printer is checked first: without paper nothing is checked in") {
    to_booking();
    model->checkin_start();
    collect();
    model->on_printer_status(last<cmd::CheckPrinter>()->op, {PrinterState::paper_out, false, ""});
    collect();
    CHECK(model->screen() == Screen::printer_problem);
    CHECK(count<cmd::Issue>() == 0);
    model->back();  // back to the booking, not the service list
    CHECK(model->screen() == Screen::booking);
    const auto issue = check_in();
    CHECK(issue.request["type"] == "booking.checkin");
}

TEST_CASE_FIXTURE(CheckinFixture, "a lost connection retries the check-in with the same request_id") {
    to_booking();
    const auto first = check_in();
    model->on_issue_reply(first.op, error_reply(ErrorCode::internal, "connection lost"));
    collect();
    CHECK(model->screen() == Screen::working);
    CHECK(model->trouble());
    advance(1s);
    const auto second = *last<cmd::Issue>();
    CHECK(second.op != first.op);
    CHECK(second.request == first.request);
    CHECK(count<cmd::SavePending>() == 1);
    // The server had checked in the first time: it replays that ticket.
    model->on_issue_reply(second.op, issue_ok("C007", "PA", 501, true));
    collect();
    CHECK(model->screen() == Screen::ticket);
    CHECK(model->issued()->replayed);
    // Cancel while the server is away goes back to the booking.
}

TEST_CASE_FIXTURE(CheckinFixture, "cancelling while the server is away goes back to the booking") {
    to_booking();
    const auto first = check_in();
    model->on_issue_reply(first.op, error_reply(ErrorCode::internal, "timeout"));
    model->cancel_issue();
    CHECK(model->screen() == Screen::booking);
}

TEST_CASE_FIXTURE(CheckinFixture, "after a restart an unfinished check-in resumes as booking.checkin with its request_id") {
    PendingIssue pending;
    pending.request_id = "kiosk-1:old";
    pending.service = "PA";
    pending.booking_code = kCode;
    pending.started_unix_ms = 1;
    model->resume(pending);
    collect();
    model->on_printer_status(last<cmd::CheckPrinter>()->op, {PrinterState::ok, false, ""});
    collect();
    const auto issue = *last<cmd::Issue>();
    CHECK(issue.request["type"] == "booking.checkin");
    CHECK(issue.request["booking_code"] == kCode);
    CHECK(issue.request["request_id"] == "kiosk-1:old");
    CHECK(count<cmd::SavePending>() == 0);  // it is on disk already
    model->on_issue_reply(issue.op, issue_ok("C007", "PA", 501, true));
    collect();
    REQUIRE(last<cmd::Print>());
    CHECK(last<cmd::Print>()->ticket.booking_code == kCode);
}

TEST_CASE_FIXTURE(CheckinFixture, "inactivity returns every check-in screen to welcome; the lookup waits for its watchdog") {
    model->open_checkin();
    type_code();
    advance(settings.idle_timeout + 1s);
    CHECK(model->screen() == Screen::welcome);
    CHECK(model->checkin_code().empty());

    to_booking();
    advance(settings.idle_timeout + 1s);
    CHECK(model->screen() == Screen::welcome);
    CHECK_FALSE(model->booking());

    model->open_checkin();
    type_code();
    model->checkin_confirm();
    collect();
    model->on_booking_reply(last<cmd::GetBooking>()->op, error_reply(ErrorCode::not_found));
    REQUIRE(model->screen() == Screen::checkin_refused);
    advance(settings.idle_timeout + 1s);
    CHECK(model->screen() == Screen::welcome);
}

TEST_CASE_FIXTURE(CheckinFixture, "back from the code leaves; back from the booking edits the code") {
    to_booking();
    model->back();
    CHECK(model->screen() == Screen::checkin_code);
    CHECK(model->checkin_code() == kCode);
    model->back();
    CHECK(model->screen() == Screen::welcome);
}

TEST_CASE_FIXTURE(CheckinFixture, "the welcome screen's Check-in target opens the code screen; its keys type") {
    const float w = 1920, h = 1080;
    const Layout welcome = compute_layout(*model, w, h);
    const Hit* checkin = welcome.find(Target::checkin);
    REQUIRE(checkin);
    tap(*model, w, h, checkin->rect.cx(), checkin->rect.cy());
    CHECK(model->screen() == Screen::checkin_code);
    const Layout pad = compute_layout(*model, w, h);
    CHECK_FALSE(pad.find(Target::kind_nik));
    const Hit* c = pad.find(Target::key, -1, 'C');
    REQUIRE(c);
    tap(*model, w, h, c->rect.cx(), c->rect.cy());
    CHECK(model->checkin_code() == "C");
    const Hit* find = pad.find(Target::checkin_find);
    REQUIRE(find);
    tap(*model, w, h, find->rect.cx(), find->rect.cy());
    collect();
    CHECK(model->screen() == Screen::checkin_lookup);
}

TEST_CASE("dates and times for the booking screen") {
    CHECK(date_text("2026-12-03", Language::id) == "Kamis, 3 Desember 2026");
    CHECK(date_text("2026-12-03", Language::en) == "Thursday, 3 December 2026");
    CHECK(date_text("2026-13-03", Language::id) == "2026-13-03");
    CHECK(date_text("junk", Language::id) == "junk");
    CHECK(clock_text("2026-12-03T07:00:00+07:00") == "07:00");
    CHECK(clock_text("07:00") == "");
    CHECK(checkin_code_char('a') == 'A');
    CHECK(checkin_code_char('-') == '\0');
}
