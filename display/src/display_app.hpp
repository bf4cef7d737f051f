// The display program put together: options -> window, client, hall model,
// voice, frame loop. main() only calls run_display().
#pragma once

#include "display_options.hpp"

namespace anoman::display {

// Runs until the window closes. Returns the process exit status.
int run_display(const DisplayOptions& options);

}  // namespace anoman::display
