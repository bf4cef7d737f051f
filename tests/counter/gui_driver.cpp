#include "gui_driver.hpp"

#include <sstream>

#include "test_support.hpp"

namespace counter_gui {

using anoman::testing::run_program;

std::string find_window(const std::string& name, std::chrono::milliseconds timeout) {
    std::string id;
    anoman::testing::eventually(
        [&] {
            const auto found = run_program({"xdotool", "search", "--name", name}, 5s);
            std::istringstream lines(found.output);
            return found.status == 0 && std::getline(lines, id) && !id.empty();
        },
        timeout, 100ms);
    return id;
}

void focus(const std::string& window) {
    run_program({"xdotool", "windowfocus", "--sync", window}, 5s);
}

// Real (XTEST) key events to the focused window, as a keyboard sends them;
// "--window" would send synthetic events, which is not what a clerk's keyboard does.
void key(const std::string& window, const std::string& keys) {
    focus(window);
    run_program({"xdotool", "key", "--delay", "30", keys}, 5s);
}

void type(const std::string& window, const std::string& text) {
    focus(window);
    // 4 ms between characters: faster than any hand, like a scanner.
    run_program({"xdotool", "type", "--delay", "4", text}, 10s);
}

}  // namespace counter_gui
