#include "display_app.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <spdlog/spdlog.h>

#include "anoman/client.hpp"
#include "anoman/gui/client_link.hpp"
#include "anoman/gui/redraw_gate.hpp"
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

// What the whole screen shows besides the model's revision: what time
// makes change (the blink, the silence limit, the ticker's end, the clock's
// minute). Equal states draw equal frames; the running text's position is
// left out: it moves in its own band (band_due below).
std::uint64_t time_revision(const HallModel& model, const ClockText& clock, Instant at) {
    std::uint64_t state = static_cast<std::uint64_t>(model.status(at));
    if (auto highlight = model.highlight(at)) state |= (highlight->blinking ? 8u : 0u) | (highlight->lit ? 16u : 0u);
    if (model.ticker(at)) state |= 32u;
    const std::uint64_t minute = std::hash<std::string>{}(clock.date + clock.time);
    return state ^ (minute << 6);
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
    gui::LinkHandlers handlers;
    handlers.on_link = [&](LinkState state, const std::string& detail, Instant at) {
        spdlog::info("link: {} {}", state == LinkState::online ? "online" : "offline", detail);
        model.link_changed(state, detail, at);
    };
    handlers.on_welcome = [&](const proto::Welcome& welcome, Instant at) { model.welcome(welcome, at); };
    handlers.on_snapshot = [&](const proto::Snapshot& snapshot, Instant at) {
        for (const auto& call : model.snapshot(snapshot, at)) speak(call);
    };
    handlers.on_event = [&](const proto::Event& event, Instant at) {
        if (auto call = model.event(event, at)) speak(*call);
    };
    handlers.on_heartbeat = [&](const proto::Heartbeat& heartbeat, Instant at) { model.heartbeat(heartbeat, at); };
    // Heartbeats do not wake the loop; the newest is handed over before each
    // decision (after_drain), and the loop wakes by itself at the silence limit.
    gui::ClientLink link(queue, std::move(handlers), gui::HeartbeatWake::no);

    Client::Settings settings;
    settings.connect = connect;
    settings.subscribe = true;
    Client client(settings, link.callbacks());
    spdlog::info("display {} connecting to {}:{}", connect.device, connect.host, connect.port);
    client.start();

    WallClock wall_clock;
    ClockText clock;
    Instant frame_at = now();
    std::optional<Instant> clock_read_at;
    // The clock's words at most once a second (it shows minutes): formatting
    // local time is not free at the ticker's 30 frames a second.
    const auto read_clock = [&] {
        frame_at = now();
        if (clock_read_at && frame_at - *clock_read_at < std::chrono::seconds(1)) return;
        clock = wall_clock.read(model.timezone(), options.language);
        clock_read_at = frame_at;
    };
    gui::RedrawGate gate({[&] { return model.revision(); }, [&] { return time_revision(model, clock, frame_at); }});
    std::optional<double> ticker_drawn_s;  // the running text's position on screen

    gui::FrameHooks hooks;
    hooks.after_drain = [&] {
        link.deliver_heartbeat();
        read_clock();
    };
    hooks.draw = [&] {
        // The attendant's key: a test announcement (INSTALL.md, "Sound on the hall PC").
        // (ImGui 1.86 with the GLFW backend: keys are indexed by GLFW key codes.)
        if (voice && ImGui::IsKeyPressed(GLFW_KEY_F9, false)) {
            spdlog::info("voice: test announcement (F9)");
            voice->announce(test_announcement_text());
        }
        gate.drawn();
        const HallViewContext view{window, strings, options.language, frame_at, clock};
        draw_hall_screen(model, view);
        const auto ticker = model.ticker(frame_at);
        ticker_drawn_s = ticker ? std::optional<double>(ticker->elapsed_s) : std::nullopt;
    };
    // Sleep until the model's next change or the clock's next minute.
    hooks.next_timeout_s = [&] {
        return std::min(model.seconds_until_change(now()), static_cast<double>(clock.seconds_to_next_minute));
    };
    // Redraw the whole screen only when what it shows would differ (a heartbeat changes nothing).
    hooks.needs_redraw = [&] { return gate.changed(); };
    // The running text moves: only its strip is drawn and presented, at the
    // model's ticker frame rate (kTickerFrameSeconds).
    hooks.band_due = [&]() -> std::optional<gui::Band> {
        if (!model.live(frame_at)) return std::nullopt;
        const auto ticker = model.ticker(frame_at);
        if (!ticker || (ticker_drawn_s && *ticker_drawn_s == ticker->elapsed_s)) return std::nullopt;
        int width = 0, height = 0;
        glfwGetFramebufferSize(window.window(), &width, &height);
        const ImVec2 size = ImGui::GetIO().DisplaySize;
        const float to_pixels = size.y > 0 ? static_cast<float>(height) / size.y : 1.0f;
        const HallViewContext view{window, strings, options.language, frame_at, clock};
        const Box band = ticker_text_band(view, size);
        const auto pixel = [to_pixels](float at) { return static_cast<int>(std::lround(at * to_pixels)); };
        return gui::Band{pixel(band.x), pixel(band.y), pixel(band.x + band.w) - pixel(band.x),
                         pixel(band.y + band.h) - pixel(band.y)};
    };
    hooks.draw_band = [&] {
        const HallViewContext view{window, strings, options.language, frame_at, clock};
        draw_ticker_band(model, view);
        if (const auto ticker = model.ticker(frame_at)) ticker_drawn_s = ticker->elapsed_s;
    };
    window.run(queue, hooks);
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
