// The reconnecting state: a full-width band that nobody can mistake for a
// call, and no numbers at all (they may be stale).
#include <string>

#include "hall_screen.hpp"
#include "palette.hpp"

namespace anoman::display {
namespace {

std::string detail_text(const HallModel& model, const HallViewContext& view) {
    switch (model.status(view.now)) {
        case HallStatus::silent:
            return view.strings.format("offline.silent", view.language,
                                       {{"seconds", std::to_string(HallModel::kSilenceLimit.count())}});
        case HallStatus::syncing:
            return view.text("offline.syncing");
        case HallStatus::connecting:
        case HallStatus::refused:
            return model.link_detail().empty() ? view.text("offline.connecting") : model.link_detail();
        case HallStatus::live:
            break;
    }
    return {};
}

}  // namespace

void draw_reconnecting(const HallModel& model, const HallViewContext& view, const Box& box) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const Box band{0.0f, box.y + box.h * 0.18f, ImGui::GetIO().DisplaySize.x, box.h * 0.64f};
    fill_box(draw, band, palette::kOffline);
    const Box inner{band.x + 60.0f * view.scale(), band.y, band.w - 120.0f * view.scale(), band.h};
    draw_text_fit(draw, view.bold(gui::FontSize::huge), inner.rows(0.08f, 0.5f), view.text("offline.title"),
                  palette::kText);
    const bool refused = model.status(view.now) == HallStatus::refused;
    draw_text_fit(draw, view.font(gui::FontSize::normal), inner.rows(0.55f, 0.72f),
                  view.text(refused ? "offline.refused" : "offline.body"), palette::kText);
    draw_text_fit(draw, view.font(gui::FontSize::small), inner.rows(0.78f, 0.92f),
                  view.strings.format("offline.detail", view.language, {{"detail", detail_text(model, view)}}),
                  palette::rgb(0xFF, 0xD6, 0xD6));
}

}  // namespace anoman::display
