// The window options every GUI program takes on its command line:
//   --fullscreen / --windowed, --size WxH, --screenshot FILE,
//   --screenshot-after MS, --exit-after-screenshot
#pragma once

#include <CLI/CLI.hpp>

#include "anoman/gui/app_window.hpp"

namespace anoman::gui {

// Adds the options to app, storing into options (whose current values are the defaults).
void add_window_options(CLI::App& app, WindowOptions& options);

}  // namespace anoman::gui
