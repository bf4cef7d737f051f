// What a clerk types or a USB barcode scanner "types" into the console.
//
// The kiosk prints a QR code holding "ANOMAN:<service_day>:<number>:<ticket id>"
// (e.g. "ANOMAN:2026-11-22:A012:123"); a scanner sends those characters and
// Enter, exactly like a keyboard. With the server's web door the QR holds the
// ticket's page address instead, "http(s)://HOST/t/<code>" (docs/web.md); the
// code names the ticket (ticket.get {"code"}). A clerk may also type a bare
// number such as "A012", "a12" or "A-12". All become a ScanCode.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace anoman::counter {

struct ScanCode {
    std::string number;                        // normalised: "A012", "A1000"
    std::optional<std::string> service_day;    // from a QR code
    std::optional<std::int64_t> ticket_id;     // from a QR code
    std::optional<std::string> page_code;      // from a page address QR (number is then empty)
};

// nullopt when the text is neither a ticket QR code nor a ticket number.
std::optional<ScanCode> parse_scan_code(std::string_view text);

// Upper-cases the prefix and pads the sequence to 3 digits ("a12" -> "A012");
// nullopt when the text is not letters followed by digits.
std::optional<std::string> normalise_ticket_number(std::string_view text);

}  // namespace anoman::counter
