// The clerk console's screen: ImGui drawing of a CounterModel, nothing else.
// Clicks call the model's intents (keys come straight to the model from the
// keyboard glue); the view keeps no state of the queue.
#pragma once

#include <memory>
#include <string>

#include "anoman/counter/counter_model.hpp"
#include "anoman/counter/counter_text.hpp"
#include "anoman/hospital_clock.hpp"

struct ImFont;

namespace anoman::counter {

// The fonts of this frame (AppWindow rebuilds them when the window is
// resized); null pointers fall back to ImGui's default font, which is what a
// test without a window has.
struct ViewFonts {
    ImFont* small = nullptr;
    ImFont* normal = nullptr;
    ImFont* large = nullptr;
    ImFont* huge = nullptr;
    ImFont* giant = nullptr;
    ImFont* bold_small = nullptr;
    ImFont* bold_normal = nullptr;
    ImFont* bold_large = nullptr;
    float scale = 1.0f;  // window height / 1080
};

class CounterView {
public:
    CounterView();
    ~CounterView();

    // Draws one frame of the whole window. Call between ImGui::NewFrame and ImGui::Render.
    void draw(CounterModel& model, const ViewFonts& fonts, SysMillis now);

    const CounterText& text() const { return text_; }

private:
    std::string wall_clock(const CounterModel& model, SysMillis now);

    CounterText text_;
    std::unique_ptr<HospitalClock> clock_;
};

}  // namespace anoman::counter
