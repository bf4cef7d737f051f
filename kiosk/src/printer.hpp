// Where tickets go: a thermal printer reached as a device file (/dev/usb/lp0,
// or a serial /dev/ttyUSB0), a raw TCP printer (port 9100), a file (tests, a
// kiosk without a printer), or nowhere. Every call blocks for a bounded time
// and is made from the PrinterWorker thread, never from the UI thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "printer_status.hpp"

namespace anoman::kiosk {

struct PrinterSpec {
    enum class Kind { none, file, device, tcp };
    Kind kind = Kind::none;
    std::string path;        // file, device
    std::string host;        // tcp
    std::uint16_t port = 9100;
    std::string text() const;  // back to the --printer form
};
// "none" | "file:PATH" | "/dev/..." or "device:PATH" | "tcp:HOST:PORT" (port
// defaults to 9100). Throws std::invalid_argument with a readable message.
PrinterSpec parse_printer_spec(const std::string& text);

struct PrinterTimeouts {
    std::chrono::milliseconds connect{2000};  // TCP connect
    std::chrono::milliseconds answer{1000};   // each status byte
    std::chrono::milliseconds write{10000};   // a whole print job
};

class Printer {
public:
    virtual ~Printer() = default;
    // DLE EOT 1, 2, 4 and what they say.
    virtual PrinterStatus status() = 0;
    // Checks the status, then sends the job if the printer can print.
    virtual PrintOutcome print(const std::string& job) = 0;
    virtual std::string describe() const = 0;
};

// nullptr for Kind::none.
std::unique_ptr<Printer> make_printer(const PrinterSpec& spec, PrinterTimeouts timeouts = {});

}  // namespace anoman::kiosk
