// Keys and characters from the GLFW window, for the model.
//
// Dear ImGui 1.86 reads keys as "is it down now" once per frame, so a key
// pressed and released between two frames (every key of a USB barcode
// scanner, and xdotool) would be lost. This glue takes GLFW's key and
// character callbacks itself, queues every press and character in order, and
// passes them on to ImGui's backend so mouse and ImGui still work.
#pragma once

#include <optional>
#include <vector>

#include "anoman/counter/counter_model.hpp"

struct GLFWwindow;

namespace anoman::counter {

struct KeyInput {
    std::optional<Key> key;      // a key the console uses, or
    char32_t character = 0;      // a typed character
};

// The console's key for a GLFW key code (GLFW_KEY_F1 -> Key::f1); nullopt for others.
std::optional<Key> key_from_glfw(int glfw_key);

class Keyboard {
public:
    // Installs the callbacks; the window must already have ImGui's GLFW backend.
    explicit Keyboard(GLFWwindow* window);
    ~Keyboard();  // gives the callbacks back to ImGui's backend
    Keyboard(const Keyboard&) = delete;
    Keyboard& operator=(const Keyboard&) = delete;

    // Everything since the last call, in the order it was typed.
    std::vector<KeyInput> take();
    // Feeds it to the model.
    void deliver(CounterModel& model, SysMillis now);

private:
    GLFWwindow* window_;
    std::vector<KeyInput> inputs_;
};

}  // namespace anoman::counter
