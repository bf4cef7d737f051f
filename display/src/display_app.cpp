#include "display_app.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <spdlog/spdlog.h>

#include "anoman/client.hpp"
#include "anoman/hospital_clock.hpp"
#include "anoman/run_queue.hpp"
#include "announcement_text.hpp"
#include "hall_model.hpp"
#include "hall_voice.hpp"
#include "test_announce.hpp"
#include "view/hall_screen.hpp"

extern const char display_lang_id[];
extern const char display_lang_en[];

namespace anoman::display {
namespace {

Instant now() { return std::chrono::steady_clock::now(); }

// The hall clock follows the hospital's timezone from the welcome.
class WallClock {
public:
    ClockText read(const std::string& timezone_name, Language language) {
        if (!clock_ || clock_->timezone_name() != timezone_name) {
            try {
                clock_.emplace(timezone_name.empty() ? "Asia/Jakarta" : timezone_name);
            } catch (const std::exception& error) {
                spdlog::warn("clock: {}; using Asia/Jakarta", error.what());
                clock_.emplace("Asia/Jakarta");
            }
        }
        return clock_text(clock_->iso_local(HospitalClock::now()), clock_->timezone_name(), language);
    }

private:
    std::optional<HospitalClock> clock_;
};

// Everything that decides what the screen shows; equal states draw equal frames.
struct ScreenState {
    std::uint64_t revision = 0;
    HallStatus status = HallStatus::connecting;
    bool blinking = false;
    bool lit = false;
    double ticker_s = -1;  // a scrolling ticker changes every instant
    std::string time;
    std::string date;
    bool operator==(const ScreenState&) const = default;
};

ScreenState screen_state(const HallModel& model, const ClockText& clock, Instant at) {
    ScreenState state{model.revision(), model.status(at), false, false, -1, clock.time, clock.date};
    if (auto highlight = model.highlight(at)) {
        state.blinking = highlight->blinking;
        state.lit = highlight->lit;
    }
    if (auto ticker = model.ticker(at); ticker && state.status == HallStatus::live) state.ticker_s = ticker->elapsed_s;
    return state;
}

}  // namespace

int run_display(const DisplayOptions& options) {
    const Catalog strings(display_lang_id, display_lang_en);
    ConnectOptions connect;
    try {
        connect = resolve_connect_options(options.connect, proto::Role::display);
    } catch (const std::exception& error) {
        spdlog::error("{}", error.what());
        return 2;
    }

    std::unique_ptr<Announcer> voice;
    try {
        voice = make_hall_voice(options.no_audio, options.audio_out);
    } catch (const std::exception& error) {
        spdlog::error("voice: {}", error.what());
        return 2;
    }
    auto speak = [&voice](const CallToAnnounce& call) {
        // Indonesian whatever the screen language: the hall's patients hear one language.
        if (voice) voice->announce(announcement_text(call.number, call.counter_name));
    };

    gui::WindowOptions window_options = options.window;
    window_options.title = strings.get("window.title", options.language);
    gui::AppWindow window(window_options);

    HallModel model(options.counters);
    RunQueue queue;
    ClientCallbacks callbacks;
    // Client callbacks run on its thread: stamp the arrival there, apply on the UI thread.
    callbacks.on_link = [&](LinkState state, const std::string& detail) {
        const Instant at = now();
        queue.post([&, state, detail, at] {
            spdlog::info("link: {} {}", state == LinkState::online ? "online" : "offline", detail);
            model.link_changed(state, detail, at);
        });
    };
    callbacks.on_welcome = [&](const proto::Welcome& welcome) {
        const Instant at = now();
        queue.post([&, welcome, at] { model.welcome(welcome, at); });
    };
    callbacks.on_snapshot = [&](const proto::Snapshot& snapshot) {
        const Instant at = now();
        queue.post([&, snapshot, at] {
            for (const auto& call : model.snapshot(snapshot, at)) speak(call);
        });
    };
    callbacks.on_event = [&](const proto::Event& event) {
        const Instant at = now();
        queue.post([&, event, at] {
            if (auto call = model.event(event, at)) speak(*call);
        });
    };
    callbacks.on_heartbeat = [&](const proto::Heartbeat& heartbeat) {
        const Instant at = now();
        queue.post([&, heartbeat, at] { model.heartbeat(heartbeat, at); });
    };

    Client::Settings settings;
    settings.connect = connect;
    settings.subscribe = true;
    Client client(settings, callbacks);
    spdlog::info("display {} connecting to {}:{}", connect.device, connect.host, connect.port);
    client.start();

    WallClock wall_clock;
    ClockText clock;
    std::optional<ScreenState> drawn;
    window.run(
        queue,
        [&] {
            // The attendant's key: a test announcement (INSTALL.md, "Sound on the hall PC").
            // (ImGui 1.86 with the GLFW backend: keys are indexed by GLFW key codes.)
            if (voice && ImGui::IsKeyPressed(GLFW_KEY_F9, false)) {
                spdlog::info("voice: test announcement (F9)");
                voice->announce(test_announcement_text());
            }
            const Instant at = now();
            clock = wall_clock.read(model.timezone(), options.language);
            const HallViewContext view{window, strings, options.language, at, clock};
            draw_hall_screen(model, view);
            drawn = screen_state(model, clock, at);
        },
        [&] {
            // Sleep until the model's next change or the clock's next minute.
            return std::min(model.seconds_until_change(now()), static_cast<double>(clock.seconds_to_next_minute));
        },
        [&] {
            // Redraw only when what the screen shows would differ (a heartbeat changes nothing).
            const Instant at = now();
            return !drawn || *drawn != screen_state(model, wall_clock.read(model.timezone(), options.language), at);
        });
    // The window closed, or SIGTERM/SIGINT arrived (app_window.hpp): calls the
    // client already handed over are still applied, and a WAV (--audio-out)
    // gets every one of them before the file is closed. A sound card only
    // finishes the call it is speaking (~Announcer): the hall is being shut.
    client.stop();
    queue.drain();
    if (voice && !options.audio_out.empty()) voice->wait_idle();
    spdlog::info("display closed");
    return 0;
}

}  // namespace anoman::display
