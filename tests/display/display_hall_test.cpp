// The display end to end, under xvfb-run: the real queue-server, the real
// display window, calls made with queuectl. It checks what a person in the
// hall would notice: the screen changes when a number is called, the WAV
// holds speech, the reconnecting state appears when the server is stopped or
// killed (never the old numbers), and the hall comes back when it returns.
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "display_process.hpp"
#include "test_support.hpp"

using namespace anoman::testing;
using namespace anoman::display::testing;
namespace fs = std::filesystem;

namespace {

// Colours of the hall screen (display/src/view/palette.hpp).
constexpr unsigned kOfflineRed = 0xB71C1C;
constexpr unsigned kAmber = 0xFFB300;

// The reconnecting band spans the middle of the screen, edge to edge.
bool shows_reconnecting(const Image& shot) { return colour_share(shot, 0.0f, 0.45f, 1.0f, 0.55f, kOfflineRed) > 0.5; }
// The newest call's panel (upper left) is amber once its blink is over.
bool shows_highlighted_call(const Image& shot) { return colour_share(shot, 0.02f, 0.15f, 0.62f, 0.45f, kAmber) > 0.3; }

Image shot_of(DisplayProcess& display) {
    const fs::path path = display.screenshot();
    REQUIRE_MESSAGE(!path.empty(), "no screenshot; display log:\n" << display.log());
    return read_png(path);
}

// Waits for a screenshot that satisfies want; returns it (or the last one taken).
Image wait_for_screen(DisplayProcess& display, const std::function<bool(const Image&)>& want,
                      std::chrono::milliseconds timeout) {
    Image last;
    eventually(
        [&] {
            last = shot_of(display);
            return want(last);
        },
        timeout, 300ms);
    return last;
}

void queuectl(const ServerProcess& server, std::vector<std::string> args) {
    std::vector<std::string> argv{program("queuectl").string(), "--server", server.address()};
    argv.insert(argv.end(), args.begin(), args.end());
    const RunResult result = run_program(argv);
    REQUIRE_MESSAGE(result.status == 0, "queuectl failed: " << result.output);
}

// Waits until the WAV stops growing (every queued announcement spoken).
WavStat wait_for_quiet(const fs::path& wav, double at_least_s) {
    WavStat previous{-1, 0};
    WavStat now = sox_stat(wav);
    eventually(
        [&] {
            if (now.seconds >= at_least_s && now.seconds == previous.seconds) return true;
            previous = std::exchange(now, sox_stat(wav));
            return false;
        },
        60s, 1500ms);
    return now;
}

// How many announcements the display has begun ("voice: \"...\"" in its log).
int spoken(const DisplayProcess& display) {
    const std::string log = display.log();
    int count = 0;
    for (auto at = log.find("voice: \""); at != std::string::npos; at = log.find("voice: \"", at + 1)) ++count;
    return count;
}

}  // namespace

TEST_CASE("the hall shows and speaks calls, and shows no stale numbers while the server is away") {
    const fs::path dir = scratch_dir("display-hall");
    std::optional<ServerProcess> server(std::in_place);
    const fs::path server_dir = server->dir();
    const std::uint16_t port = server->port();
    const fs::path wav = dir / "hall.wav";
    DisplayProcess display(dir, {"--server", server->address(), "--fullscreen", "--audio-out", wav.string()});

    // Connected: the hall, and no call yet.
    Image empty_hall = wait_for_screen(display, [](const Image& s) { return !s.empty() && !shows_reconnecting(s); }, 20s);
    REQUIRE_MESSAGE(!shows_reconnecting(empty_hall), display.log());
    CHECK(empty_hall.width == 1920);
    CHECK_FALSE(shows_highlighted_call(empty_hall));
    CHECK(sox_stat(wav).seconds == 0.0);

    // A call: the newest-call panel lights up and the hall hears it.
    for (int i = 0; i < 4; ++i) queuectl(*server, {"issue", "A"});
    queuectl(*server, {"issue", "B"});
    queuectl(*server, {"call", "--counter", "L1"});
    Image called = wait_for_screen(display, shows_highlighted_call, 15s);
    CHECK(shows_highlighted_call(called));
    CHECK(difference(empty_hall, called) > 0.05);
    WavStat one = wait_for_quiet(wav, 2.5);
    CHECK(one.seconds > 2.5);  // chime + "Nomor antrian, A, satu, silakan menuju Loket satu"
    CHECK(one.seconds < 12.0);
    CHECK(one.max_amplitude > 0.3);

    // A burst of calls: each is spoken, one after another.
    queuectl(*server, {"call", "--counter", "L2"});
    queuectl(*server, {"call", "--counter", "L3"});
    queuectl(*server, {"recall", "--counter", "L1"});
    WavStat four = wait_for_quiet(wav, one.seconds * 3.5);
    CHECK(four.seconds > one.seconds * 3.5);
    CHECK(four.max_amplitude > 0.3);
    Image burst = shot_of(display);
    CHECK(difference(called, burst) > 0.01);

    SUBCASE("a silent server: reconnecting after 6 s, the hall again when it answers") {
        REQUIRE(::kill(server->pid(), SIGSTOP) == 0);
        const auto stopped_at = std::chrono::steady_clock::now();
        Image silent = wait_for_screen(display, shows_reconnecting, 15s);
        CHECK(shows_reconnecting(silent));
        CHECK_FALSE(shows_highlighted_call(silent));
        // Not before the 6 s of silence PROTOCOL.md allows.
        CHECK(std::chrono::steady_clock::now() - stopped_at > 5s);
        REQUIRE(::kill(server->pid(), SIGCONT) == 0);
        Image back = wait_for_screen(display, [](const Image& s) { return !s.empty() && !shows_reconnecting(s); }, 20s);
        CHECK_FALSE(shows_reconnecting(back));
        CHECK(shows_highlighted_call(back));
    }

    SUBCASE("a killed server: reconnecting at once, the same hall after its restart") {
        server->kill9();
        Image offline = wait_for_screen(display, shows_reconnecting, 10s);
        CHECK(shows_reconnecting(offline));
        CHECK_FALSE(shows_highlighted_call(offline));

        ServerOptions again;
        again.dir = server_dir;
        again.port = port;
        server.emplace(again);
        Image back = wait_for_screen(display, [](const Image& s) { return !s.empty() && !shows_reconnecting(s); }, 20s);
        CHECK_FALSE(shows_reconnecting(back));
        // Rebuilt from the snapshot: the last call is still there. The WAV is
        // written faster than speech, so the server may be back within the
        // 3.2 s the newest call blinks after it arrived: wait for a lit phase.
        back = wait_for_screen(display, shows_highlighted_call, 10s);
        CHECK(shows_highlighted_call(back));
        // Nothing new was called: the reconnect speaks nothing again.
        CHECK(sox_stat(wav).seconds == doctest::Approx(four.seconds));
        queuectl(*server, {"call", "--counter", "L4"});
        CHECK(wait_for_quiet(wav, four.seconds + 2.5).seconds > four.seconds + 2.5);
    }
    CHECK(display.running());
}

TEST_CASE("a display for some counters shows and speaks only theirs") {
    const fs::path dir = scratch_dir("display-subset");
    ServerProcess server;
    const fs::path wav = dir / "hall.wav";
    DisplayProcess display(dir, {"--server", server.address(), "--windowed", "--size", "1280x720", "--counters",
                                 "L3,L2", "--lang", "en", "--audio-out", wav.string()});
    Image hall = wait_for_screen(display, [](const Image& s) { return !s.empty() && !shows_reconnecting(s); }, 20s);
    REQUIRE_MESSAGE(!shows_reconnecting(hall), display.log());
    CHECK(hall.width == 1280);

    queuectl(server, {"issue", "A"});
    queuectl(server, {"issue", "A"});
    queuectl(server, {"call", "--counter", "L1"});  // another display's counter
    CHECK(sox_stat(wav).seconds == 0.0);
    CHECK_FALSE(shows_highlighted_call(shot_of(display)));

    // Events arrive in order: once L2's call is spoken, L1's was seen before it, and left unspoken.
    queuectl(server, {"call", "--counter", "L2"});
    CHECK(wait_for_quiet(wav, 2.5).seconds > 2.5);
    CHECK(wait_for_screen(display, shows_highlighted_call, 10s).width == 1280);
    CHECK(spoken(display) == 1);
    CHECK(display.log().find("Loket dua") != std::string::npos);
}

// The WAV's RIFF and data sizes (little-endian) and the file's own size.
struct WavSizes {
    std::uint32_t riff = 0;
    std::uint32_t data = 0;
    std::uintmax_t file = 0;
};
WavSizes wav_sizes(const fs::path& wav) {
    const std::string bytes = read_file(wav);
    WavSizes sizes;
    sizes.file = bytes.size();
    auto le32 = [&](std::size_t at) {
        std::uint32_t value = 0;
        for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
        return value;
    };
    if (bytes.size() >= 44) {
        sizes.riff = le32(4);
        sizes.data = le32(40);
    }
    return sizes;
}

TEST_CASE("SIGTERM: the display exits 0 and its WAV is whole, with the call it was speaking") {
    const fs::path dir = scratch_dir("display-sigterm");
    ServerProcess server;
    const fs::path wav = dir / "hall.wav";
    DisplayProcess display(dir, {"--server", server.address(), "--windowed", "--size", "960x540", "--audio-out",
                                 wav.string()});
    REQUIRE_MESSAGE(eventually([&] { return display.log().find("link: online") != std::string::npos; }, 20s),
                    display.log());
    queuectl(server, {"issue", "A"});
    queuectl(server, {"issue", "A"});
    queuectl(server, {"call", "--counter", "L1"});
    queuectl(server, {"call", "--counter", "L2"});
    // Stopped while the voice is at work: systemd's stop, or a shutdown.
    REQUIRE_MESSAGE(eventually([&] { return spoken(display) >= 1; }, 20s), display.log());
    CHECK(display.signal_and_wait(SIGTERM) == 0);  // not 128 + 15: killed by the signal
    const std::string log = display.log();
    CHECK(log.find("SIGTERM received") != std::string::npos);
    CHECK(log.find("display closed") != std::string::npos);

    // Complete: the header's sizes agree with the file, every call handed to the voice is in it.
    const WavSizes sizes = wav_sizes(wav);
    CHECK(sizes.file == 44 + sizes.data);
    CHECK(sizes.riff == 36 + sizes.data);
    const RunResult info = run_program({"sox", "--i", "-D", wav.string()});
    REQUIRE_MESSAGE(info.status == 0, info.output);
    const int calls = spoken(display);
    CHECK(calls >= 1);
    CHECK(std::atof(info.output.c_str()) > 2.5 * calls);  // chime + a whole sentence per call
    CHECK(sox_stat(wav).max_amplitude > 0.3);
    MESSAGE(calls << " call(s) in " << info.output);
}

TEST_CASE("the attendant key F9 speaks a test announcement on the running display") {
    const fs::path dir = scratch_dir("display-f9");
    ServerProcess server;
    const fs::path wav = dir / "hall.wav";
    DisplayProcess display(dir, {"--server", server.address(), "--fullscreen", "--audio-out", wav.string()});
    Image hall = wait_for_screen(display, [](const Image& s) { return !s.empty() && !shows_reconnecting(s); }, 20s);
    REQUIRE_MESSAGE(!shows_reconnecting(hall), display.log());
    CHECK(sox_stat(wav).seconds == 0.0);  // no call, no sound

    // A real key press (XTEST) on the focused display window, as from a keyboard plugged into the hall PC.
    const RunResult found = run_program({"xdotool", "search", "--sync", "--pid", std::to_string(display.pid())}, 10s);
    std::string window = found.output.substr(0, found.output.find('\n'));
    REQUIRE_MESSAGE(!window.empty(), found.output);
    run_program({"xdotool", "windowfocus", "--sync", window}, 5s);
    run_program({"xdotool", "key", "F9"}, 5s);
    const WavStat spoken = wait_for_quiet(wav, 2.5);
    CHECK(spoken.seconds > 2.5);  // chime + "Uji suara. Nomor antrian, A, satu, ..."
    CHECK(spoken.max_amplitude > 0.3);
    CHECK(display.log().find("test announcement (F9)") != std::string::npos);
}
