#include "sub_buffer.hpp"

#include <cstdlib>
#include <string_view>

#include <GL/glx.h>
#include <GLFW/glfw3.h>

// GLFW's native access (glfw3native.h), declared here: that header also
// pulls in Xrandr's, which Debian ships in a package the program needs not.
extern "C" {
Display* glfwGetX11Display(void);
GLXWindow glfwGetGLXWindow(GLFWwindow* window);
}

namespace anoman::gui {

SubBufferCopy::SubBufferCopy(GLFWwindow* window) {
    // Whole frames on demand: bench/display_cpu.sh's baseline, and a way out
    // should a driver present partial frames wrongly.
    if (const char* off = std::getenv("ANOMAN_FULL_FRAMES"); off && *off && std::string_view(off) != "0") return;
    // GLFW 3.3 and later: GLX only when the window runs on X11 (not Wayland).
#if defined(GLFW_PLATFORM_X11)
    if (glfwGetPlatform() != GLFW_PLATFORM_X11) return;
#endif
    if (glfwGetWindowAttrib(window, GLFW_CONTEXT_CREATION_API) != GLFW_NATIVE_CONTEXT_API) return;
    // glfwExtensionSupported also searches the GLX extension string; a GLX
    // proc address alone proves nothing (GLX returns one for any name).
    if (!glfwExtensionSupported("GLX_MESA_copy_sub_buffer")) return;
    GLFWglproc proc = glfwGetProcAddress("glXCopySubBufferMESA");
    if (!proc) return;
    Display* display = glfwGetX11Display();
    const GLXWindow drawable = glfwGetGLXWindow(window);
    if (!display || !drawable) return;
    copy_ = proc;
    display_ = display;
    drawable_ = drawable;
}

void SubBufferCopy::copy(int x, int y, int width, int height) const {
    if (!copy_) return;
    const auto copy_sub_buffer = reinterpret_cast<PFNGLXCOPYSUBBUFFERMESAPROC>(copy_);
    copy_sub_buffer(static_cast<Display*>(display_), drawable_, x, y, width, height);
}

}  // namespace anoman::gui
