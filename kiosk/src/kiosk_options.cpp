#include "kiosk_options.hpp"

#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>

namespace anoman::kiosk {

void add_kiosk_options(CLI::App& app, KioskOptions& options) {
    add_connect_options(app, options.connect);
    app.set_config("--config", "", "kiosk configuration file (TOML or INI; the keys are the long option names)");
    app.add_option("--printer", options.printer,
                   "ticket printer: none | file:PATH | /dev/usb/lp0 (any device path) | tcp:HOST[:PORT] (raw, port 9100)")
        ->capture_default_str();
    app.add_option("--paper", options.paper, "paper roll width in mm: 80 or 58")->capture_default_str();
    app.add_option("--pin", options.pin, "attendant PIN that leaves full screen (or ANOMAN_KIOSK_PIN)");
    app.add_option("--lang", options.language, "first language of every screen: id or en")->capture_default_str();
    app.add_flag("--portrait", options.portrait, "windowed without --size: a portrait window (full screen follows the monitor)");
    app.add_option("--idle-timeout", options.idle_timeout_s, "seconds without a touch before any screen returns to welcome")
        ->capture_default_str();
    app.add_option("--ticket-timeout", options.ticket_timeout_s, "seconds the issued ticket stays on screen")
        ->capture_default_str();
    app.add_option("--state-dir", options.state_dir, "where the unfinished ticket request is kept (default $STATE_DIRECTORY or .)");
    app.add_option("--log-level", options.log_level, "trace, debug, info, warn, error")->capture_default_str();
    app.add_flag("--test-print", options.test_print,
                 "print a sample ticket (marked as a test) on --printer with --paper, and exit; the attendant "
                 "screen has the same button");
    app.add_option("--layout-dump", options.layout_dump,
                   "automation and tests: keep the current screen and its touch targets in this JSON file");
}

void validate(const KioskOptions& options) {
    if (options.paper != 80 && options.paper != 58)
        throw std::invalid_argument("--paper: expected 80 or 58, got " + std::to_string(options.paper));
    if (options.language != "id" && options.language != "en")
        throw std::invalid_argument("--lang: expected id or en, got \"" + options.language + "\"");
    if (options.idle_timeout_s < 5 || options.idle_timeout_s > 3600)
        throw std::invalid_argument("--idle-timeout: expected 5 to 3600 seconds");
    if (options.ticket_timeout_s < 2 || options.ticket_timeout_s > 600)
        throw std::invalid_argument("--ticket-timeout: expected 2 to 600 seconds");
    for (char c : options.pin)
        if (c < '0' || c > '9') throw std::invalid_argument("--pin: digits only (it is typed on a digit pad)");
    (void)parse_printer_spec(options.printer);
}

KioskSettings settings_from(const KioskOptions& options) {
    KioskSettings settings;
    settings.default_language = options.language == "en" ? Language::en : Language::id;
    settings.printer_enabled = parse_printer_spec(options.printer).kind != PrinterSpec::Kind::none;
    settings.pin = options.pin;
    if (settings.pin.empty()) {
        if (const char* env = std::getenv("ANOMAN_KIOSK_PIN"); env && *env) settings.pin = env;
    }
    settings.idle_timeout = Seconds(options.idle_timeout_s);
    settings.ticket_display = Seconds(options.ticket_timeout_s);
    return settings;
}

PrinterSpec printer_spec_from(const KioskOptions& options) { return parse_printer_spec(options.printer); }

PaperWidth paper_from(const KioskOptions& options) { return options.paper == 58 ? PaperWidth::mm58 : PaperWidth::mm80; }

std::string state_dir_from(const KioskOptions& options) {
    if (!options.state_dir.empty()) return options.state_dir;
    // systemd's StateDirectory= may list several, separated by ':'.
    if (const char* env = std::getenv("STATE_DIRECTORY"); env && *env) {
        std::string dirs = env;
        return dirs.substr(0, dirs.find(':'));
    }
    return ".";
}

std::string random_request_id(const std::string& device) {
    static thread_local std::mt19937_64 generator{[] {
        std::random_device source;
        return (static_cast<std::uint64_t>(source()) << 32) ^ source();
    }()};
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(generator()));
    return device + ":" + hex;
}

}  // namespace anoman::kiosk
