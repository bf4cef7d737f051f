// The ticket kiosk: options, window, client, printer, loop. Everything it
// does lives in anoman_kiosk (model, controller, printing) and the view.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <GLFW/glfw3.h>
#include <spdlog/spdlog.h>

#include "anoman/client.hpp"
#include "anoman/gui/app_window.hpp"
#include "anoman/gui/window_cli.hpp"
#include "kiosk_controller.hpp"
#include "kiosk_options.hpp"
#include "test_print.hpp"
#include "view/kiosk_view.hpp"

using namespace anoman;
using namespace anoman::kiosk;

namespace {

// In full screen the window cannot be closed from the keyboard (Alt+F4): only
// the attendant's PIN leaves full screen, and then the window closes normally.
std::atomic<bool> g_block_close{true};
void on_close_request(GLFWwindow* window) {
    if (g_block_close.load()) glfwSetWindowShouldClose(window, GLFW_FALSE);
}

// What the screen shows, coarsely: a change means a frame must be drawn.
std::size_t signature(const KioskModel& model) {
    std::size_t value = static_cast<std::size_t>(model.screen());
    auto mix = [&](std::size_t part) { value = value * 31 + part; };
    mix(static_cast<std::size_t>(model.language()));
    mix(model.online());
    mix(model.services_fresh());
    mix(static_cast<std::size_t>(model.phase()));
    mix(model.trouble());
    mix(static_cast<std::size_t>(model.attempts()));
    mix(static_cast<std::size_t>(model.print_state()));
    mix(static_cast<std::size_t>(model.pin_problem()));
    mix(model.fullscreen());
    return value;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Si Anoman kiosk: patients take a queue number on a touchscreen and get a printed ticket"};
    KioskOptions options;
    gui::WindowOptions window_options;
    window_options.title = "Si Anoman - Kiosk";
    window_options.fullscreen = true;
    add_kiosk_options(app, options);
    gui::add_window_options(app, window_options);
    CLI11_PARSE(app, argc, argv);

    ConnectOptions connect;
    try {
        validate(options);
        if (options.test_print) return run_test_print(options);  // no window, no server, no token
        connect = resolve_connect_options(options.connect, proto::Role::kiosk);
    } catch (const std::invalid_argument& error) {
        std::fprintf(stderr, "kiosk: %s\n", error.what());
        return 2;
    }
    spdlog::set_level(spdlog::level::from_str(options.log_level));
    if (options.portrait && app.count("--size") == 0) {
        window_options.width = 608;
        window_options.height = 1080;
    }
    window_options.hide_cursor = window_options.fullscreen;  // a touchscreen has no pointer to show

    KioskSettings settings = settings_from(options);
    settings.fullscreen = window_options.fullscreen;
    g_block_close = settings.fullscreen;
    const PrinterSpec printer_spec = printer_spec_from(options);
    const std::filesystem::path state_dir = state_dir_from(options);
    std::error_code ignored;
    std::filesystem::create_directories(state_dir, ignored);
    spdlog::info("kiosk {} -> {}:{}, printer {} ({} mm), state in {}", connect.device, connect.host, connect.port,
                 printer_spec.text(), options.paper, state_dir.string());

    RunQueue ui;
    bool dirty = true;  // something arrived that the screen may show
    const std::string device = connect.device;
    KioskModel model(settings, [device] { return random_request_id(device); }, Clock::now());
    PendingStore pending(state_dir / "pending-ticket.json");
    std::unique_ptr<PrinterWorker> printer;
    if (auto made = make_printer(printer_spec)) printer = std::make_unique<PrinterWorker>(std::move(made));

    std::unique_ptr<gui::AppWindow> window;
    try {
        window = std::make_unique<gui::AppWindow>(window_options);
    } catch (const std::exception& error) {
        spdlog::error("{}", error.what());
        return 1;
    }
    glfwSetWindowCloseCallback(window->window(), on_close_request);

    std::unique_ptr<Client> client;
    KioskController::Hooks hooks;
    hooks.request = [&client](proto::Json request, KioskController::ReplyHandler handler) {
        client->request(std::move(request), std::move(handler));
    };
    hooks.printer = printer.get();
    hooks.pending = &pending;
    hooks.set_fullscreen = [&window](bool on) {
        g_block_close = on;
        window->set_fullscreen(on);
    };
    hooks.paper = paper_from(options);
    hooks.changed = [&dirty] { dirty = true; };
    KioskController controller(model, ui, hooks);

    Client::Settings client_settings;
    client_settings.connect = connect;
    ClientCallbacks callbacks;
    callbacks.on_link = [&](LinkState state, const std::string& detail) {
        if (state != LinkState::online) spdlog::warn("server link: {}", detail);
        ui.post([&, state] {
            model.on_link(state == LinkState::online);
            controller.pump();
            dirty = true;
        });
    };
    callbacks.on_welcome = [&](const proto::Welcome& welcome) {
        ui.post([&, welcome] {
            model.on_welcome(welcome);
            dirty = true;
        });
    };
    client = std::make_unique<Client>(client_settings, callbacks);
    controller.resume_pending();
    client->start();

    view::KioskView view(*window);
    std::string last_dump;
    auto dump_layout = [&] {
        if (options.layout_dump.empty()) return;
        std::string text = layout_json(model, view.layout()).dump();
        if (text == last_dump) return;
        const std::string temporary = options.layout_dump + ".tmp";
        std::ofstream(temporary) << text << "\n";
        std::rename(temporary.c_str(), options.layout_dump.c_str());  // readers never see half a file
        last_dump = std::move(text);
    };
    window->run(
        ui,
        [&] {
            model.tick(Clock::now());
            view.draw(model);
            controller.pump();
            dirty = false;
            dump_layout();
        },
        [&] {
            if (view.animating(model)) return 0.25;
            const double until = std::chrono::duration<double>(model.next_deadline() - Clock::now()).count();
            return std::clamp(until, 0.05, 60.0);
        },
        [&] {
            const std::size_t before = signature(model);
            model.tick(Clock::now());
            controller.pump();
            return dirty || view.animating(model) || signature(model) != before;
        });

    // The window closed (the attendant), or SIGTERM/SIGINT (app_window.hpp).
    client->stop();
    printer.reset();  // finishes a job in flight before the controller goes
    spdlog::info("kiosk closed");
    return 0;
}
