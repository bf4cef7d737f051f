// Indonesian number words. The rules that make it more than a table:
// 10 "sepuluh", 11 "sebelas", 100 "seratus", 1000 "seribu" (the "se-" forms
// replace "satu" before puluh/belas/ratus/ribu), but "satu juta", and
// 21000 is "dua puluh satu ribu" (only a thousands group of exactly one is "seribu").
#include "anoman/terbilang.hpp"

#include <array>
#include <cctype>
#include <stdexcept>
#include <vector>

namespace anoman {
namespace {

constexpr std::array<const char*, 10> kDigits = {"nol",  "satu",  "dua",   "tiga",    "empat",
                                                 "lima", "enam", "tujuh", "delapan", "sembilan"};

void append(std::string& out, const std::string& words) {
    if (words.empty()) return;
    if (!out.empty()) out += ' ';
    out += words;
}

// 1 .. 999 ("" for 0).
std::string below_thousand(int value) {
    std::string out;
    const int hundreds = value / 100;
    const int rest = value % 100;
    if (hundreds == 1)
        out = "seratus";
    else if (hundreds > 1)
        out = std::string(kDigits[static_cast<std::size_t>(hundreds)]) + " ratus";

    if (rest == 0) return out;
    if (rest < 10) {
        append(out, kDigits[static_cast<std::size_t>(rest)]);
    } else if (rest == 10) {
        append(out, "sepuluh");
    } else if (rest == 11) {
        append(out, "sebelas");
    } else if (rest < 20) {
        append(out, std::string(kDigits[static_cast<std::size_t>(rest - 10)]) + " belas");
    } else {
        append(out, std::string(kDigits[static_cast<std::size_t>(rest / 10)]) + " puluh");
        if (rest % 10 != 0) append(out, kDigits[static_cast<std::size_t>(rest % 10)]);
    }
    return out;
}

}  // namespace

std::string terbilang(std::int64_t value) {
    if (value < 0 || value > 999'999'999)
        throw std::out_of_range("terbilang: " + std::to_string(value) + " is outside 0..999999999");
    if (value == 0) return "nol";
    const int millions = static_cast<int>(value / 1'000'000);
    const int thousands = static_cast<int>(value / 1000 % 1000);
    const int units = static_cast<int>(value % 1000);

    std::string out;
    if (millions > 0) append(out, below_thousand(millions) + " juta");
    if (thousands == 1)
        append(out, "seribu");
    else if (thousands > 1)
        append(out, below_thousand(thousands) + " ribu");
    append(out, below_thousand(units));
    return out;
}

std::string spoken_ticket_number(std::string_view number) {
    std::vector<std::string> parts;
    std::size_t pos = 0;
    while (pos < number.size()) {
        const auto ch = static_cast<unsigned char>(number[pos]);
        if (std::isdigit(ch)) {
            std::size_t end = pos;
            while (end < number.size() && std::isdigit(static_cast<unsigned char>(number[end]))) ++end;
            std::string_view digits = number.substr(pos, end - pos);
            // Drop leading zeros ("012" -> 12); a run too long for words is read digit by digit.
            const auto first = digits.find_first_not_of('0');
            std::string_view significant = first == std::string_view::npos ? "0" : digits.substr(first);
            if (significant.size() <= 9) {
                parts.push_back(terbilang(std::stoll(std::string(significant))));
            } else {
                for (char digit : significant) parts.emplace_back(kDigits[static_cast<std::size_t>(digit - '0')]);
            }
            pos = end;
        } else {
            if (std::isalpha(ch)) parts.emplace_back(1, static_cast<char>(std::toupper(ch)));
            ++pos;  // separators ('-', ' ') are not spoken
        }
    }
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) out += ", ";
        out += part;
    }
    return out;
}

}  // namespace anoman
