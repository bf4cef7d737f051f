// One drawing function per screen (kiosk_view.cpp calls the right one).
#pragma once

#include "kiosk_layout.hpp"
#include "kiosk_model.hpp"
#include "view_widgets.hpp"

namespace anoman::kiosk::view {

// What the finger is on right now, to draw that target pressed.
struct Touch {
    const Hit* pressed = nullptr;
    bool is(const Hit* hit) const { return hit && pressed && hit->rect.x == pressed->rect.x && hit->rect.y == pressed->rect.y; }
};

void draw_frame(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch);
void draw_welcome(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch);
void draw_lanes(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch);
void draw_services(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch);
void draw_keypad(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch);
void draw_working(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch, double seconds);
void draw_printer_problem(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch);
void draw_refused(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch);
void draw_ticket(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch);
void draw_attendant(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch);
// Mobile JKN check-in (view_checkin.cpp); the code is typed on draw_keypad.
void draw_checkin_lookup(const Painter& p, const Layout& layout, const KioskModel& model, double seconds);
void draw_booking(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch);
void draw_checkin_refused(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch);

}  // namespace anoman::kiosk::view
