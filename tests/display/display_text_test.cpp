// What the display says and prints: the announcement sentence, the clock's
// words, and the command line.
#include <doctest/doctest.h>

#include <vector>

#include "announcement_text.hpp"
#include "clock_text.hpp"
#include "display_options.hpp"

extern const char display_lang_id[];
extern const char display_lang_en[];

using namespace anoman;
using namespace anoman::display;

TEST_CASE("the announcement sentence") {
    CHECK(announcement_text("A012", "Loket 3") == "Nomor antrian, A, dua belas, silakan menuju Loket tiga");
    CHECK(announcement_text("B100", "Loket 11") == "Nomor antrian, B, seratus, silakan menuju Loket sebelas");
    CHECK(announcement_text("U001", "Ruang Poli 1") == "Nomor antrian, U, satu, silakan menuju Ruang Poli satu");
    CHECK(announcement_text("A1000", "Loket 2") == "Nomor antrian, A, seribu, silakan menuju Loket dua");
    CHECK(spoken_counter_name("Loket 07") == "Loket tujuh");
    CHECK(spoken_counter_name("Kasir") == "Kasir");
}

TEST_CASE("the clock's words in WIB, WITA and WIT") {
    auto text = clock_text("2026-11-23T08:15:42+07:00", "Asia/Jakarta", Language::id);
    CHECK(text.date == "Senin, 23 November 2026");
    CHECK(text.time == "08:15");
    CHECK(text.zone == "WIB");
    CHECK(text.seconds_to_next_minute == 18);

    auto english = clock_text("2026-08-17T23:59:00+07:00", "Asia/Jakarta", Language::en);
    CHECK(english.date == "Monday, 17 August 2026");
    CHECK(english.time == "23:59");

    CHECK(clock_text("2026-01-01T00:00:00+08:00", "Asia/Makassar", Language::id).date == "Kamis, 1 Januari 2026");
    CHECK(clock_text("2026-01-01T00:00:00+08:00", "Asia/Makassar", Language::id).zone == "WITA");
    CHECK(clock_text("2026-01-01T00:00:00+09:00", "Asia/Jayapura", Language::id).zone == "WIT");
    CHECK(clock_text("2026-01-01T00:00:00+01:00", "Europe/Amsterdam", Language::id).zone == "UTC+01:00");
    CHECK(clock_text("garbage", "Asia/Jakarta", Language::id).time.empty());
}

namespace {
ParsedOptions parse(std::vector<const char*> args) {
    args.insert(args.begin(), "display");
    return parse_display_options(static_cast<int>(args.size()), args.data());
}
}  // namespace

TEST_CASE("the command line") {
    auto defaults = parse({});
    REQUIRE_FALSE(defaults.exit_status);
    CHECK(defaults.options.window.fullscreen);  // a TV
    CHECK(defaults.options.counters.empty());
    CHECK(defaults.options.language == Language::id);
    CHECK_FALSE(defaults.options.no_audio);

    auto given = parse({"--server", "10.0.0.5:7700", "--counters", "L3, L1", "--audio-out", "/tmp/hall.wav", "--windowed",
                        "--lang", "en", "--screenshot", "/tmp/s.png", "--size", "1280x720"});
    REQUIRE_FALSE(given.exit_status);
    CHECK(given.options.connect.server == "10.0.0.5:7700");
    CHECK(given.options.counters == std::vector<std::string>{"L3", "L1"});
    CHECK(given.options.audio_out == "/tmp/hall.wav");
    CHECK_FALSE(given.options.window.fullscreen);
    CHECK(given.options.language == Language::en);
    CHECK(given.options.window.screenshot_path == "/tmp/s.png");
    CHECK(given.options.window.width == 1280);
    CHECK(given.options.window.height == 720);

    CHECK(parse({"--no-audio"}).options.no_audio);
    CHECK(parse({"--lang", "fr"}).exit_status == 2);
    CHECK(parse({"--size", "big"}).exit_status == 2);
    CHECK(parse({"--help"}).exit_status == 0);
    CHECK(split_counter_list(" L1,,L2 ,") == std::vector<std::string>{"L1", "L2"});
}

TEST_CASE("every screen string exists in Bahasa Indonesia and in English") {
    const Catalog strings(display_lang_id, display_lang_en);
    CHECK(strings.missing_keys().empty());
    for (const char* key : {"hall.now_calling", "hall.go_to", "hall.recent", "hall.waiting", "offline.title",
                            "offline.body", "offline.detail", "ticker.default", "tile.closed", "counters.unknown"}) {
        CAPTURE(key);
        CHECK(strings.has(key, Language::id));
        CHECK(strings.has(key, Language::en));
    }
    CHECK(strings.get("offline.title", Language::id) == "Menghubungkan ulang...");
}
