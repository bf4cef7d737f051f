#include "hall_screen.hpp"

#include "palette.hpp"

namespace anoman::display {

Box ticker_box(ImVec2 screen_size) { return Box{0, 0, screen_size.x, screen_size.y}.rows(0.925f, 1.0f); }

void draw_hall_screen(const HallModel& model, const HallViewContext& view) {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("hall", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const Box screen{0, 0, size.x, size.y};
    fill_box(draw, screen, palette::kBackground);

    // Proportions of a 1920x1080 screen; they hold on any 16:9 TV.
    const float gap = 18.0f * view.scale();
    const Box header = screen.rows(0.0f, 0.105f);
    const Box ticker = ticker_box(size);
    const Box body{gap, header.y + header.h + gap, size.x - 2 * gap, ticker.y - header.y - header.h - 2 * gap};
    draw_header(model, view, header);

    if (!model.live(view.now)) {
        draw_reconnecting(model, view, body);
    } else {
        const Box left = body.cols(0.0f, 0.655f);
        const Box right{left.x + left.w + gap, body.y, body.w - left.w - gap, body.h};
        const Box hero = left.rows(0.0f, 0.47f);
        const Box tiles{left.x, hero.y + hero.h + gap, left.w, left.h - hero.h - gap};
        draw_newest_call(model, view, hero);
        draw_counter_tiles(model, view, tiles);
        const Box recent = right.rows(0.0f, 0.5f);
        const Box waiting{right.x, recent.y + recent.h + gap, right.w, right.h - recent.h - gap};
        draw_recent_calls(model, view, recent);
        draw_waiting(model, view, waiting);
        draw_ticker(model, view, ticker);
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
}

}  // namespace anoman::display
