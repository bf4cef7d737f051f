// Mobile JKN check-in at the real kiosk window (xvfb-run, 1920x1080) against
// the real queue-server with a poli that takes bookings, its wall clock set
// with libfaketime: a code typed on the keypad that is not found, the booking
// code read by a "scanner" (xdotool types it, then Return), check-in before
// the window opens, then at the right time: the ticket on paper carries the
// booked number and the booking code. Every new screen is saved, in
// Indonesian and English (build/test-scratch/kiosk-gui-checkin*/screens).
#include <doctest/doctest.h>

#include "../jkn/jkn_support.hpp"
#include "escpos_reader.hpp"
#include "fake_printer.hpp"
#include "kiosk_process.hpp"

using namespace anoman;
using namespace anoman::kiosk::testing;
using namespace anoman::testing::jkn;
using anoman::testing::LineClient;
using anoman::testing::ServerOptions;
using anoman::testing::ServerProcess;

namespace {

std::vector<std::string> checkin_kiosk_args(std::uint16_t port, const FakePrinter& printer) {
    auto args = kiosk_args(port, printer);
    args.insert(args.end(), {"--device", "kiosk-1", "--token", "k1"});
    return args;
}

bool on_refusal(const KioskProcess& kiosk, const std::string& problem, const std::string& language = "id") {
    return kiosk.wait_screen("checkin_refused", 8s, [&](const Json& d) {
        return d.value("checkin_problem", "") == problem && d.value("language", "") == language;
    });
}

}  // namespace

TEST_CASE("a Mobile JKN booking checks in at the kiosk: keypad, scanner, too early, on time, the ticket printed") {
    const auto dir = anoman::testing::scratch_dir("kiosk-gui-checkin-server");
    // Thursday 3 December 2026, 06:00 WIB: the poli opens at 08:00.
    SteppableClock clock(dir / "faketime", wib_time(2026, 12, 3, 6, 0));
    ServerOptions options;
    options.dir = dir;
    options.config = booking_config();
    clock.apply(options);
    ServerProcess server(options);
    LineClient admin(server.port());
    REQUIRE(admin.hello("admin", "admin", "a1").value("type", "") == "welcome");
    REQUIRE(wait_for_time(admin, "2026-12-03T06"));
    const Json booked = must(admin, {{"type", "booking.add"}, {"nik", "3505124107900001"}, {"nomorkartu", "0001234567890"},
                                     {"nohp", "081234567890"}, {"kodepoli", "ANA"}, {"tanggalperiksa", "2026-12-03"},
                                     {"kodedokter", 12345}, {"jampraktek", "08:00-12:00"}, {"jeniskunjungan", 1}});
    const std::string code = booked["booking"]["booking_code"].get<std::string>();
    const std::string number = booked["booking"]["number"].get<std::string>();
    MESSAGE("booking " << code << " number " << number);

    FakePrinter printer;
    KioskProcess kiosk(anoman::testing::scratch_dir("kiosk-gui-checkin"), checkin_kiosk_args(server.port(), printer));
    REQUIRE(kiosk.wait_ready(20s));
    kiosk.screenshot("welcome-checkin");

    // A code typed on the keypad that does not exist.
    kiosk.tap("checkin");
    REQUIRE(kiosk.wait_screen("checkin_code"));
    kiosk.type("C0DE99");
    kiosk.screenshot("checkin-code-typed");
    kiosk.tap("checkin_find");
    REQUIRE(on_refusal(kiosk, "not_found"));
    kiosk.screenshot("checkin-not-found");

    // "Type the code again", then the scanner reads the real one.
    kiosk.tap("back");
    REQUIRE(kiosk.wait_screen("checkin_code", 5s, [](const Json& d) { return d.value("entry_length", 99u) == 0; }));
    kiosk.scan(code);
    REQUIRE(kiosk.wait_screen("booking", 8s, [&](const Json& d) { return d.value("booking_number", "") == number; }));
    kiosk.screenshot("booking");

    // 06:00: the check-in window opens an hour before the estimate (08:00).
    kiosk.tap("checkin_go");
    REQUIRE(on_refusal(kiosk, "too_early"));
    kiosk.screenshot("checkin-too-early");
    CHECK(printer.jobs().empty());

    // The same screens in English.
    kiosk.tap("language");
    REQUIRE(on_refusal(kiosk, "too_early", "en"));
    kiosk.screenshot("checkin-too-early-en");
    kiosk.tap("back");
    REQUIRE(kiosk.wait_screen("checkin_code", 5s, [](const Json& d) { return d.value("language", "") == "en"; }));
    kiosk.scan(code);
    REQUIRE(kiosk.wait_screen("booking", 8s, [](const Json& d) { return d.value("language", "") == "en"; }));
    kiosk.screenshot("booking-en");
    kiosk.tap("back");
    REQUIRE(kiosk.wait_screen("checkin_code"));
    kiosk.screenshot("checkin-code-en");
    kiosk.tap("back");  // leaving: the next patient starts in Indonesian
    REQUIRE(kiosk.wait_screen("welcome", 5s, [](const Json& d) { return d.value("language", "") == "id"; }));
    kiosk.tap("language");
    REQUIRE(kiosk.wait_screen("welcome", 5s, [](const Json& d) { return d.value("language", "") == "en"; }));
    kiosk.screenshot("welcome-checkin-en");
    kiosk.tap("language");
    REQUIRE(kiosk.wait_screen("welcome", 5s, [](const Json& d) { return d.value("language", "") == "id"; }));

    // 07:30: the window is open. A scan on the welcome screen goes straight to the booking.
    clock.set(wib_time(2026, 12, 3, 7, 30));
    REQUIRE(wait_for_time(admin, "2026-12-03T07:3"));
    kiosk.scan(code);
    REQUIRE(kiosk.wait_screen("booking", 8s, [&](const Json& d) { return d.value("booking_number", "") == number; }));
    kiosk.tap("checkin_go");
    REQUIRE(kiosk.wait_screen("ticket", 10s, [](const Json& d) { return d.value("print_state", -1) == 2; }));
    kiosk.screenshot("ticket-checked-in");

    // On paper: a normal ticket with the booked number, and the booking named.
    REQUIRE(printer.wait_for_jobs(1, 5s));
    const auto decoded = decode_escpos(printer.jobs()[0]);
    CHECK(decoded.problems.empty());
    REQUIRE(decoded.tickets.size() == 1);
    const auto& paper = decoded.tickets[0];
    MESSAGE(paper.text());
    CHECK(paper.cut);
    CHECK(paper.text().find("RSUD Uji JKN") != std::string::npos);
    CHECK(paper.text().find("Poli Anak") != std::string::npos);
    CHECK(paper.text().find(number) != std::string::npos);
    CHECK(paper.text().find("BOOKING MOBILE JKN") != std::string::npos);
    CHECK(paper.text().find("Kode booking: " + code) != std::string::npos);
    REQUIRE(paper.qr_codes.size() == 1);
    // The server agrees: checked in, that ticket, now in the waiting queue.
    const Json after = must(admin, {{"type", "booking.get"}, {"booking_code", code}});
    CHECK(after["booking"]["state"] == "checked_in");
    CHECK(after["booking"]["ticket"]["number"] == number);
    CHECK(paper.qr_codes[0].data.find(":" + number + ":" + std::to_string(after["booking"]["ticket"]["id"].get<long long>())) !=
          std::string::npos);

    // Back to welcome by itself; the same code again is said to be checked in already, with its number.
    REQUIRE(kiosk.wait_screen("welcome", 10s));
    kiosk.scan(code);
    REQUIRE(on_refusal(kiosk, "checked_in"));
    kiosk.screenshot("checkin-already");
    CHECK(printer.jobs().size() == 1);
    CHECK(kiosk.stop() == 0);
}
