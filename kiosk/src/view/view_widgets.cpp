#include "view_widgets.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace anoman::kiosk::view {

ImU32 darker(ImU32 color, float factor) {
    auto channel = [&](int shift) {
        return static_cast<ImU32>(std::lround(static_cast<float>((color >> shift) & 0xFF) * factor)) << shift;
    };
    return channel(IM_COL32_R_SHIFT) | channel(IM_COL32_G_SHIFT) | channel(IM_COL32_B_SHIFT) | (color & IM_COL32_A_MASK);
}

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
    list_->AddRectFilled({rect.x, rect.y}, {rect.right(), rect.bottom()}, color, rounding * unit_);
}

void Painter::frame(const Rect& rect, ImU32 color, float thickness, float rounding) const {
    list_->AddRect({rect.x, rect.y}, {rect.right(), rect.bottom()}, color, rounding * unit_, 0, thickness * unit_);
}

float Painter::text_width(const std::string& text, float size, bool bold) const {
    ImFont* font = pick(size * unit_, bold);
    return font->CalcTextSizeA(size * unit_, 1e9f, 0, text.c_str()).x;
}

void Painter::line(float x, float y, const std::string& text, float size, bool bold, ImU32 color, Align align) const {
    const float px = size * unit_;
    ImFont* font = pick(px, bold);
    const float width = font->CalcTextSizeA(px, 1e9f, 0, text.c_str()).x;
    if (align == Align::center) x -= width / 2;
    if (align == Align::right) x -= width;
    list_->AddText(font, px, {std::floor(x), std::floor(y)}, color, text.c_str());
}

namespace {

// Greedy wrap by measured width.
std::vector<std::string> wrap(ImFont* font, float px, const std::string& text, float width) {
    std::vector<std::string> lines;
    std::string current;
    std::size_t at = 0;
    while (at <= text.size()) {
        std::size_t next = text.find(' ', at);
        if (next == std::string::npos) next = text.size();
        const std::string word = text.substr(at, next - at);
        const std::string candidate = current.empty() ? word : current + " " + word;
        if (!current.empty() && font->CalcTextSizeA(px, 1e9f, 0, candidate.c_str()).x > width) {
            lines.push_back(current);
            current = word;
        } else {
            current = candidate;
        }
        at = next + 1;
    }
    if (!current.empty()) lines.push_back(current);
    return lines;
}

}  // namespace

float Painter::text(const Rect& rect, const std::string& text, float size, bool bold, ImU32 color, Align align,
                    bool vcenter) const {
    float px = size * unit_;
    ImFont* font = pick(px, bold);
    std::vector<std::string> lines;
    // Shrink a little rather than spill out of the box.
    for (int attempt = 0; attempt < 4; ++attempt) {
        lines = wrap(font, px, text, rect.w);
        float widest = 0;
        for (const auto& l : lines) widest = std::max(widest, font->CalcTextSizeA(px, 1e9f, 0, l.c_str()).x);
        if (static_cast<float>(lines.size()) * px * 1.15f <= rect.h && widest <= rect.w) break;
        px *= 0.9f;
    }
    const float line_h = px * 1.15f;
    const float total = static_cast<float>(lines.size()) * line_h;
    float y = vcenter ? rect.y + (rect.h - total) / 2 : rect.y;
    for (const auto& l : lines) {
        const float width = font->CalcTextSizeA(px, 1e9f, 0, l.c_str()).x;
        float x = rect.x;
        if (align == Align::center) x = rect.cx() - width / 2;
        if (align == Align::right) x = rect.right() - width;
        list_->AddText(font, px, {std::floor(x), std::floor(y + (line_h - px) / 2)}, color, l.c_str());
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
    const float width = font->CalcTextSizeA(px, 1e9f, 0, text.c_str()).x;
    if (width > rect.w) px *= rect.w / width;
    const ImVec2 size = font->CalcTextSizeA(px, 1e9f, 0, text.c_str());
    list_->AddText(font, px, {std::floor(rect.cx() - size.x / 2), std::floor(rect.cy() - size.y / 2)}, color,
                   text.c_str());
}

void Painter::progress_dots(float cx, float cy, double seconds) const {
    const int lit = static_cast<int>(seconds * 3.0) % 4;
    for (int i = 0; i < 4; ++i) {
        const float x = cx + (static_cast<float>(i) - 1.5f) * 60 * unit_;
        list_->AddCircleFilled({x, cy}, 16 * unit_, i == lit ? color::text : color::neutral, 24);
    }
}

}  // namespace anoman::kiosk::view
