// What the counter view's panels share: colours, the frame's context, and
// small drawing helpers on the shared kit (anoman/gui/draw_kit.hpp). Private
// to counter/src.
#pragma once

#include <string>

#include <imgui.h>

#include "anoman/counter/counter_view.hpp"
#include "anoman/gui/draw_kit.hpp"

namespace anoman::counter::view {

// Dark screen, light text; green for "go", red for trouble, amber for priority.
namespace colour {
inline const ImVec4 background{0.07f, 0.09f, 0.13f, 1.0f};
inline const ImVec4 panel{0.12f, 0.15f, 0.21f, 1.0f};
inline const ImVec4 panel_edge{0.25f, 0.30f, 0.40f, 1.0f};
inline const ImVec4 text{0.93f, 0.95f, 0.98f, 1.0f};
inline const ImVec4 muted{0.62f, 0.67f, 0.76f, 1.0f};
inline const ImVec4 good{0.30f, 0.80f, 0.45f, 1.0f};
inline const ImVec4 bad{0.95f, 0.36f, 0.32f, 1.0f};
inline const ImVec4 warn{1.00f, 0.76f, 0.22f, 1.0f};
inline const ImVec4 accent{0.35f, 0.62f, 1.00f, 1.0f};
inline const ImVec4 selected{0.22f, 0.42f, 0.75f, 1.0f};
}  // namespace colour

// Everything a panel needs for this frame.
struct Frame {
    CounterModel& model;
    const CounterText& text;
    const ViewFonts& fonts;
    SysMillis now;
    Language language;
    bool live;  // online and current: otherwise the data is shown dimmed
    float s;    // layout scale (window height / 1080)

    const std::string& tr(const char* key) const { return text.get(key, language); }
    std::string fmt(const char* key, const std::vector<std::pair<std::string, std::string>>& params) const {
        return text.format(key, language, params);
    }
};

ImFont* or_default(ImFont* font);
// "Prioritas (Lansia, Disabilitas, Ibu Hamil)" -> "Prioritas": what fits in a list.
std::string short_name(const std::string& name);
ImVec2 text_size(ImFont* font, const std::string& text);
ImU32 u32(const ImVec4& colour, float alpha = 1.0f);
// Text at an absolute screen position, in this font and colour.
void put_text(ImDrawList* list, ImFont* font, ImVec2 at, const ImVec4& colour, const std::string& text);
// A rounded label ("BUKA", "prioritas"); returns its size.
ImVec2 pill(ImDrawList* list, ImFont* font, ImVec2 at, const ImVec4& fill, const ImVec4& ink, const std::string& text,
            float pad);
// Text in a font and colour at the cursor (ImGui layout).
void label(ImFont* font, const ImVec4& colour, const std::string& text);

// A big button for an action, with its key in the corner; a click acts like the key.
struct KeyButton {
    Action action;
    const char* key;      // "F1"
    std::string caption;  // "Panggil berikutnya"
    ImVec4 fill;
    bool applicable;      // drawn dim when pressing it would only explain why not
};
void draw_key_button(Frame& frame, const KeyButton& button, ImVec2 size);

// The panels.
void draw_current(Frame& frame, ImVec2 size);
void draw_notice(Frame& frame, float width);
void draw_actions(Frame& frame, ImVec2 size);
void draw_figures(Frame& frame, ImVec2 size);
void draw_scan_field(Frame& frame, float width);
void draw_lists(Frame& frame, ImVec2 size);
void draw_dialogs(Frame& frame);

}  // namespace anoman::counter::view
