#include "kiosk_layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace anoman::kiosk {
namespace {

// Design sizes at 1080 px along the short side.
constexpr float kMargin = 28;
constexpr float kGap = 22;
constexpr float kHeader = 150;
constexpr float kTitle = 110;
constexpr float kBanner = 64;
constexpr float kFooter = 150;
constexpr float kButtonH = 112;
constexpr float kMinCard = 130;  // smallest service card before paging

// count cells in rows of `columns`, filling area top to bottom.
std::vector<Rect> grid(const Rect& area, int count, int columns, float gap, float max_cell_h) {
    std::vector<Rect> cells;
    if (count <= 0 || columns <= 0) return cells;
    const int rows = (count + columns - 1) / columns;
    const float cell_w = (area.w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float cell_h = (area.h - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    cell_h = std::min(cell_h, max_cell_h);
    for (int i = 0; i < count; ++i) {
        const int row = i / columns;
        const int column = i % columns;
        cells.push_back({area.x + static_cast<float>(column) * (cell_w + gap), area.y + static_cast<float>(row) * (cell_h + gap),
                         cell_w, cell_h});
    }
    return cells;
}

class Builder {
public:
    Builder(const KioskModel& model, float width, float height) : model_(model) {
        out_.screen = {0, 0, width, height};
        out_.portrait = height > width;
        out_.unit = std::min(width, height) / 1080.0f;
        u_ = out_.unit;
        m_ = kMargin * u_;
        out_.header = {0, 0, width, kHeader * u_};
        out_.title = {m_, out_.header.bottom(), width - 2 * m_, kTitle * u_};
        out_.banner = {m_, out_.title.bottom(), width - 2 * m_, kBanner * u_};
        out_.footer = {0, height - kFooter * u_, width, kFooter * u_};
        const float body_top = out_.banner.bottom() + kGap * u_ / 2;
        out_.body = {m_, body_top, width - 2 * m_, out_.footer.y - body_top - kGap * u_ / 2};
    }

    Layout build() {
        // The language switch is on every screen, top right, and always wins.
        add(Target::language, {out_.screen.w - m_ - 330 * u_, (kHeader - 108) / 2 * u_, 330 * u_, 108 * u_});
        switch (model_.screen()) {
            case Screen::welcome: welcome(); break;
            case Screen::lane: lanes(); break;
            case Screen::service: services(); break;
            case Screen::keypad: keypad(); break;
            case Screen::working:
                if (model_.trouble()) add(Target::cancel_issue, footer_center(420));
                message_block();
                break;
            case Screen::printer_problem:
                message_block();
                add(Target::printer_retry, centered_below(out_.message, 460));
                footer_back_home();
                break;
            case Screen::refused:
                message_block();
                add(Target::back, footer_left(560));  // "choose another service": the way on
                add(Target::home, footer_right(380));
                break;
            case Screen::ticket: ticket(); break;
            case Screen::attendant: attendant(); break;
            case Screen::checkin_code: keypad(); break;
            case Screen::checkin_lookup: message_block(); break;
            case Screen::booking: booking(); break;
            case Screen::checkin_refused:
                message_block();
                if (model_.checkin_problem() == CheckinProblem::server_down)
                    add(Target::checkin_retry, centered_below(out_.message, 460));
                add(Target::back, footer_left(560));  // type the code again
                add(Target::home, footer_right(380));
                break;
        }
        return std::move(out_);
    }

private:
    void add(Target target, Rect rect, int index = -1, char key = 0) { out_.hits.push_back({target, rect, index, key}); }

    Rect footer_left(float width) const {
        return {m_, out_.footer.y + (kFooter - kButtonH) / 2 * u_, width * u_, kButtonH * u_};
    }
    Rect footer_right(float width) const {
        return {out_.screen.w - m_ - width * u_, out_.footer.y + (kFooter - kButtonH) / 2 * u_, width * u_, kButtonH * u_};
    }
    Rect footer_center(float width) const {
        return {(out_.screen.w - width * u_) / 2, out_.footer.y + (kFooter - kButtonH) / 2 * u_, width * u_, kButtonH * u_};
    }
    Rect centered_below(const Rect& above, float width) const {
        return {(out_.screen.w - width * u_) / 2, above.bottom() + kGap * u_, width * u_, kButtonH * u_};
    }
    void footer_back_home() {
        add(Target::back, footer_left(380));
        add(Target::home, footer_right(380));
    }
    // The text of a message screen: the upper part of the body.
    void message_block() {
        out_.message = out_.body;
        out_.message.h = std::min(out_.body.h - kButtonH * u_ - kGap * u_, 430 * u_);
    }

    void welcome() {
        // The hospital's name and subtitle, then the two invitations side by
        // side (stacked when upright): take a number, or check a booking in.
        const Rect& body = out_.body;
        const float name_h = std::min(body.h * 0.30f, 300 * u_);
        const float button_h = (out_.portrait ? 260.0f : 250.0f) * u_;
        const float buttons_h = out_.portrait ? 2 * button_h + 2 * kGap * u_ : button_h;
        const float block = name_h + 80 * u_ + 40 * u_ + buttons_h;
        const float top = body.y + std::max(0.0f, (body.h - block) / 2 - 40 * u_);
        out_.title = {body.x, top, body.w, name_h};  // the name
        out_.banner = {body.x, top + name_h, body.w, 80 * u_};  // the subtitle
        const float y = out_.banner.bottom() + 40 * u_;
        if (out_.portrait) {
            out_.panel = {body.x, y, body.w, button_h};
            add(Target::checkin, {body.x, y + button_h + 2 * kGap * u_, body.w, button_h});
        } else {
            const float width = std::min(body.w, 1760 * u_);
            const float left = out_.screen.cx() - width / 2;
            const float invite_w = (width - 2 * kGap * u_) * 0.54f;
            out_.panel = {left, y, invite_w, button_h};
            add(Target::checkin, {left + invite_w + 2 * kGap * u_, y, width - invite_w - 2 * kGap * u_, button_h});
        }
        add(Target::attendant, footer_left(220));
        // Last: everything else on the screen starts the flow.
        add(Target::welcome, out_.screen);
    }

    void lanes() {
        std::vector<Target> doors{Target::lane_bpjs, Target::lane_umum};
        if (model_.lane_available(Lane::priority)) doors.push_back(Target::lane_priority);
        const int count = static_cast<int>(doors.size());
        const auto cells = grid(out_.body, count, out_.portrait ? 1 : count, 2 * kGap * u_, 520 * u_);
        for (int i = 0; i < count; ++i) add(doors[static_cast<std::size_t>(i)], cells[static_cast<std::size_t>(i)]);
        add(Target::back, footer_left(380));
    }

    void services() {
        // The optional identification bar, then the cards.
        Rect bar = out_.body;
        bar.h = 120 * u_;
        out_.panel = bar;
        if (model_.patient_id()) {
            add(Target::id_remove, {bar.right() - 260 * u_, bar.y + 4 * u_, 260 * u_, bar.h - 8 * u_});
        } else {
            add(Target::id_enter, {bar.right() - 300 * u_, bar.y + 4 * u_, 300 * u_, bar.h - 8 * u_});
        }
        Rect area = out_.body;
        area.y = bar.bottom() + kGap * u_;
        area.h = out_.body.bottom() - area.y;

        const int total = static_cast<int>(model_.lane_services().size());
        int columns = out_.portrait ? (total <= 4 ? 1 : 2) : (total <= 2 ? std::max(total, 1) : total <= 4 ? 2 : 3);
        const float gap = kGap * u_;
        int rows_fit = std::max(1, static_cast<int>((area.h + gap) / (kMinCard * u_ + gap)));
        int per_page = rows_fit * columns;
        out_.page_count = std::max(1, (total + per_page - 1) / per_page);
        const int page = std::clamp(model_.page(), 0, out_.page_count - 1);
        out_.first_service = page * per_page;
        out_.services_on_page = std::clamp(total - out_.first_service, 0, per_page);
        const auto cells = grid(area, out_.services_on_page, columns, gap, 300 * u_);
        for (int i = 0; i < out_.services_on_page; ++i)
            add(Target::service, cells[static_cast<std::size_t>(i)], out_.first_service + i);

        add(Target::back, footer_left(340));
        add(Target::home, footer_right(340));
        if (out_.page_count > 1) {
            const float width = 330;
            if (page > 0) add(Target::page_prev, {out_.screen.w / 2 - (width + 10) * u_, footer_left(0).y, width * u_, kButtonH * u_});
            if (page + 1 < out_.page_count) add(Target::page_next, {out_.screen.w / 2 + 10 * u_, footer_left(0).y, width * u_, kButtonH * u_});
        }
    }

    void keypad() {
        // Landscape: kind switch, typed value and hint on the left, keys on
        // the right. Portrait: all stacked. The check-in keypad has no kind
        // switch: only booking codes.
        const bool checkin = model_.screen() == Screen::checkin_code;
        Rect info = out_.body;
        Rect keys = out_.body;
        if (!out_.portrait) {
            info.y = out_.title.y + kGap * u_;
            info.h = out_.body.bottom() - info.y;
            info.w = out_.body.w * 0.40f;
            keys = info;
            keys.x = info.right() + 2 * kGap * u_;
            keys.w = out_.body.right() - keys.x;
        }
        const float tab_h = 108 * u_;
        const float tab_w = (info.w - kGap * u_) / 2;
        float y = out_.portrait ? out_.body.y : out_.title.bottom() + kGap * u_;
        if (!checkin) {
            add(Target::kind_nik, {info.x, y, tab_w, tab_h});
            add(Target::kind_booking, {info.x + tab_w + kGap * u_, y, tab_w, tab_h});
            y += tab_h + kGap * u_;
        }
        out_.panel = {info.x, y, info.w, 130 * u_};
        y = out_.panel.bottom() + kGap * u_ / 2;
        out_.message = {info.x, y, info.w, (out_.portrait ? 80.0f : 200.0f) * u_};
        if (out_.portrait) {
            keys.y = out_.message.bottom() + kGap * u_;
            keys.h = out_.body.bottom() - keys.y;
        }

        const IdKind kind = checkin ? IdKind::booking_code : model_.keypad_kind();
        const char* chars = keypad_keys(kind);
        const int count = static_cast<int>(std::strlen(chars));
        if (kind == IdKind::nik) {
            // 1 2 3 / 4 5 6 / 7 8 9 / clear 0 backspace: a telephone pad.
            const auto cells = grid(keys, 12, 3, kGap * u_, 190 * u_);
            for (int i = 0; i < 9; ++i) add(Target::key, cells[static_cast<std::size_t>(i)], -1, chars[i]);
            add(Target::key_clear, cells[9]);
            add(Target::key, cells[10], -1, chars[9]);
            add(Target::key_backspace, cells[11]);
        } else {
            const int columns = out_.portrait ? 6 : 9;
            const int rows = (count + columns - 1) / columns + 1;
            const auto cells = grid(keys, rows * columns, columns, 14 * u_, 170 * u_);
            for (int i = 0; i < count; ++i) add(Target::key, cells[static_cast<std::size_t>(i)], -1, chars[i]);
            // The last row: clear and backspace, each half the row.
            const Rect& first = cells[static_cast<std::size_t>(rows - 1) * static_cast<std::size_t>(columns)];
            const float half = (keys.w - kGap * u_) / 2;
            add(Target::key_clear, {keys.x, first.y, half, first.h});
            add(Target::key_backspace, {keys.x + half + kGap * u_, first.y, half, first.h});
        }
        add(Target::back, footer_left(340));
        add(checkin ? Target::checkin_find : Target::keypad_ok, footer_right(440));
    }

    void booking() {
        // The booking's card fills the body; the one way on is in the footer.
        out_.panel = {out_.body.x, out_.title.y + kGap * u_, out_.body.w, out_.body.bottom() - out_.title.y - kGap * u_};
        add(Target::back, footer_left(340));
        add(Target::checkin_go, footer_right(out_.portrait ? 640 : 760));  // beside "back" upright too
    }

    void ticket() {
        // The number needs the room: the ticket uses the title and banner space too.
        const float top = out_.title.y + kGap * u_;
        const float room = out_.body.bottom() - top;
        out_.panel = {out_.body.x, top, out_.body.w, room * (out_.portrait ? 0.45f : 0.56f)};
        out_.message = {out_.body.x, out_.panel.bottom(), out_.body.w, out_.body.bottom() - out_.panel.bottom()};
        if (model_.print_state() == PrintState::failed) add(Target::reprint, footer_left(440));
        if (model_.print_state() != PrintState::printing) add(Target::done, footer_right(400));
    }

    void attendant() {
        out_.panel = out_.body;
        out_.panel.h = 110 * u_;
        if (!model_.fullscreen()) {
            const Rect back_to_fullscreen = centered_below(out_.panel, 560);
            add(Target::fullscreen_on, back_to_fullscreen);
            add(Target::test_print, centered_below(back_to_fullscreen, 560));
        } else {
            Rect pad = out_.body;
            pad.y = out_.panel.bottom() + kGap * u_;
            pad.h = out_.body.bottom() - pad.y;
            pad.w = std::min(pad.w, 640 * u_);
            pad.x = (out_.screen.w - pad.w) / 2;
            const auto cells = grid(pad, 12, 3, kGap * u_ / 2, 150 * u_);
            const char* digits = "123456789";
            for (int i = 0; i < 9; ++i) add(Target::pin_key, cells[static_cast<std::size_t>(i)], -1, digits[i]);
            add(Target::pin_backspace, cells[9]);
            add(Target::pin_key, cells[10], -1, '0');
            add(Target::pin_ok, cells[11]);
        }
        add(Target::back, footer_left(340));
    }

    const KioskModel& model_;
    Layout out_;
    float u_ = 1;
    float m_ = 0;
};

}  // namespace

const Hit* Layout::find(Target target, int index, char key) const {
    for (const auto& hit : hits)
        if (hit.target == target && (index < 0 || hit.index == index) && (key == 0 || hit.key == key)) return &hit;
    return nullptr;
}

const Hit* Layout::hit_at(float x, float y) const {
    for (const auto& hit : hits)
        if (hit.rect.contains(x, y)) return &hit;
    return nullptr;
}

Layout compute_layout(const KioskModel& model, float width, float height) { return Builder(model, width, height).build(); }

float pixels_per_mm(float width, float height, float diagonal_inches) {
    return std::sqrt(width * width + height * height) / (diagonal_inches * 25.4f);
}

std::string_view to_string(Target target) {
    switch (target) {
        case Target::welcome: return "welcome";
        case Target::language: return "language";
        case Target::attendant: return "attendant";
        case Target::back: return "back";
        case Target::home: return "home";
        case Target::lane_bpjs: return "lane_bpjs";
        case Target::lane_umum: return "lane_umum";
        case Target::lane_priority: return "lane_priority";
        case Target::service: return "service";
        case Target::page_prev: return "page_prev";
        case Target::page_next: return "page_next";
        case Target::id_enter: return "id_enter";
        case Target::id_remove: return "id_remove";
        case Target::kind_nik: return "kind_nik";
        case Target::kind_booking: return "kind_booking";
        case Target::key: return "key";
        case Target::key_backspace: return "key_backspace";
        case Target::key_clear: return "key_clear";
        case Target::keypad_ok: return "keypad_ok";
        case Target::cancel_issue: return "cancel_issue";
        case Target::printer_retry: return "printer_retry";
        case Target::reprint: return "reprint";
        case Target::done: return "done";
        case Target::pin_key: return "pin_key";
        case Target::pin_backspace: return "pin_backspace";
        case Target::pin_ok: return "pin_ok";
        case Target::fullscreen_on: return "fullscreen_on";
        case Target::test_print: return "test_print";
        case Target::checkin: return "checkin";
        case Target::checkin_find: return "checkin_find";
        case Target::checkin_go: return "checkin_go";
        case Target::checkin_retry: return "checkin_retry";
    }
    return "?";
}

nlohmann::json layout_json(const KioskModel& model, const Layout& layout) {
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& hit : layout.hits) {
        nlohmann::json entry = {{"target", std::string(to_string(hit.target))},
                                {"x", hit.rect.x}, {"y", hit.rect.y}, {"w", hit.rect.w}, {"h", hit.rect.h}};
        if (hit.index >= 0) {
            entry["index"] = hit.index;
            const auto services = model.lane_services();
            if (hit.target == Target::service && hit.index < static_cast<int>(services.size()))
                entry["service"] = services[static_cast<std::size_t>(hit.index)]->state.code;
        }
        if (hit.key) entry["key"] = std::string(1, hit.key);
        hits.push_back(std::move(entry));
    }
    return {{"screen", std::string(to_string(model.screen()))},
            {"width", layout.screen.w},
            {"height", layout.screen.h},
            {"language", model.language() == Language::en ? "en" : "id"},
            {"print_state", static_cast<int>(model.print_state())},
            {"trouble", model.trouble()},
            // How much is typed on the keypad or PIN pad (never what: it may be a NIK).
            {"entry_length", model.screen() == Screen::attendant      ? model.pin_length()
                             : model.screen() == Screen::checkin_code ? model.checkin_code().size()
                                                                      : model.keypad_value().size()},
            // Check-in: why it was refused, and the booking's number once shown.
            {"checkin_problem", model.screen() == Screen::checkin_refused ? std::string(to_string(model.checkin_problem())) : ""},
            {"booking_number", model.booking() ? model.booking()->number : ""},
            {"has_patient_id", model.patient_id().has_value()},
            {"keypad_problem", model.keypad_problem() != IdProblem::none},
            {"fullscreen", model.fullscreen()},
            {"test_print", static_cast<int>(model.test_print_state())},
            // Tests wait for these instead of sleeping: the link is up and the services list arrived.
            {"online", model.online()},
            {"services_fresh", model.services_fresh()},
            {"hits", std::move(hits)}};
}

const char* keypad_keys(IdKind kind) {
    return kind == IdKind::nik ? "1234567890" : "1234567890ABCDEFGHIJKLMNOPQRSTUVWXYZ";
}

}  // namespace anoman::kiosk
