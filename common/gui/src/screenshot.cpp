#include "screenshot.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <vector>

#include <GL/gl.h>
#include <stb_image_write.h>

namespace anoman::gui {

bool write_back_buffer_png(int width, int height, const std::string& path) {
    if (width <= 0 || height <= 0 || path.empty()) return false;
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    // An error left by an earlier GL call (after a window mode change, say) is
    // not ours: clear it so only glReadPixels' own failure counts.
    for (int stale = 0; stale < 16 && glGetError() != GL_NO_ERROR; ++stale) {
    }
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    if (glGetError() != GL_NO_ERROR) return false;

    // OpenGL's rows run bottom-up; PNG's top-down. Flip in our own buffer
    // rather than with stbi's global flip flag.
    std::vector<unsigned char> flipped(pixels.size());
    const std::size_t row = static_cast<std::size_t>(width) * 3;
    for (int y = 0; y < height; ++y)
        std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>(row * static_cast<std::size_t>(y)), row,
                    flipped.begin() + static_cast<std::ptrdiff_t>(row * static_cast<std::size_t>(height - 1 - y)));

    const std::string temporary = path + ".tmp";
    if (!stbi_write_png(temporary.c_str(), width, height, 3, flipped.data(), static_cast<int>(row))) return false;
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    return !error;
}

}  // namespace anoman::gui
