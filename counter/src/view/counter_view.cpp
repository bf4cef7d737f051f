// The whole window: top bar (counter, open/closed, link, clock), the
// reconnecting banner, the current patient and the action keys on the left,
// the scan field and the live lists on the right, and the dialogs.
#include "anoman/counter/counter_view.hpp"

#include <algorithm>
#include <cmath>

#include "view_parts.hpp"

namespace anoman::counter {

namespace view {

ImFont* or_default(ImFont* font) { return font ? font : ImGui::GetFont(); }

std::string short_name(const std::string& name) {
    const auto paren = name.find(" (");
    return paren == std::string::npos || paren == 0 ? name : name.substr(0, paren);
}

ImVec2 text_size(ImFont* font, const std::string& text) { return gui::text_size(or_default(font), 0.0f, text); }

ImU32 u32(const ImVec4& colour, float alpha) {
    return ImGui::GetColorU32(ImVec4(colour.x, colour.y, colour.z, colour.w * alpha));
}

void put_text(ImDrawList* list, ImFont* font, ImVec2 at, const ImVec4& colour, const std::string& text) {
    gui::draw_line(list, or_default(font), 0.0f, at.x, at.y, text, u32(colour));
}

ImVec2 pill(ImDrawList* list, ImFont* font, ImVec2 at, const ImVec4& fill, const ImVec4& ink, const std::string& text,
            float pad) {
    const ImVec2 inner = text_size(font, text);
    const ImVec2 size(inner.x + 2 * pad, inner.y + pad);
    gui::fill_box(list, {at.x, at.y, size.x, size.y}, u32(fill), size.y * 0.5f);
    put_text(list, font, ImVec2(at.x + pad, at.y + pad * 0.5f), ink, text);
    return size;
}

void label(ImFont* font, const ImVec4& colour, const std::string& text) {
    ImGui::PushFont(or_default(font));
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

namespace {

std::string joined_service_names(const CounterModel& model) {
    std::string names;
    for (const auto& code : model.counter_services()) {
        if (!names.empty()) names += ", ";
        names += short_name(model.service_name(code));
    }
    return names;
}

void draw_top_bar(Frame& f, const std::string& clock, float width, float height) {
    ImDrawList* list = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    list->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), u32(colour::panel));
    const float pad = 16 * f.s;

    // Left: which counter this is and what it serves.
    const std::string name = f.model.counter_name().empty() ? f.tr("app.title") : f.model.counter_name();
    ImFont* title_font = f.fonts.bold_large ? f.fonts.bold_large : f.fonts.large;
    const ImVec2 title_size = text_size(title_font, name);
    put_text(list, title_font, ImVec2(origin.x + pad, origin.y + (height - title_size.y) * 0.5f), colour::text, name);
    float x = origin.x + pad + title_size.x + pad;
    if (!f.model.counter_name().empty()) {
        const bool open = f.model.counter_open();
        const ImVec2 p = pill(list, f.fonts.bold_small, ImVec2(x, origin.y + height * 0.5f - 18 * f.s),
                              open ? colour::good : colour::bad, colour::background,
                              f.tr(open ? "counter.open" : "counter.closed"), 12 * f.s);
        x += p.x + pad;
        const std::string serves = f.fmt("header.serves", {{"services", joined_service_names(f.model)}});
        put_text(list, f.fonts.small, ImVec2(x, origin.y + (height - text_size(f.fonts.small, serves).y) * 0.5f),
                 colour::muted, serves);
    }

    // Right: clock, link state, hospital.
    float right = origin.x + width - pad;
    if (!clock.empty()) {
        const ImVec2 size = text_size(f.fonts.bold_normal, clock);
        right -= size.x;
        put_text(list, f.fonts.bold_normal, ImVec2(right, origin.y + (height - size.y) * 0.5f), colour::text, clock);
        right -= pad * 1.5f;
    }
    const bool online = f.live;
    const std::string link = f.tr(online ? "link.online" : "link.offline_short");
    const ImVec2 link_size = text_size(f.fonts.small, link);
    right -= link_size.x;
    put_text(list, f.fonts.small, ImVec2(right, origin.y + (height - link_size.y) * 0.5f), online ? colour::good : colour::bad,
             link);
    const float dot = 8 * f.s;
    right -= dot * 2;
    list->AddCircleFilled(ImVec2(right + dot * 0.5f, origin.y + height * 0.5f), dot, u32(online ? colour::good : colour::bad));
    right -= dot * 2 + pad;
    if (!f.model.hospital_name().empty()) {
        const ImVec2 size = text_size(f.fonts.small, f.model.hospital_name());
        if (right - size.x > x + 300 * f.s)
            put_text(list, f.fonts.small, ImVec2(right - size.x, origin.y + (height - size.y) * 0.5f), colour::muted,
                     f.model.hospital_name());
    }
    ImGui::Dummy(ImVec2(width, height));
}

// Not live: say so across the whole window, in words, never just a colour.
void draw_link_banner(Frame& f, float width, float height) {
    std::string message;
    ImVec4 fill = colour::warn;
    switch (f.model.link()) {
    case LinkState::refused:
        message = f.fmt("link.refused", {{"detail", f.model.link_detail()}});
        fill = colour::bad;
        break;
    case LinkState::connecting:
        message = f.model.counter_id().empty() && f.model.book().size() == 0 && f.model.counter_name().empty()
                      ? f.tr("link.connecting")
                      : f.tr("link.reconnecting");
        break;
    case LinkState::online:
        message = f.tr(f.model.has_snapshot() ? "link.reconnecting" : "link.connecting");
        break;
    }
    ImDrawList* list = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    list->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), u32(fill));
    ImFont* font = f.fonts.bold_normal ? f.fonts.bold_normal : f.fonts.normal;
    const ImVec2 size = text_size(font, message);
    const float x = origin.x + std::max(16 * f.s, (width - size.x) * 0.5f);
    put_text(list, font, ImVec2(x, origin.y + (height - size.y) * 0.5f), colour::background, message);
    ImGui::Dummy(ImVec2(width, height));
}

}  // namespace
}  // namespace view

CounterView::CounterView() = default;
CounterView::~CounterView() = default;

std::string CounterView::wall_clock(const CounterModel& model, SysMillis now) {
    try {
        if (!clock_ || clock_->timezone_name() != model.hospital_timezone())
            clock_ = std::make_unique<HospitalClock>(model.hospital_timezone());
        return clock_->iso_local(now).substr(11, 5);
    } catch (const std::exception&) {
        return {};  // an unknown timezone name: no clock rather than a wrong one
    }
}

void CounterView::draw(CounterModel& model, const ViewFonts& fonts, SysMillis now) {
    using namespace view;
    Frame f{model, text_, fonts, now, model.english() ? Language::en : Language::id, model.is_live(now), fonts.scale};

    // The dimming behind a choice is drawn after the frame, with the style
    // of that moment: it must be set in the style, not pushed.
    ImGui::GetStyle().Colors[ImGuiCol_ModalWindowDimBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.6f);

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, colour::background);
    ImGui::PushStyleColor(ImGuiCol_Text, colour::text);
    ImGui::PushFont(or_default(fonts.normal));
    ImGui::Begin("##counter", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);

    const float width = viewport->Size.x;
    const float height = viewport->Size.y;
    const float gap = 16 * f.s;
    const float bar = std::max(52 * f.s, text_size(fonts.bold_large ? fonts.bold_large : fonts.large, "L").y + 12 * f.s);
    draw_top_bar(f, wall_clock(model, now), width, bar);
    float used = bar;
    if (!f.live) {
        const float banner = text_size(fonts.bold_normal ? fonts.bold_normal : fonts.normal, "M").y + 24 * f.s;
        draw_link_banner(f, width, banner);
        used += banner;
    }
    const float footer = text_size(fonts.small, "M").y + 10 * f.s;
    const float body = height - used - footer - 2 * gap;

    // Left column: the patient, the notice line, the keys, today's figures.
    const float left_width = std::floor(width * 0.56f) - 1.5f * gap;
    const float right_width = width - left_width - 3 * gap;
    const ImVec2 body_origin(gap, used + gap);
    ImGui::SetCursorPos(body_origin);
    ImGui::BeginGroup();
    const float notice_height = text_size(fonts.bold_normal ? fonts.bold_normal : fonts.normal, "M").y * 2 + 16 * f.s;
    const float figures_height = text_size(fonts.small, "M").y + text_size(fonts.bold_normal, "M").y + 28 * f.s;
    const float actions_height = std::min(body * 0.34f, 260 * f.s);
    // A very small window squeezes the patient panel first, never below a line.
    const float current_height = std::max(body - notice_height - figures_height - actions_height - 3 * gap,
                                          text_size(fonts.large, "M").y * 1.5f);
    draw_current(f, ImVec2(left_width, current_height));
    ImGui::Dummy(ImVec2(0, gap));
    draw_notice(f, left_width);
    ImGui::Dummy(ImVec2(0, gap));
    draw_actions(f, ImVec2(left_width, actions_height));
    ImGui::Dummy(ImVec2(0, gap));
    draw_figures(f, ImVec2(left_width, figures_height));
    ImGui::EndGroup();

    // Right column: the scan field and the live lists.
    ImGui::SetCursorPos(ImVec2(body_origin.x + left_width + gap, body_origin.y));
    ImGui::BeginGroup();
    const float scan_top = ImGui::GetCursorPosY();
    draw_scan_field(f, right_width);
    ImGui::Dummy(ImVec2(0, gap * 0.75f));
    const float lists_height = body - (ImGui::GetCursorPosY() - scan_top);
    draw_lists(f, ImVec2(right_width, lists_height));
    ImGui::EndGroup();

    // Footer: the language switch.
    const std::string lang = f.tr("lang.switch");
    gui::draw_line(ImGui::GetWindowDrawList(), or_default(fonts.small), 0.0f, width - gap, height - footer, lang,
                   u32(colour::muted), gui::Align::right);

    draw_dialogs(f);
    ImGui::End();
    ImGui::PopFont();
    ImGui::PopStyleColor(2);
    ImGui::PopStyleVar(4);
}

}  // namespace anoman::counter
