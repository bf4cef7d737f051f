// The hall's colours: high contrast for a TV seen from across a hall, amber
// for "this is you now", calm navy for everything else.
#pragma once

#include <imgui.h>

namespace anoman::display::palette {

inline constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b) { return IM_COL32(r, g, b, 255); }

inline constexpr ImU32 kBackground = rgb(0x0B, 0x1A, 0x30);
inline constexpr ImU32 kHeader = rgb(0x00, 0x5F, 0x56);     // hospital green
inline constexpr ImU32 kPanel = rgb(0x15, 0x2E, 0x52);
inline constexpr ImU32 kPanelEdge = rgb(0x2B, 0x4C, 0x7E);
inline constexpr ImU32 kHighlight = rgb(0xFF, 0xB3, 0x00);  // amber
inline constexpr ImU32 kOnHighlight = rgb(0x10, 0x18, 0x20);
inline constexpr ImU32 kText = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kTextDim = rgb(0xA9, 0xBC, 0xD6);
inline constexpr ImU32 kTitle = rgb(0x7F, 0xE0, 0xD4);
inline constexpr ImU32 kClosed = rgb(0x3A, 0x3F, 0x47);
inline constexpr ImU32 kTicker = rgb(0x06, 0x10, 0x20);
inline constexpr ImU32 kTickerLabel = rgb(0xC6, 0x28, 0x28);
inline constexpr ImU32 kOffline = rgb(0xB7, 0x1C, 0x1C);
inline constexpr ImU32 kWarning = rgb(0xFF, 0x8A, 0x80);

}  // namespace anoman::display::palette
