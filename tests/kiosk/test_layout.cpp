// The touch layout of every screen, in landscape and portrait: every target
// at least 15 mm on a 15-inch 1080p panel, inside the screen, none on top of
// another, and the language switch on every screen.
#include "model_fixture.hpp"

#include "kiosk_layout.hpp"
#include "kiosk_touch.hpp"

using namespace anoman;
using namespace anoman::kiosk;
using namespace anoman::kiosk::testing;

namespace {

struct Size {
    float w, h;
};

// Puts the model on each screen in turn and calls check(name).
void for_each_screen(ModelFixture& f, const std::function<void(const std::string&)>& check) {
    auto& m = *f.model;
    check("welcome");
    m.touch_welcome();
    check("lane");
    m.choose_lane(Lane::bpjs);
    check("service");
    m.open_keypad();
    check("keypad booking");
    m.keypad_kind(IdKind::nik);
    check("keypad nik");
    m.back();
    m.choose_service("PG");
    check("refused");
    m.back();
    m.choose_service("PA");
    f.collect();
    check("working");
    m.on_printer_status(f.last<cmd::CheckPrinter>()->op, {PrinterState::paper_out, false, ""});
    check("printer problem");
    m.retry_printer();
    f.collect();
    m.on_printer_status(f.last<cmd::CheckPrinter>()->op, {PrinterState::ok, false, ""});
    f.collect();
    m.on_issue_reply(f.last<cmd::Issue>()->op, error_reply(proto::ErrorCode::internal, "timeout"));
    check("working trouble");
    f.advance(std::chrono::seconds(1));
    m.on_issue_reply(f.last<cmd::Issue>()->op, issue_ok("N012", "PA"));
    f.collect();
    check("ticket printing");
    m.on_print_result(f.last<cmd::Print>()->op, {false, {PrinterState::paper_out, false, ""}});
    check("ticket failed");
    m.finish();
    m.open_attendant();
    check("attendant");
    // The Mobile JKN check-in.
    m.back();
    m.open_checkin();
    check("checkin code empty");
    for (char c : std::string("20261203C0007X4K")) m.checkin_key(c);
    check("checkin code");
    m.checkin_confirm();
    f.collect();
    check("checkin lookup");
    m.on_booking_reply(f.last<cmd::GetBooking>()->op, error_reply(proto::ErrorCode::internal, "timeout"));
    check("checkin refused server down");
    m.checkin_retry();
    f.collect();
    proto::Json booking = {{"booking_code", "20261203C0007X4K"}, {"service", "PA"}, {"number", "C007"},
                           {"service_day", "2026-12-03"}, {"state", "booked"}, {"namapoli", "Poli Anak"},
                           {"namadokter", "dr. Contoh, Sp.A"}, {"jampraktek", "08:00-12:00"},
                           {"estimated_at", "2026-12-03T08:42:00+07:00"}};
    m.on_booking_reply(f.last<cmd::GetBooking>()->op, ok_reply({{"booking", booking}}));
    check("booking");
    m.checkin_start();
    f.collect();
    m.on_printer_status(f.last<cmd::CheckPrinter>()->op, {PrinterState::paper_out, false, ""});
    check("checkin printer problem");
    m.back();
    m.checkin_start();
    f.collect();
    m.on_printer_status(f.last<cmd::CheckPrinter>()->op, {PrinterState::ok, false, ""});
    f.collect();
    m.on_issue_reply(f.last<cmd::Issue>()->op, error_reply(proto::ErrorCode::not_found, "gone"));
    check("checkin refused not found");
}

}  // namespace

TEST_CASE("every touch target is at least 15 mm, on screen, and alone") {
    for (Size size : {Size{1920, 1080}, Size{1080, 1920}}) {
        ModelFixture f;
        const float min_px = 15.0f * pixels_per_mm(size.w, size.h, 15.0f);
        CHECK(min_px == doctest::Approx(86.8).epsilon(0.01));
        for_each_screen(f, [&](const std::string& name) {
            const Layout layout = compute_layout(*f.model, size.w, size.h);
            CAPTURE(name);
            CAPTURE(size.w);
            CHECK(layout.find(Target::language));
            for (std::size_t i = 0; i < layout.hits.size(); ++i) {
                const Hit& hit = layout.hits[i];
                CAPTURE(static_cast<int>(hit.target));
                CAPTURE(hit.key);
                CHECK(hit.rect.w >= min_px);
                CHECK(hit.rect.h >= min_px);
                CHECK(hit.rect.x >= 0);
                CHECK(hit.rect.y >= 0);
                CHECK(hit.rect.right() <= size.w + 0.5f);
                CHECK(hit.rect.bottom() <= size.h + 0.5f);
                if (hit.target == Target::welcome) continue;  // the whole screen, by design
                for (std::size_t j = i + 1; j < layout.hits.size(); ++j) {
                    const Rect& a = hit.rect;
                    const Rect& b = layout.hits[j].rect;
                    if (layout.hits[j].target == Target::welcome) continue;
                    const bool overlap = a.x < b.right() - 0.5f && b.x < a.right() - 0.5f && a.y < b.bottom() - 0.5f &&
                                         b.y < a.bottom() - 0.5f;
                    CHECK_MESSAGE(!overlap, "targets " << static_cast<int>(hit.target) << " and "
                                                       << static_cast<int>(layout.hits[j].target) << " overlap");
                }
            }
        });
    }
}

TEST_CASE("each screen offers what its flow needs") {
    ModelFixture f;
    const auto layout = [&] { return compute_layout(*f.model, 1920, 1080); };
    CHECK(layout().find(Target::welcome));
    CHECK(layout().find(Target::attendant));
    // The language switch wins over the whole-screen welcome target.
    const Hit* language = layout().find(Target::language);
    CHECK(layout().hit_at(language->rect.cx(), language->rect.cy())->target == Target::language);
    CHECK(layout().hit_at(960, 540)->target == Target::welcome);
    // Mobile JKN check-in: its own big target, not part of the whole-screen one.
    const Hit* checkin = layout().find(Target::checkin);
    REQUIRE(checkin);
    CHECK(checkin->rect.w >= 600);
    CHECK(checkin->rect.h >= 200);
    CHECK(layout().hit_at(checkin->rect.cx(), checkin->rect.cy())->target == Target::checkin);

    f.model->touch_welcome();
    CHECK(layout().find(Target::lane_bpjs));
    CHECK(layout().find(Target::lane_umum));
    CHECK(layout().find(Target::lane_priority));
    CHECK(layout().find(Target::back));

    f.model->choose_lane(Lane::bpjs);
    auto services = layout();
    CHECK(services.services_on_page == 5);
    CHECK(services.page_count == 1);
    for (int i = 0; i < 5; ++i) CHECK(services.find(Target::service, i));
    CHECK(services.find(Target::id_enter));
    CHECK_FALSE(services.find(Target::page_next));

    f.model->open_keypad();
    auto keypad = layout();
    for (char c : std::string(keypad_keys(IdKind::booking_code))) CHECK(keypad.find(Target::key, -1, c));
    CHECK(keypad.find(Target::keypad_ok));
    CHECK(keypad.find(Target::key_backspace));
    f.model->keypad_kind(IdKind::nik);
    CHECK_FALSE(layout().find(Target::key, -1, 'A'));
    CHECK(layout().find(Target::key, -1, '0'));
}

TEST_CASE("many services are paged, never shrunk below a touchable card") {
    ModelFixture f;
    proto::Json list = proto::Json::array();
    for (int i = 0; i < 30; ++i) list.push_back(service_json("S" + std::to_string(i), "Poli " + std::to_string(i)));
    f.model->on_services(ok_reply({{"services", list}}));
    f.to_services(Lane::umum);
    for (Size size : {Size{1920, 1080}, Size{1080, 1920}}) {
        auto layout = compute_layout(*f.model, size.w, size.h);
        CHECK(layout.page_count > 1);
        CHECK(layout.find(Target::page_next));
        CHECK_FALSE(layout.find(Target::page_prev));
        int seen = 0;
        for (int page = 0; page < layout.page_count; ++page) {
            auto current = compute_layout(*f.model, size.w, size.h);
            CHECK(current.first_service == seen);
            seen += current.services_on_page;
            for (const auto& hit : current.hits)
                if (hit.target == Target::service) CHECK(hit.rect.h >= 120 * current.unit);
            f.model->next_page(current.page_count);
        }
        CHECK(seen == 30);
        while (f.model->page() > 0) f.model->previous_page();
    }
}

TEST_CASE("portrait stacks the lanes, landscape puts them side by side") {
    ModelFixture f;
    f.model->touch_welcome();
    auto wide = compute_layout(*f.model, 1920, 1080);
    auto tall = compute_layout(*f.model, 1080, 1920);
    CHECK(wide.find(Target::lane_bpjs)->rect.y == wide.find(Target::lane_umum)->rect.y);
    CHECK(tall.find(Target::lane_bpjs)->rect.x == tall.find(Target::lane_umum)->rect.x);
    CHECK(tall.find(Target::lane_bpjs)->rect.y < tall.find(Target::lane_umum)->rect.y);
    CHECK(tall.portrait);
    CHECK_FALSE(wide.portrait);
}

TEST_CASE("tapping at the layout's coordinates walks the whole flow") {
    ModelFixture f;
    auto& m = *f.model;
    const float w = 1080, h = 1920;  // portrait
    auto tap_on = [&](Target target, int index = -1, char key = 0) {
        const auto layout = compute_layout(m, w, h);
        const Hit* hit = layout.find(target, index, key);
        REQUIRE_MESSAGE(hit, "no target " << static_cast<int>(target) << " on " << to_string(m.screen()));
        CHECK(tap(m, w, h, hit->rect.cx(), hit->rect.cy()) == target);
        f.collect();
    };
    tap_on(Target::language);
    CHECK(m.language() == Language::en);
    tap_on(Target::welcome);
    tap_on(Target::lane_umum);
    tap_on(Target::id_enter);
    CHECK(m.screen() == Screen::keypad);
    for (char c : std::string("3505124107900001")) tap_on(Target::key, -1, c);
    tap_on(Target::keypad_ok);
    CHECK(m.screen() == Screen::service);
    // "Poli Anak" is the third service of the Umum lane.
    tap_on(Target::service, 2);
    CHECK(m.chosen_service() == "PA");
    m.on_printer_status(f.last<cmd::CheckPrinter>()->op, {PrinterState::ok, false, ""});
    f.collect();
    CHECK(f.last<cmd::Issue>()->request["patient"]["nik"] == "3505124107900001");
    m.on_issue_reply(f.last<cmd::Issue>()->op, issue_ok("N001", "PA"));
    f.collect();
    m.on_print_result(f.last<cmd::Print>()->op, {true, {}});
    tap_on(Target::done);
    CHECK(m.screen() == Screen::welcome);
    // Nothing at a point outside every target.
    m.touch_welcome();
    CHECK_FALSE(tap(m, w, h, 1, h / 2));
}
