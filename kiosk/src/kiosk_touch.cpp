#include "kiosk_touch.hpp"

namespace anoman::kiosk {

void activate(KioskModel& model, const Layout& layout, const Hit& hit) {
    switch (hit.target) {
        case Target::welcome: model.touch_welcome(); break;
        case Target::language: model.toggle_language(); break;
        case Target::attendant: model.open_attendant(); break;
        case Target::back: model.back(); break;
        case Target::home: model.go_home(); break;
        case Target::lane_bpjs: model.choose_lane(Lane::bpjs); break;
        case Target::lane_umum: model.choose_lane(Lane::umum); break;
        case Target::lane_priority: model.choose_lane(Lane::priority); break;
        case Target::service: {
            const auto services = model.lane_services();
            if (hit.index >= 0 && hit.index < static_cast<int>(services.size()))
                model.choose_service(services[static_cast<std::size_t>(hit.index)]->state.code);
            break;
        }
        case Target::page_prev: model.previous_page(); break;
        case Target::page_next: model.next_page(layout.page_count); break;
        case Target::id_enter: model.open_keypad(); break;
        case Target::id_remove: model.clear_patient_id(); break;
        case Target::kind_nik: model.keypad_kind(IdKind::nik); break;
        case Target::kind_booking: model.keypad_kind(IdKind::booking_code); break;
        // The same keys serve the identification keypad and the check-in one.
        case Target::key:
            if (model.screen() == Screen::checkin_code) model.checkin_key(hit.key);
            else model.keypad_key(hit.key);
            break;
        case Target::key_backspace:
            if (model.screen() == Screen::checkin_code) model.checkin_backspace();
            else model.keypad_backspace();
            break;
        case Target::key_clear:
            if (model.screen() == Screen::checkin_code) model.checkin_clear();
            else model.keypad_clear();
            break;
        case Target::keypad_ok: model.keypad_confirm(); break;
        case Target::cancel_issue: model.cancel_issue(); break;
        case Target::printer_retry: model.retry_printer(); break;
        case Target::reprint: model.reprint(); break;
        case Target::done: model.finish(); break;
        case Target::pin_key: model.pin_key(hit.key); break;
        case Target::pin_backspace: model.pin_backspace(); break;
        case Target::pin_ok: model.pin_confirm(); break;
        case Target::fullscreen_on: model.enter_fullscreen(); break;
        case Target::test_print: model.test_print(); break;
        case Target::checkin: model.open_checkin(); break;
        case Target::checkin_find: model.checkin_confirm(); break;
        case Target::checkin_go: model.checkin_start(); break;
        case Target::checkin_retry: model.checkin_retry(); break;
    }
}

std::optional<Target> tap(KioskModel& model, float width, float height, float x, float y) {
    const Layout layout = compute_layout(model, width, height);
    const Hit* hit = layout.hit_at(x, y);
    if (!hit) return std::nullopt;
    const Hit touched = *hit;
    activate(model, layout, touched);
    return touched.target;
}

}  // namespace anoman::kiosk
