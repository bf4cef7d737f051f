// The kiosk's own command line (and the same keys in a configuration file, via
// CLI11's --config: `printer = "tcp:10.0.0.31:9100"`, `pin = "4821"`, ...).
// The window options (--fullscreen/--windowed, --size, --screenshot, ...) are
// the shared GUI shell's (anoman/gui/window_cli.hpp); main adds both.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "anoman/connect_options.hpp"
#include "kiosk_model.hpp"
#include "printer.hpp"
#include "ticket_layout.hpp"

namespace anoman::kiosk {

struct KioskOptions {
    ConnectArgs connect;
    std::string printer = "none";
    int paper = 80;
    std::string pin;
    std::string language = "id";
    bool portrait = false;      // windowed: a portrait window when no --size is given
    int idle_timeout_s = 60;
    int ticket_timeout_s = 15;
    std::string state_dir;      // default: $STATE_DIRECTORY (systemd), else "."
    std::string log_level = "info";
    std::string layout_dump;    // automation: the current screen and targets as JSON
    bool test_print = false;    // print a sample ticket and exit (test_print.hpp)
};

void add_kiosk_options(CLI::App& app, KioskOptions& options);

// Checks what CLI11 cannot (printer spec, paper, timeouts); throws
// std::invalid_argument with a message that names the option.
void validate(const KioskOptions& options);

KioskSettings settings_from(const KioskOptions& options);
PrinterSpec printer_spec_from(const KioskOptions& options);
PaperWidth paper_from(const KioskOptions& options);
std::string state_dir_from(const KioskOptions& options);

// "<device>:<16 hex digits>" from a random source: unique across restarts
// without any counter to keep on disk.
std::string random_request_id(const std::string& device);

}  // namespace anoman::kiosk
