// The frame loop every GUI program shares (Dear ImGui's example_glfw_opengl3,
// step for step): a GLFW window with an OpenGL 3 context, ImGui with its GLFW
// and OpenGL3 backends, the DejaVu fonts in the sizes the screens need, and a
// loop that sleeps in glfwWaitEventsTimeout instead of spinning, so an idle
// program costs almost nothing. Work from other threads arrives through a
// RunQueue whose wake callback is glfwPostEmptyEvent.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "anoman/run_queue.hpp"

struct ImFont;
struct GLFWwindow;

namespace anoman::gui {

class SignalWake;  // signal_wake.hpp

struct WindowOptions {
    std::string title = "Si Anoman";
    int width = 1280;
    int height = 720;
    bool fullscreen = false;        // borderless on the primary monitor
    // Tests and documentation: save a PNG of the window to this path on SIGUSR1
    // and, if screenshot_after_ms > 0, once that long after start.
    std::string screenshot_path;
    int screenshot_after_ms = 0;
    bool exit_after_screenshot = false;
    bool hide_cursor = false;       // a TV or a touch kiosk has no mouse pointer to show
};

// Font sizes in pixels at 1080 lines; AppWindow scales them to the window height:
// small 28, normal 40, large 64, huge 128, giant 260 (a number readable from 10 m).
// small..huge hold Latin-1 plus a few symbols (bullet, dashes, arrows, ellipsis);
// giant holds ASCII only (ticket numbers), to keep the font atlas small.
enum class FontSize { small, normal, large, huge, giant };
inline constexpr int kFontSizeCount = 5;

class AppWindow {
public:
    explicit AppWindow(WindowOptions options);  // throws std::runtime_error if no display/GL
    ~AppWindow();
    AppWindow(const AppWindow&) = delete;
    AppWindow& operator=(const AppWindow&) = delete;

    // The frame loop. Each iteration: drain the queue, start an ImGui frame,
    // draw(), render, then wait for input or queue work at most
    // next_timeout_s() seconds (return a small value while animating, a large
    // one when idle). Returns when the window is closed, request_close() is
    // called, or SIGTERM or SIGINT arrives (the program then exits as if closed).
    //
    // needs_redraw (optional): asked after the queue is drained when no input,
    // resize, expose or screenshot calls for a frame; returning false skips
    // the frame (the screen keeps its last image). Work that changes nothing
    // visible (a heartbeat) then costs no rendering: on a small PC without a
    // GPU a full-HD frame costs tens of milliseconds of CPU.
    void run(RunQueue& queue, const std::function<void()>& draw, const std::function<double()>& next_timeout_s,
             const std::function<bool()>& needs_redraw = {});

    void request_close();
    // DejaVu Sans for small and normal, DejaVu Sans Bold from large up. The
    // fonts are rebuilt when the window height changes: look them up every
    // frame, never keep the pointer across frames.
    ImFont* font(FontSize size) const;
    ImFont* bold(FontSize size) const;   // DejaVu Sans Bold in every size
    // Window height / 1080: multiply layout sizes written for 1080 lines by this.
    float scale() const { return scale_; }
    GLFWwindow* window() const { return window_; }
    // Writes the current back buffer as PNG; false on failure.
    bool save_screenshot(const std::string& path);
    // Saves a PNG right after the next frame is rendered (written to a temporary
    // name and renamed, so a reader never sees half a file).
    void request_screenshot(std::string path);
    // Leave or enter full screen (kiosk attendant with PIN).
    void set_fullscreen(bool on);
    // Enter (main or keypad) presses since the last call. ImGui 1.86 samples
    // key state once a frame, so a barcode scanner's Enter, pressed and
    // released between two frames, would be lost; characters are queued by
    // ImGui itself (io.InputQueueCharacters).
    int take_enter_presses();

private:
    void build_fonts(int framebuffer_height);
    void take_pending_screenshots();
    void wait_for_events(double timeout_s, bool screenshot_pending, std::chrono::steady_clock::time_point screenshot_at);

    WindowOptions options_;
    GLFWwindow* window_ = nullptr;
    ImFont* fonts_[kFontSizeCount] = {};
    ImFont* bold_fonts_[kFontSizeCount] = {};
    float scale_ = 1.0f;
    int fonts_built_for_height_ = 0;
    bool close_requested_ = false;
    std::string requested_screenshot_;
    int windowed_x_ = 100, windowed_y_ = 100, windowed_width_ = 1280, windowed_height_ = 720;
    std::unique_ptr<SignalWake> signal_wake_;  // SIGUSR1 -> screenshot; SIGTERM, SIGINT -> close
};

}  // namespace anoman::gui
