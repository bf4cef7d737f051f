// The printed ticket: what is on it and where, as ESC/POS bytes for an 80 mm
// or 58 mm roll. Plain C++ over escpos::Encoder; golden-byte tested.
//
// QR code content (read by the counter console's barcode scanner):
//     the ticket's live page when the server has a web door (docs/web.md):
//     e.g. http://antrian.rsud.local:8080/t/Zq3...22 characters
//     otherwise ANOMAN:<service_day>:<number>:<ticket id>
//     e.g. ANOMAN:2026-11-22:N012:1234
// The ticket id alone identifies the ticket (ticket.get {"ticket": id}); the
// day and number let a scanner without a server connection show what it read
// and let a human check it against the printed number.
#pragma once

#include <cstdint>
#include <string>

#include "anoman/i18n.hpp"

namespace anoman::kiosk {

enum class PaperWidth { mm80 = 80, mm58 = 58 };

struct PaperGeometry {
    int columns;     // Font A characters per line (12 x 24 dots)
    int qr_module;   // QR module size in dots
};
PaperGeometry paper_geometry(PaperWidth paper);

// Everything a ticket shows; filled from the ticket.issue reply.
struct TicketPrint {
    std::string hospital_name;
    std::string service_name;    // in the patient's language
    std::string number;          // "N012"
    std::int64_t ticket_id = 0;
    std::string service_day;     // "2026-11-22"
    std::string issued_at;       // ISO-8601 local
    int ahead = 0;
    std::int64_t est_wait_s = 0;
    bool priority = false;
    Language language = Language::id;
    std::string page_url;        // ticket.issue's "page_url"; empty without a web door
    std::string booking_code;    // a Mobile JKN booking checked in at the kiosk; empty otherwise
};

std::string qr_payload(const TicketPrint& ticket);
// The whole print job, from ESC @ to the cut.
std::string render_ticket(const TicketPrint& ticket, PaperWidth paper);

}  // namespace anoman::kiosk
