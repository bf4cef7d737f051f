// Left column: the patient now called here (large), the notice line, the
// action keys and today's figures.
#include <algorithm>
#include <cmath>

#include "anoman/counter/iso_time.hpp"
#include "view_parts.hpp"

namespace anoman::counter::view {
void draw_key_button(Frame& f, const KeyButton& button, ImVec2 size) {
    ImGui::PushID(button.key);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const bool clicked = ImGui::InvisibleButton("##key", size);
    const bool hovered = ImGui::IsItemHovered();
    const float alpha = button.applicable ? (hovered ? 1.0f : 0.88f) : 0.28f;
    ImDrawList* list = ImGui::GetWindowDrawList();
    list->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), u32(button.fill, alpha), 10 * f.s);
    const ImVec4 ink = button.applicable ? colour::background : colour::text;
    const float pad = 10 * f.s;
    put_text(list, f.fonts.bold_small, ImVec2(origin.x + pad, origin.y + pad * 0.6f), ink, button.key);

    // The caption, centred, in the largest font whose lines fit.
    ImFont* font = f.fonts.bold_normal ? f.fonts.bold_normal : f.fonts.normal;
    auto lines = gui::wrap_words(or_default(font), 0.0f, button.caption, size.x - 2 * pad);
    float widest = 0;
    for (const auto& line : lines) widest = std::max(widest, text_size(font, line).x);
    const float key_height = text_size(f.fonts.bold_small, "F1").y;
    if (widest > size.x - 2 * pad || static_cast<float>(lines.size()) * text_size(font, "M").y > size.y - key_height - pad) {
        font = f.fonts.bold_small ? f.fonts.bold_small : f.fonts.small;
        lines = gui::wrap_words(or_default(font), 0.0f, button.caption, size.x - 2 * pad);
    }
    const float line_height = text_size(font, "M").y;
    const float block = line_height * static_cast<float>(lines.size());
    float y = origin.y + key_height * 0.5f + (size.y - block) * 0.5f;
    for (const auto& line : lines) {
        gui::draw_line(list, or_default(font), 0.0f, origin.x + size.x * 0.5f, y, line, u32(ink), gui::Align::center);
        y += line_height;
    }
    if (clicked) f.model.act(button.action, f.now);
    ImGui::PopID();
}

void draw_current(Frame& f, ImVec2 size) {
    ImDrawList* list = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float pad = 18 * f.s;
    list->AddRectFilled(o, ImVec2(o.x + size.x, o.y + size.y), u32(colour::panel), 12 * f.s);
    float top = o.y + pad * 0.6f;
    put_text(list, f.fonts.small, ImVec2(o.x + pad, top), colour::muted, f.tr("current.title"));
    top += text_size(f.fonts.small, "M").y + pad * 0.3f;

    if (!f.model.counter_open() && !f.model.counter_name().empty()) {
        // Closed: a red strip that says why and how to open again.
        std::string strip = f.tr("closed.banner");
        if (f.model.close_reason())
            strip += "  ·  " + f.fmt("closed.reason", {{"reason", f.text.reason_label(*f.model.close_reason(), f.language)}});
        strip += "  ·  " + f.tr("closed.hint");
        ImFont* font = f.fonts.bold_small ? f.fonts.bold_small : f.fonts.small;
        const float h = text_size(font, "M").y + pad * 0.6f;
        list->AddRectFilled(ImVec2(o.x + pad, top), ImVec2(o.x + size.x - pad, top + h), u32(colour::bad), 6 * f.s);
        list->PushClipRect(ImVec2(o.x + pad, top), ImVec2(o.x + size.x - pad, top + h), true);
        put_text(list, font, ImVec2(o.x + pad * 1.5f, top + pad * 0.3f), colour::text, strip);
        list->PopClipRect();
        top += h + pad * 0.3f;
    }

    const float alpha = f.live ? 1.0f : 0.45f;
    const auto& current = f.model.current();
    if (!current) {
        const std::string none = f.tr("current.none");
        const std::string hint = f.tr("current.none_hint");
        const ImVec2 a = text_size(f.fonts.large, none);
        const ImVec2 b = text_size(f.fonts.normal, hint);
        const float y = top + (o.y + size.y - top - a.y - b.y) * 0.5f;
        put_text(list, f.fonts.large, ImVec2(o.x + (size.x - a.x) * 0.5f, y), ImVec4(0.75f, 0.79f, 0.86f, alpha), none);
        if (f.model.counter_open())
            put_text(list, f.fonts.normal, ImVec2(o.x + (size.x - b.x) * 0.5f, y + a.y), ImVec4(0.55f, 0.60f, 0.68f, alpha), hint);
        ImGui::Dummy(size);
        return;
    }

    // The lines under the number: service (+ priority), calls and time since the call.
    const std::string service = short_name(f.model.service_name(current->service));
    std::string calls = f.fmt("current.calls", {{"calls", std::to_string(current->calls)}});
    if (current->called_at) {
        if (auto called = parse_iso_time(*current->called_at))
            calls += "   ·   " + f.fmt("current.since", {{"elapsed", clock_text(seconds_since(*called, f.now))}});
    }
    // BPJS: the booking code linked with F9 stays in sight with the patient, on its own line.
    std::string booking_line;
    if (auto booking = f.model.booking_of(current->id)) booking_line = f.fmt("current.booking", {{"code", *booking}});
    const float service_h = text_size(f.fonts.large, service).y;
    const float calls_h = text_size(f.fonts.normal, calls).y + (booking_line.empty() ? 0.0f : text_size(f.fonts.normal, booking_line).y);

    // The number as large as the panel allows (the giant font, shrunk if needed).
    ImFont* giant = or_default(f.fonts.giant);
    const float room = o.y + size.y - top - service_h - calls_h - pad;
    const float number_size = std::max(8.0f, std::min(giant->FontSize, room));
    const ImVec2 number_box = gui::text_size(giant, number_size, current->number);
    const ImVec4 number_colour = current->priority ? colour::warn : colour::text;
    float y = top + std::max(0.0f, (room - number_box.y) * 0.5f);
    gui::draw_line(list, giant, number_size, o.x + size.x * 0.5f, y, current->number, u32(number_colour, alpha),
                   gui::Align::center);
    y += number_box.y;

    const std::string badge = current->priority ? f.tr("current.priority") : std::string();
    const ImVec2 service_size = text_size(f.fonts.large, service);
    const float badge_w = badge.empty() ? 0 : text_size(f.fonts.bold_small, badge).x + 24 * f.s + pad;
    float x = o.x + (size.x - service_size.x - badge_w) * 0.5f;
    put_text(list, f.fonts.large, ImVec2(x, y), ImVec4(0.80f, 0.85f, 0.95f, alpha), service);
    if (!badge.empty())
        pill(list, f.fonts.bold_small, ImVec2(x + service_size.x + pad, y + (service_h - text_size(f.fonts.bold_small, "M").y) * 0.35f),
             colour::warn, colour::background, badge, 12 * f.s);
    y += service_h;
    const ImVec2 calls_size = text_size(f.fonts.normal, calls);
    put_text(list, f.fonts.normal, ImVec2(o.x + (size.x - calls_size.x) * 0.5f, y),
             current->calls > 1 ? ImVec4(1.0f, 0.85f, 0.5f, alpha) : ImVec4(0.75f, 0.79f, 0.86f, alpha), calls);
    if (!booking_line.empty()) {
        y += calls_size.y;
        const ImVec2 booking_size = text_size(f.fonts.normal, booking_line);
        put_text(list, f.fonts.normal, ImVec2(o.x + (size.x - booking_size.x) * 0.5f, y), ImVec4(0.55f, 0.85f, 0.65f, alpha),
                 booking_line);
    }
    ImGui::Dummy(size);
}

void draw_notice(Frame& f, float width) {
    ImDrawList* list = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImFont* font = f.fonts.bold_normal ? f.fonts.bold_normal : f.fonts.normal;
    const float line = text_size(font, "M").y;
    const float height = line * 2 + 16 * f.s;
    std::string message;
    ImVec4 ink = colour::text;
    if (f.model.busy()) {
        message = f.tr("busy");
        ink = colour::accent;
    } else if (const auto& notice = f.model.notice()) {
        message = f.text.render(*notice, f.language);
        ink = notice->level == Notice::Level::error     ? colour::bad
              : notice->level == Notice::Level::success ? colour::good
                                                        : colour::text;
    }
    if (!message.empty()) {
        // A coloured bar on the left makes an error visible at a glance.
        list->AddRectFilled(o, ImVec2(o.x + 8 * f.s, o.y + height), u32(ink), 3 * f.s);
        if (text_size(font, message).x > (width - 24 * f.s) * 2) font = f.fonts.small ? f.fonts.small : font;
        list->AddText(or_default(font), or_default(font)->FontSize, ImVec2(o.x + 20 * f.s, o.y + 8 * f.s), u32(ink),
                      message.c_str(), message.c_str() + message.size(), width - 28 * f.s);
    }
    ImGui::Dummy(ImVec2(width, height));
}

void draw_actions(Frame& f, ImVec2 size) {
    const bool has_current = f.model.current().has_value();
    const bool open = f.model.counter_open();
    const bool can_call = f.live && open && (!f.model.tickets_known() || !f.model.waiting_rows().empty());
    const ImVec4 neutral{0.55f, 0.65f, 0.82f, 1.0f};
    const std::vector<KeyButton> row1 = {
        {Action::call_next, "F1", f.tr("button.call_next"), colour::good, can_call},
        {Action::recall, "F2", f.tr("button.recall"), neutral, f.live && has_current},
        {Action::skip, "F3", f.tr("button.skip"), colour::warn, f.live && has_current},
    };
    const std::vector<KeyButton> row2 = {
        {Action::finish, "F4", f.tr("button.finish"), colour::accent, f.live && has_current},
        {Action::transfer, "F5", f.tr("button.transfer"), neutral, f.live && has_current},
        {Action::open_close, "F6", f.tr(open ? "button.close" : "button.open"), open ? neutral : colour::good, f.live},
    };
    const float gap = 12 * f.s;
    const float unit = (size.x - 3 * gap) / 4;
    const float row_h = (size.y - gap) / 2;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    // Row 1: call next is the key pressed all day: twice as wide.
    draw_key_button(f, row1[0], ImVec2(unit * 2 + gap, row_h));
    ImGui::SameLine();
    draw_key_button(f, row1[1], ImVec2(unit, row_h));
    ImGui::SameLine();
    draw_key_button(f, row1[2], ImVec2(unit, row_h));
    draw_key_button(f, row2[0], ImVec2(unit, row_h));
    ImGui::SameLine();
    draw_key_button(f, row2[1], ImVec2(unit, row_h));
    ImGui::SameLine();
    draw_key_button(f, row2[2], ImVec2(unit * 2 + gap, row_h));
    ImGui::PopStyleVar();
}

void draw_figures(Frame& f, ImVec2 size) {
    ImDrawList* list = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    list->AddRectFilled(o, ImVec2(o.x + size.x, o.y + size.y), u32(colour::panel), 12 * f.s);
    const float pad = 16 * f.s;
    const float label_y = o.y + pad * 0.6f;
    const float value_y = label_y + text_size(f.fonts.small, "M").y + 2 * f.s;
    const auto& figures = f.model.figures();
    const std::string unknown = f.tr("stats.unknown");
    // Three tiles, label over value; the average gets the widest.
    const struct {
        std::string name, value;
        float share;
    } tiles[] = {
        {f.tr("stats.served"), figures ? std::to_string(figures->served) : unknown, 0.30f},
        {f.tr("stats.skipped"), figures ? std::to_string(figures->skipped) : unknown, 0.30f},
        {f.tr("stats.avg"), figures && figures->served > 0 ? f.text.duration_text(figures->avg_service_s, f.language) : unknown,
         0.40f},
    };
    float x = o.x + pad;
    const ImVec4 value_ink = f.live ? colour::text : ImVec4(0.55f, 0.60f, 0.68f, 1.0f);  // may be out of date
    for (const auto& tile : tiles) {
        put_text(list, f.fonts.small, ImVec2(x, label_y), colour::muted, tile.name);
        put_text(list, f.fonts.bold_normal, ImVec2(x, value_y), value_ink, tile.value);
        x += (size.x - 2 * pad) * tile.share;
    }
    ImGui::Dummy(size);
}

}  // namespace anoman::counter::view
