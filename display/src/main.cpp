// display: the waiting-hall display of Si Anoman (see display_app.hpp).
#include <exception>

#include <spdlog/spdlog.h>

#include "display_app.hpp"
#include "test_announce.hpp"

int main(int argc, char** argv) {
    auto parsed = anoman::display::parse_display_options(argc, argv);
    if (parsed.exit_status) return *parsed.exit_status;
    if (parsed.options.test_announce) return anoman::display::run_test_announce(parsed.options);  // no window
    try {
        return anoman::display::run_display(parsed.options);
    } catch (const std::exception& error) {
        spdlog::critical("display: {}", error.what());
        return 1;
    }
}
