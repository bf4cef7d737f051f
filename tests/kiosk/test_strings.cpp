// Every string the kiosk shows exists in both languages, and every key the
// code asks for is in the files (a missing key would show up on screen).
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "kiosk_text.hpp"

using namespace anoman;
using namespace anoman::kiosk;

TEST_CASE("both languages have the same keys") { CHECK(strings().missing_keys().empty()); }

TEST_CASE("every key used in the kiosk's sources exists") {
    // Literal keys go through tr("a.b"), trf("a.b", ...) or format("a.b", ...).
    const std::regex literal(R"re(\b(?:tr|trf|format)\(\s*"([a-z_]+\.[a-z_.]+)")re");
    std::set<std::string> used;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(KIOSK_SOURCE_DIR "/src")) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string source = text.str();
        for (std::sregex_iterator it(source.begin(), source.end(), literal), end; it != end; ++it) used.insert((*it)[1]);
    }
    CHECK(used.size() > 40);
    for (const auto& key : used) {
        // Prefixes completed at run time ("refused." + name + ".title") end with a dot.
        if (key.back() == '.') continue;
        CHECK_MESSAGE(strings().has(key, Language::id), key);
        CHECK_MESSAGE(strings().has(key, Language::en), key);
    }
}

TEST_CASE("keys built at run time exist") {
    for (const char* refusal : {"quota_full", "service_closed", "service_unknown", "not_allowed"}) {
        CHECK(strings().has(std::string("refused.") + refusal, Language::id));
        CHECK(strings().has(std::string("refused.") + refusal + ".title", Language::en));
    }
    for (const char* state : {"paper_out", "cover_open", "offline", "unreachable", "no_answer"})
        CHECK(strings().has(std::string("printer.") + state, Language::en));
    for (const char* problem : {"empty", "nik_length", "nik_not_digits", "nik_birth_date", "booking_length", "booking_chars"})
        CHECK(strings().has(std::string("keypad.problem.") + problem, Language::id));
    for (const char* lane : {"bpjs", "umum", "priority"}) CHECK(strings().has(std::string("service.title.") + lane, Language::en));
}

TEST_CASE("the welcome screen says what the issue asks, in Bahasa Indonesia first") {
    CHECK(tr("welcome.touch", Language::id) == "Sentuh untuk mengambil nomor antrian");
    CHECK(tr("ticket.take", Language::id) == "Silakan ambil tiket Anda");
    CHECK(tr("lang.switch", Language::id) == "English");
    CHECK(tr("lang.switch", Language::en) == "Bahasa Indonesia");
}
