#include "escpos_reader.hpp"

#include <cctype>
#include <cstdio>

namespace anoman::kiosk::testing {

std::string PrintedTicket::text() const {
    std::string out;
    for (const auto& line : lines) out += line.text + "\n";
    return out;
}

namespace {

std::string hex(unsigned char value) {
    char buffer[4];
    std::snprintf(buffer, sizeof buffer, "%02X", value);
    return buffer;
}

class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}

    Decoded run() {
        while (at_ < bytes_.size()) step();
        flush_line(false);
        if (!current_.lines.empty() || !current_.qr_codes.empty() || current_.initialized)
            out_.tickets.push_back(current_);
        return out_;
    }

private:
    bool need(std::size_t count) {
        if (at_ + count <= bytes_.size()) return true;
        out_.problems.push_back("truncated command at byte " + std::to_string(at_));
        at_ = bytes_.size();
        return false;
    }
    unsigned char byte(std::size_t offset) const { return static_cast<unsigned char>(bytes_[at_ + offset]); }

    void flush_line(bool force) {
        if (!force && pending_.empty()) return;
        current_.lines.push_back({pending_, width_, height_, bold_, align_});
        pending_.clear();
    }

    void step() {
        const unsigned char c = byte(0);
        if (c == 0x0A) {
            flush_line(true);
            out_.listing.push_back("LF");
            ++at_;
        } else if (c >= 0x20 && c < 0x7F) {
            pending_ += static_cast<char>(c);
            ++at_;
            if (out_.listing.empty() || out_.listing.back().rfind("TEXT ", 0) != 0) out_.listing.push_back("TEXT ");
            out_.listing.back() += static_cast<char>(c);
        } else if (c == 0x1B) {
            esc();
        } else if (c == 0x1D) {
            gs();
        } else if (c == 0x10) {
            if (!need(3)) return;
            if (byte(1) != 0x04) return unknown(3);
            ++out_.status_queries;
            out_.listing.push_back("DLE EOT " + std::to_string(byte(2)));
            at_ += 3;
        } else {
            unknown(1);
        }
    }

    void esc() {
        if (!need(2)) return;
        switch (byte(1)) {
            case '@':
                flush_line(false);
                current_.initialized = true;
                width_ = height_ = 1;
                bold_ = false;
                align_ = 0;
                out_.listing.push_back("ESC @");
                at_ += 2;
                return;
            case 't':
            case 'a':
            case 'E':
            case 'd': {
                if (!need(3)) return;
                const unsigned char n = byte(2);
                const char which = static_cast<char>(byte(1));
                if (which == 'a') align_ = n;
                if (which == 'E') bold_ = n & 1;
                if (which == 'd') {
                    flush_line(false);
                    for (int i = 0; i < n; ++i) current_.lines.push_back({"", width_, height_, bold_, align_});
                }
                out_.listing.push_back(std::string("ESC ") + which + " " + std::to_string(n));
                at_ += 3;
                return;
            }
            default: unknown(2);
        }
    }

    void gs() {
        if (!need(2)) return;
        const char which = static_cast<char>(byte(1));
        if (which == '!') {
            if (!need(3)) return;
            width_ = ((byte(2) >> 4) & 7) + 1;
            height_ = (byte(2) & 7) + 1;
            out_.listing.push_back("GS ! " + hex(byte(2)));
            at_ += 3;
        } else if (which == 'V') {
            if (!need(3)) return;
            if (byte(2) == 65 || byte(2) == 66) {
                if (!need(4)) return;
                out_.listing.push_back("GS V " + std::to_string(byte(2)) + " " + std::to_string(byte(3)));
                at_ += 4;
            } else {
                out_.listing.push_back("GS V " + std::to_string(byte(2)));
                at_ += 3;
            }
            flush_line(false);
            current_.cut = true;
            out_.tickets.push_back(current_);
            current_ = PrintedTicket{};
        } else if (which == '(') {
            qr();
        } else {
            unknown(2);
        }
    }

    void qr() {
        // GS ( k pL pH cn fn ...
        if (!need(5)) return;
        if (byte(2) != 'k') return unknown(3);
        const std::size_t length = byte(3) + 256u * byte(4);
        if (!need(5 + length) || length < 2) return;
        const unsigned char cn = byte(5);
        const unsigned char fn = byte(6);
        const std::string_view params = bytes_.substr(at_ + 7, length - 2);
        if (cn != 49) return unknown(5 + length);
        if (current_.qr_codes.empty() || current_.qr_codes.back().printed) current_.qr_codes.push_back({});
        PrintedQr& code = current_.qr_codes.back();
        switch (fn) {
            case 65: code.model = params.empty() ? 0 : static_cast<unsigned char>(params[0]) - 48; break;
            case 67: code.module = params.empty() ? 0 : static_cast<unsigned char>(params[0]); break;
            case 69: code.level = params.empty() ? 0 : static_cast<unsigned char>(params[0]); break;
            case 80: code.data = std::string(params.substr(1)); break;
            case 81: code.printed = true; break;
            default: return unknown(5 + length);
        }
        out_.listing.push_back("GS ( k fn " + std::to_string(fn) + (fn == 80 ? " " + code.data : ""));
        at_ += 5 + length;
    }

    void unknown(std::size_t count) {
        std::string text = "unknown bytes at " + std::to_string(at_) + ":";
        for (std::size_t i = 0; i < count && at_ + i < bytes_.size(); ++i) text += " " + hex(byte(i));
        out_.problems.push_back(text);
        out_.listing.push_back(text);
        at_ += count;
    }

    std::string_view bytes_;
    std::size_t at_ = 0;
    Decoded out_;
    PrintedTicket current_;
    std::string pending_;
    int width_ = 1, height_ = 1, align_ = 0;
    bool bold_ = false;
};

}  // namespace

Decoded decode_escpos(std::string_view bytes) { return Reader(bytes).run(); }

std::string to_hex_lines(std::string_view bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        out += hex(static_cast<unsigned char>(bytes[i]));
        out += (i % 16 == 15 || i + 1 == bytes.size()) ? "\n" : " ";
    }
    return out;
}

std::string from_hex_lines(std::string_view text) {
    std::string out;
    int nibbles = 0;
    unsigned value = 0;
    for (char c : text) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) continue;
        value = value * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::toupper(c) - 'A' + 10));
        if (++nibbles == 2) {
            out += static_cast<char>(value);
            nibbles = 0;
            value = 0;
        }
    }
    return out;
}

}  // namespace anoman::kiosk::testing
