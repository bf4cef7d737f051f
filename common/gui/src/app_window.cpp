#include "anoman/gui/app_window.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <spdlog/spdlog.h>

#include "font_set.hpp"
#include "screenshot.hpp"
#include "signal_wake.hpp"
#include "sub_buffer.hpp"

namespace anoman::gui {
namespace {

void on_glfw_error(int code, const char* description) { spdlog::error("GLFW error {}: {}", code, description); }

// Input seen since the last frame: ImGui needs a frame or two after an
// event to settle (press, then release, then the hover state).
std::atomic<bool> g_input_seen{false};
void mark_input() { g_input_seen.store(true); }
void on_cursor(GLFWwindow*, double, double) { mark_input(); }
void on_button(GLFWwindow*, int, int, int) { mark_input(); }
void on_scroll(GLFWwindow*, double, double) { mark_input(); }
std::atomic<int> g_enter_presses{0};
void on_key(GLFWwindow*, int key, int, int action, int) {
    if (action == GLFW_PRESS && (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER)) g_enter_presses.fetch_add(1);
    mark_input();
}
void on_char(GLFWwindow*, unsigned int) { mark_input(); }
// The window was exposed or resized: its content must be drawn again.
void on_refresh(GLFWwindow*) { mark_input(); }

constexpr double kMaxWaitSeconds = 3600.0;
constexpr int kFramesAfterInput = 2;

}  // namespace

AppWindow::AppWindow(WindowOptions options) : options_(std::move(options)) {
    // Mesa's software rasteriser (llvmpipe: a hall PC without a GPU driver)
    // splits every frame over one thread per core and hands off between them
    // each frame. For our frames (a strip of running text 30 times a second, a
    // whole screen when something changes) the handoffs cost more than the
    // parallel work saves: on 2 cores, scrolling took 5.4% of a core with the
    // threads and 3.5% without, a whole frame 86% and 56% (bench/README.md,
    // "Issue 16"). Rasterise on the drawing thread unless the installer says
    // otherwise; hardware drivers ignore the variable.
    ::setenv("LP_NUM_THREADS", "0", 0);
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) throw std::runtime_error("cannot open the display (glfwInit failed; is DISPLAY set?)");

    // GL 3.0 + GLSL 130, as Dear ImGui's example_glfw_opengl3 on Linux.
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    windowed_width_ = std::max(320, options_.width);
    windowed_height_ = std::max(240, options_.height);

    GLFWmonitor* monitor = options_.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (options_.fullscreen && !mode) spdlog::warn("no monitor found for full screen; opening a window");
    if (mode) {
        // The monitor's current mode makes a borderless "windowed full screen"
        // window: no mode switch on the TV.
        glfwWindowHint(GLFW_RED_BITS, mode->redBits);
        glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
        glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
        glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
        window_ = glfwCreateWindow(mode->width, mode->height, options_.title.c_str(), monitor, nullptr);
    } else {
        window_ = glfwCreateWindow(windowed_width_, windowed_height_, options_.title.c_str(), nullptr, nullptr);
    }
    if (!window_) {
        glfwTerminate();
        throw std::runtime_error("cannot create an OpenGL 3.0 window");
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);
    if (options_.hide_cursor) glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);

    // Ours first: ImGui's backend chains to callbacks installed before it.
    glfwSetCursorPosCallback(window_, on_cursor);
    glfwSetMouseButtonCallback(window_, on_button);
    glfwSetScrollCallback(window_, on_scroll);
    glfwSetKeyCallback(window_, on_key);
    glfwSetCharCallback(window_, on_char);
    glfwSetWindowRefreshCallback(window_, on_refresh);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini left in a kiosk's working directory
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    int framebuffer_width = 0, framebuffer_height = 0;
    glfwGetFramebufferSize(window_, &framebuffer_width, &framebuffer_height);
    build_fonts(framebuffer_height);

    sub_buffer_ = std::make_unique<SubBufferCopy>(window_);

    // SIGUSR1: a screenshot; SIGTERM and SIGINT: close (signal_wake.hpp).
    signal_wake_ = std::make_unique<SignalWake>();

    // Tests wait for this line before they send SIGUSR1.
    spdlog::info("window open: {}x{}{}{}", framebuffer_width, framebuffer_height,
                 glfwGetWindowMonitor(window_) ? " full screen" : "",
                 sub_buffer_->available() ? ", partial frames" : "");
}

AppWindow::~AppWindow() {
    signal_wake_.reset();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window_);
    glfwTerminate();
}

void AppWindow::build_fonts(int framebuffer_height) {
    // Layout is written for 1080 lines; a 720-line window gets 2/3 of every size.
    scale_ = std::clamp(static_cast<float>(framebuffer_height) / 1080.0f, 0.3f, 4.0f);
    load_font_set(*ImGui::GetIO().Fonts, scale_, fonts_, bold_fonts_);
    // Build now, not at the first frame: callers may measure text before it.
    ImGui::GetIO().Fonts->Build();
    ImGui::GetIO().FontDefault = fonts_[static_cast<int>(FontSize::normal)];
    ImGuiStyle style;
    ImGui::StyleColorsDark(&style);
    style.ScaleAllSizes(scale_);
    ImGui::GetStyle() = style;
    fonts_built_for_height_ = framebuffer_height;
}

ImFont* AppWindow::font(FontSize size) const { return fonts_[static_cast<int>(size)]; }
ImFont* AppWindow::bold(FontSize size) const { return bold_fonts_[static_cast<int>(size)]; }

void AppWindow::request_close() { close_requested_ = true; }

bool AppWindow::partial_frames() const { return sub_buffer_ && sub_buffer_->available(); }

void AppWindow::request_screenshot(std::string path) {
    requested_screenshot_ = std::move(path);
    glfwPostEmptyEvent();
}

bool AppWindow::save_screenshot(const std::string& path) {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    const bool saved = write_back_buffer_png(width, height, path);
    if (saved)
        spdlog::info("screenshot saved to {}", path);
    else
        spdlog::warn("could not save a screenshot to {}", path);
    return saved;
}

void AppWindow::set_fullscreen(bool on) {
    GLFWmonitor* current = glfwGetWindowMonitor(window_);
    if (on == (current != nullptr)) return;
    if (on) {
        GLFWmonitor* monitor = glfwGetPrimaryMonitor();
        const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
        if (!mode) return;
        glfwGetWindowPos(window_, &windowed_x_, &windowed_y_);
        glfwGetWindowSize(window_, &windowed_width_, &windowed_height_);
        glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    } else {
        glfwSetWindowMonitor(window_, nullptr, windowed_x_, windowed_y_, windowed_width_, windowed_height_, 0);
    }
}

void AppWindow::take_pending_screenshots() {
    if (!requested_screenshot_.empty()) {
        save_screenshot(requested_screenshot_);
        requested_screenshot_.clear();
    }
    if (SignalWake::take_screenshot_request() && !options_.screenshot_path.empty())
        save_screenshot(options_.screenshot_path);
}

void AppWindow::run(RunQueue& queue, const std::function<void()>& draw,
                    const std::function<double()>& next_timeout_s, const std::function<bool()>& needs_redraw) {
    FrameHooks hooks;
    hooks.draw = draw;
    hooks.next_timeout_s = next_timeout_s;
    hooks.needs_redraw = needs_redraw;
    run(queue, hooks);
}

void AppWindow::run(RunQueue& queue, const FrameHooks& hooks) {
    queue.set_wake([] { glfwPostEmptyEvent(); });
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    bool timed_screenshot_pending = !options_.screenshot_path.empty() && options_.screenshot_after_ms > 0;
    const auto timed_screenshot_at = started + std::chrono::milliseconds(options_.screenshot_after_ms);
    int extra_frames = 0;
    bool first_frame = true;

    while (!glfwWindowShouldClose(window_) && !close_requested_ && SignalWake::stop_signal() == 0) {
        queue.drain();
        if (hooks.after_drain) hooks.after_drain();

        int width = 0, height = 0;
        glfwGetFramebufferSize(window_, &width, &height);
        const bool resized = height > 0 && height != fonts_built_for_height_;
        if (resized) {
            // The window changed size (full screen toggled): rebuild fonts at
            // the new scale; the backend re-uploads the atlas on NewFrame.
            ImGui_ImplOpenGL3_DestroyDeviceObjects();
            build_fonts(height);
        }
        if (g_input_seen.exchange(false)) extra_frames = kFramesAfterInput + 1;
        const bool timed_screenshot_due = timed_screenshot_pending && Clock::now() >= timed_screenshot_at;
        const bool must_draw = first_frame || resized || extra_frames > 0 || timed_screenshot_due ||
                               !requested_screenshot_.empty() || SignalWake::screenshot_requested() ||
                               !hooks.needs_redraw || hooks.needs_redraw();
        first_frame = false;
        if (!must_draw) {
            if (hooks.band_due && hooks.draw_band) {
                if (const auto band = hooks.band_due()) {
                    render_band(hooks, *band, width, height);
                    if (close_requested_) break;
                }
            }
            wait_for_events(hooks.next_timeout_s(), timed_screenshot_pending, timed_screenshot_at);
            continue;
        }

        render_whole(hooks, width, height);
        take_pending_screenshots();
        if (timed_screenshot_due) {
            timed_screenshot_pending = false;
            save_screenshot(options_.screenshot_path);
            if (options_.exit_after_screenshot) close_requested_ = true;
        }
        glfwSwapBuffers(window_);
        if (close_requested_) break;

        double timeout = hooks.next_timeout_s();
        if (extra_frames > 0 && --extra_frames > 0) timeout = std::min(timeout, 1.0 / 60.0);
        wait_for_events(timeout, timed_screenshot_pending, timed_screenshot_at);
    }
    queue.set_wake(nullptr);
    // Logged by the frame loop, not the handler (spdlog is not async-signal-safe).
    if (const int number = SignalWake::stop_signal())
        spdlog::info("{} received: closing the window", number == SIGINT ? "SIGINT" : "SIGTERM");
}

// The whole screen into the back buffer (the caller presents it).
void AppWindow::render_whole(const FrameHooks& hooks, int width, int height) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    hooks.draw();
    ImGui::Render();
    glViewport(0, 0, width, height);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// One band drawn and presented alone. The back buffer outside the band may
// hold anything (a swap leaves it undefined): only the band is copied to the
// window, and draw_band() must paint every pixel of it. Without the extension the
// whole frame is drawn and swapped instead.
void AppWindow::render_band(const FrameHooks& hooks, const Band& band, int width, int height) {
    if (!partial_frames()) {
        render_whole(hooks, width, height);
        glfwSwapBuffers(window_);
        return;
    }
    const int left = std::clamp(band.x, 0, width);
    const int columns = std::clamp(band.width, 0, width - left);
    const int top = std::clamp(band.y, 0, height);
    const int rows = std::clamp(band.height, 0, height - top);
    if (rows == 0 || columns == 0) return;
    const int gl_y = height - top - rows;  // GL counts rows from the bottom
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    hooks.draw_band();
    ImGui::Render();
    // No clear: draw_band() paints every pixel of the band, and on a software
    // rasteriser every pass over the pixels counts.
    glViewport(0, 0, width, height);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    sub_buffer_->copy(left, gl_y, columns, rows);
}

// Sleeps until input, queued work, the caller's next deadline or the timed screenshot.
void AppWindow::wait_for_events(double timeout, bool screenshot_pending,
                                std::chrono::steady_clock::time_point screenshot_at) {
    timeout = std::clamp(timeout, 0.0, kMaxWaitSeconds);
    if (screenshot_pending) {
        const double until = std::chrono::duration<double>(screenshot_at - std::chrono::steady_clock::now()).count();
        timeout = std::min(timeout, std::max(until, 0.0));
    }
    if (timeout > 0.0)
        glfwWaitEventsTimeout(timeout);
    else
        glfwPollEvents();
}

int AppWindow::take_enter_presses() { return g_enter_presses.exchange(0); }

}  // namespace anoman::gui
