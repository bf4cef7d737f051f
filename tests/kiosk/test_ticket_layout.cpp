// The printed ticket, byte for byte against golden files (tests/kiosk/golden),
// and read back for what a patient and the counter's scanner see on it.
// To accept an intended change: ANOMAN_UPDATE_GOLDEN=1 ./kiosk_escpos_test,
// then review the diff of the .hex files (and the decoded listing below).
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "escpos_reader.hpp"
#include "kiosk_text.hpp"
#include "ticket_layout.hpp"

using namespace anoman;
using namespace anoman::kiosk;
using anoman::kiosk::testing::decode_escpos;

namespace {

TicketPrint sample(Language language = Language::id) {
    TicketPrint ticket;
    ticket.hospital_name = "RSUD Ngudi Waluyo Wlingi";
    ticket.service_name = language == Language::id ? "Poli Anak" : "Paediatric Clinic";
    ticket.number = "N012";
    ticket.ticket_id = 1234;
    ticket.service_day = "2026-11-22";
    ticket.issued_at = "2026-11-22T08:01:02+07:00";
    ticket.ahead = 3;
    ticket.est_wait_s = 540;
    ticket.language = language;
    return ticket;
}

void check_golden(const std::string& name, const std::string& bytes) {
    const std::string path = std::string(KIOSK_GOLDEN_DIR) + "/" + name;
    const char* update = std::getenv("ANOMAN_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        std::ofstream(path) << anoman::kiosk::testing::to_hex_lines(bytes);
        MESSAGE("updated " << path);
        return;
    }
    std::ifstream in(path);
    REQUIRE_MESSAGE(in.good(), "missing golden file " << path);
    std::stringstream text;
    text << in.rdbuf();
    const std::string expected = anoman::kiosk::testing::from_hex_lines(text.str());
    if (expected != bytes) {
        std::string listing;
        for (const auto& entry : decode_escpos(bytes).listing) listing += entry + "\n";
        FAIL_CHECK("ticket bytes differ from " << path << "; now:\n" << listing);
    }
}

}  // namespace

TEST_CASE("the QR payload identifies the ticket") {
    CHECK(qr_payload(sample()) == "ANOMAN:2026-11-22:N012:1234");
}

TEST_CASE("with a web door the QR holds the ticket's page address (docs/web.md)") {
    auto ticket = sample();
    ticket.page_url = "http://antrian.rsud.local:8080/t/Zq3x-7_Kd0aBcDeFgHiJkL";
    CHECK(qr_payload(ticket) == ticket.page_url);
    const auto read = decode_escpos(render_ticket(ticket, PaperWidth::mm58));
    REQUIRE(read.tickets.size() == 1);
    REQUIRE(read.tickets[0].qr_codes.size() == 1);
    CHECK(read.tickets[0].qr_codes[0].data == ticket.page_url);
    CHECK(read.tickets[0].qr_codes[0].printed);
    check_golden("ticket_80mm_web.hex", render_ticket(ticket, PaperWidth::mm80));
}

TEST_CASE("80 mm ticket: golden bytes") { check_golden("ticket_80mm.hex", render_ticket(sample(), PaperWidth::mm80)); }

TEST_CASE("58 mm ticket: golden bytes") {
    auto ticket = sample();
    ticket.service_name = "Prioritas (Lansia, Disabilitas, Ibu Hamil)";
    ticket.number = "P007";
    ticket.priority = true;
    ticket.est_wait_s = 4000;
    check_golden("ticket_58mm.hex", render_ticket(ticket, PaperWidth::mm58));
}

TEST_CASE("English ticket: golden bytes") {
    check_golden("ticket_80mm_en.hex", render_ticket(sample(Language::en), PaperWidth::mm80));
}

TEST_CASE("a ticket carries everything the issue asks for, in order") {
    for (PaperWidth paper : {PaperWidth::mm80, PaperWidth::mm58}) {
        CAPTURE(static_cast<int>(paper));
        const auto decoded = decode_escpos(render_ticket(sample(), paper));
        REQUIRE(decoded.problems.empty());
        REQUIRE(decoded.tickets.size() == 1);
        const auto& ticket = decoded.tickets[0];
        CHECK(ticket.initialized);
        CHECK(ticket.cut);
        const std::string text = ticket.text();
        // Order on paper: hospital, service, number, date and time, ahead, wait, QR, instruction.
        const auto hospital = text.find("RSUD Ngudi Waluyo Wlingi");
        const auto service = text.find("Poli Anak");
        const auto number = text.find("N012");
        const auto when = text.find("22/11/2026 08:01 WIB");
        const auto ahead = text.find("Antrian di depan Anda: 3");
        const auto wait = text.find("+/- 9 menit");
        const auto instruction = text.find("Simpan tiket ini.");
        CHECK(hospital < service);
        CHECK(service < number);
        CHECK(number < when);
        CHECK(when < ahead);
        CHECK(ahead < wait);
        CHECK(wait != std::string::npos);
        CHECK(instruction != std::string::npos);
        CHECK(wait < instruction);
        // The number, and only the number, in double size.
        for (const auto& line : ticket.lines) {
            if (line.text == "N012") {
                CHECK(line.width == 2);
                CHECK(line.height == 2);
                CHECK(line.bold);
            } else {
                CHECK(line.width == 1);
            }
        }
        REQUIRE(ticket.qr_codes.size() == 1);
        CHECK(ticket.qr_codes[0].data == "ANOMAN:2026-11-22:N012:1234");
        CHECK(ticket.qr_codes[0].printed);
        CHECK(ticket.qr_codes[0].model == 2);
        CHECK(ticket.qr_codes[0].module == paper_geometry(paper).qr_module);
    }
}

TEST_CASE("no printed line is wider than the paper") {
    auto ticket = sample();
    ticket.hospital_name = "Rumah Sakit Umum Daerah Dokter Soedono Madiun Provinsi Jawa Timur";
    ticket.service_name = "Prioritas (Lansia, Disabilitas, Ibu Hamil)";
    for (PaperWidth paper : {PaperWidth::mm80, PaperWidth::mm58}) {
        for (Language language : {Language::id, Language::en}) {
            ticket.language = language;
            const int columns = paper_geometry(paper).columns;
            const auto decoded = decode_escpos(render_ticket(ticket, paper));
            REQUIRE(decoded.tickets.size() == 1);
            for (const auto& line : decoded.tickets[0].lines)
                CHECK_MESSAGE(static_cast<int>(line.text.size()) * line.width <= columns, line.text);
        }
    }
}

TEST_CASE("wait and time phrases") {
    CHECK(wait_text(0, Language::id) == "kurang dari 1 menit");
    CHECK(wait_text(59, Language::en) == "under 1 minute");
    CHECK(wait_text(540, Language::id) == "± 9 menit");
    CHECK(wait_text(569, Language::id) == "± 9 menit");
    CHECK(wait_text(570, Language::id) == "± 10 menit");
    CHECK(wait_text(3600, Language::id) == "± 1 jam");
    CHECK(wait_text(4000, Language::id) == "± 1 jam 7 menit");
    CHECK(wait_text(4000, Language::en) == "about 1 h 7 min");
    CHECK(ticket_time_text("2026-11-22T08:01:02+07:00") == "22/11/2026 08:01 WIB");
    CHECK(ticket_time_text("2026-01-05T23:59:59+08:00") == "05/01/2026 23:59 WITA");
    CHECK(ticket_time_text("2026-01-05T23:59:59+09:00") == "05/01/2026 23:59 WIT");
    CHECK(ticket_time_text("2026-01-05T23:59:59+00:00") == "05/01/2026 23:59 UTC+00:00");
    CHECK(ticket_time_text("garbage") == "garbage");
}

TEST_CASE("word wrap") {
    CHECK(wrap_words("Prioritas (Lansia, Disabilitas, Ibu Hamil)", 32) ==
          std::vector<std::string>{"Prioritas (Lansia, Disabilitas,", "Ibu Hamil)"});
    CHECK(wrap_words("  a   b  ", 10) == std::vector<std::string>{"a b"});
    CHECK(wrap_words("abcdefghij", 4) == std::vector<std::string>{"abcd", "efgh", "ij"});
    CHECK(wrap_words("", 4).empty());
}
