#include "anoman/gui/draw_kit.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace anoman::gui {

ImVec2 text_size(ImFont* font, float size, std::string_view text) {
    if (size <= 0.0f) size = font->FontSize;
    return font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.data(), text.data() + text.size());
}

float aligned_x(float x, float width, Align align) {
    if (align == Align::center) return x - width / 2;
    if (align == Align::right) return x - width;
    return x;
}

void draw_line(ImDrawList* draw, ImFont* font, float size, float x, float y, std::string_view text, ImU32 color,
               Align align) {
    if (size <= 0.0f) size = font->FontSize;
    const float left = aligned_x(x, text_size(font, size, text).x, align);
    draw->AddText(font, size, {std::floor(left), std::floor(y)}, color, text.data(), text.data() + text.size());
}

float draw_text_fit(ImDrawList* draw, ImFont* font, const Box& box, std::string_view text, ImU32 color, Align align,
                    float size) {
    if (text.empty() || box.w <= 0 || box.h <= 0) return 0.0f;
    if (size <= 0.0f) size = font->FontSize;
    const ImVec2 natural = text_size(font, size, text);
    const float shrink = std::min({1.0f, box.w / std::max(natural.x, 1.0f), box.h / std::max(natural.y, 1.0f)});
    size *= shrink;
    const ImVec2 used = text_size(font, size, text);
    float x = box.x;
    if (align == Align::center) x = box.x + (box.w - used.x) * 0.5f;
    if (align == Align::right) x = box.x + box.w - used.x;
    const float y = box.y + (box.h - used.y) * 0.5f;
    draw->AddText(font, size, {x, y}, color, text.data(), text.data() + text.size());
    return size;
}

std::vector<std::string> wrap_words(ImFont* font, float size, std::string_view text, float width) {
    std::vector<std::string> lines;
    std::string current;
    std::size_t at = 0;
    while (at <= text.size()) {
        std::size_t next = text.find(' ', at);
        if (next == std::string_view::npos) next = text.size();
        const std::string_view word = text.substr(at, next - at);
        at = next + 1;
        if (word.empty()) continue;  // a run of spaces is one break
        std::string candidate = current;
        if (!candidate.empty()) candidate += ' ';
        candidate += word;
        if (!current.empty() && text_size(font, size, candidate).x > width) {
            lines.push_back(current);
            current = std::string(word);
        } else {
            current = std::move(candidate);
        }
    }
    if (!current.empty()) lines.push_back(current);
    return lines;
}

void fill_box(ImDrawList* draw, const Box& box, ImU32 color, float rounding) {
    draw->AddRectFilled(box.min(), box.max(), color, rounding);
}

void outline_box(ImDrawList* draw, const Box& box, ImU32 color, float thickness, float rounding) {
    draw->AddRect(box.min(), box.max(), color, rounding, 0, thickness);
}

ImU32 darker(ImU32 color, float factor) {
    auto channel = [&](int shift) {
        return static_cast<ImU32>(std::lround(static_cast<float>((color >> shift) & 0xFF) * factor)) << shift;
    };
    return channel(IM_COL32_R_SHIFT) | channel(IM_COL32_G_SHIFT) | channel(IM_COL32_B_SHIFT) | (color & IM_COL32_A_MASK);
}

}  // namespace anoman::gui
