// The view without a window (ImHex's habit): an ImGui context with only its
// default font draws every state of the console at several window sizes,
// and a mouse click on a key button acts like the key.
#include <doctest/doctest.h>

#include <imgui.h>

#include "anoman/counter/counter_view.hpp"
#include "model_fixtures.hpp"

using namespace anoman::counter;
using namespace counter_test;
using anoman::LinkState;

namespace {

struct Headless {
    Headless() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);  // builds the atlas, no GPU needed
        io.DeltaTime = 1.0f / 60.0f;
    }
    ~Headless() { ImGui::DestroyContext(); }

    // One frame; returns how many vertices it drew.
    int frame(CounterView& view, CounterModel& model, ImVec2 size, SysMillis now) {
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = size;
        ImGui::NewFrame();
        ViewFonts fonts;
        fonts.scale = size.y / 1080.0f;
        view.draw(model, fonts, now);
        ImGui::Render();
        return ImGui::GetDrawData()->TotalVtxCount;
    }
};

CounterModel busy_morning(SysMillis now) {
    CounterModel model;
    model.on_welcome(welcome(), now);
    auto waiting_long = ticket(3, "A003", "A");
    waiting_long.issued_at = kDay + "T06:30:00+07:00";  // 1 h 30 before "now"
    model.on_snapshot(snapshot({ticket(1, "P001", "P", TicketStatus::waiting, true), ticket(2, "A002", "A"), waiting_long,
                                with(ticket(4, "A004", "A"), TicketStatus::skipped, "L1", 1), ticket(5, "B001", "B")},
                               with(ticket(9, "A009", "A"), TicketStatus::called, "L1", 2)),
                      now);
    model.on_link(LinkState::online, "", now);
    return model;
}

}  // namespace

TEST_CASE("every state of the console draws at every window size") {
    Headless imgui;
    CounterView view;
    const SysMillis now = at_seconds(0);
    for (ImVec2 size : {ImVec2(1280, 720), ImVec2(1920, 1080), ImVec2(1024, 600), ImVec2(320, 240)}) {
        CAPTURE(size.x);
        CounterModel connecting;
        CHECK(imgui.frame(view, connecting, size, now) > 0);

        CounterModel model = busy_morning(now);
        CHECK(imgui.frame(view, model, size, now) > 0);
        model.press(Key::down, now);
        model.set_english(true);
        CHECK(imgui.frame(view, model, size, now) > 0);
        model.set_english(false);

        model.press(Key::f5, now);  // transfer choice: a modal popup
        imgui.frame(view, model, size, now);
        CHECK(ImGui::IsPopupOpen("##choice", ImGuiPopupFlags_AnyPopupId));
        model.press(Key::escape, now);
        imgui.frame(view, model, size, now);
        imgui.frame(view, model, size, now);
        CHECK_FALSE(ImGui::IsPopupOpen("##choice", ImGuiPopupFlags_AnyPopupId));

        auto closed = event(11, EventKind::counter_closed, std::nullopt, "L1");
        closed.reason = "ishoma";
        model.on_event(closed, now);
        model.type(U'A', now);
        CHECK(imgui.frame(view, model, size, now) > 0);

        model.on_link(LinkState::connecting, "connection refused", now);  // the reconnecting banner
        CHECK(imgui.frame(view, model, size, now) > 0);
        model.on_link(LinkState::refused, "unauthorized", now);
        CHECK(imgui.frame(view, model, size, now) > 0);
    }
}

TEST_CASE("clicking the F1 button calls the next patient, like the key") {
    Headless imgui;
    CounterView view;
    const SysMillis now = at_seconds(0);
    CounterModel model = busy_morning(now);
    model.take_outbox();
    const ImVec2 size(1280, 720);
    imgui.frame(view, model, size, now);
    // F1 is the wide green button at the left, about 60% down the window.
    ImGuiIO& io = ImGui::GetIO();
    bool sent = false;
    for (float y = 300; y < 650 && !sent; y += 20) {
        io.MousePos = ImVec2(150, y);
        io.MouseDown[0] = true;
        imgui.frame(view, model, size, now);
        io.MouseDown[0] = false;
        imgui.frame(view, model, size, now);
        for (const auto& out : model.take_outbox()) {
            CHECK(out.request["type"] == "counter.call_next");
            sent = true;
        }
        if (model.dialog() != CounterModel::Dialog::none) model.cancel_dialog();
    }
    CHECK(sent);
}
