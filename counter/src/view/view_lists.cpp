// Right column: the scan field (what the barcode scanner or the clerk types),
// the live waiting list of this counter's services, today's no-shows, and the
// keys that act on the selected ticket.
#include <algorithm>
#include <map>

#include "anoman/counter/iso_time.hpp"
#include "view_parts.hpp"

namespace anoman::counter::view {
namespace {

enum class ListKind { waiting, skipped };

// One table of tickets; returns nothing, selects on click.
void draw_ticket_table(Frame& f, const char* id, ListKind kind, const std::vector<const proto::Ticket*>& rows,
                       ImVec2 size, bool scroll_to_selection) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, colour::panel);
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 10 * f.s);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10 * f.s, 8 * f.s));
    ImGui::BeginChild(id, size, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    const float alpha = f.live ? 1.0f : 0.45f;
    if (rows.empty()) {
        const std::string empty =
            kind == ListKind::waiting ? f.tr(f.model.tickets_known() ? "list.empty" : "list.unknown") : f.tr("list.skipped_empty");
        label(f.fonts.normal, ImVec4(0.55f, 0.60f, 0.68f, alpha), empty);
    } else if (ImGui::BeginTable(id, 3, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("number", ImGuiTableColumnFlags_WidthStretch, 0.38f);
        ImGui::TableSetupColumn("service", ImGuiTableColumnFlags_WidthStretch, 0.37f);
        ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthStretch, 0.25f);
        ImFont* number_font = f.fonts.bold_normal ? f.fonts.bold_normal : f.fonts.normal;
        const float row_h = text_size(number_font, "M").y + 6 * f.s;
        // Smaller text sits on the middle of the number's line, not its top.
        const float small_drop = (text_size(number_font, "M").y - text_size(f.fonts.small, "M").y) * 0.5f;
        const auto selected = f.model.selected();
        ImGui::PushStyleColor(ImGuiCol_Header, colour::selected);
        ImGui::PushStyleColor(ImGuiCol_HeaderHovered, ImVec4(0.20f, 0.27f, 0.38f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_HeaderActive, colour::selected);
        for (const auto* ticket : rows) {
            ImGui::PushID(static_cast<int>(ticket->id));
            ImGui::TableNextRow(0, row_h);
            ImGui::TableSetColumnIndex(0);
            const bool is_selected = selected && *selected == ticket->id;
            const ImVec2 row_start = ImGui::GetCursorPos();
            if (ImGui::Selectable("##row", is_selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                                  ImVec2(0, row_h)))
                f.model.select(ticket->id);
            if (is_selected && scroll_to_selection) ImGui::SetScrollHereY(0.5f);
            ImGui::SetCursorPos(row_start);

            // Number (amber for priority, with its tag).
            const ImVec4 ink = ticket->priority ? colour::warn : colour::text;
            label(number_font, ImVec4(ink.x, ink.y, ink.z, alpha), ticket->number);
            if (ticket->priority) {
                ImGui::SameLine(0, 10 * f.s);
                const ImVec2 at = ImGui::GetCursorScreenPos();
                const ImVec2 tag = pill(ImGui::GetWindowDrawList(), f.fonts.small, ImVec2(at.x, at.y + 4 * f.s),
                                        ImVec4(colour::warn.x, colour::warn.y, colour::warn.z, 0.85f * alpha),
                                        colour::background, f.tr("list.priority"), 8 * f.s);
                ImGui::Dummy(ImVec2(tag.x, 1));
            }

            ImGui::TableSetColumnIndex(1);
            ImGui::SetCursorPosY(ImGui::GetCursorPosY() + small_drop);
            label(f.fonts.small, ImVec4(0.75f, 0.79f, 0.86f, alpha), short_name(f.model.service_name(ticket->service)));

            ImGui::TableSetColumnIndex(2);
            std::string when;
            ImVec4 when_ink{0.80f, 0.84f, 0.90f, alpha};
            if (kind == ListKind::waiting) {
                if (auto issued = parse_iso_time(ticket->issued_at)) {
                    const auto waited = seconds_since(*issued, f.now);
                    when = f.text.wait_text(waited, f.language);
                    constexpr std::int64_t kLongWaitSeconds = 3600;  // an hour: shown in amber
                    if (waited >= kLongWaitSeconds)
                        when_ink = ImVec4(colour::warn.x, colour::warn.y, colour::warn.z, alpha);
                }
            } else if (ticket->finished_at && ticket->finished_at->size() >= 16) {
                when = ticket->finished_at->substr(11, 5);  // local time as the server wrote it
            }
            label(f.fonts.normal, when_ink, when);
            ImGui::PopID();
        }
        ImGui::PopStyleColor(3);
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
}

}  // namespace

void draw_scan_field(Frame& f, float width) {
    label(f.fonts.small, colour::muted, f.tr("scan.label"));
    ImGui::Dummy(ImVec2(0, 4 * f.s));
    ImDrawList* list = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImFont* font = f.fonts.bold_normal ? f.fonts.bold_normal : f.fonts.normal;
    const float height = text_size(font, "M").y + 16 * f.s;
    const bool typing = !f.model.scan_text().empty();
    list->AddRectFilled(o, ImVec2(o.x + width, o.y + height), u32(ImVec4(0.04f, 0.05f, 0.08f, 1.0f)), 8 * f.s);
    list->AddRect(o, ImVec2(o.x + width, o.y + height), u32(typing ? colour::accent : colour::panel_edge), 8 * f.s, 0,
                  2 * f.s);
    const float pad = 12 * f.s;
    list->PushClipRect(o, ImVec2(o.x + width - pad, o.y + height), true);
    if (typing) {
        // Keep the end of a long code visible, where the clerk is typing.
        const std::string& text = f.model.scan_text();
        const float w = text_size(font, text).x;
        const float x = std::min(o.x + pad, o.x + width - 2 * pad - w);
        put_text(list, font, ImVec2(x, o.y + 8 * f.s), colour::text, text);
        list->AddRectFilled(ImVec2(x + w + 2 * f.s, o.y + 8 * f.s), ImVec2(x + w + 5 * f.s, o.y + height - 8 * f.s),
                            u32(colour::accent));
    } else {
        list->AddRectFilled(ImVec2(o.x + pad, o.y + 8 * f.s), ImVec2(o.x + pad + 3 * f.s, o.y + height - 8 * f.s),
                            u32(colour::muted, 0.6f));
        put_text(list, font, ImVec2(o.x + pad + 10 * f.s, o.y + 8 * f.s), ImVec4(0.40f, 0.44f, 0.52f, 1.0f),
                 f.tr("scan.placeholder"));
    }
    list->PopClipRect();
    ImGui::Dummy(ImVec2(width, height));
}

void draw_lists(Frame& f, ImVec2 size) {
    const auto waiting = f.model.waiting_rows();
    const auto skipped = f.model.skipped_rows();
    const bool scroll = f.model.take_scroll_request();
    ImFont* header_font = f.fonts.bold_normal ? f.fonts.bold_normal : f.fonts.normal;
    const float header_h = text_size(header_font, "M").y + 6 * f.s;
    const float hint_h = text_size(f.fonts.small, "M").y + 6 * f.s;
    const float buttons_h = std::max(70 * f.s, text_size(f.fonts.bold_normal, "M").y * 2.2f);
    const float gap = 10 * f.s;
    const float tables_h = std::max(size.y - 2 * header_h - buttons_h - hint_h - 3 * gap, 4 * header_h);
    const float skipped_h = std::max(tables_h * 0.32f, 0.0f);
    const float waiting_h = tables_h - skipped_h;

    // Waiting: count, per service, and a word when the list may be stale.
    {
        std::string header = f.fmt("list.title", {{"count", std::to_string(waiting.size())}});
        ImGui::BeginGroup();
        label(header_font, colour::text, header);
        std::map<std::string, int> per_service;
        for (const auto* t : waiting) ++per_service[t->service];
        // Per service, by short name; by ticket prefix when the names do not fit.
        std::string counts, prefixes;
        for (const auto& code : f.model.counter_services()) {
            const std::string n = std::to_string(per_service[code]);
            if (!counts.empty()) counts += "  ·  ", prefixes += "  ·  ";
            counts += short_name(f.model.service_name(code)) + " " + n;
            prefixes += f.model.service_prefix(code) + ": " + n;
        }
        if (text_size(header_font, header).x + 16 * f.s + text_size(f.fonts.small, counts).x > size.x) counts = prefixes;
        ImGui::SameLine(0, 16 * f.s);
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 6 * f.s);
        if (!f.live) label(f.fonts.small, colour::warn, "(" + f.tr("list.stale") + ")");
        else label(f.fonts.small, colour::muted, counts);
        ImGui::EndGroup();
    }
    draw_ticket_table(f, "##waiting", ListKind::waiting, waiting, ImVec2(size.x, waiting_h), scroll);
    ImGui::Dummy(ImVec2(0, gap));
    label(header_font, colour::text, f.fmt("list.skipped_title", {{"count", std::to_string(skipped.size())}}));
    ImGui::Dummy(ImVec2(0, 6 * f.s));
    draw_ticket_table(f, "##skipped", ListKind::skipped, skipped, ImVec2(size.x, skipped_h), scroll);
    ImGui::Dummy(ImVec2(0, gap));

    // The keys for the selected ticket.
    const proto::Ticket* chosen = f.model.selected() ? f.model.book().find(*f.model.selected()) : nullptr;
    const bool chosen_waiting = chosen && chosen->status == proto::TicketStatus::waiting;
    const bool chosen_skipped = chosen && chosen->status == proto::TicketStatus::skipped;
    const ImVec4 neutral{0.55f, 0.65f, 0.82f, 1.0f};
    const float half = (size.x - gap) / 2;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    draw_key_button(f, {Action::call_selected, "F7", f.tr("button.call_selected"), colour::good,
                        f.live && chosen_waiting && f.model.counter_open()},
                    ImVec2(half, buttons_h));
    ImGui::SameLine();
    draw_key_button(f, {Action::requeue, "F8", f.tr("button.requeue"), neutral, f.live && chosen_skipped},
                    ImVec2(half, buttons_h));
    ImGui::PopStyleVar();
    ImGui::Dummy(ImVec2(0, 4 * f.s));
    label(f.fonts.small, colour::muted, f.tr("list.hint"));
}

}  // namespace anoman::counter::view
