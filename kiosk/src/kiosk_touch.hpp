// What a touch on a target does: the one place that maps the layout's
// targets to the model's intents. The view calls it on a finger's release;
// the tests call it to tap through the flow by coordinates.
#pragma once

#include "kiosk_layout.hpp"
#include "kiosk_model.hpp"

namespace anoman::kiosk {

void activate(KioskModel& model, const Layout& layout, const Hit& hit);

// Taps at a point of a screen of this size: layout, hit test, activate.
// Returns the target touched, if any.
std::optional<Target> tap(KioskModel& model, float width, float height, float x, float y);

}  // namespace anoman::kiosk
