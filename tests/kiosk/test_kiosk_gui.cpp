// The kiosk's real window under xvfb-run (1920x1080), against the real
// queue-server and the fake printer, clicked through with xdotool like a
// finger on the touchscreen. The kiosk tells where its targets are and which
// screen shows through --layout-dump; every screen is saved as a PNG
// (build/test-scratch/kiosk-gui-*/screens) for a human to look at.
#include <csignal>
#include <thread>

#include <doctest/doctest.h>

#include "anoman/config.hpp"
#include "anoman/hospital_clock.hpp"
#include "escpos_reader.hpp"
#include "fake_printer.hpp"
#include "test_support.hpp"

using namespace anoman;
using namespace anoman::kiosk::testing;
using namespace std::chrono_literals;
using anoman::testing::Json;
using anoman::testing::LineClient;
using anoman::testing::ServerProcess;
using anoman::testing::read_file;
namespace fs = std::filesystem;

namespace {

// The kiosk program, as a child process.
class KioskProcess {
public:
    KioskProcess(const fs::path& dir, const std::vector<std::string>& args)
        : dir_(dir), child_(kiosk_argv(dir, args), dir / "kiosk.log") {}
    int stop() { return child_.stop(); }
    bool running() { return child_.running(); }
    std::string output() const { return child_.output(); }
    // A signal, then the exit status (-1 if it has not exited within timeout).
    int signal_and_wait(int number, std::chrono::milliseconds timeout = 10s) {
        child_.signal(number);
        return child_.wait(timeout);
    }

    Json layout() const {
        const auto text = read_file(dir_ / "layout.json");
        auto parsed = Json::parse(text, nullptr, false);
        return parsed.is_object() ? parsed : Json::object();
    }
    // Waits until the kiosk shows this screen (and, optionally, a condition on the dump).
    bool wait_screen(const std::string& screen, std::chrono::milliseconds timeout = 8s,
                     const std::function<bool(const Json&)>& also = {}) const {
        return anoman::testing::eventually(
            [&] {
                const Json dump = layout();
                return dump.value("screen", "") == screen && (!also || also(dump));
            },
            timeout, 50ms);
    }
    // The welcome screen with the link up and the services list in (the hospital's name came before it).
    bool wait_ready(std::chrono::milliseconds timeout = 20s, const std::function<bool(const Json&)>& also = {}) const {
        return wait_screen("welcome", timeout, [&](const Json& d) {
            return d.value("online", false) && d.value("services_fresh", false) && (!also || also(d));
        });
    }
    std::string screen() const { return layout().value("screen", "?"); }

    // A finger on the centre of a target, found by name (and index, service code or key).
    void tap(const std::string& target, const std::string& which = "") {
        const Json dump = layout();
        for (const auto& hit : dump.value("hits", Json::array())) {
            if (hit.value("target", "") != target) continue;
            if (!which.empty() && hit.value("service", "") != which && hit.value("key", "") != which) continue;
            const int x = static_cast<int>(hit["x"].get<double>() + hit["w"].get<double>() / 2);
            const int y = static_cast<int>(hit["y"].get<double>() + hit["h"].get<double>() / 2);
            // Relative to the kiosk's window: full screen or a window anywhere.
            const auto result = anoman::testing::run_program(
                {"xdotool", "mousemove", "--window", window_id(), std::to_string(x), std::to_string(y), "click", "1"}, 10s);
            REQUIRE_MESSAGE(result.status == 0, result.output);
            return;
        }
        FAIL("no target " << target << " " << which << " on screen " << dump.value("screen", "?") << ": " << dump.dump());
    }
    // Types on the keypad (or PIN pad), waiting for each key to register.
    void type(const std::string& keys, const std::string& key_target = "key") {
        for (char key : keys) {
            const std::size_t before = layout().value("entry_length", 0u);
            tap(key_target, std::string(1, key));
            const std::string screen_now = screen();
            REQUIRE(wait_screen(screen_now, 5s, [&](const Json& d) { return d.value("entry_length", 0u) == before + 1; }));
        }
    }

    // Saves the window as screens/NN-name.png and checks it is a full, non-blank picture.
    void screenshot(const std::string& name) {
        const fs::path shot = dir_ / "shot.png";
        const auto before = fs::exists(shot) ? fs::last_write_time(shot) : fs::file_time_type{};
        // SIGUSR1 draws a frame of the current state, then saves it: nothing to let settle.
        child_.signal(SIGUSR1);
        const bool taken = anoman::testing::eventually(
            [&] { return fs::exists(shot) && fs::last_write_time(shot) != before; }, 5s, 50ms);
        REQUIRE_MESSAGE(taken, "no new screenshot for " << name);
        char numbered[16];
        std::snprintf(numbered, sizeof numbered, "%02d-", ++shots_);
        const fs::path target = dir_ / "screens" / (numbered + name + ".png");
        fs::copy_file(shot, target, fs::copy_options::overwrite_existing);
        const std::string png = read_file(target);
        REQUIRE(png.size() > 24);
        CHECK(png.substr(1, 3) == "PNG");
        auto be32 = [&](std::size_t at) {
            return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
                   (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
        };
        const Json dump = layout();
        CHECK(be32(16) == static_cast<unsigned>(dump.value("width", 0.0)));
        CHECK(be32(20) == static_cast<unsigned>(dump.value("height", 0.0)));
        CHECK_MESSAGE(png.size() > 15000, name << ": a nearly uniform picture (" << png.size() << " bytes)");
        MESSAGE("screenshot " << target.string());
    }

    const fs::path& dir() const { return dir_; }

private:
    static std::vector<std::string> kiosk_argv(const fs::path& dir, const std::vector<std::string>& args) {
        fs::create_directories(dir / "screens");
        std::vector<std::string> argv = {anoman::testing::program("kiosk").string(),
                                         "--screenshot", (dir / "shot.png").string(),
                                         "--layout-dump", (dir / "layout.json").string(),
                                         "--state-dir", dir.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }

    std::string window_id() {
        if (window_id_.empty()) {
            const auto found = anoman::testing::run_program({"xdotool", "search", "--name", "Si Anoman - Kiosk"}, 10s);
            window_id_ = found.output.substr(0, found.output.find('\n'));
            REQUIRE_MESSAGE(found.status == 0, found.output);
        }
        return window_id_;
    }

    std::string window_id_;
    fs::path dir_;
    anoman::testing::ChildProcess child_;  // stopped with the object
    int shots_ = 0;
};

int issued_today(std::uint16_t port, const std::string& service) {
    LineClient admin(port);
    admin.hello_demo("admin");
    const Json reply = admin.request({{"type", "services.list"}});
    for (const auto& s : reply.at("services"))
        if (s.at("code") == service) return s.value("issued", -1);
    return -1;
}

std::vector<std::string> kiosk_args(std::uint16_t server_port, const FakePrinter& printer) {
    return {"--server", "127.0.0.1:" + std::to_string(server_port), "--printer", printer.spec(), "--pin", "4821",
            "--fullscreen", "--idle-timeout", "10", "--ticket-timeout", "4"};
}

}  // namespace

TEST_CASE("a patient takes a number with a NIK: three screens, a printed ticket, back to welcome") {
    ServerProcess server;
    FakePrinter printer;
    KioskProcess kiosk(anoman::testing::scratch_dir("kiosk-gui-patient"), kiosk_args(server.port(), printer));
    REQUIRE(kiosk.wait_ready(20s, [](const Json& d) { return d.value("width", 0.0) == 1920; }));
    kiosk.screenshot("welcome");

    kiosk.tap("welcome");
    REQUIRE(kiosk.wait_screen("lane"));
    kiosk.screenshot("lane");
    kiosk.tap("lane_umum");
    REQUIRE(kiosk.wait_screen("service"));
    kiosk.screenshot("service-umum");

    kiosk.tap("id_enter");
    REQUIRE(kiosk.wait_screen("keypad"));
    kiosk.type("350512");
    kiosk.tap("keypad_ok");  // 6 digits: refused with a message, stays on the keypad
    CHECK(kiosk.wait_screen("keypad", 5s, [](const Json& d) { return d.value("keypad_problem", false); }));
    kiosk.screenshot("keypad-nik-too-short");
    kiosk.type("4107900001");
    kiosk.tap("keypad_ok");
    REQUIRE(kiosk.wait_screen("service", 5s, [](const Json& d) { return d.value("has_patient_id", false); }));
    kiosk.screenshot("service-with-nik");

    kiosk.tap("service", "PA");
    REQUIRE(kiosk.wait_screen("ticket", 10s, [](const Json& d) { return d.value("print_state", -1) == 2; }));
    kiosk.screenshot("ticket");

    // The ticket on paper: the number the server issued, a QR code it recognises, a cut.
    REQUIRE(printer.wait_for_jobs(1, 5s));
    const auto decoded = decode_escpos(printer.jobs()[0]);
    CHECK(decoded.problems.empty());
    REQUIRE(decoded.tickets.size() == 1);
    const auto& paper = decoded.tickets[0];
    CHECK(paper.cut);
    CHECK(paper.text().find("RSUD Ngudi Waluyo Wlingi") != std::string::npos);
    CHECK(paper.text().find("Poli Anak") != std::string::npos);
    CHECK(paper.text().find("N001") != std::string::npos);
    CHECK(paper.text().find("Antrian di depan Anda: 0") != std::string::npos);
    REQUIRE(paper.qr_codes.size() == 1);
    const std::string qr = paper.qr_codes[0].data;
    CHECK(qr.rfind("ANOMAN:", 0) == 0);
    LineClient admin(server.port());
    admin.hello_demo("admin");
    const auto got = admin.request({{"type", "ticket.get"}, {"ticket", std::stoll(qr.substr(qr.rfind(':') + 1))}});
    CHECK(got.at("ticket").at("number") == "N001");
    CHECK(qr == "ANOMAN:" + got.at("ticket").at("service_day").get<std::string>() + ":N001:" +
                    std::to_string(got.at("ticket").at("id").get<long long>()));
    CHECK(issued_today(server.port(), "PA") == 1);

    // Back to welcome by itself (--ticket-timeout 4).
    REQUIRE(kiosk.wait_screen("welcome", 8s));

    // English on every screen, back to Indonesian for the next patient.
    kiosk.tap("language");
    REQUIRE(kiosk.wait_screen("welcome", 3s, [](const Json& d) { return d.value("language", "") == "en"; }));
    kiosk.screenshot("welcome-en");
    kiosk.tap("welcome");
    REQUIRE(kiosk.wait_screen("lane"));
    kiosk.tap("lane_bpjs");
    REQUIRE(kiosk.wait_screen("service"));
    kiosk.tap("id_enter");
    REQUIRE(kiosk.wait_screen("keypad"));
    kiosk.type("0301R001");
    kiosk.screenshot("keypad-booking-en");
    kiosk.tap("back");
    REQUIRE(kiosk.wait_screen("service"));
    kiosk.screenshot("service-bpjs-en");
    // Inactivity: any screen returns to welcome (--idle-timeout 10), in Indonesian.
    REQUIRE(kiosk.wait_screen("welcome", 14s, [](const Json& d) { return d.value("language", "") == "id"; }));

    // The priority lane.
    kiosk.tap("welcome");
    REQUIRE(kiosk.wait_screen("lane"));
    kiosk.tap("lane_priority");
    REQUIRE(kiosk.wait_screen("service"));
    kiosk.screenshot("service-priority");
    kiosk.tap("service", "P");
    REQUIRE(kiosk.wait_screen("ticket", 10s, [](const Json& d) { return d.value("print_state", -1) == 2; }));
    REQUIRE(printer.wait_for_jobs(2, 5s));
    CHECK(decode_escpos(printer.jobs()[1]).tickets.at(0).text().find("PRIORITAS") != std::string::npos);
    kiosk.tap("done");
    REQUIRE(kiosk.wait_screen("welcome", 3s));
    // systemd stops a kiosk with SIGTERM: a clean exit, not death by the signal (128 + 15).
    CHECK(kiosk.stop() == 0);
    CHECK(kiosk.output().find("SIGTERM received") != std::string::npos);
}

TEST_CASE("printer trouble: no paper issues nothing; a failed print is reprinted with the same number") {
    ServerProcess server;
    FakePrinter printer;
    printer.set_mode(FakePrinter::Mode::paper_out);
    KioskProcess kiosk(anoman::testing::scratch_dir("kiosk-gui-printer"), kiosk_args(server.port(), printer));
    REQUIRE(kiosk.wait_ready());
    kiosk.tap("welcome");
    REQUIRE(kiosk.wait_screen("lane"));
    kiosk.tap("lane_bpjs");
    REQUIRE(kiosk.wait_screen("service"));
    kiosk.tap("service", "A");
    REQUIRE(kiosk.wait_screen("printer_problem"));
    kiosk.screenshot("printer-paper-out");
    CHECK(issued_today(server.port(), "A") == 0);

    // Paper loaded, but it jams on the job itself: the status check passes, the print does not.
    printer.set_mode(FakePrinter::Mode::ok);
    printer.script({FakePrinter::Mode::ok, FakePrinter::Mode::cover_open});
    kiosk.tap("printer_retry");
    REQUIRE(kiosk.wait_screen("ticket", 10s, [](const Json& d) { return d.value("print_state", -1) == 3; }));
    kiosk.screenshot("ticket-print-failed");
    CHECK(printer.jobs().empty());
    CHECK(issued_today(server.port(), "A") == 1);
    kiosk.tap("reprint");
    REQUIRE(kiosk.wait_screen("ticket", 10s, [](const Json& d) { return d.value("print_state", -1) == 2; }));
    REQUIRE(printer.wait_for_jobs(1, 5s));
    CHECK(decode_escpos(printer.jobs()[0]).tickets.at(0).text().find("A001") != std::string::npos);
    CHECK(issued_today(server.port(), "A") == 1);
}

TEST_CASE("the server goes away: a calm message, automatic retries, one ticket when it is back") {
    const auto server_dir = anoman::testing::scratch_dir("kiosk-gui-server-dir");
    anoman::testing::ServerOptions options;
    options.dir = server_dir;
    auto server = std::make_unique<ServerProcess>(options);
    const auto port = server->port();
    FakePrinter printer;
    KioskProcess kiosk(anoman::testing::scratch_dir("kiosk-gui-server"), kiosk_args(port, printer));
    REQUIRE(kiosk.wait_ready());
    server->terminate();
    server->wait();
    server.reset();
    kiosk.tap("welcome");
    REQUIRE(kiosk.wait_screen("lane", 8s, [](const Json& d) { return !d.value("online", true); }));
    kiosk.screenshot("lane-offline");
    kiosk.tap("lane_umum");
    REQUIRE(kiosk.wait_screen("service"));
    kiosk.tap("service", "B");
    REQUIRE(kiosk.wait_screen("working", 10s, [](const Json& d) { return d.value("trouble", false); }));
    kiosk.screenshot("server-down");
    options.port = port;
    server = std::make_unique<ServerProcess>(options);
    REQUIRE(kiosk.wait_screen("ticket", 15s, [](const Json& d) { return d.value("print_state", -1) == 2; }));
    CHECK(issued_today(port, "B") == 1);
}

TEST_CASE("closed and full services are shown as such; the attendant's PIN leaves full screen") {
    auto config = demo_config_json();
    // A poli outside its practice hours right now, and one whose quota is taken.
    const int minute = HospitalClock("Asia/Jakarta").minute_of_day(HospitalClock::now());
    for (auto& service : config["services"]) {
        if (service["code"] == "PG") service["hours"] = minute < 720 ? "22:00-23:00" : "02:00-03:00";
        if (service["code"] == "PD") service["daily_quota"] = 1;
    }
    anoman::testing::ServerOptions options;
    options.config = config;
    ServerProcess server(options);
    {
        LineClient other(server.port());
        other.hello("kiosk", "kiosk-2", "demo-kiosk-2");
        REQUIRE(other.request({{"type", "ticket.issue"}, {"service", "PD"}, {"request_id", "kiosk-2:1"}}).at("ok") == true);
    }
    FakePrinter printer;
    KioskProcess kiosk(anoman::testing::scratch_dir("kiosk-gui-closed"), kiosk_args(server.port(), printer));
    REQUIRE(kiosk.wait_ready());
    kiosk.tap("welcome");
    REQUIRE(kiosk.wait_screen("lane"));
    kiosk.tap("lane_bpjs");
    REQUIRE(kiosk.wait_screen("service", 8s, [](const Json& d) { return d.value("services_fresh", false); }));
    kiosk.screenshot("service-closed-and-full");
    kiosk.tap("service", "PD");
    REQUIRE(kiosk.wait_screen("refused"));
    kiosk.screenshot("refused-quota");
    kiosk.tap("back");
    REQUIRE(kiosk.wait_screen("service"));
    kiosk.tap("service", "PG");
    REQUIRE(kiosk.wait_screen("refused"));
    kiosk.screenshot("refused-closed");
    CHECK(printer.jobs().empty());
    kiosk.tap("home");
    REQUIRE(kiosk.wait_screen("welcome"));

    // The attendant: a wrong PIN keeps full screen, the right one leaves it.
    kiosk.tap("attendant");
    REQUIRE(kiosk.wait_screen("attendant"));
    kiosk.type("1111", "pin_key");
    kiosk.tap("pin_ok");
    REQUIRE(kiosk.wait_screen("attendant", 3s, [](const Json& d) { return d.value("entry_length", 9u) == 0; }));
    kiosk.screenshot("attendant-wrong-pin");
    kiosk.type("4821", "pin_key");
    kiosk.tap("pin_ok");
    REQUIRE(kiosk.wait_screen("welcome", 5s, [](const Json& d) {
        return !d.value("fullscreen", true) && d.value("width", 0.0) < 1920;
    }));
    // (No screenshot here: the shell's screenshots fail after leaving full
    // screen with a hidden cursor, reported to the GUI shell's owner.)
    kiosk.tap("attendant");
    REQUIRE(kiosk.wait_screen("attendant"));
    // Out of full screen, the attendant's test print goes to the printer.
    kiosk.tap("test_print");
    REQUIRE(kiosk.wait_screen("attendant", 5s, [](const Json& d) { return d.value("test_print", 0) == 2; }));
    REQUIRE(printer.wait_for_jobs(1, 5s));
    CHECK(decode_escpos(printer.jobs().back()).tickets.at(0).text().find("UJI CETAK") != std::string::npos);
    kiosk.tap("fullscreen_on");
    REQUIRE(kiosk.wait_screen("welcome", 5s, [](const Json& d) { return d.value("width", 0.0) == 1920; }));
}

TEST_CASE("portrait: the same flow stacked for a tall screen") {
    ServerProcess server;
    FakePrinter printer;
    auto args = kiosk_args(server.port(), printer);
    args.erase(std::find(args.begin(), args.end(), "--fullscreen"));
    args.insert(args.end(), {"--windowed", "--portrait"});
    KioskProcess kiosk(anoman::testing::scratch_dir("kiosk-gui-portrait"), args);
    REQUIRE(kiosk.wait_ready(20s, [](const Json& d) { return d.value("height", 0.0) > d.value("width", 0.0); }));
    kiosk.screenshot("portrait-welcome");
    kiosk.tap("welcome");
    REQUIRE(kiosk.wait_screen("lane"));
    kiosk.screenshot("portrait-lane");
    kiosk.tap("lane_bpjs");
    REQUIRE(kiosk.wait_screen("service"));
    kiosk.screenshot("portrait-service");
    kiosk.tap("id_enter");
    REQUIRE(kiosk.wait_screen("keypad"));
    kiosk.screenshot("portrait-keypad");
    kiosk.tap("back");
    REQUIRE(kiosk.wait_screen("service"));
    kiosk.tap("service", "PU");
    REQUIRE(kiosk.wait_screen("ticket", 10s, [](const Json& d) { return d.value("print_state", -1) == 2; }));
    kiosk.screenshot("portrait-ticket");
    // Ctrl+C in a technician's terminal: a clean exit too.
    CHECK(kiosk.signal_and_wait(SIGINT) == 0);
    CHECK(kiosk.output().find("SIGINT received") != std::string::npos);
}
