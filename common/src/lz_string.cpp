// A faithful port of lz-string 1.4.x's _compress / _decompress with 6 bits per
// character and the URI-safe alphabet; variable names follow the reference so
// the two can be read side by side.
#include "anoman/lz_string.hpp"

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace anoman::lz {
namespace {

constexpr std::string_view kUriSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";

// UTF-8 -> UTF-16 code units. Invalid UTF-8 bytes become U+FFFD.
std::u16string to_utf16(const std::string& utf8) {
    std::u16string out;
    out.reserve(utf8.size());
    std::size_t i = 0;
    while (i < utf8.size()) {
        const auto byte = static_cast<unsigned char>(utf8[i]);
        std::uint32_t code = 0xFFFD;
        std::size_t length = 1;
        if (byte < 0x80) {
            code = byte;
        } else if ((byte >> 5) == 0x6) {
            length = 2;
        } else if ((byte >> 4) == 0xE) {
            length = 3;
        } else if ((byte >> 3) == 0x1E) {
            length = 4;
        }
        if (length > 1) {
            bool valid = i + length <= utf8.size();
            std::uint32_t value = byte & (0x7F >> length);
            for (std::size_t k = 1; valid && k < length; ++k) {
                const auto next = static_cast<unsigned char>(utf8[i + k]);
                valid = (next & 0xC0) == 0x80;
                value = (value << 6) | (next & 0x3F);
            }
            if (valid) code = value;
            else length = 1;
        }
        if (code >= 0x10000) {
            code -= 0x10000;
            out.push_back(static_cast<char16_t>(0xD800 + (code >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + (code & 0x3FF)));
        } else {
            out.push_back(static_cast<char16_t>(code));
        }
        i += length;
    }
    return out;
}

// UTF-16 -> UTF-8; a lone surrogate is not text (nullopt).
std::optional<std::string> to_utf8(const std::u16string& utf16) {
    std::string out;
    out.reserve(utf16.size());
    for (std::size_t i = 0; i < utf16.size(); ++i) {
        std::uint32_t code = utf16[i];
        if (code >= 0xD800 && code <= 0xDBFF) {
            if (i + 1 >= utf16.size() || utf16[i + 1] < 0xDC00 || utf16[i + 1] > 0xDFFF) return std::nullopt;
            code = 0x10000 + ((code - 0xD800) << 10) + (utf16[i + 1] - 0xDC00);
            ++i;
        } else if (code >= 0xDC00 && code <= 0xDFFF) {
            return std::nullopt;
        }
        if (code < 0x80) {
            out.push_back(static_cast<char>(code));
        } else if (code < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (code >> 6)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else if (code < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (code >> 12)));
            out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (code >> 18)));
            out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        }
    }
    return out;
}

// The bit writer of _compress (bitsPerChar = 6).
class BitWriter {
public:
    void write(std::uint32_t value, int bits) {  // least significant bit first
        for (int i = 0; i < bits; ++i) {
            push_bit(value & 1);
            value >>= 1;
        }
    }
    void write_zeros(int bits) {
        for (int i = 0; i < bits; ++i) push_bit(0);
    }
    std::string finish() {
        // Flush the last char.
        while (true) {
            data_val_ <<= 1;
            if (data_position_ == 5) {
                out_.push_back(kUriSafe[data_val_]);
                break;
            }
            ++data_position_;
        }
        return std::move(out_);
    }

private:
    void push_bit(std::uint32_t bit) {
        data_val_ = (data_val_ << 1) | bit;
        if (data_position_ == 5) {
            data_position_ = 0;
            out_.push_back(kUriSafe[data_val_]);
            data_val_ = 0;
        } else {
            ++data_position_;
        }
    }
    std::string out_;
    std::uint32_t data_val_ = 0;
    int data_position_ = 0;
};

}  // namespace

std::string compress_to_encoded_uri_component(const std::string& utf8) {
    const std::u16string uncompressed = to_utf16(utf8);
    std::unordered_map<std::u16string, std::uint32_t> dictionary;
    std::unordered_set<std::u16string> dictionary_to_create;
    std::u16string w;
    std::uint32_t enlarge_in = 2;  // compensate for the first entry which should not count
    std::uint32_t dict_size = 3;
    int num_bits = 2;
    BitWriter writer;

    auto enlarge = [&] {
        if (--enlarge_in == 0) {
            enlarge_in = 1u << num_bits;
            ++num_bits;
        }
    };
    // Output the code for w.
    auto emit_w = [&] {
        if (dictionary_to_create.count(w)) {
            const std::uint32_t first = w[0];
            if (first < 256) {
                writer.write_zeros(num_bits);
                writer.write(first, 8);
            } else {
                writer.write(1, num_bits);
                writer.write(first, 16);
            }
            enlarge();
            dictionary_to_create.erase(w);
        } else {
            writer.write(dictionary[w], num_bits);
        }
        enlarge();
    };

    for (char16_t c16 : uncompressed) {
        const std::u16string c(1, c16);
        if (!dictionary.count(c)) {
            dictionary[c] = dict_size++;
            dictionary_to_create.insert(c);
        }
        std::u16string wc = w + c;
        if (dictionary.count(wc)) {
            w = std::move(wc);
            continue;
        }
        emit_w();
        dictionary[wc] = dict_size++;
        w = c;
    }
    if (!w.empty()) emit_w();
    writer.write(2, num_bits);  // the end of the stream
    return writer.finish();
}

std::optional<std::string> decompress_from_encoded_uri_component(const std::string& input) {
    if (input.empty()) return std::nullopt;  // the reference answers null
    std::vector<std::uint32_t> values;
    values.reserve(input.size());
    for (char c : input) {
        const std::size_t index = kUriSafe.find(c == ' ' ? '+' : c);
        if (index == std::string_view::npos) return std::nullopt;
        values.push_back(static_cast<std::uint32_t>(index));
    }
    const std::size_t length = values.size();
    constexpr std::uint32_t reset_value = 32;
    std::uint32_t data_val = values[0];
    std::uint32_t data_position = reset_value;
    std::size_t data_index = 1;
    auto read_bits = [&](int count) {
        std::uint32_t bits = 0;
        for (int power = 0; power < count; ++power) {
            const std::uint32_t resb = data_val & data_position;
            data_position >>= 1;
            if (data_position == 0) {
                data_position = reset_value;
                data_val = data_index < length ? values[data_index] : 0;
                ++data_index;
            }
            bits |= (resb > 0 ? 1u : 0u) << power;
        }
        return bits;
    };

    std::vector<std::u16string> dictionary(3);  // 0, 1, 2 are the codes below
    std::uint32_t enlarge_in = 4;
    int num_bits = 3;
    std::u16string result;

    std::u16string c;
    switch (read_bits(2)) {
        case 0: c = std::u16string(1, static_cast<char16_t>(read_bits(8))); break;
        case 1: c = std::u16string(1, static_cast<char16_t>(read_bits(16))); break;
        case 2: return std::string();  // the empty string, properly ended
        default: return std::nullopt;
    }
    dictionary.push_back(c);
    std::u16string w = c;
    result += c;
    while (true) {
        if (data_index > length) return std::nullopt;  // ran out before the end mark
        std::uint32_t code = read_bits(num_bits);
        switch (code) {
            case 0:
            case 1:
                dictionary.push_back(std::u16string(1, static_cast<char16_t>(read_bits(code == 0 ? 8 : 16))));
                code = static_cast<std::uint32_t>(dictionary.size() - 1);
                --enlarge_in;
                break;
            case 2: return to_utf8(result);
            default: break;
        }
        if (enlarge_in == 0) {
            enlarge_in = 1u << num_bits;
            ++num_bits;
        }
        std::u16string entry;
        if (code < dictionary.size() && code >= 3) {
            entry = dictionary[code];
        } else if (code == dictionary.size()) {
            entry = w + w[0];
        } else {
            return std::nullopt;  // a code that points nowhere: not an LZ-string stream
        }
        result += entry;
        dictionary.push_back(w + entry[0]);
        --enlarge_in;
        w = std::move(entry);
        if (enlarge_in == 0) {
            enlarge_in = 1u << num_bits;
            ++num_bits;
        }
    }
}

}  // namespace anoman::lz
