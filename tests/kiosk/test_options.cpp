#include <cstdlib>
#include <fstream>

#include <doctest/doctest.h>

#include "kiosk_options.hpp"

using namespace anoman;
using namespace anoman::kiosk;

namespace {
KioskOptions parse(std::vector<std::string> args) {
    CLI::App app;
    KioskOptions options;
    add_kiosk_options(app, options);
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    app.parse(args);
    validate(options);
    return options;
}
}  // namespace

TEST_CASE("defaults: no printer, Indonesian, 80 mm, a minute of patience") {
    const auto options = parse({});
    const auto settings = settings_from(options);
    CHECK_FALSE(settings.printer_enabled);
    CHECK(settings.default_language == Language::id);
    CHECK(paper_from(options) == PaperWidth::mm80);
    CHECK(settings.idle_timeout == Seconds(60));
}

TEST_CASE("the kiosk's own options") {
    const auto options = parse({"--printer", "tcp:10.0.0.31", "--paper", "58", "--pin", "4821", "--lang", "en",
                                "--portrait", "--idle-timeout", "90", "--ticket-timeout", "20"});
    const auto settings = settings_from(options);
    CHECK(settings.printer_enabled);
    CHECK(settings.pin == "4821");
    CHECK(settings.default_language == Language::en);
    CHECK(settings.idle_timeout == Seconds(90));
    CHECK(settings.ticket_display == Seconds(20));
    CHECK(options.portrait);
    CHECK(paper_from(options) == PaperWidth::mm58);
    const auto spec = printer_spec_from(options);
    CHECK(spec.kind == PrinterSpec::Kind::tcp);
    CHECK(spec.host == "10.0.0.31");
    CHECK(spec.port == 9100);
}

TEST_CASE("a configuration file holds the same keys") {
    const std::string path = "kiosk_options_test.ini";
    std::ofstream(path) << "printer = \"file:/tmp/tickets.bin\"\npin = \"1234\"\npaper = 58\n";
    const auto options = parse({"--config", path});
    CHECK(options.printer == "file:/tmp/tickets.bin");
    CHECK(options.pin == "1234");
    CHECK(options.paper == 58);
    std::remove(path.c_str());
}

TEST_CASE("bad values are refused with the option's name") {
    CHECK_THROWS_WITH_AS(parse({"--paper", "70"}), doctest::Contains("--paper"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse({"--lang", "jv"}), doctest::Contains("--lang"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse({"--pin", "12ab"}), doctest::Contains("--pin"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse({"--printer", "lpt1"}), doctest::Contains("--printer"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse({"--printer", "tcp::9100"}), doctest::Contains("--printer"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse({"--idle-timeout", "1"}), doctest::Contains("--idle-timeout"), std::invalid_argument);
}

TEST_CASE("printer specs") {
    CHECK(parse_printer_spec("none").kind == PrinterSpec::Kind::none);
    auto file = parse_printer_spec("file:/var/lib/kiosk/tickets.bin");
    CHECK(file.kind == PrinterSpec::Kind::file);
    CHECK(file.path == "/var/lib/kiosk/tickets.bin");
    auto device = parse_printer_spec("/dev/usb/lp0");
    CHECK(device.kind == PrinterSpec::Kind::device);
    CHECK(device.path == "/dev/usb/lp0");
    CHECK(parse_printer_spec("device:/dev/ttyUSB0").path == "/dev/ttyUSB0");
    auto tcp = parse_printer_spec("tcp:printer.local:9101");
    CHECK(tcp.host == "printer.local");
    CHECK(tcp.port == 9101);
    CHECK(tcp.text() == "tcp:printer.local:9101");
    CHECK_THROWS_AS(parse_printer_spec("file:"), std::invalid_argument);
}

TEST_CASE("request ids: the device, then 16 random hex digits, never repeated") {
    const auto first = random_request_id("kiosk-1");
    const auto second = random_request_id("kiosk-1");
    CHECK(first.rfind("kiosk-1:", 0) == 0);
    CHECK(first.size() == std::string("kiosk-1:").size() + 16);
    CHECK(first != second);
}

TEST_CASE("state directory: option, then systemd's STATE_DIRECTORY, then .") {
    KioskOptions options;
    ::unsetenv("STATE_DIRECTORY");
    CHECK(state_dir_from(options) == ".");
    ::setenv("STATE_DIRECTORY", "/var/lib/anoman-kiosk:/var/lib/other", 1);
    CHECK(state_dir_from(options) == "/var/lib/anoman-kiosk");
    options.state_dir = "/tmp/k";
    CHECK(state_dir_from(options) == "/tmp/k");
    ::unsetenv("STATE_DIRECTORY");
}
