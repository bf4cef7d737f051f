// The newest call, large and highlighted (blinking briefly, then steady), and
// a tile per counter with the number called there now.
#include <algorithm>
#include <cmath>

#include "hall_screen.hpp"
#include "palette.hpp"

namespace anoman::display {
namespace {

struct Colors {
    ImU32 panel;
    ImU32 text;
    ImU32 label;
};

Colors colors_for(bool highlighted, bool lit) {
    if (highlighted && lit) return {palette::kHighlight, palette::kOnHighlight, palette::kOnHighlight};
    return {palette::kPanel, palette::kText, palette::kTextDim};
}

}  // namespace

void draw_newest_call(const HallModel& model, const HallViewContext& view, const Box& box) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float rounding = 16.0f * view.scale();
    const auto highlight = model.highlight(view.now);
    if (!highlight || model.recent().empty()) {
        fill_box(draw, box, palette::kPanel, rounding);
        const Box inner = box.inset(30.0f * view.scale());
        draw_text_fit(draw, view.bold(gui::FontSize::huge), inner.rows(0.1f, 0.55f), view.text("hall.no_calls_yet"),
                      palette::kText);
        draw_text_fit(draw, view.font(gui::FontSize::normal), inner.rows(0.6f, 0.85f),
                      view.text("hall.no_calls_hint"), palette::kTextDim);
        return;
    }
    const RecentCall& call = model.recent().front();
    const Colors colors = colors_for(true, highlight->lit);
    fill_box(draw, box, colors.panel, rounding);
    if (!highlight->lit) gui::outline_box(draw, box, palette::kHighlight, 6.0f * view.scale(), rounding);

    const Box inner = box.inset(24.0f * view.scale());
    const Box number_side = inner.cols(0.0f, 0.56f);
    const Box counter_side = inner.cols(0.58f, 1.0f);
    draw_text_fit(draw, view.bold(gui::FontSize::normal), number_side.rows(0.0f, 0.16f),
                  view.text("hall.now_calling"), colors.label, Align::center);
    draw_text_fit(draw, view.bold(gui::FontSize::giant), number_side.rows(0.16f, 1.0f), call.number, colors.text);
    draw_text_fit(draw, view.bold(gui::FontSize::normal), counter_side.rows(0.0f, 0.16f), view.text("hall.go_to"),
                  colors.label, Align::center);
    draw_text_fit(draw, view.bold(gui::FontSize::huge), counter_side.rows(0.2f, 0.95f), call.counter_name,
                  colors.text);
}

void draw_counter_tiles(const HallModel& model, const HallViewContext& view, const Box& box) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const auto& tiles = model.tiles();
    const float gap = 14.0f * view.scale();
    const float rounding = 12.0f * view.scale();

    if (!model.unknown_counters().empty()) {
        std::string ids;
        for (const auto& id : model.unknown_counters()) ids += (ids.empty() ? "" : ", ") + id;
        const std::string warning = view.strings.format("counters.unknown", view.language, {{"ids", ids}});
        draw_text_fit(draw, view.font(gui::FontSize::small), {box.x, box.y + box.h - 34.0f * view.scale(), box.w,
                                                              34.0f * view.scale()},
                      warning, palette::kWarning, Align::left);
    }
    if (tiles.empty()) return;

    // One row up to three counters, two rows up to eight, then three.
    const int count = static_cast<int>(tiles.size());
    const int rows = count <= 3 ? 1 : count <= 8 ? 2 : 3;
    const int columns = (count + rows - 1) / rows;
    const float tile_w = (box.w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float tile_h = (box.h - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    const auto highlight = model.highlight(view.now);

    for (int index = 0; index < count; ++index) {
        const CounterTile& tile = tiles[static_cast<std::size_t>(index)];
        const int row = index / columns;  // whole rows: integer division
        const int column = index % columns;
        const Box cell{box.x + static_cast<float>(column) * (tile_w + gap),
                       box.y + static_cast<float>(row) * (tile_h + gap), tile_w, tile_h};
        const bool highlighted = highlight && tile.current && highlight->counter_id == tile.id &&
                                 highlight->ticket_id == tile.current->id;
        Colors colors = colors_for(highlighted, highlighted && highlight->lit);
        if (!tile.open) colors = {palette::kClosed, palette::kTextDim, palette::kTextDim};
        fill_box(draw, cell, colors.panel, rounding);
        if (highlighted && !highlight->lit)
            gui::outline_box(draw, cell, palette::kHighlight, 5.0f * view.scale(), rounding);

        const Box inner = cell.inset(12.0f * view.scale());
        draw_text_fit(draw, view.bold(gui::FontSize::normal), inner.rows(0.0f, 0.28f), tile.name, colors.label);
        const Box number = inner.rows(0.3f, 1.0f);
        if (!tile.open) {
            draw_text_fit(draw, view.bold(gui::FontSize::large), number.rows(0.0f, 0.6f), view.text("tile.closed"),
                          colors.text);
            if (tile.reason)
                draw_text_fit(draw, view.font(gui::FontSize::small), number.rows(0.6f, 1.0f), *tile.reason,
                              colors.label);
        } else if (tile.current) {
            // As large as the tile allows: a hall with few counters gets bigger numbers.
            draw_text_fit(draw, view.bold(gui::FontSize::giant), number.inset(4.0f * view.scale()),
                          tile.current->number, colors.text);
        } else {
            draw_text_fit(draw, view.bold(gui::FontSize::huge), number, view.text("tile.idle"), palette::kTextDim);
        }
    }
}

}  // namespace anoman::display
