// Reads ESC/POS bytes back into what a printer would do with them: text lines
// with their size and alignment, QR codes, cuts. The tests check printed
// tickets through it, and it refuses any byte sequence it does not know, so
// an encoder bug cannot hide behind "the bytes look plausible".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace anoman::kiosk::testing {

struct PrintedLine {
    std::string text;
    int width = 1;   // character size multipliers
    int height = 1;
    bool bold = false;
    int align = 0;   // 0 left, 1 center, 2 right
};

struct PrintedQr {
    int model = 0;
    int module = 0;
    int level = 0;   // 48..51 (L, M, Q, H)
    std::string data;
    bool printed = false;
};

struct PrintedTicket {
    std::vector<PrintedLine> lines;
    std::vector<PrintedQr> qr_codes;
    bool cut = false;
    bool initialized = false;
    std::string text() const;  // all lines joined by '\n'
};

struct Decoded {
    std::vector<PrintedTicket> tickets;  // split at each cut (a trailing uncut part is kept too)
    std::vector<std::string> listing;    // one entry per command, for failure messages
    std::vector<std::string> problems;   // unknown or truncated commands
    int status_queries = 0;
};

Decoded decode_escpos(std::string_view bytes);

// Hex dump and its inverse, for golden files (16 bytes a line).
std::string to_hex_lines(std::string_view bytes);
std::string from_hex_lines(std::string_view text);

}  // namespace anoman::kiosk::testing
