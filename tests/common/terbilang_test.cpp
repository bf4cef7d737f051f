// Indonesian number words: known values, every number 0..9999 read back by an
// independent parser, and how ticket numbers are spoken.
#include <doctest/doctest.h>

#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "anoman/terbilang.hpp"

using anoman::spoken_ticket_number;
using anoman::terbilang;

namespace {

// Reads Indonesian number words back into a number, the way a listener
// would, independent of how terbilang() builds them. -1 if not well formed.
long long parse_words(const std::string& text) {
    static const std::map<std::string, int> digits = {
        {"satu", 1}, {"dua", 2},   {"tiga", 3},  {"empat", 4},   {"lima", 5},
        {"enam", 6}, {"tujuh", 7}, {"delapan", 8}, {"sembilan", 9}};
    std::istringstream in(text);
    std::vector<std::string> words;
    for (std::string word; in >> word;) words.push_back(word);
    if (words.size() == 1 && words[0] == "nol") return 0;

    long long total = 0;     // completed juta/ribu groups
    long long group = 0;     // the group below a thousand being read
    int pending_digit = 0;   // a digit word waiting for its multiplier
    for (const auto& word : words) {
        if (auto it = digits.find(word); it != digits.end()) {
            if (pending_digit) return -1;
            pending_digit = it->second;
        } else if (word == "sepuluh" || word == "sebelas" || word == "seratus") {
            if (pending_digit) return -1;
            group += word == "sepuluh" ? 10 : word == "sebelas" ? 11 : 100;
        } else if (word == "belas") {
            if (!pending_digit || pending_digit == 1) return -1;  // "satu belas" is wrong
            group += 10 + pending_digit, pending_digit = 0;
        } else if (word == "puluh") {
            if (!pending_digit || pending_digit == 1) return -1;
            group += 10 * pending_digit, pending_digit = 0;
        } else if (word == "ratus") {
            if (!pending_digit || pending_digit == 1) return -1;
            group += 100 * pending_digit, pending_digit = 0;
        } else if (word == "seribu") {
            if (pending_digit || group) return -1;
            total += 1000;
        } else if (word == "ribu") {
            group += pending_digit, pending_digit = 0;
            if (group < 2) return -1;  // "satu ribu" is wrong, "seribu" is right
            total += group * 1000, group = 0;
        } else if (word == "juta") {
            group += pending_digit, pending_digit = 0;
            if (group < 1) return -1;
            total += group * 1'000'000, group = 0;
        } else {
            return -1;
        }
    }
    return total + group + pending_digit;
}

}  // namespace

TEST_CASE("terbilang: the words people expect") {
    const std::map<long long, std::string> expected = {
        {0, "nol"},
        {1, "satu"},
        {9, "sembilan"},
        {10, "sepuluh"},
        {11, "sebelas"},
        {12, "dua belas"},
        {19, "sembilan belas"},
        {20, "dua puluh"},
        {21, "dua puluh satu"},
        {99, "sembilan puluh sembilan"},
        {100, "seratus"},
        {101, "seratus satu"},
        {110, "seratus sepuluh"},
        {111, "seratus sebelas"},
        {115, "seratus lima belas"},
        {200, "dua ratus"},
        {999, "sembilan ratus sembilan puluh sembilan"},
        {1000, "seribu"},
        {1001, "seribu satu"},
        {1105, "seribu seratus lima"},
        {1999, "seribu sembilan ratus sembilan puluh sembilan"},
        {2000, "dua ribu"},
        {2024, "dua ribu dua puluh empat"},
        {9999, "sembilan ribu sembilan ratus sembilan puluh sembilan"},
        {10'000, "sepuluh ribu"},
        {11'000, "sebelas ribu"},
        {21'000, "dua puluh satu ribu"},
        {100'000, "seratus ribu"},
        {101'000, "seratus satu ribu"},
        {1'000'000, "satu juta"},
        {1'001'000, "satu juta seribu"},
        {2'500'000, "dua juta lima ratus ribu"},
        {999'999'999, "sembilan ratus sembilan puluh sembilan juta sembilan ratus sembilan puluh sembilan ribu "
                      "sembilan ratus sembilan puluh sembilan"},
    };
    for (const auto& [value, words] : expected) {
        CAPTURE(value);
        CHECK(terbilang(value) == words);
    }
}

TEST_CASE("terbilang: every number from 0 to 9999 reads back to itself") {
    for (long long value = 0; value <= 9999; ++value) {
        const std::string words = terbilang(value);
        CAPTURE(value);
        CAPTURE(words);
        REQUIRE(parse_words(words) == value);
        // Clean text for the speech engine: single spaces, no edge spaces.
        REQUIRE(words.find("  ") == std::string::npos);
        REQUIRE(words.front() != ' ');
        REQUIRE(words.back() != ' ');
        if (value > 0) REQUIRE(words.find("nol") == std::string::npos);
    }
}

TEST_CASE("terbilang: outside 0..999999999 is an error") {
    CHECK_THROWS_AS(terbilang(-1), std::out_of_range);
    CHECK_THROWS_AS(terbilang(1'000'000'000), std::out_of_range);
}

TEST_CASE("spoken ticket numbers: letters one by one, the number in words, leading zeros dropped") {
    CHECK(spoken_ticket_number("A012") == "A, dua belas");
    CHECK(spoken_ticket_number("A001") == "A, satu");
    CHECK(spoken_ticket_number("B100") == "B, seratus");
    CHECK(spoken_ticket_number("A1000") == "A, seribu");
    CHECK(spoken_ticket_number("PA105") == "P, A, seratus lima");
    CHECK(spoken_ticket_number("a011") == "A, sebelas");
    CHECK(spoken_ticket_number("A000") == "A, nol");
    CHECK(spoken_ticket_number("012") == "dua belas");
    CHECK(spoken_ticket_number("A-12") == "A, dua belas");
    CHECK(spoken_ticket_number("") == "");
    // Too long for words: digit by digit rather than an exception in a voice thread.
    CHECK(spoken_ticket_number("A12345678901") == "A, satu, dua, tiga, empat, lima, enam, tujuh, delapan, sembilan, nol, satu");
}
