// The kiosk's ImGui view: draws the model's current screen into the layout's
// rectangles and turns a finger's release on a target into the model's intent
// (kiosk_touch). It owns no state of the flow.
#pragma once

#include "anoman/gui/app_window.hpp"
#include "kiosk_layout.hpp"
#include "kiosk_model.hpp"

namespace anoman::kiosk::view {

class KioskView {
public:
    explicit KioskView(gui::AppWindow& window) : window_(window) {}

    // One frame: layout, input, drawing.
    void draw(KioskModel& model);
    // Whether the screen animates right now (progress dots): the frame loop
    // then wakes a few times a second instead of sleeping until the next event.
    bool animating(const KioskModel& model) const;
    // The layout of the last frame drawn.
    const Layout& layout() const { return layout_; }

private:
    gui::AppWindow& window_;
    Layout layout_;
};

}  // namespace anoman::kiosk::view
