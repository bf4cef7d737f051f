#include "ticket_layout.hpp"

#include "escpos.hpp"
#include "kiosk_text.hpp"

namespace anoman::kiosk {

PaperGeometry paper_geometry(PaperWidth paper) {
    // 80 mm: 576 printable dots; 58 mm: 384. Font A is 12 dots wide.
    if (paper == PaperWidth::mm58) return {32, 6};
    return {48, 8};
}

std::string qr_payload(const TicketPrint& ticket) {
    // The page's address: a phone's camera opens it, the counter's scanner reads it too.
    if (!ticket.page_url.empty()) return ticket.page_url;
    return "ANOMAN:" + ticket.service_day + ":" + ticket.number + ":" + std::to_string(ticket.ticket_id);
}

namespace {

void wrapped(escpos::Encoder& out, const std::string& text, int columns) {
    for (const auto& line : wrap_words(escpos::to_printer_ascii(text), static_cast<std::size_t>(columns)))
        out.line(line);
}

// "Label: value" on one line when it fits, else the value on a line of its
// own, so a narrow roll never splits "+/- 9 menit" in the middle.
void label_value(escpos::Encoder& out, const std::string& label, const std::string& value, int columns) {
    const std::string both = label + " " + value;
    if (static_cast<int>(escpos::to_printer_ascii(both).size()) <= columns) return wrapped(out, both, columns);
    wrapped(out, label, columns);
    wrapped(out, value, columns);
}

}  // namespace

std::string render_ticket(const TicketPrint& ticket, PaperWidth paper) {
    const PaperGeometry geometry = paper_geometry(paper);
    const Language language = ticket.language;
    const std::string rule(static_cast<std::size_t>(geometry.columns), '-');
    escpos::Encoder out;
    out.initialize().code_page_pc437().align(escpos::Align::center);

    out.bold(true);
    wrapped(out, ticket.hospital_name, geometry.columns);
    out.bold(false).line(rule);

    wrapped(out, ticket.service_name, geometry.columns);
    out.line(tr("ticket.number_label", language));
    // The number in double width and height: the one thing read from afar.
    out.bold(true).size(2, 2).line(ticket.number).size(1, 1).bold(false);
    if (ticket.priority) out.bold(true).line(tr("ticket.priority", language)).bold(false);
    if (!ticket.booking_code.empty()) {
        // Otherwise the very same ticket: the counter sees where the number came from.
        out.bold(true).line(tr("ticket.mobile_jkn", language)).bold(false);
        label_value(out, tr("ticket.booking_code", language), ticket.booking_code, geometry.columns);
    }
    out.line(ticket_time_text(ticket.issued_at)).line(rule);

    label_value(out, tr("ticket.ahead", language), std::to_string(ticket.ahead), geometry.columns);
    label_value(out, tr("ticket.wait", language), wait_text(ticket.est_wait_s, language), geometry.columns);
    out.feed_lines(1);

    out.qr_code(qr_payload(ticket), geometry.qr_module).line();
    wrapped(out, tr("ticket.instruction", language), geometry.columns);
    out.feed_lines(1).cut(0);
    return out.take();
}

}  // namespace anoman::kiosk
