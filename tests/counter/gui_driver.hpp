// Driving the real `counter` program under Xvfb: find its window, press keys
// and type with xdotool. (Screenshots: the program's own, on SIGUSR1.)
#pragma once

#include <chrono>
#include <string>

namespace counter_gui {

using namespace std::chrono_literals;

// The console runs as an anoman::testing::ChildProcess; commands run with
// anoman::testing::run_program (test_support.hpp).

// xdotool helpers on the window whose title contains name.
std::string find_window(const std::string& name, std::chrono::milliseconds timeout = 15s);
void focus(const std::string& window);
void key(const std::string& window, const std::string& keys);     // "F1", "Down", "Return"
void type(const std::string& window, const std::string& text);    // as a USB scanner would

}  // namespace counter_gui
