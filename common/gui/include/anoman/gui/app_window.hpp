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
#include <optional>
#include <string>

#include "anoman/run_queue.hpp"

struct ImFont;
struct GLFWwindow;

namespace anoman::gui {

class SignalWake;     // signal_wake.hpp
class SubBufferCopy;  // sub_buffer.hpp

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

// A rectangle of the window redrawn alone, in framebuffer pixels from the top left.
struct Band {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

// What the frame loop asks of a program (AppWindow::run).
struct FrameHooks {
    // Optional: after the queue is drained, before anything is decided
    // (hand over a heartbeat kept aside, let a model's timers run).
    std::function<void()> after_drain;
    std::function<void()> draw;              // the whole screen
    std::function<double()> next_timeout_s;  // small while animating, large when idle
    // Optional: asked after the queue is drained when no input, resize,
    // expose or screenshot calls for a frame; false skips the whole frame
    // (the screen keeps its last image). A RedrawGate (redraw_gate.hpp) is
    // the usual answer. Work that changes nothing visible (a heartbeat) then
    // costs no rendering: on a small PC without a GPU a full-HD frame costs
    // tens of milliseconds of CPU.
    std::function<bool()> needs_redraw;
    // Optional partial frames (the display's running text): when no whole
    // frame is due, band_due() may name one band that changed; then only
    // draw_band() is drawn (it must paint every pixel of the band: nothing
    // clears it) and only that band is presented
    // (GLX_MESA_copy_sub_buffer: the rest of the screen is neither redrawn
    // nor copied). Without the extension the whole frame is drawn instead.
    std::function<std::optional<Band>()> band_due;
    std::function<void()> draw_band;
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

    // The frame loop. Each iteration: drain the queue, then, if a frame is
    // due (input, resize, expose, screenshot, or hooks.needs_redraw()), start
    // an ImGui frame, hooks.draw(), render and present; else, if
    // hooks.band_due() names a band, draw and present only that band; then
    // wait for input or queue work at most hooks.next_timeout_s() seconds.
    // Returns when the window is closed, request_close() is called, or
    // SIGTERM or SIGINT arrives (the program then exits as if closed).
    void run(RunQueue& queue, const FrameHooks& hooks);
    // The same without partial frames.
    void run(RunQueue& queue, const std::function<void()>& draw, const std::function<double()>& next_timeout_s,
             const std::function<bool()>& needs_redraw = {});
    // Whether partial frames are presented as such (else they cost a whole frame).
    bool partial_frames() const;

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
    void render_whole(const FrameHooks& hooks, int width, int height);
    void render_band(const FrameHooks& hooks, const Band& band, int width, int height);
    std::unique_ptr<SubBufferCopy> sub_buffer_;  // partial frames, when the GLX can present them

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
