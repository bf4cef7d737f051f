// Placing text in boxes with ImGui's draw list: the hall screen is a fixed
// layout of boxes, not a flow of widgets.
#pragma once

#include <string_view>

#include <imgui.h>

namespace anoman::display {

enum class Align { left, center, right };

struct Box {
    float x = 0, y = 0, w = 0, h = 0;
    ImVec2 min() const { return {x, y}; }
    ImVec2 max() const { return {x + w, y + h}; }
    Box inset(float by) const { return {x + by, y + by, w - 2 * by, h - 2 * by}; }
    // A horizontal slice: from fraction top to fraction bottom of the height.
    Box rows(float top, float bottom) const { return {x, y + h * top, w, h * (bottom - top)}; }
    Box cols(float left, float right) const { return {x + w * left, y, w * (right - left), h}; }
};

ImVec2 text_size(ImFont* font, float size, std::string_view text);

// Draws text in box at the font's size, shrunk (never grown) to fit the box's
// width and height, aligned horizontally, centred vertically. Returns the size used.
float draw_text_fit(ImDrawList* draw, ImFont* font, const Box& box, std::string_view text, ImU32 color,
                    Align align = Align::center, float size = 0.0f);

void fill_box(ImDrawList* draw, const Box& box, ImU32 color, float rounding = 0.0f);

}  // namespace anoman::display
