// The running text: an announcement scrolls right to left while it is
// current; otherwise a still welcome line (a still line costs no frames).
// While it scrolls, only the rows its letters cover are repainted
// (draw_ticker_band): the label and the rest of the screen stay as drawn.
#include <cmath>

#include "hall_screen.hpp"
#include "palette.hpp"

namespace anoman::display {
namespace {

Box label_of(const Box& box) { return box.cols(0.0f, 0.08f); }

Box lane_of(const Box& box, float scale) {
    const Box label = label_of(box);
    const float margin = 20.0f * scale;
    return Box{label.x + label.w + margin, box.y, box.w - label.w - 2 * margin, box.h};
}

ImFont* ticker_font(const HallViewContext& view) { return view.bold(gui::FontSize::normal); }

// Where the moving text starts at this instant.
ImVec2 text_origin(const Box& lane, const HallViewContext& view, const Ticker& ticker, ImVec2 extent) {
    const float speed = 170.0f * view.scale();  // pixels per second: readable while it moves
    const float travel = lane.w + extent.x;
    const float offset = std::fmod(static_cast<float>(ticker.elapsed_s) * speed, travel);
    return {lane.x + lane.w - offset, lane.y + (lane.h - extent.y) * 0.5f};
}

void draw_moving_text(ImDrawList* draw, const Box& clip, const Box& lane, const HallViewContext& view,
                      const Ticker& ticker) {
    ImFont* font = ticker_font(view);
    const float size = font->FontSize;
    const ImVec2 extent = text_size(font, size, ticker.text);
    draw->PushClipRect(clip.min(), clip.max(), true);
    draw->AddText(font, size, text_origin(lane, view, ticker, extent), palette::kHighlight, ticker.text.c_str());
    draw->PopClipRect();
}

}  // namespace

void draw_ticker(const HallModel& model, const HallViewContext& view, const Box& box) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    fill_box(draw, box, palette::kTicker);
    const Box label = label_of(box);
    fill_box(draw, label, palette::kTickerLabel);
    draw_text_fit(draw, view.bold(gui::FontSize::normal), label.inset(8.0f * view.scale()), view.text("ticker.label"),
                  palette::kText);

    const Box lane = lane_of(box, view.scale());
    const auto ticker = model.ticker(view.now);
    if (!ticker) {
        draw_text_fit(draw, view.font(gui::FontSize::normal), lane, view.text("ticker.default"), palette::kText,
                      Align::left);
        return;
    }
    draw_moving_text(draw, lane, lane, view, *ticker);
}

Box ticker_text_band(const HallViewContext& view, ImVec2 screen_size) {
    const Box lane = lane_of(ticker_box(screen_size), view.scale());
    ImFont* font = ticker_font(view);
    // Whole pixels, a little taller than the line: every row a glyph can touch.
    const float top = std::floor(lane.y + (lane.h - font->FontSize) * 0.5f) - 2.0f;
    const float bottom = std::ceil(lane.y + (lane.h + font->FontSize) * 0.5f) + 2.0f;
    const float left = std::floor(lane.x);
    const float right = std::ceil(lane.x + lane.w);
    return Box{left, top, right - left, bottom - top};
}

void draw_ticker_band(const HallModel& model, const HallViewContext& view) {
    const ImVec2 screen = ImGui::GetIO().DisplaySize;
    const Box band = ticker_text_band(view, screen);
    ImGui::SetNextWindowPos(band.min());
    ImGui::SetNextWindowSize({band.w, band.h});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("ticker band", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav |
                     ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoInputs);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    fill_box(draw, band, palette::kTicker);  // every pixel of the band (nothing cleared it)
    if (const auto ticker = model.ticker(view.now))
        draw_moving_text(draw, band, lane_of(ticker_box(screen), view.scale()), view, *ticker);
    ImGui::End();
    ImGui::PopStyleVar(2);
}

}  // namespace anoman::display
