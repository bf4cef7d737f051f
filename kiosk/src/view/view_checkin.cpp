// The Mobile JKN check-in screens: the lookup in progress, the booking, and
// why a check-in cannot go on. The code itself is typed on draw_keypad.
#include <algorithm>
#include <string>
#include <vector>

#include "kiosk_text.hpp"
#include "view_screens.hpp"

namespace anoman::kiosk::view {
namespace {

constexpr float kTitleText = 62;
constexpr float kButtonText = 50;

const std::string& tr(const char* key, const KioskModel& m) { return kiosk::tr(key, m.language()); }

void button(const Painter& p, const Layout& layout, const Touch& touch, Target target, const std::string& label,
            ButtonStyle style = {}, float size = kButtonText) {
    if (const Hit* hit = layout.find(target)) p.button(hit->rect, label, size, style, touch.is(hit));
}

ButtonStyle confirm_style() { return {color::confirm, color::text, true}; }

}  // namespace

void draw_checkin_lookup(const Painter& p, const Layout& layout, const KioskModel& model, double seconds) {
    p.text(layout.title, tr("checkin.looking", model), kTitleText, true, color::text);
    const Rect& box = layout.message;
    Rect code{box.x, box.y, box.w, box.h * 0.5f};
    p.text(code, strings().format("booking.code", model.language(), {{"code", model.checkin_code()}}), 54, false,
           color::text);
    p.progress_dots(layout.screen.cx(), box.bottom() - 40 * layout.unit, seconds);
}

void draw_booking(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch) {
    const auto& booking = model.booking();
    if (!booking) return;
    const float u = layout.unit;
    const Language language = model.language();
    // A white card: the poli and doctor across the top, the number large on
    // the left, the day and times on the right, the check-in window below.
    const Rect& card = layout.panel;
    p.fill(card, color::card, 30);
    const float pad = 36 * u;
    Rect poli{card.x + pad, card.y + 16 * u, card.w - 2 * pad, 96 * u};
    p.text(poli, booking->poli(), 72, true, color::dark_text, Align::left);
    float y = poli.bottom();
    if (!booking->namadokter.empty()) {
        Rect doctor{card.x + pad, y, card.w - 2 * pad, 66 * u};
        p.text(doctor, strings().format("booking.doctor", language, {{"name", booking->namadokter}}), 50, false,
               color::dark_text, Align::left);
        y = doctor.bottom();
    }
    const float window_h = 70 * u;
    const float rows_h = card.bottom() - y - window_h - 16 * u;
    const float left_w = layout.portrait ? card.w - 2 * pad : (card.w - 2 * pad) * 0.36f;
    const float number_h = layout.portrait ? rows_h * 0.42f : rows_h;
    Rect label{card.x + pad, y + 8 * u, left_w, 56 * u};
    p.text(label, tr("booking.number", model), 44, true, color::dark_text);
    Rect number{card.x + pad, label.bottom(), left_w, number_h - label.h - 8 * u};
    p.number(number, booking->number, color::dark_text);

    Rect facts = layout.portrait ? Rect{card.x + pad, y + number_h, card.w - 2 * pad, rows_h - number_h}
                                 : Rect{number.right() + pad, y + 8 * u, card.right() - number.right() - 2 * pad, rows_h};
    std::vector<std::string> lines;
    lines.push_back(strings().format("booking.date", language, {{"date", date_text(booking->service_day, language)}}));
    if (const std::string at = clock_text(booking->estimated_at); !at.empty())
        lines.push_back(strings().format("booking.estimated", language, {{"time", at}}));
    if (!booking->jampraktek.empty())
        lines.push_back(strings().format("booking.hours", language, {{"hours", booking->jampraktek}}));
    lines.push_back(strings().format("booking.code", language, {{"code", booking->booking_code}}));
    const float row = std::min(facts.h / static_cast<float>(lines.size()), 100 * u);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        Rect line{facts.x, facts.y + static_cast<float>(i) * row, facts.w, row};
        // The estimated time is what the patient plans by: bold.
        p.text(line, lines[i], 50, i == 1, color::dark_text, Align::left);
    }
    const std::string from = clock_text(booking->checkin_from);
    const std::string until = clock_text(booking->checkin_until);
    if (!from.empty() && !until.empty()) {
        Rect window{card.x + pad, card.bottom() - window_h - 12 * u, card.w - 2 * pad, window_h};
        p.text(window, strings().format("booking.window", language, {{"from", from}, {"until", until}}), 42, false,
               color::umum);
    }
    button(p, layout, touch, Target::back, tr("nav.back", model));
    button(p, layout, touch, Target::checkin_go, tr("booking.checkin", model), confirm_style());
}

void draw_checkin_refused(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch) {
    const Language language = model.language();
    const CheckinProblem problem = model.checkin_problem();
    const std::string name = std::string(to_string(problem));
    p.text(layout.title, kiosk::tr(("checkin.refused." + name + ".title").c_str(), language), kTitleText, true,
           color::warning);
    std::string key = "checkin.refused." + name;
    const std::string from = clock_text(model.refused_from());
    const std::string until = clock_text(model.refused_until());
    std::string number;
    if (const auto& booking = model.booking()) number = booking->ticket ? booking->ticket->number : booking->number;
    if (problem == CheckinProblem::too_late && until.empty()) key = "checkin.refused.too_late_nohour";
    if (problem == CheckinProblem::checked_in && number.empty()) key = "checkin.refused.checked_in_nonumber";
    const std::string day = model.booking() ? date_text(model.booking()->service_day, language) : std::string();
    const std::string text = strings().format(key.c_str(), language,
                                              {{"code", model.checkin_code()},
                                               {"from", from},
                                               {"until", until},
                                               {"number", number},
                                               {"date", day}});
    p.text(layout.message, text, 56, false, color::text);
    button(p, layout, touch, Target::checkin_retry, tr("checkin.retry", model), confirm_style());
    button(p, layout, touch, Target::back, tr("checkin.retype", model));
    button(p, layout, touch, Target::home, tr("nav.home", model));
}

}  // namespace anoman::kiosk::view
