// Where everything is on the kiosk screen, as plain rectangles: the view draws
// into them and hit-tests touches against them; the end-to-end test computes
// the same rectangles to know where to click. Portrait and landscape, any size.
//
// Sizes are designed at 1080 lines along the short side and scaled to the
// window; on a 15-inch 1080p panel every touch target is at least 15 mm
// (87 px) in both directions (checked by the unit tests).
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk_model.hpp"

namespace anoman::kiosk {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
    float cx() const { return x + w / 2; }
    float cy() const { return y + h / 2; }
    float right() const { return x + w; }
    float bottom() const { return y + h; }
    bool empty() const { return w <= 0 || h <= 0; }
};

enum class Target {
    welcome,          // the whole welcome screen
    language,
    attendant,
    back,
    home,
    lane_bpjs,
    lane_umum,
    lane_priority,
    service,          // index: position in KioskModel::lane_services()
    page_prev,
    page_next,
    id_enter,
    id_remove,
    kind_nik,
    kind_booking,
    key,              // key: the character
    key_backspace,
    key_clear,
    keypad_ok,
    cancel_issue,
    printer_retry,
    reprint,
    done,
    pin_key,          // key: the digit
    pin_backspace,
    pin_ok,
    fullscreen_on,
    test_print,       // attendant, out of full screen: a sample ticket
    checkin,          // welcome: "Sudah ambil antrean di Mobile JKN? Check-in"
    checkin_find,     // the booking code typed: look it up
    checkin_go,       // the booking shown: "Check-in dan cetak tiket"
    checkin_retry,    // the lookup again after the server did not answer
};

struct Hit {
    Target target;
    Rect rect;
    int index = -1;
    char key = 0;
};

struct Layout {
    float unit = 1;        // one design pixel
    bool portrait = false;
    Rect screen;
    Rect header;           // hospital name
    Rect title;            // the screen's question or headline
    Rect banner;           // connection / staleness notice
    Rect body;             // the screen's content
    Rect footer;
    Rect panel;            // keypad: the typed value; ticket: the number; id bar on the service screen;
                           // welcome: the invitation; booking: its card
    Rect message;          // keypad hint / problem line, or the text block of a message screen
    std::vector<Hit> hits; // in priority order: the first that contains a point wins
    int page_count = 1;
    int first_service = 0;
    int services_on_page = 0;

    const Hit* find(Target target, int index = -1, char key = 0) const;
    const Hit* hit_at(float x, float y) const;
};

Layout compute_layout(const KioskModel& model, float width, float height);

// Pixels per millimetre of a panel of this size in pixels and this diagonal.
float pixels_per_mm(float width, float height, float diagonal_inches);

// {"screen": "service", "width": w, "height": h, "hits": [{"target": "service",
// "index": 2, "key": "", "x":..,"y":..,"w":..,"h":..}, ...]}: what the kiosk
// writes with --layout-dump, so automation (the end-to-end test) can touch
// targets by name and know which screen is showing.
nlohmann::json layout_json(const KioskModel& model, const Layout& layout);
std::string_view to_string(Target target);

// The keys of the keypad for a kind, in layout order (row by row); the
// check-in keypad has the booking code's keys.
const char* keypad_keys(IdKind kind);

}  // namespace anoman::kiosk
