#include "anoman/counter/keyboard.hpp"

#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>

namespace anoman::counter {
namespace {

// GLFW callbacks are plain functions called on the UI thread: one window per
// program, so one queue.
std::vector<KeyInput>* g_queue = nullptr;

void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
    if (g_queue && action != GLFW_RELEASE) {
        if (auto mapped = key_from_glfw(key)) {
            // Held keys repeat only where repeating makes sense (moving, erasing);
            // a held F1 must not call patient after patient.
            const bool repeatable = *mapped == Key::up || *mapped == Key::down || *mapped == Key::page_up ||
                                    *mapped == Key::page_down || *mapped == Key::backspace;
            if (action == GLFW_PRESS || repeatable) g_queue->push_back(KeyInput{mapped, 0});
        }
    }
    ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

void on_char(GLFWwindow* window, unsigned int codepoint) {
    if (g_queue) g_queue->push_back(KeyInput{std::nullopt, static_cast<char32_t>(codepoint)});
    ImGui_ImplGlfw_CharCallback(window, codepoint);
}

}  // namespace

std::optional<Key> key_from_glfw(int glfw_key) {
    switch (glfw_key) {
    case GLFW_KEY_F1: return Key::f1;
    case GLFW_KEY_F2: return Key::f2;
    case GLFW_KEY_F3: return Key::f3;
    case GLFW_KEY_F4: return Key::f4;
    case GLFW_KEY_F5: return Key::f5;
    case GLFW_KEY_F6: return Key::f6;
    case GLFW_KEY_F7: return Key::f7;
    case GLFW_KEY_F8: return Key::f8;
    case GLFW_KEY_F9: return Key::f9;
    case GLFW_KEY_F12: return Key::f12;
    case GLFW_KEY_UP: return Key::up;
    case GLFW_KEY_DOWN: return Key::down;
    case GLFW_KEY_PAGE_UP: return Key::page_up;
    case GLFW_KEY_PAGE_DOWN: return Key::page_down;
    case GLFW_KEY_HOME: return Key::home;
    case GLFW_KEY_END: return Key::end;
    case GLFW_KEY_ENTER:
    case GLFW_KEY_KP_ENTER: return Key::enter;
    case GLFW_KEY_ESCAPE: return Key::escape;
    case GLFW_KEY_BACKSPACE: return Key::backspace;
    default: return std::nullopt;
    }
}

Keyboard::Keyboard(GLFWwindow* window) : window_(window) {
    g_queue = &inputs_;
    glfwSetKeyCallback(window_, on_key);
    glfwSetCharCallback(window_, on_char);
}

Keyboard::~Keyboard() {
    glfwSetKeyCallback(window_, ImGui_ImplGlfw_KeyCallback);
    glfwSetCharCallback(window_, ImGui_ImplGlfw_CharCallback);
    g_queue = nullptr;
}

std::vector<KeyInput> Keyboard::take() {
    std::vector<KeyInput> out;
    out.swap(inputs_);
    return out;
}

void Keyboard::deliver(CounterModel& model, SysMillis now) {
    for (const auto& input : take()) {
        if (input.key) model.press(*input.key, now);
        else model.type(input.character, now);
    }
}

}  // namespace anoman::counter
