#include "test_print.hpp"

#include <cstdio>

#include "anoman/hospital_clock.hpp"
#include "kiosk_text.hpp"

namespace anoman::kiosk {

std::string render_test_ticket(PaperWidth paper, Language language, const std::string& issued_at) {
    TicketPrint ticket;
    ticket.hospital_name = tr("testprint.header", language);
    ticket.service_name = tr("testprint.service", language) + " (" + std::to_string(static_cast<int>(paper)) + " mm)";
    ticket.number = "A000";
    ticket.ticket_id = 0;  // no ticket has id 0: a scanned test ticket is found nowhere
    ticket.service_day = issued_at.substr(0, 10);
    ticket.issued_at = issued_at;
    ticket.language = language;
    return render_ticket(ticket, paper);
}

std::string iso_local_now() { return HospitalClock::of_this_machine().iso_local(HospitalClock::now()); }

std::string describe_outcome(const PrintOutcome& outcome) {
    if (outcome.ok) return "ok";
    std::string text(to_string(outcome.status.state));
    if (!outcome.status.detail.empty()) text += " (" + outcome.status.detail + ")";
    return text;
}

int run_test_print(const KioskOptions& options) {
    const PrinterSpec spec = printer_spec_from(options);
    auto printer = make_printer(spec);
    if (!printer) {
        std::fprintf(stderr, "kiosk: --test-print needs a printer (--printer none is set)\n");
        return 2;
    }
    const Language language = options.language == "en" ? Language::en : Language::id;
    const PrintOutcome outcome = printer->print(render_test_ticket(paper_from(options), language, iso_local_now()));
    if (!outcome.ok) {
        std::fprintf(stderr, "kiosk: uji cetak gagal / test print failed on %s: %s\n", printer->describe().c_str(),
                     describe_outcome(outcome).c_str());
        std::fprintf(stderr, "See install-guide.md, \"Printers\" (permissions of /dev/usb/lp0, paper, cover, network).\n");
        return 1;
    }
    std::printf("uji cetak terkirim / test print sent to %s (%d mm)%s\n", printer->describe().c_str(), options.paper,
                outcome.status.paper_near_end ? "; kertas hampir habis / paper near its end" : "");
    return 0;
}

}  // namespace anoman::kiosk
