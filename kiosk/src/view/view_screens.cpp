#include "view_screens.hpp"

#include <algorithm>
#include <cmath>

#include "kiosk_text.hpp"

namespace anoman::kiosk::view {
namespace {

// Design text sizes (pixels at 1080 lines along the short side).
constexpr float kHeaderText = 52;
constexpr float kTitleText = 62;
constexpr float kBodyText = 46;
constexpr float kButtonText = 50;
constexpr float kSmallText = 38;

using kiosk::tr;
const std::string& tr(const char* key, const KioskModel& m) { return tr(key, m.language()); }

void button(const Painter& p, const Layout& layout, const Touch& touch, Target target, const std::string& label,
            ButtonStyle style = {}, float size = kButtonText) {
    if (const Hit* hit = layout.find(target)) p.button(hit->rect, label, size, style, touch.is(hit));
}

ButtonStyle confirm_style() { return {color::confirm, color::text, true}; }

void title(const Painter& p, const Layout& layout, const std::string& text, ImU32 color = color::text) {
    p.text(layout.title, text, kTitleText, true, color);
}

std::string service_name(const KioskModel& m, const std::string& code) {
    const KioskService* service = m.find_service(code);
    return service ? service->name(m.language()) : code;
}

}  // namespace

// ---- on every screen ---------------------------------------------------------------

void draw_frame(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch) {
    p.fill(layout.screen, color::ground);
    p.fill(layout.header, color::header);
    const Hit* language = layout.find(Target::language);
    Rect name = layout.header;
    name.x = 28 * layout.unit;
    name.w = (language ? language->rect.x : layout.header.w) - name.x - 24 * layout.unit;
    // The welcome screen shows the name large in its middle instead.
    if (model.screen() != Screen::welcome) p.text(name, model.hospital_name(), kHeaderText, true, color::text, Align::left);
    if (language) p.button(language->rect, tr("lang.switch", model), 40, {}, touch.is(language));
    // A calm notice while the server is away (the welcome screen says more).
    const bool notice_screen = model.screen() == Screen::lane || model.screen() == Screen::service;
    if (notice_screen && !model.online()) {
        p.fill(layout.banner, color::warning, 10);
        p.text(layout.banner, tr("status.offline", model), kSmallText, true, color::dark_text);
    } else if (model.screen() == Screen::service && model.services_known() && !model.services_fresh()) {
        p.text(layout.banner, tr("service.stale", model), kSmallText, false, color::warning);
    }
}

// ---- welcome -----------------------------------------------------------------------

void draw_welcome(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch) {
    const float u = layout.unit;
    const Rect& body = layout.body;
    // Name, subtitle and the invitations as one block in the middle of the screen (kiosk_layout).
    p.text(layout.title, model.hospital_name(), 88, true, color::text);
    p.text(layout.banner, tr("welcome.subtitle", model), 52, false, color::muted);
    // Take a number: one big friendly button (the whole screen is the target).
    const Rect& invite = layout.panel;
    const Hit* welcome = layout.find(Target::welcome);
    const bool checkin_pressed = touch.is(layout.find(Target::checkin));
    p.fill(invite, touch.is(welcome) && !checkin_pressed ? darker(color::confirm) : color::confirm, 36);
    p.frame(invite, color::outline, 4, 36);
    Rect inner = invite;
    inner.x += 40 * u;
    inner.w -= 80 * u;
    p.text(inner, tr("welcome.touch", model), 70, true, color::text);
    // Booked in Mobile JKN: the question small, the action large.
    if (const Hit* checkin = layout.find(Target::checkin)) {
        const Rect& r = checkin->rect;
        p.fill(r, checkin_pressed ? darker(color::umum) : color::umum, 36);
        p.frame(r, color::outline, 4, 36);
        Rect question{r.x + 30 * u, r.y + 14 * u, r.w - 60 * u, r.h * 0.48f};
        p.text(question, tr("welcome.checkin_question", model), 46, false, color::text);
        Rect action{r.x + 30 * u, question.bottom(), r.w - 60 * u, r.bottom() - question.bottom() - 18 * u};
        p.text(action, tr("welcome.checkin", model), 76, true, color::text);
    }
    if (!model.online()) {
        const float top = std::max(invite.bottom(), layout.find(Target::checkin) ? layout.find(Target::checkin)->rect.bottom() : 0.0f);
        Rect notice{body.x, top + 30 * u, body.w, body.bottom() - top - 30 * u};
        p.text(notice, tr("welcome.offline", model), kBodyText, true, color::warning);
    }
    button(p, layout, touch, Target::attendant, tr("welcome.attendant", model), {color::ground, color::muted, true}, 36);
}

// ---- lanes ---------------------------------------------------------------------------

void draw_lanes(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch) {
    title(p, layout, tr("lane.title", model));
    struct Door {
        Target target;
        const char* name;
        const char* hint;
        ImU32 fill;
        ImU32 text;
    };
    const Door doors[] = {{Target::lane_bpjs, "lane.bpjs", "lane.bpjs_hint", color::bpjs, color::text},
                          {Target::lane_umum, "lane.umum", "lane.umum_hint", color::umum, color::text},
                          {Target::lane_priority, "lane.priority", "lane.priority_hint", color::priority, color::dark_text}};
    const float u = layout.unit;
    for (const Door& door : doors) {
        const Hit* hit = layout.find(door.target);
        if (!hit) continue;
        const Rect& r = hit->rect;
        p.fill(r, touch.is(hit) ? darker(door.fill) : door.fill, 28);
        p.frame(r, color::outline, 4, 28);
        Rect name{r.x + 20 * u, r.y + r.h * 0.12f, r.w - 40 * u, r.h * 0.45f};
        p.text(name, tr(door.name, model.language()), 110, true, door.text);
        Rect hint{r.x + 30 * u, name.bottom(), r.w - 60 * u, r.h * 0.33f};
        p.text(hint, tr(door.hint, model.language()), kBodyText, false, door.text);
    }
    button(p, layout, touch, Target::back, tr("nav.back", model));
}

// ---- services ------------------------------------------------------------------------

void draw_services(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch) {
    const float u = layout.unit;
    const std::string lane_title = std::string("service.title.") + std::string(to_string(model.lane()));
    title(p, layout, tr(lane_title.c_str(), model.language()));

    // The optional identification bar.
    const Rect& bar = layout.panel;
    p.fill(bar, color::neutral, 16);
    const Hit* action = layout.find(model.patient_id() ? Target::id_remove : Target::id_enter);
    Rect words{bar.x + 24 * u, bar.y, (action ? action->rect.x : bar.right()) - bar.x - 48 * u, bar.h};
    if (const auto& id = model.patient_id()) {
        const char* key = id->first == IdKind::nik ? "service.id_nik" : "service.id_booking";
        p.text(words, strings().format(key, model.language(), {{"value", group_digits(id->second)}}), kBodyText, true,
               color::text, Align::left);
        button(p, layout, touch, Target::id_remove, tr("service.id_remove", model), {color::danger, color::text, true}, 44);
    } else {
        p.text(words, tr("service.id_prompt", model), 40, false, color::text, Align::left);
        button(p, layout, touch, Target::id_enter, tr("service.id_enter", model), {color::card, color::dark_text, true}, 44);
    }

    const auto services = model.lane_services();
    Rect area{layout.body.x, bar.bottom() + 22 * u, layout.body.w, layout.body.bottom() - bar.bottom() - 22 * u};
    if (!model.services_known()) {
        p.text(area, tr("service.loading", model), kBodyText, true, color::muted);
    } else if (services.empty()) {
        p.text(area, tr("service.none", model), kBodyText, true, color::warning);
    }
    for (const Hit& hit : layout.hits) {
        if (hit.target != Target::service || hit.index >= static_cast<int>(services.size())) continue;
        const KioskService& service = *services[static_cast<std::size_t>(hit.index)];
        const Availability availability = service.availability();
        const bool open = availability == Availability::open;
        const Rect& r = hit.rect;
        const ImU32 fill = open ? color::card : color::disabled;
        p.fill(r, touch.is(&hit) ? darker(fill, 0.8f) : fill, 22);
        p.frame(r, open ? (model.lane() == Lane::bpjs ? color::bpjs : model.lane() == Lane::umum ? color::umum : color::priority)
                        : color::disabled_text, 5, 22);
        const ImU32 ink = open ? color::dark_text : color::disabled_text;
        Rect name{r.x + 24 * u, r.y + 8 * u, r.w - 48 * u, r.h * 0.52f};
        p.text(name, service.name(model.language()), 56, true, ink);
        Rect detail{r.x + 24 * u, name.bottom(), r.w - 48 * u, r.bottom() - name.bottom() - 10 * u};
        std::string line;
        ImU32 detail_ink = ink;
        if (availability == Availability::closed) {
            line = service.state.hours ? strings().format("service.closed_hours", model.language(), {{"hours", *service.state.hours}})
                                       : tr("service.closed", model);
            detail_ink = color::warning;
        } else if (availability == Availability::full) {
            line = tr("service.full", model);
            detail_ink = color::warning;
        } else {
            line = strings().format("service.waiting", model.language(), {{"n", std::to_string(service.state.waiting)}}) +
                   " \u00b7 " + strings().format("service.wait", model.language(),
                                                 {{"wait", wait_text(service.state.est_wait_s, model.language())}});
        }
        p.text(detail, line, 44, availability != Availability::open, detail_ink);
    }

    button(p, layout, touch, Target::back, tr("nav.back", model));
    button(p, layout, touch, Target::home, tr("nav.home", model));
    if (layout.page_count > 1) {
        button(p, layout, touch, Target::page_prev, tr("service.page_prev", model), {}, 42);
        button(p, layout, touch, Target::page_next, tr("service.page_next", model), {}, 42);
        const int page = std::min(model.page(), layout.page_count - 1);
        Rect label{layout.footer.x, layout.footer.y - 50 * u, layout.footer.w, 44 * u};
        p.text(label,
               strings().format("service.page", model.language(),
                                {{"n", std::to_string(page + 1)}, {"m", std::to_string(layout.page_count)}}),
               kSmallText, false, color::muted);
    }
}

// ---- keypad --------------------------------------------------------------------------

void draw_keypad(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch) {
    const float u = layout.unit;
    // The same pad types a Mobile JKN booking code for check-in.
    const bool checkin = model.screen() == Screen::checkin_code;
    const char* heading = checkin ? "checkin.title" : "keypad.title";
    if (layout.portrait) {
        title(p, layout, tr(heading, model));
    } else {
        Rect left = layout.title;
        left.w = layout.panel.w;
        p.text(left, tr(heading, model), 56, true, color::text, Align::left);
    }
    if (checkin) {
        p.fill(layout.panel, color::card, 14);
        p.frame(layout.panel, model.checkin_code_problem() ? color::warning : color::outline, 5, 14);
        p.text(layout.panel, model.checkin_code(), 60, true, color::dark_text);
        const Align align = layout.portrait ? Align::center : Align::left;
        if (model.checkin_code_problem())
            p.text(layout.message, tr("checkin.problem.empty", model), 42, true, color::warning, align, false);
        else
            p.text(layout.message, tr("checkin.hint", model), 40, false, color::muted, align, false);
        for (const Hit& hit : layout.hits) {
            if (hit.target != Target::key) continue;
            p.button(hit.rect, std::string(1, hit.key), 64, {color::card, color::dark_text, false}, touch.is(&hit));
        }
        button(p, layout, touch, Target::key_clear, tr("keypad.clear", model), {}, 42);
        button(p, layout, touch, Target::key_backspace, tr("keypad.backspace", model), {}, 42);
        button(p, layout, touch, Target::back, tr("keypad.cancel", model));
        button(p, layout, touch, Target::checkin_find, tr("checkin.find", model), confirm_style());
        return;
    }
    const bool nik = model.keypad_kind() == IdKind::nik;
    auto tab = [&](Target target, const char* key, bool selected) {
        ButtonStyle style = selected ? ButtonStyle{color::card, color::dark_text, true} : ButtonStyle{color::ground, color::text, true};
        button(p, layout, touch, target, tr(key, model), style, 44);
    };
    tab(Target::kind_nik, "keypad.nik", nik);
    tab(Target::kind_booking, "keypad.booking", !nik);

    // The typed value, grouped by four so it can be checked against the card.
    p.fill(layout.panel, color::card, 14);
    p.frame(layout.panel, model.keypad_problem() == IdProblem::none ? color::outline : color::warning, 5, 14);
    const std::string shown = model.keypad_value().empty() ? std::string() : group_digits(model.keypad_value());
    p.text(layout.panel, shown, 66, true, color::dark_text);
    if (nik) {
        Rect count{layout.panel.x, layout.panel.bottom() - 40 * u, layout.panel.w - 16 * u, 36 * u};
        p.text(count, std::to_string(model.keypad_value().size()) + "/16", 30, false, color::dark_text, Align::right);
    }

    // A problem in amber, else the hint.
    if (model.keypad_problem() != IdProblem::none) {
        static const char* const keys[] = {"", "keypad.problem.empty", "keypad.problem.nik_length",
                                           "keypad.problem.nik_not_digits", "keypad.problem.nik_birth_date",
                                           "keypad.problem.booking_length", "keypad.problem.booking_chars"};
        const std::string text = strings().format(keys[static_cast<int>(model.keypad_problem())], model.language(),
                                                  {{"n", std::to_string(model.keypad_value().size())}});
        p.text(layout.message, text, 42, true, color::warning, layout.portrait ? Align::center : Align::left, false);
    } else {
        p.text(layout.message, tr(nik ? "keypad.hint.nik" : "keypad.hint.booking", model), 40, false, color::muted,
               layout.portrait ? Align::center : Align::left, false);
    }

    for (const Hit& hit : layout.hits) {
        if (hit.target != Target::key) continue;
        p.button(hit.rect, std::string(1, hit.key), 64, {color::card, color::dark_text, false}, touch.is(&hit));
    }
    button(p, layout, touch, Target::key_clear, tr("keypad.clear", model), {}, 42);
    button(p, layout, touch, Target::key_backspace, tr("keypad.backspace", model), {}, 42);
    button(p, layout, touch, Target::back, tr("keypad.cancel", model));
    button(p, layout, touch, Target::keypad_ok, tr("keypad.ok", model), confirm_style());
}

// ---- working ---------------------------------------------------------------------------

void draw_working(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch, double seconds) {
    const float u = layout.unit;
    const Rect& box = layout.message;
    if (model.trouble()) {
        title(p, layout, tr("working.trouble_title", model), color::warning);
        Rect text{box.x, box.y, box.w, box.h * 0.6f};
        p.text(text, tr("working.trouble", model), 54, false, color::text);
        Rect attempt{box.x, text.bottom(), box.w, 60 * u};
        p.text(attempt, strings().format("working.attempt", model.language(), {{"n", std::to_string(model.attempts())}}),
               kSmallText, false, color::muted);
        button(p, layout, touch, Target::cancel_issue, tr("working.cancel", model), {color::danger, color::text, true});
    } else {
        const char* heading = model.phase() == WorkPhase::checking_printer ? "working.printer"
                              : model.checkin()                            ? "working.checkin"
                                                                           : "working.issuing";
        title(p, layout, tr(heading, model));
        Rect text{box.x, box.y, box.w, box.h * 0.5f};
        p.text(text, tr(model.resumed() ? "working.resumed" : "working.wait", model), 54, false, color::text);
    }
    if (model.phase() != WorkPhase::waiting_retry) p.progress_dots(layout.screen.cx(), box.bottom() - 40 * u, seconds);
}

// ---- printer problem -------------------------------------------------------------------

void draw_printer_problem(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch) {
    title(p, layout, tr("printer.title", model), color::warning);
    const std::string state = "printer." + std::string(to_string(model.printer_status().state));
    const Rect& box = layout.message;
    Rect what{box.x, box.y, box.w, box.h * 0.45f};
    p.text(what, tr(state.c_str(), model.language()), 66, true, color::text);
    Rect staff{box.x, what.bottom(), box.w, box.h * 0.55f};
    p.text(staff, tr(model.checkin() ? "printer.call_staff_checkin" : "printer.call_staff", model), kBodyText, false,
           color::text);
    button(p, layout, touch, Target::printer_retry, tr("printer.retry", model), confirm_style());
    button(p, layout, touch, Target::back, tr("nav.back", model));
    button(p, layout, touch, Target::home, tr("nav.home", model));
}

// ---- refused ----------------------------------------------------------------------------

void draw_refused(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch) {
    static const char* const names[] = {"quota_full", "service_closed", "service_unknown", "not_allowed"};
    const std::string name = names[static_cast<int>(model.refusal())];
    title(p, layout, tr(("refused." + name + ".title").c_str(), model.language()), color::warning);
    std::string text = strings().format(("refused." + name).c_str(), model.language(),
                                        {{"service", service_name(model, model.chosen_service())}});
    const KioskService* service = model.find_service(model.chosen_service());
    if (model.refusal() == Refusal::service_closed && service && service->state.hours)
        text += " " + strings().format("refused.hours", model.language(), {{"hours", *service->state.hours}});
    p.text(layout.message, text, 54, false, color::text);
    button(p, layout, touch, Target::back, tr("refused.other", model));
    button(p, layout, touch, Target::home, tr("nav.home", model));
}

// ---- ticket -------------------------------------------------------------------------------

void draw_ticket(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch) {
    const auto& issued = model.issued();
    if (!issued) return;
    const float u = layout.unit;
    const Language language = model.language();
    // The number, as large as the screen allows, on a white ticket.
    const Rect& panel = layout.panel;
    const float width = std::min(panel.w, 1100 * u);
    Rect card{layout.screen.cx() - width / 2, panel.y, width, panel.h};
    p.fill(card, color::card, 30);
    Rect label{card.x, card.y + 14 * u, card.w, 70 * u};
    p.text(label, tr("ticket.your_number", model), kBodyText, true, color::dark_text);
    Rect number{card.x + 30 * u, label.bottom(), card.w - 60 * u, card.bottom() - label.bottom() - 90 * u};
    p.number(number, issued->ticket.number, color::dark_text);
    Rect service{card.x + 20 * u, card.bottom() - 86 * u, card.w - 40 * u, 72 * u};
    p.text(service, service_name(model, issued->ticket.service), 50, true, color::dark_text);

    const Rect& box = layout.message;
    const float row = std::min(box.h / 4.2f, 90 * u);
    Rect ahead{box.x, box.y + 16 * u, box.w, row};
    p.text(ahead, strings().format("ticket.ahead_screen", language, {{"n", std::to_string(issued->ahead)}}), 54, true,
           color::text);
    Rect wait{box.x, ahead.bottom(), box.w, row};
    p.text(wait, strings().format("ticket.wait_screen", language, {{"wait", wait_text(issued->est_wait_s, language)}}),
           kBodyText, false, color::text);
    Rect status{box.x, wait.bottom() + 10 * u, box.w, box.bottom() - wait.bottom() - 10 * u};
    if (model.checkin()) {
        // A checked-in booking: the same ticket, and where it came from.
        Rect origin{box.x, wait.bottom(), box.w, row * 0.8f};
        p.text(origin, strings().format("ticket.booking_screen", language, {{"code", model.checkin_code()}}), kSmallText,
               false, color::muted);
        status.y = origin.bottom();
        status.h = box.bottom() - status.y;
    }
    switch (model.print_state()) {
        case PrintState::printing: p.text(status, tr("ticket.printing", model), 58, true, color::muted); break;
        case PrintState::printed: p.text(status, tr("ticket.take", model), 76, true, color::warning); break;
        case PrintState::no_printer: p.text(status, tr("ticket.no_printer", model), 70, true, color::warning); break;
        case PrintState::failed: {
            const std::string state = "printer." + std::string(to_string(model.printer_status().state));
            const std::string text = tr("ticket.print_failed", model) + ": " + tr(state.c_str(), language) + " " +
                                     strings().format("ticket.print_failed_hint", language,
                                                      {{"number", issued->ticket.number}});
            p.text(status, text, 46, true, color::warning);
            break;
        }
    }
    button(p, layout, touch, Target::reprint, tr("ticket.reprint", model), confirm_style());
    button(p, layout, touch, Target::done, tr("ticket.done", model),
           model.print_state() == PrintState::failed ? ButtonStyle{} : confirm_style());
}

// ---- attendant ------------------------------------------------------------------------------

void draw_attendant(const Painter& p, const Layout& layout, const KioskModel& model, const Touch& touch) {
    title(p, layout, tr("attendant.title", model));
    const float u = layout.unit;
    if (!model.fullscreen()) {
        p.text(layout.panel, tr("attendant.windowed", model), kBodyText, false, color::text);
        button(p, layout, touch, Target::fullscreen_on, tr("attendant.fullscreen", model), confirm_style());
        button(p, layout, touch, Target::test_print, tr("attendant.test_print", model), ButtonStyle{}, 40);
        if (const Hit* hit = layout.find(Target::test_print); hit && model.test_print_state() != TestPrintState::idle) {
            const Rect below{layout.panel.x, hit->rect.bottom() + 10 * u, layout.panel.w, 80 * u};
            switch (model.test_print_state()) {
                case TestPrintState::printing: p.text(below, tr("attendant.test_print_busy", model), 36, false, color::text); break;
                case TestPrintState::ok: p.text(below, tr("attendant.test_print_ok", model), 36, true, color::text); break;
                case TestPrintState::failed:
                    p.text(below,
                           strings().format("attendant.test_print_failed", model.language(),
                                            {{"why", model.test_print_detail()}}),
                           32, true, color::warning);
                    break;
                case TestPrintState::idle: break;
            }
        }
    } else {
        Rect prompt{layout.panel.x, layout.panel.y, layout.panel.w, layout.panel.h * 0.55f};
        std::string dots;
        for (std::size_t i = 0; i < model.pin_length(); ++i) dots += "* ";
        const char* problem = nullptr;
        switch (model.pin_problem()) {
            case PinProblem::none: break;
            case PinProblem::wrong: problem = "attendant.wrong"; break;
            case PinProblem::locked: problem = "attendant.locked"; break;
            case PinProblem::not_configured: problem = "attendant.not_configured"; break;
        }
        p.text(prompt, problem ? tr(problem, model) : tr("attendant.pin", model), 42, problem != nullptr,
               problem ? color::warning : color::text);
        Rect entered{layout.panel.x, prompt.bottom(), layout.panel.w, layout.panel.h * 0.45f + 10 * u};
        p.text(entered, dots, 56, true, color::text);
        for (const Hit& hit : layout.hits) {
            if (hit.target != Target::pin_key) continue;
            p.button(hit.rect, std::string(1, hit.key), 60, {color::card, color::dark_text, false}, touch.is(&hit));
        }
        button(p, layout, touch, Target::pin_backspace, tr("keypad.backspace", model), {}, 40);
        button(p, layout, touch, Target::pin_ok, tr("attendant.ok", model), confirm_style());
    }
    button(p, layout, touch, Target::back, tr("nav.back", model));
}

}  // namespace anoman::kiosk::view
