// ESC/POS commands as bytes (Epson's command reference; every thermal printer a
// hospital buys speaks this subset). The encoder only builds a byte string: it
// knows nothing of transports, so its output is checked byte for byte by the
// golden tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace anoman::kiosk::escpos {

enum class Align : std::uint8_t { left = 0, center = 1, right = 2 };

// QR error correction level (GS ( k, function 169).
enum class QrLevel : std::uint8_t { low = 48, medium = 49, quartile = 50, high = 51 };

// Builds one print job. Methods return *this so a ticket reads top to bottom.
class Encoder {
public:
    Encoder& initialize();                       // ESC @: clears modes left by the last job
    Encoder& code_page_pc437();                  // ESC t 0: the code page every printer has
    Encoder& align(Align alignment);             // ESC a n
    Encoder& bold(bool on);                      // ESC E n
    // GS ! n: character size, width and height multipliers 1..8.
    Encoder& size(int width_multiplier, int height_multiplier);
    // Printable text: UTF-8 in, ASCII out (accents dropped, anything else '?'),
    // since PC437 has no Indonesian-specific letters and names are mostly ASCII.
    Encoder& text(std::string_view utf8);
    Encoder& line(std::string_view utf8 = {});    // text + LF
    Encoder& feed_lines(int lines);               // ESC d n
    // A QR code drawn by the printer itself (GS ( k, model 2): select model,
    // module size in dots (1..16), error correction, store the data, print it.
    Encoder& qr_code(std::string_view data, int module_dots, QrLevel level = QrLevel::medium);
    // GS V 65 n: feed to the cutter (+ n motion units) and cut fully.
    Encoder& cut(int feed_units = 0);
    Encoder& raw(std::string_view bytes);

    const std::string& bytes() const { return bytes_; }
    std::string take() { return std::move(bytes_); }

private:
    std::string bytes_;
};

// UTF-8 to printable ASCII, as Encoder::text prints it.
std::string to_printer_ascii(std::string_view utf8);

// ---- Real-time status (DLE EOT n) -------------------------------------------
// The three queries the kiosk sends before issuing a ticket.
inline constexpr unsigned char kDLE = 0x10;
inline constexpr unsigned char kEOT = 0x04;
enum class StatusQuery : std::uint8_t {
    printer = 1,      // bit 3: offline
    offline_cause = 2,// bit 2: cover open, bit 5: stopped by paper end, bit 6: error
    paper = 4,        // bits 2-3: paper near end, bits 5-6: paper end
};
std::string status_query(StatusQuery which);  // "\x10\x04" + n

// Every status byte has bit 1 and bit 4 set and bits 0 and 7 clear; anything
// else is not an ESC/POS status answer (a printer in another mode, noise).
bool is_status_byte(std::uint8_t byte);

}  // namespace anoman::kiosk::escpos
