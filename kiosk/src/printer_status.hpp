// What the kiosk knows about its printer before it issues a ticket, and the
// outcome of a print job. Plain values: the model decides on them, the
// transports produce them, the tests fake them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace anoman::kiosk {

enum class PrinterState {
    ok,           // ready (possibly with paper near its end: see PrinterStatus::paper_near_end)
    paper_out,    // no paper: nothing can be printed
    cover_open,
    offline,      // answered, but offline for another reason (error, feed button held, ...)
    unreachable,  // no connection: device missing, TCP refused or timed out, file not writable
    no_answer,    // connected, but silent to DLE EOT: a printer without status support (printing is tried)
};
std::string_view to_string(PrinterState state);

struct PrinterStatus {
    PrinterState state = PrinterState::ok;
    bool paper_near_end = false;
    std::string detail;  // for the log: errno text, the raw status bytes, ...

    // Whether a ticket may be issued: a printer that cannot say how it is
    // (no_answer) gets the benefit of the doubt; the print result still counts.
    bool can_print() const { return state == PrinterState::ok || state == PrinterState::no_answer; }
};

// Decodes the answers to DLE EOT 1, 2 and 4 (ESC/POS real-time status).
// A byte that is not a status byte (see escpos::is_status_byte) makes the
// printer "offline" with a detail that names it, never "ok".
PrinterStatus decode_status(std::uint8_t printer, std::uint8_t offline_cause, std::uint8_t paper);

struct PrintOutcome {
    bool ok = false;
    PrinterStatus status;  // why not, when !ok (the status found before sending, or unreachable)
};

}  // namespace anoman::kiosk
