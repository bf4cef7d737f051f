// The kiosk program as a child process under xvfb-run, driven like a finger
// on the touchscreen (xdotool clicks on the targets --layout-dump names) and
// like a barcode scanner (keystrokes then Return). Shared by the GUI tests.
#pragma once

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <functional>

#include <doctest/doctest.h>

#include "fake_printer.hpp"
#include "test_support.hpp"

namespace anoman::kiosk::testing {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using anoman::testing::Json;
using anoman::testing::read_file;

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

    // A USB barcode scanner: the keyboard focus on the kiosk, the characters, then Return.
    void scan(const std::string& text) {
        const std::string window = window_id();
        auto focus = anoman::testing::run_program({"xdotool", "windowfocus", "--sync", window}, 10s);
        REQUIRE_MESSAGE(focus.status == 0, focus.output);
        auto typed = anoman::testing::run_program({"xdotool", "type", "--delay", "30", text}, 20s);
        REQUIRE_MESSAGE(typed.status == 0, typed.output);
        auto enter = anoman::testing::run_program({"xdotool", "key", "Return"}, 10s);
        REQUIRE_MESSAGE(enter.status == 0, enter.output);
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


inline std::vector<std::string> kiosk_args(std::uint16_t server_port, const FakePrinter& printer) {
    return {"--server", "127.0.0.1:" + std::to_string(server_port), "--printer", printer.spec(), "--pin", "4821",
            "--fullscreen", "--idle-timeout", "10", "--ticket-timeout", "4"};
}


}  // namespace anoman::kiosk::testing
