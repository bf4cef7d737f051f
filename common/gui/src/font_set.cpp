#include "font_set.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>

#include <imgui.h>
#include <spdlog/spdlog.h>

namespace anoman::gui {
namespace {

// Basic Latin + Latin-1, plus the few symbols our screens use:
// en/em dash, bullet, ellipsis, arrows.
const ImWchar kTextRanges[] = {
    0x0020, 0x00FF,
    0x2013, 0x2014,
    0x2022, 0x2022,
    0x2026, 0x2026,
    0x2190, 0x2193,
    0,
};
// Ticket numbers and counter names only: keeps the giant size's atlas small.
const ImWchar kAsciiRanges[] = {0x0020, 0x007E, 0};

std::string font_dir() {
    if (const char* env = std::getenv("ANOMAN_FONT_DIR"); env && *env) return env;
    return ANOMAN_FONT_DIR;
}

}  // namespace

float font_pixels_at_1080(FontSize size) {
    switch (size) {
        case FontSize::small: return 28.0f;
        case FontSize::normal: return 40.0f;
        case FontSize::large: return 64.0f;
        case FontSize::huge: return 128.0f;
        case FontSize::giant: return 260.0f;
    }
    return 40.0f;
}

void load_font_set(ImFontAtlas& atlas, float scale, ImFont* (&regular)[kFontSizeCount],
                   ImFont* (&bold)[kFontSizeCount]) {
    atlas.Clear();
    const std::filesystem::path dir = font_dir();
    const std::string regular_file = (dir / "DejaVuSans.ttf").string();
    const std::string bold_file = (dir / "DejaVuSans-Bold.ttf").string();
    const bool have_files = std::filesystem::exists(regular_file) && std::filesystem::exists(bold_file);
    if (!have_files)
        spdlog::warn("fonts not found in {} (install fonts-dejavu-core); using ImGui's built-in font", dir.string());

    for (int index = 0; index < kFontSizeCount; ++index) {
        const auto size = static_cast<FontSize>(index);
        const float pixels = font_pixels_at_1080(size) * scale;
        ImFontConfig config;
        // Horizontal oversampling sharpens small text; big glyphs do not need
        // it and it would triple their share of the atlas.
        config.OversampleH = pixels < 48.0f ? 2 : 1;
        config.OversampleV = 1;
        const ImWchar* ranges = size == FontSize::giant ? kAsciiRanges : kTextRanges;
        if (!have_files) {
            config.SizePixels = pixels;
            regular[index] = bold[index] = atlas.AddFontDefault(&config);
            continue;
        }
        bold[index] = atlas.AddFontFromFileTTF(bold_file.c_str(), pixels, &config, ranges);
        // Large sizes are headlines and numbers: bold reads better from afar,
        // and one weight fewer halves their atlas space.
        regular[index] = size == FontSize::small || size == FontSize::normal
                             ? atlas.AddFontFromFileTTF(regular_file.c_str(), pixels, &config, ranges)
                             : bold[index];
    }
}

}  // namespace anoman::gui
