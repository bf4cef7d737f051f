#include "view_widgets.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace anoman::kiosk::view {

namespace {

gui::Box box_of(const Rect& rect) { return {rect.x, rect.y, rect.w, rect.h}; }

}  // namespace

Painter::Painter(ImDrawList* list, const gui::AppWindow& window, const Layout& layout)
    : list_(list), window_(window), unit_(layout.unit) {}

ImFont* Painter::pick(float size, bool bold) const {
    // The smallest atlas font at least this big (crisp when scaled down),
    // else the biggest. Giant holds ASCII only: used for numbers alone.
    const gui::FontSize order[] = {gui::FontSize::small, gui::FontSize::normal, gui::FontSize::large,
                                   gui::FontSize::huge};
    ImFont* chosen = nullptr;
    for (gui::FontSize candidate : order) {
        ImFont* font = bold ? window_.bold(candidate) : window_.font(candidate);
        if (!font) continue;
        chosen = font;
        if (font->FontSize >= size) break;
    }
    return chosen ? chosen : ImGui::GetFont();
}

void Painter::fill(const Rect& rect, ImU32 color, float rounding) const {
    gui::fill_box(list_, box_of(rect), color, rounding * unit_);
}

void Painter::frame(const Rect& rect, ImU32 color, float thickness, float rounding) const {
    gui::outline_box(list_, box_of(rect), color, thickness * unit_, rounding * unit_);
}

float Painter::text_width(const std::string& text, float size, bool bold) const {
    const float px = size * unit_;
    return gui::text_size(pick(px, bold), px, text).x;
}

void Painter::line(float x, float y, const std::string& text, float size, bool bold, ImU32 color, Align align) const {
    const float px = size * unit_;
    gui::draw_line(list_, pick(px, bold), px, x, y, text, color, align);
}

float Painter::text(const Rect& rect, const std::string& text, float size, bool bold, ImU32 color, Align align,
                    bool vcenter) const {
    float px = size * unit_;
    ImFont* font = pick(px, bold);
    std::vector<std::string> lines;
    // Shrink a little rather than spill out of the box.
    for (int attempt = 0; attempt < 4; ++attempt) {
        lines = gui::wrap_words(font, px, text, rect.w);
        float widest = 0;
        for (const auto& l : lines) widest = std::max(widest, gui::text_size(font, px, l).x);
        if (static_cast<float>(lines.size()) * px * 1.15f <= rect.h && widest <= rect.w) break;
        px *= 0.9f;
    }
    const float line_h = px * 1.15f;
    const float total = static_cast<float>(lines.size()) * line_h;
    float y = vcenter ? rect.y + (rect.h - total) / 2 : rect.y;
    const float anchor = align == Align::center ? rect.cx() : align == Align::right ? rect.right() : rect.x;
    for (const auto& l : lines) {
        gui::draw_line(list_, font, px, anchor, y + (line_h - px) / 2, l, color, align);
        y += line_h;
    }
    return total;
}

void Painter::button(const Rect& rect, const std::string& label, float size, const ButtonStyle& style,
                     bool pressed) const {
    fill(rect, pressed ? darker(style.fill) : style.fill, 18);
    if (style.outlined) frame(rect, color::outline, 3, 18);
    Rect inner = rect;
    inner.x += 16 * unit_;
    inner.w -= 32 * unit_;
    text(inner, label, size, true, style.text);
}

void Painter::number(const Rect& rect, const std::string& text, ImU32 color) const {
    ImFont* font = window_.bold(gui::FontSize::giant);
    if (!font) font = pick(rect.h, true);
    float px = rect.h * 0.95f;
    const float width = gui::text_size(font, px, text).x;
    if (width > rect.w) px *= rect.w / width;
    gui::draw_line(list_, font, px, rect.cx(), rect.cy() - gui::text_size(font, px, text).y / 2, text, color,
                   Align::center);
}

void Painter::progress_dots(float cx, float cy, double seconds) const {
    const int lit = static_cast<int>(seconds * 3.0) % 4;
    for (int i = 0; i < 4; ++i) {
        const float x = cx + (static_cast<float>(i) - 1.5f) * 60 * unit_;
        list_->AddCircleFilled({x, cy}, 16 * unit_, i == lit ? color::text : color::neutral, 24);
    }
}

}  // namespace anoman::kiosk::view
