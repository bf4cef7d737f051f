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
#include "anoman/gui/client_link.hpp"
#include "anoman/gui/redraw_gate.hpp"
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
    KioskController controller(model, ui, hooks);

    Client::Settings client_settings;
    client_settings.connect = connect;
    gui::LinkHandlers handlers;
    handlers.on_link = [&](LinkState state, const std::string& detail, gui::Arrival) {
        if (state != LinkState::online) spdlog::warn("server link: {}", detail);
        model.on_link(state == LinkState::online);
    };
    handlers.on_welcome = [&](const proto::Welcome& welcome, gui::Arrival) { model.on_welcome(welcome); };
    handlers.after = [&] { controller.pump(); };
    gui::ClientLink link(ui, std::move(handlers));
    client = std::make_unique<Client>(client_settings, link.callbacks());
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
    // A frame when the model moved (its revision), when the services list
    // turns stale by itself, or while the view animates; input and expose
    // draw anyway (app_window.hpp).
    gui::RedrawGate gate({[&] { return model.revision(); },
                          [&]() -> std::uint64_t { return model.services_fresh() ? 1 : 0; }});
    gui::FrameHooks frame;
    frame.after_drain = [&] {
        model.tick(Clock::now());
        controller.pump();
    };
    frame.draw = [&] {
        gate.drawn();
        view.draw(model);
        controller.pump();
        dump_layout();
    };
    frame.next_timeout_s = [&] {
        if (view.animating(model)) return 0.25;
        const double until = std::chrono::duration<double>(model.next_deadline() - Clock::now()).count();
        return std::clamp(until, 0.05, 60.0);
    };
    frame.needs_redraw = [&] { return gate.changed() || view.animating(model); };
    window->run(ui, frame);

    // The window closed (the attendant), or SIGTERM/SIGINT (app_window.hpp).
    client->stop();
    printer.reset();  // finishes a job in flight before the controller goes
    spdlog::info("kiosk closed");
    return 0;
}
