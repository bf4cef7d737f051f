// A test print for IT staff setting up a kiosk's printer (INSTALL.md,
// "Printers"): a sample ticket, clearly marked as a test and not a queue
// number, through the configured printer with the configured paper width.
// From the command line (`si-anoman-kiosk --test-print`) and from the
// attendant screen once the PIN is accepted.
#pragma once

#include <string>

#include "kiosk_options.hpp"
#include "printer.hpp"
#include "ticket_layout.hpp"

namespace anoman::kiosk {

// The sample ticket's ESC/POS job. issued_at: ISO-8601 local time.
std::string render_test_ticket(PaperWidth paper, Language language, const std::string& issued_at);
// Now as the server writes it: 2026-12-02T16:30:00+07:00 (the machine's zone).
std::string iso_local_now();

// One line for the attendant and the log: "ok", or what is wrong (Indonesian or English).
std::string describe_outcome(const PrintOutcome& outcome);

// Checks the printer, prints the sample ticket, and says how it went on
// stdout/stderr. 0: printed; 1: the printer cannot print (the message says
// why); 2: --printer none.
int run_test_print(const KioskOptions& options);

}  // namespace anoman::kiosk
