#include "draw_text.hpp"

#include <algorithm>

namespace anoman::display {

ImVec2 text_size(ImFont* font, float size, std::string_view text) {
    return font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.data(), text.data() + text.size());
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

void fill_box(ImDrawList* draw, const Box& box, ImU32 color, float rounding) {
    draw->AddRectFilled(box.min(), box.max(), color, rounding);
}

}  // namespace anoman::display
