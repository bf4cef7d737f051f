// Golden bytes of each ESC/POS command the kiosk sends, from Epson's command
// reference: a printer reads exactly these bytes, so any change is a bug.
#include <doctest/doctest.h>

#include "escpos.hpp"
#include "escpos_reader.hpp"
#include "printer_status.hpp"

using namespace anoman::kiosk;
using namespace anoman::kiosk::escpos;

namespace {
std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out += static_cast<char>(static_cast<unsigned char>(v));
    return out;
}
}  // namespace

TEST_CASE("simple commands are their reference bytes") {
    CHECK(Encoder().initialize().bytes() == bytes({0x1B, 0x40}));
    CHECK(Encoder().code_page_pc437().bytes() == bytes({0x1B, 0x74, 0x00}));
    CHECK(Encoder().align(Align::center).bytes() == bytes({0x1B, 0x61, 0x01}));
    CHECK(Encoder().align(Align::left).bytes() == bytes({0x1B, 0x61, 0x00}));
    CHECK(Encoder().bold(true).bold(false).bytes() == bytes({0x1B, 0x45, 0x01, 0x1B, 0x45, 0x00}));
    CHECK(Encoder().feed_lines(3).bytes() == bytes({0x1B, 0x64, 0x03}));
    CHECK(Encoder().cut(0).bytes() == bytes({0x1D, 0x56, 0x41, 0x00}));
    CHECK(Encoder().line("A012").bytes() == "A012\n");
}

TEST_CASE("GS ! packs width in the high nibble and height in the low one") {
    CHECK(Encoder().size(1, 1).bytes() == bytes({0x1D, 0x21, 0x00}));
    CHECK(Encoder().size(2, 2).bytes() == bytes({0x1D, 0x21, 0x11}));
    CHECK(Encoder().size(3, 1).bytes() == bytes({0x1D, 0x21, 0x20}));
    CHECK(Encoder().size(9, 0).bytes() == bytes({0x1D, 0x21, 0x70}));  // clamped to 8 x 1
}

TEST_CASE("a QR code is five GS ( k functions: model, module, level, store, print") {
    const std::string data = "ANOMAN:2026-11-22:N012:1234";  // 27 bytes
    std::string expected;
    expected += bytes({0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00});  // model 2
    expected += bytes({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x08});        // module 8 dots
    expected += bytes({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31});        // level M
    // pL pH = 27 + 3 = 30
    expected += bytes({0x1D, 0x28, 0x6B, 30, 0x00, 0x31, 0x50, 0x30}) + data;  // store
    expected += bytes({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30});        // print
    CHECK(Encoder().qr_code(data, 8).bytes() == expected);
}

TEST_CASE("QR data longer than 252 bytes sets pH") {
    const std::string data(300, 'X');
    const std::string out = Encoder().qr_code(data, 6, QrLevel::low).bytes();
    const auto store = out.find(bytes({0x31, 0x50, 0x30}));
    REQUIRE(store != std::string::npos);
    CHECK(static_cast<unsigned char>(out[store - 2]) == (303 % 256));
    CHECK(static_cast<unsigned char>(out[store - 1]) == 1);
    CHECK(out.find(bytes({0x31, 0x45, 0x30})) != std::string::npos);  // level L
}

TEST_CASE("status queries are DLE EOT n") {
    CHECK(status_query(StatusQuery::printer) == bytes({0x10, 0x04, 0x01}));
    CHECK(status_query(StatusQuery::offline_cause) == bytes({0x10, 0x04, 0x02}));
    CHECK(status_query(StatusQuery::paper) == bytes({0x10, 0x04, 0x04}));
}

TEST_CASE("text is folded to printable ASCII: no byte can become a command") {
    CHECK(to_printer_ascii("Poli Anak") == "Poli Anak");
    CHECK(to_printer_ascii("Café Müller") == "Cafe Muller");
    CHECK(to_printer_ascii("± 9 menit") == "+/- 9 menit");
    CHECK(to_printer_ascii("a\x1b@b\n") == "a @b ");  // ESC and LF inside text are spaces
    CHECK(to_printer_ascii("Lansia – “Ibu”") == "Lansia - \"Ibu\"");
    CHECK(to_printer_ascii("日本") == "??");
    CHECK(to_printer_ascii("\xE2\x82") == "?");  // truncated UTF-8 does not read past the end
}

TEST_CASE("status bytes decode into printer states") {
    const auto ok = decode_status(0x12, 0x12, 0x12);
    CHECK(ok.state == PrinterState::ok);
    CHECK(ok.can_print());
    CHECK_FALSE(ok.paper_near_end);

    const auto near_end = decode_status(0x12, 0x12, 0x1E);
    CHECK(near_end.state == PrinterState::ok);
    CHECK(near_end.paper_near_end);

    CHECK(decode_status(0x1A, 0x32, 0x72).state == PrinterState::paper_out);
    CHECK_FALSE(decode_status(0x1A, 0x32, 0x72).can_print());
    CHECK(decode_status(0x1A, 0x16, 0x12).state == PrinterState::cover_open);
    CHECK(decode_status(0x1A, 0x36, 0x72).state == PrinterState::cover_open);  // cover first
    CHECK(decode_status(0x1A, 0x52, 0x12).state == PrinterState::offline);     // error
    CHECK(decode_status(0x1A, 0x12, 0x12).state == PrinterState::offline);
    // Not status bytes at all (bits 1 and 4 must be set, 0 and 7 clear).
    CHECK(decode_status(0x00, 0x12, 0x12).state == PrinterState::offline);
    CHECK(decode_status(0x12, 0x12, 0xFF).state == PrinterState::offline);
    CHECK(is_status_byte(0x12));
    CHECK_FALSE(is_status_byte(0x13));
    CHECK_FALSE(is_status_byte(0x92));
}

TEST_CASE("the reader reads the encoder back") {
    Encoder out;
    out.initialize().align(Align::center).bold(true).line("RSUD").bold(false).size(2, 2).line("A001").size(1, 1)
        .qr_code("X", 6).feed_lines(1).cut(0);
    const auto decoded = anoman::kiosk::testing::decode_escpos(out.bytes());
    CHECK(decoded.problems.empty());
    REQUIRE(decoded.tickets.size() == 1);
    const auto& ticket = decoded.tickets[0];
    CHECK(ticket.cut);
    REQUIRE(ticket.lines.size() >= 2);
    CHECK(ticket.lines[0].text == "RSUD");
    CHECK(ticket.lines[0].bold);
    CHECK(ticket.lines[0].align == 1);
    CHECK(ticket.lines[1].text == "A001");
    CHECK(ticket.lines[1].width == 2);
    CHECK(ticket.lines[1].height == 2);
    REQUIRE(ticket.qr_codes.size() == 1);
    CHECK(ticket.qr_codes[0].data == "X");
    CHECK(ticket.qr_codes[0].model == 2);
    CHECK(ticket.qr_codes[0].printed);
}
