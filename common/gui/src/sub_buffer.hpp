// Presenting part of a window: GLX_MESA_copy_sub_buffer copies a rectangle of
// the back buffer to the window and leaves the rest of the screen as it is.
// Mesa has it on every driver, including the software rasteriser a hall PC
// without a GPU driver (or Xvfb) uses, where presenting a whole 1920x1080
// frame is a large part of a frame's cost. Kept apart: the X11 headers it
// needs define macros (None, Bool, Status) the rest of the code must not see.
#pragma once

struct GLFWwindow;

namespace anoman::gui {

class SubBufferCopy {
public:
    // Looks the extension up for the window's current context; available() is
    // false when the platform is not GLX or the GLX lacks the extension.
    explicit SubBufferCopy(GLFWwindow* window);
    bool available() const { return copy_ != nullptr; }
    // Copies the rectangle (GL window coordinates: origin bottom left) of the
    // back buffer to the window. Implies glFlush.
    void copy(int x, int y, int width, int height) const;

private:
    void (*copy_)() = nullptr;  // glXCopySubBufferMESA (GLFWglproc), cast back where called
    void* display_ = nullptr;
    unsigned long drawable_ = 0;
};

}  // namespace anoman::gui
