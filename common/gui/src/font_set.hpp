// Loads the DejaVu fonts into ImGui's atlas in the sizes the screens use.
#pragma once

#include "anoman/gui/app_window.hpp"

struct ImFontAtlas;

namespace anoman::gui {

// Pixel size of each FontSize at 1080 lines.
float font_pixels_at_1080(FontSize size);

// Clears the atlas and loads every size, scaled by scale, in both weights.
// Falls back to ImGui's built-in font (with a warning) when the DejaVu files
// are missing, so a broken install still shows something instead of crashing.
void load_font_set(ImFontAtlas& atlas, float scale, ImFont* (&regular)[kFontSizeCount],
                   ImFont* (&bold)[kFontSizeCount]);

}  // namespace anoman::gui
