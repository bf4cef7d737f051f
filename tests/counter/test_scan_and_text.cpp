// Scanner codes, ISO times and the console's texts.
#include <doctest/doctest.h>

#include "anoman/counter/counter_text.hpp"
#include "anoman/counter/iso_time.hpp"
#include "anoman/counter/scan_code.hpp"
#include "model_fixtures.hpp"

using namespace anoman::counter;
using anoman::Language;

TEST_CASE("a ticket QR code gives its day, number and id") {
    auto code = parse_scan_code("ANOMAN:2026-11-22:A012:123");
    REQUIRE(code);
    CHECK(code->number == "A012");
    CHECK(code->service_day == "2026-11-22");
    CHECK(code->ticket_id == 123);
    // Caps Lock on the clerk's PC, and the newline a scanner may leave.
    auto lower = parse_scan_code("anoman:2026-11-22:u1000:9\r\n");
    REQUIRE(lower);
    CHECK(lower->number == "U1000");
    CHECK(lower->ticket_id == 9);
}

TEST_CASE("a ticket page address QR gives its code (docs/web.md)") {
    auto code = parse_scan_code("http://antrian.rsud.local:8080/t/Zq3x-7_Kd0aBcDeFgHiJkL\r\n");
    REQUIRE(code);
    CHECK(code->page_code == "Zq3x-7_Kd0aBcDeFgHiJkL");
    CHECK(code->number.empty());
    CHECK_FALSE(code->ticket_id);
    CHECK(parse_scan_code("https://antrian.example/t/Zq3x-7_Kd0aBcDeFgHiJkL")->page_code == "Zq3x-7_Kd0aBcDeFgHiJkL");
    CHECK_FALSE(parse_scan_code("A012")->page_code);
    for (const char* text : {"http://antrian/t/", "http://antrian/x/Zq3x-7_Kd0aBcDeFgHiJkL", "http://a/t/short",
                             "http://antrian/t/Zq3x-7_Kd0a<script>FgHiJkL"})
        CHECK_MESSAGE(!parse_scan_code(text), text);
}

TEST_CASE("a typed ticket number is normalised") {
    CHECK(parse_scan_code("A012")->number == "A012");
    CHECK(parse_scan_code("a12")->number == "A012");
    CHECK(parse_scan_code(" B-7 ")->number == "B007");
    CHECK(parse_scan_code("P 0042")->number == "P042");
    CHECK(parse_scan_code("A1000")->number == "A1000");
    CHECK_FALSE(parse_scan_code("A012")->ticket_id);
}

TEST_CASE("anything else is not a ticket code") {
    for (const char* text : {"", "123", "A", "A0", "A12B", "ANOMAN:2026-11-22:A012", "ANOMAN:22-11-2026:A012:5",
                             "ANOMAN:2026-11-22:A012:x", "OTHER:2026-11-22:A012:5", "ABCDE12", "A:12"})
        CHECK_MESSAGE(!parse_scan_code(text), text);
}

TEST_CASE("ISO times with offsets become instants") {
    auto wib = parse_iso_time("2026-11-22T08:00:00+07:00");
    auto utc = parse_iso_time("2026-11-22T01:00:00Z");
    auto frac = parse_iso_time("2026-11-22T01:00:00.250Z");
    REQUIRE(wib);
    REQUIRE(utc);
    REQUIRE(frac);
    CHECK(*wib == *utc);
    CHECK(*wib == counter_test::at_seconds(0));
    CHECK((*frac - *utc) == std::chrono::milliseconds(250));
    CHECK(*parse_iso_time("2026-11-22T05:30:00-02:30") == counter_test::at_seconds(0) + std::chrono::hours(7));
    for (const char* bad : {"", "2026-11-22", "2026-11-22T08:00:00", "2026-13-01T00:00:00Z", "2026-11-22T08:00:00+0700",
                            "2026-11-22T08:00:00+07:00 trailing"})
        CHECK_MESSAGE(!parse_iso_time(bad), bad);
    CHECK(seconds_since(counter_test::at_seconds(10), counter_test::at_seconds(0)) == 0);
    CHECK(seconds_since(counter_test::at_seconds(0), counter_test::at_seconds(185)) == 185);
}

TEST_CASE("durations read the way a clerk says them") {
    CounterText text;
    CHECK(clock_text(7) == "0:07");
    CHECK(clock_text(185) == "3:05");
    CHECK(clock_text(3723) == "1:02:03");
    CHECK(text.wait_text(30, Language::id) == "< 1 mnt");
    CHECK(text.wait_text(12 * 60 + 59, Language::id) == "12 mnt");
    CHECK(text.wait_text(65 * 60, Language::id) == "1 j 05 mnt");
    CHECK(text.wait_text(12 * 60, Language::en) == "12 min");
    CHECK(text.duration_text(45, Language::id) == "45 dtk");
    CHECK(text.duration_text(250, Language::id) == "4 mnt 10 dtk");
}

TEST_CASE("both languages have every string, and notices fill their placeholders") {
    CounterText text;
    CHECK(text.catalog().missing_keys().empty());
    Notice notice{Notice::Level::success, "notice.closed", {{"counter", "Loket 1"}, {"reason@", "reason.istirahat"}}, {}};
    CHECK(text.render(notice, Language::id) == "Loket 1 ditutup: Istirahat.");
    CHECK(text.render(notice, Language::en) == "Loket 1 is closed: Break.");
    CHECK(text.reason_label("istirahat", Language::id) == "Istirahat");
    CHECK(text.reason_label("pemadaman listrik", Language::id) == "pemadaman listrik");
    for (const auto& reason : close_reasons()) CHECK(text.catalog().has(reason.key, Language::id));
}
