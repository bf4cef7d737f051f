// The hall screen (ImGui drawing only): a header with the hospital's name,
// date and clock; then either the hall (the newest call large, a tile per
// counter, the last calls, the number waiting, the running text) or, when the
// model is not live, the full-width reconnecting state with no numbers at all.
#pragma once

#include "../clock_text.hpp"
#include "../hall_model.hpp"
#include "anoman/gui/app_window.hpp"
#include "anoman/gui/draw_kit.hpp"
#include "anoman/i18n.hpp"

namespace anoman::display {

// The shared drawing kit, by the names the hall's panels use.
using gui::Align;
using gui::Box;
using gui::draw_text_fit;
using gui::fill_box;
using gui::text_size;

struct HallViewContext {
    const gui::AppWindow& window;
    const Catalog& strings;
    Language language = Language::id;
    Instant now;
    ClockText clock;

    float scale() const { return window.scale(); }
    ImFont* font(gui::FontSize size) const { return window.font(size); }
    ImFont* bold(gui::FontSize size) const { return window.bold(size); }
    const std::string& text(std::string_view key) const { return strings.get(key, language); }
};

// Draws the whole screen into one full-window ImGui window.
void draw_hall_screen(const HallModel& model, const HallViewContext& view);
// The running text's strip of a screen this size (the band redrawn alone while it scrolls).
Box ticker_box(ImVec2 screen_size);
// The rows of the running text's lane its letters cover (whole pixels): the
// band a partial frame repaints while the text scrolls.
Box ticker_text_band(const HallViewContext& view, ImVec2 screen_size);
// Draws only that band, in its own window with no background: a partial
// frame that leaves the rest of the screen as it is.
void draw_ticker_band(const HallModel& model, const HallViewContext& view);

// The panels, each in its box.
void draw_header(const HallModel& model, const HallViewContext& view, const Box& box);
void draw_newest_call(const HallModel& model, const HallViewContext& view, const Box& box);
void draw_counter_tiles(const HallModel& model, const HallViewContext& view, const Box& box);
void draw_recent_calls(const HallModel& model, const HallViewContext& view, const Box& box);
void draw_waiting(const HallModel& model, const HallViewContext& view, const Box& box);
void draw_ticker(const HallModel& model, const HallViewContext& view, const Box& box);
void draw_reconnecting(const HallModel& model, const HallViewContext& view, const Box& box);

}  // namespace anoman::display
