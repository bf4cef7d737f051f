// The header: hospital name left; date and clock (WIB) right.
#include "hall_screen.hpp"
#include "palette.hpp"

namespace anoman::display {

void draw_header(const HallModel& model, const HallViewContext& view, const Box& box) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    fill_box(draw, box, palette::kHeader);
    const Box inner = box.inset(14.0f * view.scale());
    const Box clock = inner.cols(0.70f, 1.0f);
    const Box name = inner.cols(0.0f, 0.68f);

    const std::string& hospital = model.hospital_name().empty() ? std::string("Si Anoman") : model.hospital_name();
    draw_text_fit(draw, view.bold(gui::FontSize::large), name, hospital, palette::kText, Align::left);

    if (!view.clock.time.empty()) {
        draw_text_fit(draw, view.bold(gui::FontSize::large), clock.rows(0.0f, 0.62f),
                      view.clock.time + " " + view.clock.zone, palette::kText, Align::right);
        draw_text_fit(draw, view.font(gui::FontSize::small), clock.rows(0.64f, 1.0f), view.clock.date,
                      palette::kText, Align::right);
    }
}

}  // namespace anoman::display
