#include "anoman/gui/window_cli.hpp"

#include <cstdio>
#include <string>

namespace anoman::gui {

void add_window_options(CLI::App& app, WindowOptions& options) {
    app.add_flag("--fullscreen,!--windowed", options.fullscreen,
                 "full screen on the primary monitor, or a window (--windowed)")
        ->capture_default_str();
    app.add_option_function<std::string>(
           "--size",
           [&options](const std::string& text) {
               int width = 0, height = 0;
               char extra = 0;
               if (std::sscanf(text.c_str(), "%dx%d%c", &width, &height, &extra) != 2 || width < 320 || height < 240)
                   throw CLI::ValidationError("--size", "expected WIDTHxHEIGHT, at least 320x240, e.g. 1280x720");
               options.width = width;
               options.height = height;
           },
           "window size WIDTHxHEIGHT when windowed")
        ->default_str(std::to_string(options.width) + "x" + std::to_string(options.height));
    app.add_option("--screenshot", options.screenshot_path,
                   "save a PNG of the window to FILE on SIGUSR1 (and after --screenshot-after)");
    app.add_option("--screenshot-after", options.screenshot_after_ms,
                   "milliseconds after start to save the --screenshot")
        ->check(CLI::NonNegativeNumber);
    app.add_flag("--exit-after-screenshot", options.exit_after_screenshot,
                 "exit once the timed screenshot is saved");
}

}  // namespace anoman::gui
