#include "printer_status.hpp"

#include <cstdio>

#include "escpos.hpp"

namespace anoman::kiosk {

std::string_view to_string(PrinterState state) {
    switch (state) {
        case PrinterState::ok: return "ok";
        case PrinterState::paper_out: return "paper_out";
        case PrinterState::cover_open: return "cover_open";
        case PrinterState::offline: return "offline";
        case PrinterState::unreachable: return "unreachable";
        case PrinterState::no_answer: return "no_answer";
    }
    return "?";
}

PrinterStatus decode_status(std::uint8_t printer, std::uint8_t offline_cause, std::uint8_t paper) {
    char bytes[40];
    std::snprintf(bytes, sizeof bytes, "status bytes %02X %02X %02X", printer, offline_cause, paper);
    PrinterStatus status;
    status.detail = bytes;
    if (!escpos::is_status_byte(printer) || !escpos::is_status_byte(offline_cause) || !escpos::is_status_byte(paper)) {
        status.state = PrinterState::offline;
        status.detail += " (not ESC/POS status answers)";
        return status;
    }
    // The order matters: an open cover also stops on "paper end" on many
    // printers, and what the attendant must do first is close it.
    const bool cover_open = offline_cause & 0x04;
    const bool paper_end = (paper & 0x60) != 0 || (offline_cause & 0x20) != 0;
    const bool error = offline_cause & 0x40;
    const bool offline = printer & 0x08;
    status.paper_near_end = (paper & 0x0C) != 0;
    if (cover_open) {
        status.state = PrinterState::cover_open;
    } else if (paper_end) {
        status.state = PrinterState::paper_out;
    } else if (error || offline) {
        status.state = PrinterState::offline;
    } else {
        status.state = PrinterState::ok;
    }
    return status;
}

}  // namespace anoman::kiosk
