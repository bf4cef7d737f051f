// The kiosk view's painter: the shared drawing kit (anoman/gui/draw_kit.hpp)
// in the layout's units and the shell's fonts, buttons in the kiosk's
// high-contrast palette.
// Text sizes are design pixels at 1080 lines along the short side (the layout's
// unit), drawn with the nearest font of the shell's atlas.
#pragma once

#include <string>

#include <imgui.h>

#include "anoman/gui/app_window.hpp"
#include "anoman/gui/draw_kit.hpp"
#include "kiosk_layout.hpp"

namespace anoman::kiosk::view {

// High contrast on a dark navy ground: white text, saturated buttons, dark
// text on the light ones (every pair at least 4.5:1, most above 7:1).
namespace color {
inline constexpr ImU32 ground = IM_COL32(8, 27, 56, 255);
inline constexpr ImU32 header = IM_COL32(3, 15, 34, 255);
inline constexpr ImU32 text = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 muted = IM_COL32(200, 212, 230, 255);
inline constexpr ImU32 dark_text = IM_COL32(8, 27, 56, 255);
inline constexpr ImU32 card = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 bpjs = IM_COL32(0, 118, 58, 255);
inline constexpr ImU32 umum = IM_COL32(0, 84, 170, 255);
inline constexpr ImU32 priority = IM_COL32(255, 196, 0, 255);
inline constexpr ImU32 confirm = IM_COL32(0, 118, 58, 255);
inline constexpr ImU32 neutral = IM_COL32(33, 64, 110, 255);
inline constexpr ImU32 danger = IM_COL32(176, 32, 32, 255);
inline constexpr ImU32 disabled = IM_COL32(70, 78, 90, 255);
inline constexpr ImU32 disabled_text = IM_COL32(225, 225, 225, 255);
inline constexpr ImU32 warning = IM_COL32(255, 196, 0, 255);
inline constexpr ImU32 outline = IM_COL32(255, 255, 255, 255);
}  // namespace color

using gui::Align;
using gui::darker;

struct ButtonStyle {
    ImU32 fill = color::neutral;
    ImU32 text = color::text;
    bool outlined = true;
};

class Painter {
public:
    Painter(ImDrawList* list, const gui::AppWindow& window, const Layout& layout);

    float unit() const { return unit_; }
    void fill(const Rect& rect, ImU32 color, float rounding = 0) const;
    void frame(const Rect& rect, ImU32 color, float thickness, float rounding) const;
    // Text wrapped to the rectangle's width and placed in it (vertically
    // centred); shrinks down to 70% if it does not fit. Returns the height used.
    float text(const Rect& rect, const std::string& text, float size, bool bold, ImU32 color,
               Align align = Align::center, bool vcenter = true) const;
    // One line, no wrapping, at a point (y = top).
    void line(float x, float y, const std::string& text, float size, bool bold, ImU32 color, Align align) const;
    float text_width(const std::string& text, float size, bool bold) const;
    // A touch target: pressed (finger down on it) draws darker.
    void button(const Rect& rect, const std::string& label, float size, const ButtonStyle& style, bool pressed) const;
    // A ticket number (ASCII) as large as fits the rectangle, from the giant font.
    void number(const Rect& rect, const std::string& text, ImU32 color) const;
    // A row of dots that moves: the screen is alive while something is in progress.
    void progress_dots(float cx, float cy, double seconds) const;

private:
    ImFont* pick(float size, bool bold) const;

    ImDrawList* list_;
    const gui::AppWindow& window_;
    float unit_;
};

}  // namespace anoman::kiosk::view
