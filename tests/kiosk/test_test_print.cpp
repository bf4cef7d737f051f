// The test print (INSTALL.md, "Printers"): `kiosk --test-print` sends a
// sample ticket, marked as a test, through the configured printer with the
// configured paper width, without a window or a server; and the attendant's
// test print in the model only exists once the PIN has left full screen.
#include <doctest/doctest.h>

#include <filesystem>

#include "escpos_reader.hpp"
#include "kiosk_model.hpp"
#include "test_print.hpp"
#include "test_support.hpp"

using namespace anoman;
using namespace anoman::kiosk;
using namespace anoman::kiosk::testing;
using anoman::testing::RunResult;
namespace fs = std::filesystem;

namespace {

RunResult test_print(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {anoman::testing::program("kiosk").string(), "--test-print"};
    argv.insert(argv.end(), args.begin(), args.end());
    return anoman::testing::run_program(argv);
}

bool has_line(const PrintedTicket& ticket, const std::string& text) {
    for (const PrintedLine& line : ticket.lines)
        if (line.text == text) return true;
    return false;
}

}  // namespace

TEST_CASE("kiosk --test-print: a sample ticket in Bahasa Indonesia, 80 or 58 mm, as ESC/POS bytes") {
    const fs::path dir = anoman::testing::scratch_dir("test-print");
    for (const int paper : {80, 58}) {
        const fs::path out = dir / ("ticket-" + std::to_string(paper) + ".bin");
        const RunResult run = test_print({"--printer", "file:" + out.string(), "--paper", std::to_string(paper)});
        INFO(run.output);
        REQUIRE(run.status == 0);
        CHECK(run.output.find("uji cetak terkirim") != std::string::npos);
        const std::string bytes = anoman::testing::read_file(out);
        REQUIRE(bytes.size() > 2);
        CHECK(bytes.substr(0, 2) == "\x1b\x40");  // ESC @ first
        const Decoded decoded = decode_escpos(bytes);
        INFO(to_hex_lines(bytes));
        CHECK(decoded.problems.empty());
        REQUIRE(decoded.tickets.size() == 1);
        const PrintedTicket& ticket = decoded.tickets[0];
        CHECK(ticket.text().find("UJI CETAK - BUKAN NOMOR ANTRIAN") != std::string::npos);
        CHECK(ticket.text().find(std::to_string(paper) + " mm") != std::string::npos);
        // The rule is as wide as the roll: 48 characters on 80 mm, 32 on 58 mm.
        CHECK(has_line(ticket, std::string(paper == 80 ? 48 : 32, '-')));
        CHECK_FALSE(has_line(ticket, std::string(paper == 80 ? 32 : 48, '-')));
        REQUIRE(ticket.qr_codes.size() == 1);
        CHECK(ticket.qr_codes[0].data.find(":A000:0") != std::string::npos);  // ticket id 0 exists nowhere
    }
}

TEST_CASE("kiosk --test-print says why it cannot print") {
    const RunResult none = test_print({"--printer", "none"});
    CHECK(none.status == 2);
    CHECK(none.output.find("needs a printer") != std::string::npos);
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const RunResult unreachable = test_print({"--printer", "tcp:127.0.0.1:1"});
    INFO(unreachable.output);
    CHECK(unreachable.status == 1);
    CHECK(unreachable.output.find("uji cetak gagal") != std::string::npos);
    CHECK(unreachable.output.find("unreachable") != std::string::npos);
    const RunResult bad = test_print({"--printer", "file:/nonexistent/dir/x.bin"});
    CHECK(bad.status == 1);
    CHECK(test_print({"--printer", "none", "--paper", "70"}).status == 2);  // a bad option is still a usage error
}

TEST_CASE("the attendant's test print: only after the PIN, one at a time, and its result is shown") {
    KioskSettings settings;
    settings.pin = "4821";
    settings.printer_enabled = true;
    const auto start = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    KioskModel model(settings, [] { return std::string("kiosk-1:0"); }, start);
    (void)model.take_commands();
    auto test_prints = [&] {
        int count = 0;
        std::uint64_t op = 0;
        for (const Command& command : model.take_commands())
            if (auto* test = std::get_if<cmd::TestPrint>(&command)) {
                ++count;
                op = test->op;
            }
        return std::make_pair(count, op);
    };

    model.open_attendant();
    REQUIRE(model.screen() == Screen::attendant);
    model.test_print();  // full screen, no PIN yet: nothing
    CHECK(test_prints().first == 0);
    CHECK(model.test_print_state() == TestPrintState::idle);

    for (char digit : std::string("4821")) model.pin_key(digit);
    model.pin_confirm();
    REQUIRE_FALSE(model.fullscreen());
    model.open_attendant();
    model.test_print();
    model.test_print();  // a second touch while printing adds nothing
    const auto [count, op] = test_prints();
    CHECK(count == 1);
    CHECK(model.test_print_state() == TestPrintState::printing);
    model.on_test_print_result(op + 100, {true, {}}, "ok");  // another job's answer: ignored
    CHECK(model.test_print_state() == TestPrintState::printing);
    model.on_test_print_result(op, {false, {PrinterState::paper_out, false, ""}}, "paper_out");
    CHECK(model.test_print_state() == TestPrintState::failed);
    CHECK(model.test_print_detail() == "paper_out");
}
