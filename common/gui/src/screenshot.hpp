// Saving the GL back buffer as PNG (glReadPixels + stb_image_write).
#pragma once

#include <string>

namespace anoman::gui {

// Reads width x height pixels of the current back buffer and writes them as
// an RGB PNG to path (via a temporary file renamed into place). False on failure.
bool write_back_buffer_png(int width, int height, const std::string& path);

}  // namespace anoman::gui
