#include "kiosk_view.hpp"

#include <imgui.h>

#include "kiosk_touch.hpp"
#include "view_screens.hpp"

namespace anoman::kiosk::view {

bool KioskView::animating(const KioskModel& model) const {
    return (model.screen() == Screen::working && model.phase() != WorkPhase::waiting_retry) ||
           model.screen() == Screen::checkin_lookup ||
           (model.screen() == Screen::ticket && model.print_state() == PrintState::printing);
}

void KioskView::draw(KioskModel& model) {
    const ImGuiIO& io = ImGui::GetIO();
    Layout layout = compute_layout(model, io.DisplaySize.x, io.DisplaySize.y);

    // A touch counts on release, and only where it started: a finger that
    // slides off a button (an unsure patient) does not press it.
    // A barcode scanner is a keyboard: it types the booking code, then Enter.
    bool typed = false;
    for (const ImWchar c : io.InputQueueCharacters) {
        if (c < 0x80) {
            model.typed_char(static_cast<char>(c));
            typed = true;
        }
    }
    for (int enter = window_.take_enter_presses(); enter > 0; --enter) {
        model.typed_enter();
        typed = true;
    }
    if (typed) layout = compute_layout(model, io.DisplaySize.x, io.DisplaySize.y);

    Touch touch;
    const Hit* under = layout.hit_at(io.MousePos.x, io.MousePos.y);
    const Hit* started = layout.hit_at(io.MouseClickedPos[0].x, io.MouseClickedPos[0].y);
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && under && under == started) {
        activate(model, layout, *under);
        layout = compute_layout(model, io.DisplaySize.x, io.DisplaySize.y);  // draw the new screen now
    } else if (io.MouseDown[0] && under && under == started) {
        touch.pressed = under;
    }

    layout_ = layout;
    const Painter p(ImGui::GetBackgroundDrawList(), window_, layout);
    draw_frame(p, layout, model, touch);
    switch (model.screen()) {
        case Screen::welcome: draw_welcome(p, layout, model, touch); break;
        case Screen::lane: draw_lanes(p, layout, model, touch); break;
        case Screen::service: draw_services(p, layout, model, touch); break;
        case Screen::keypad: draw_keypad(p, layout, model, touch); break;
        case Screen::working: draw_working(p, layout, model, touch, ImGui::GetTime()); break;
        case Screen::printer_problem: draw_printer_problem(p, layout, model, touch); break;
        case Screen::refused: draw_refused(p, layout, model, touch); break;
        case Screen::ticket: draw_ticket(p, layout, model, touch); break;
        case Screen::attendant: draw_attendant(p, layout, model, touch); break;
        case Screen::checkin_code: draw_keypad(p, layout, model, touch); break;
        case Screen::checkin_lookup: draw_checkin_lookup(p, layout, model, ImGui::GetTime()); break;
        case Screen::booking: draw_booking(p, layout, model, touch); break;
        case Screen::checkin_refused: draw_checkin_refused(p, layout, model, touch); break;
    }
}

}  // namespace anoman::kiosk::view
