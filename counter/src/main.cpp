// counter: the clerk console at a loket. Thin: options, window, client, loop.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <spdlog/spdlog.h>

#include "anoman/connect_options.hpp"
#include "anoman/counter/counter_session.hpp"
#include "anoman/counter/counter_view.hpp"
#include "anoman/counter/keyboard.hpp"
#include "anoman/gui/app_window.hpp"
#include "anoman/gui/redraw_gate.hpp"
#include "anoman/gui/window_cli.hpp"

using namespace anoman;

namespace {

counter::ViewFonts fonts_of(const gui::AppWindow& window) {
    counter::ViewFonts fonts;
    fonts.small = window.font(gui::FontSize::small);
    fonts.normal = window.font(gui::FontSize::normal);
    fonts.large = window.font(gui::FontSize::large);
    fonts.huge = window.font(gui::FontSize::huge);
    fonts.giant = window.bold(gui::FontSize::giant);
    fonts.bold_small = window.bold(gui::FontSize::small);
    fonts.bold_normal = window.bold(gui::FontSize::normal);
    fonts.bold_large = window.bold(gui::FontSize::large);
    fonts.scale = window.scale();
    return fonts;
}

const char* link_name(LinkState state) {
    switch (state) {
    case LinkState::connecting: return "connecting";
    case LinkState::online: return "online";
    case LinkState::refused: return "refused";
    }
    return "?";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Si Anoman clerk console: call, recall, skip, finish and transfer patients at one counter (loket).\n"
                 "Keys: F1 call next, F2 call again, F3 no-show, F4 finish, F5 transfer, F6 open/close,\n"
                 "F7 call the selected ticket, F8 requeue a no-show, arrows select, F12 language.\n"
                 "A USB barcode scanner (or typing a number such as A012, then Enter) selects a ticket.\n"
                 "F9 links a BPJS booking code to the patient now called: scan or type the code, then F9\n"
                 "(or F9 first, then scan)."};
    ConnectArgs connect_args;
    add_connect_options(app, connect_args);
    gui::WindowOptions window_options;
    window_options.title = "Si Anoman - Konsol Petugas Loket";
    gui::add_window_options(app, window_options);
    std::string language = "id";
    app.add_option("--lang", language, "screen language: id (Bahasa Indonesia) or en")
        ->check(CLI::IsMember({"id", "en"}))
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    ConnectOptions connect;
    try {
        connect = resolve_connect_options(connect_args, proto::Role::counter);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "counter: %s\n", error.what());
        return 2;
    }

    std::unique_ptr<gui::AppWindow> window;
    try {
        window = std::make_unique<gui::AppWindow>(window_options);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "counter: %s\n", error.what());
        return 1;
    }
    // Our keys are the console's keys: ImGui's keyboard navigation would
    // fight them (Enter on a focused button, arrows moving focus).
    ImGui::GetIO().ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;

    RunQueue queue;
    counter::CounterModel model;
    model.set_english(language == "en");
    counter::CounterView view;
    counter::Keyboard keyboard(window->window());
    counter::CounterSession session(connect, model, queue);
    spdlog::info("counter console: device {} at {}:{}", connect.device, connect.host, connect.port);
    session.start();

    // What changed since the last frame, for the log and the window title.
    LinkState logged_link = LinkState::connecting;
    SysMillis logged_notice{};
    std::string titled_counter;
    // What the screen shows moves with the model's revision and, by itself,
    // with time: a called patient's clock every whole second (call times are
    // whole seconds), else the clock and waiting minutes, checked every 2 s.
    const auto time_step = [&]() -> std::uint64_t {
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                                 HospitalClock::now().time_since_epoch()).count();
        return static_cast<std::uint64_t>(seconds / (model.current() ? 1 : 2));
    };
    gui::RedrawGate gate({[&] { return model.revision(); }, time_step});
    const auto draw = [&] {
        // Before drawing: a change the frame itself makes (a click) calls for the next one.
        gate.drawn();
        const SysMillis now = HospitalClock::now();
        keyboard.deliver(model, now);
        view.draw(model, fonts_of(*window), now);
        session.pump();

        if (model.link() != logged_link) {
            logged_link = model.link();
            spdlog::info("link {}: {}", link_name(logged_link), model.link_detail());
        }
        if (model.notice() && model.notice()->at != logged_notice) {
            logged_notice = model.notice()->at;
            spdlog::info("notice {}: {}", model.notice()->key, view.text().render(*model.notice(), Language::id));
        }
        if (model.counter_name() != titled_counter) {
            titled_counter = model.counter_name();
            // The clerk's taskbar says which counter this window is.
            glfwSetWindowTitle(window->window(), (titled_counter + " - Si Anoman").c_str());
        }
    };
    // Wake when something on screen can change by itself (time_step above).
    // Server news and keys wake the loop at once anyway.
    const auto timeout = [&] {
        if (!model.current()) return 2.0;
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            HospitalClock::now().time_since_epoch()).count() % 1000;
        return (1000.0 - static_cast<double>(ms)) / 1000.0 + 0.01;
    };
    // Returns when the clerk closes the window, or on SIGTERM/SIGINT (systemd,
    // logout, Ctrl+C: app_window.hpp); the client then stops cleanly, exit 0.
    gui::FrameHooks hooks;
    hooks.after_drain = [&] { session.deliver_heartbeat(); };
    hooks.draw = draw;
    hooks.next_timeout_s = timeout;
    hooks.needs_redraw = [&] { return gate.changed(); };
    window->run(queue, hooks);
    spdlog::info("counter console closed");
    return 0;
}
