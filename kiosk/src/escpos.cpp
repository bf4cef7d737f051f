#include "escpos.hpp"

#include <algorithm>

namespace anoman::kiosk::escpos {
namespace {

constexpr char kESC = 0x1B;
constexpr char kGS = 0x1D;
constexpr char kLF = 0x0A;

char byte(int value) { return static_cast<char>(static_cast<unsigned char>(value)); }

// Latin letters with diacritics (U+00C0..U+00FF) to their base letter; the
// rest of Latin-1 has no sensible ASCII form.
char fold_latin1(unsigned code) {
    static constexpr const char* kFold =
        "AAAAAAACEEEEIIII"   // C0-CF
        "DNOOOOOxOUUUUYTs"   // D0-DF
        "aaaaaaaceeeeiiii"   // E0-EF
        "dnooooo/ouuuuyty";  // F0-FF
    if (code >= 0xC0 && code <= 0xFF) return kFold[code - 0xC0];
    return '?';
}

// GS ( k pL pH cn fn [params]: the QR code functions (cn = 49).
void qr_function(std::string& out, int function, std::string_view params) {
    const std::size_t length = params.size() + 2;  // cn and fn count too
    out += kGS;
    out += '(';
    out += 'k';
    out += byte(static_cast<int>(length % 256));
    out += byte(static_cast<int>(length / 256));
    out += byte(49);
    out += byte(function);
    out += params;
}

}  // namespace

std::string to_printer_ascii(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        if (lead < 0x80) {
            // Control characters would be read as commands by the printer.
            out += (lead >= 0x20 && lead != 0x7F) ? static_cast<char>(lead) : ' ';
            ++i;
            continue;
        }
        const std::size_t length = std::min<std::size_t>(
            lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1, utf8.size() - i);
        unsigned code = 0;
        if (length == 2) {
            code = ((lead & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
        } else if (length == 3) {
            code = ((lead & 0x0Fu) << 12) | ((static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu) << 6) |
                   (static_cast<unsigned char>(utf8[i + 2]) & 0x3Fu);
        }
        switch (code) {
            case 0xB1: out += "+/-"; break;  // the "±" of an estimated wait
            case 0xA0: out += ' '; break;    // no-break space
            case 0xB7: case 0x2022: out += '*'; break;
            case 0x2013: case 0x2014: out += '-'; break;
            case 0x2018: case 0x2019: out += '\''; break;
            case 0x201C: case 0x201D: out += '"'; break;
            default: out += fold_latin1(code);
        }
        i += length;
    }
    return out;
}

Encoder& Encoder::initialize() {
    bytes_ += kESC;
    bytes_ += '@';
    return *this;
}

Encoder& Encoder::code_page_pc437() {
    bytes_ += kESC;
    bytes_ += 't';
    bytes_ += byte(0);
    return *this;
}

Encoder& Encoder::align(Align alignment) {
    bytes_ += kESC;
    bytes_ += 'a';
    bytes_ += byte(static_cast<int>(alignment));
    return *this;
}

Encoder& Encoder::bold(bool on) {
    bytes_ += kESC;
    bytes_ += 'E';
    bytes_ += byte(on ? 1 : 0);
    return *this;
}

Encoder& Encoder::size(int width_multiplier, int height_multiplier) {
    const int width = std::clamp(width_multiplier, 1, 8) - 1;
    const int height = std::clamp(height_multiplier, 1, 8) - 1;
    bytes_ += kGS;
    bytes_ += '!';
    bytes_ += byte((width << 4) | height);
    return *this;
}

Encoder& Encoder::text(std::string_view utf8) {
    bytes_ += to_printer_ascii(utf8);
    return *this;
}

Encoder& Encoder::line(std::string_view utf8) {
    text(utf8);
    bytes_ += kLF;
    return *this;
}

Encoder& Encoder::feed_lines(int lines) {
    bytes_ += kESC;
    bytes_ += 'd';
    bytes_ += byte(std::clamp(lines, 0, 255));
    return *this;
}

Encoder& Encoder::qr_code(std::string_view data, int module_dots, QrLevel level) {
    // Function 165: model 2 (the one every phone and scanner reads).
    qr_function(bytes_, 65, std::string{byte(50), byte(0)});
    // Function 167: module size in dots.
    qr_function(bytes_, 67, std::string{byte(std::clamp(module_dots, 1, 16))});
    // Function 169: error correction level.
    qr_function(bytes_, 69, std::string{byte(static_cast<int>(level))});
    // Function 180: store the data in the symbol storage area (m = 48).
    std::string store;
    store += byte(48);
    store += to_printer_ascii(data);
    qr_function(bytes_, 80, store);
    // Function 181: print the stored symbol (m = 48).
    qr_function(bytes_, 81, std::string{byte(48)});
    return *this;
}

Encoder& Encoder::cut(int feed_units) {
    bytes_ += kGS;
    bytes_ += 'V';
    bytes_ += byte(65);
    bytes_ += byte(std::clamp(feed_units, 0, 255));
    return *this;
}

Encoder& Encoder::raw(std::string_view bytes) {
    bytes_ += bytes;
    return *this;
}

std::string status_query(StatusQuery which) {
    return std::string{static_cast<char>(kDLE), static_cast<char>(kEOT), byte(static_cast<int>(which))};
}

bool is_status_byte(std::uint8_t value) { return (value & 0x93) == 0x12; }

}  // namespace anoman::kiosk::escpos
