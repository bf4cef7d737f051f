// The running text: an announcement scrolls right to left while it is
// current; otherwise a still welcome line (a still line costs no frames).
#include <cmath>

#include "hall_screen.hpp"
#include "palette.hpp"

namespace anoman::display {

void draw_ticker(const HallModel& model, const HallViewContext& view, const Box& box) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    fill_box(draw, box, palette::kTicker);
    const Box label = box.cols(0.0f, 0.08f);
    fill_box(draw, label, palette::kTickerLabel);
    draw_text_fit(draw, view.bold(gui::FontSize::normal), label.inset(8.0f * view.scale()), view.text("ticker.label"),
                  palette::kText);

    const float margin = 20.0f * view.scale();
    const Box lane{label.x + label.w + margin, box.y, box.w - label.w - 2 * margin, box.h};
    ImFont* font = view.bold(gui::FontSize::normal);
    const auto ticker = model.ticker(view.now);
    if (!ticker) {
        draw_text_fit(draw, view.font(gui::FontSize::normal), lane, view.text("ticker.default"), palette::kText,
                      Align::left);
        return;
    }
    const float size = font->FontSize;
    const ImVec2 extent = text_size(font, size, ticker->text);
    const float speed = 170.0f * view.scale();  // pixels per second: readable while it moves
    const float travel = lane.w + extent.x;
    const float offset = std::fmod(static_cast<float>(ticker->elapsed_s) * speed, travel);
    const ImVec2 at{lane.x + lane.w - offset, lane.y + (lane.h - extent.y) * 0.5f};
    draw->PushClipRect(lane.min(), lane.max(), true);
    draw->AddText(font, size, at, palette::kHighlight, ticker->text.c_str());
    draw->PopClipRect();
}

}  // namespace anoman::display
