// The drawing kit of the three GUI programs: boxes, text measured, fitted,
// wrapped and aligned, filled shapes, on an ImGui draw list. The screens are
// fixed layouts of boxes (the hall, the kiosk's touch targets, the counter's
// panels), not flows of widgets; each program keeps its own palette and
// layout and draws with these.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace anoman::gui {

enum class Align { left, center, right };

struct Box {
    float x = 0, y = 0, w = 0, h = 0;
    ImVec2 min() const { return {x, y}; }
    ImVec2 max() const { return {x + w, y + h}; }
    float right() const { return x + w; }
    float bottom() const { return y + h; }
    float cx() const { return x + w / 2; }
    float cy() const { return y + h / 2; }
    Box inset(float by) const { return {x + by, y + by, w - 2 * by, h - 2 * by}; }
    // A horizontal slice: from fraction top to fraction bottom of the height.
    Box rows(float top, float bottom) const { return {x, y + h * top, w, h * (bottom - top)}; }
    Box cols(float left, float right) const { return {x + w * left, y, w * (right - left), h}; }
};

// The size of one line of text at size pixels (0: the font's own size).
ImVec2 text_size(ImFont* font, float size, std::string_view text);
// Where a line of this width starts so that it sits at x as align says
// (left: at x; center: centred on x; right: ending at x).
float aligned_x(float x, float width, Align align);

// One line at a point (y = top), aligned about x; whole pixels, so glyphs stay crisp.
void draw_line(ImDrawList* draw, ImFont* font, float size, float x, float y, std::string_view text, ImU32 color,
               Align align = Align::left);
// One line in box at size (0: the font's own), shrunk (never grown) to fit the
// box's width and height, aligned horizontally, centred vertically. Returns the size used.
float draw_text_fit(ImDrawList* draw, ImFont* font, const Box& box, std::string_view text, ImU32 color,
                    Align align = Align::center, float size = 0.0f);
// Words (split at spaces, a run of them one break) wrapped greedily to width at
// size; a word wider than that gets a line of its own.
std::vector<std::string> wrap_words(ImFont* font, float size, std::string_view text, float width);

void fill_box(ImDrawList* draw, const Box& box, ImU32 color, float rounding = 0.0f);
void outline_box(ImDrawList* draw, const Box& box, ImU32 color, float thickness, float rounding = 0.0f);
// The colour with its red, green and blue scaled by factor (a pressed button).
ImU32 darker(ImU32 color, float factor = 0.7f);

}  // namespace anoman::gui
