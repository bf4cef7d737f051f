// The right column: the calls before the newest one, and how many wait per service.
#include <algorithm>
#include <string>

#include "hall_screen.hpp"
#include "palette.hpp"

namespace anoman::display {

void draw_recent_calls(const HallModel& model, const HallViewContext& view, const Box& box) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    fill_box(draw, box, palette::kPanel, 12.0f * view.scale());
    const Box inner = box.inset(16.0f * view.scale());
    const float title_h = 52.0f * view.scale();
    draw_text_fit(draw, view.bold(gui::FontSize::normal), {inner.x, inner.y, inner.w, title_h},
                  view.text("hall.recent"), palette::kTitle, Align::left);

    const float row_h = 72.0f * view.scale();
    const int rows = std::max(0, static_cast<int>((inner.h - title_h) / row_h));
    const auto& recent = model.recent();
    // The newest call is the big panel; this lists the ones before it.
    for (int row = 0; row < rows && static_cast<std::size_t>(row) + 1 < recent.size(); ++row) {
        const RecentCall& call = recent[static_cast<std::size_t>(row) + 1];
        const Box line{inner.x, inner.y + title_h + static_cast<float>(row) * row_h, inner.w, row_h};
        if (row % 2 == 1) fill_box(draw, line, palette::kPanelEdge, 6.0f * view.scale());
        const Box padded{line.x + 10.0f * view.scale(), line.y, line.w - 20.0f * view.scale(), line.h};
        draw_text_fit(draw, view.bold(gui::FontSize::large), padded.cols(0.0f, 0.42f), call.number, palette::kText,
                      Align::left);
        draw_text_fit(draw, view.font(gui::FontSize::large), padded.cols(0.44f, 1.0f), call.counter_name,
                      palette::kText, Align::right);
    }
}

void draw_waiting(const HallModel& model, const HallViewContext& view, const Box& box) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    fill_box(draw, box, palette::kPanel, 12.0f * view.scale());
    const Box inner = box.inset(16.0f * view.scale());
    const float title_h = 52.0f * view.scale();
    draw_text_fit(draw, view.bold(gui::FontSize::normal), {inner.x, inner.y, inner.w, title_h},
                  view.text("hall.waiting"), palette::kTitle, Align::left);

    const auto& services = model.services();
    if (services.empty()) return;
    const float room = inner.h - title_h;
    const float row_h = std::min(60.0f * view.scale(), room / static_cast<float>(services.size()));
    for (std::size_t index = 0; index < services.size(); ++index) {
        const ServiceLine& service = services[index];
        const Box line{inner.x, inner.y + title_h + static_cast<float>(index) * row_h, inner.w, row_h};
        std::string name = service.name;
        if (!service.open) name += " (" + view.text("hall.service_closed") + ")";
        const ImU32 name_color = service.open ? palette::kText : palette::kTextDim;
        draw_text_fit(draw, view.font(gui::FontSize::normal), line.cols(0.0f, 0.82f).inset(2.0f), name, name_color,
                      Align::left, view.font(gui::FontSize::normal)->FontSize * 0.85f);
        draw_text_fit(draw, view.bold(gui::FontSize::normal), line.cols(0.84f, 1.0f), std::to_string(service.waiting),
                      palette::kText, Align::right);
    }
}

}  // namespace anoman::display
