// A test announcement for IT staff setting up the hall PC's sound (INSTALL.md,
// "Sound on the hall PC"): the chime and a sample call in the hall's voice,
// through the sound card (or --audio-out), without a server. From the command
// line (`si-anoman-display --test-announce`) and from the attendant key F9 on
// the running display.
#pragma once

#include <string>

#include "display_options.hpp"

namespace anoman::display {

// What the test says: clearly a test, then a sample call.
std::string test_announcement_text();

// Speaks it once and reports on stdout/stderr. 0: played (or written);
// 1: the sound card or file failed (the message says why); 2: --no-audio.
int run_test_announce(const DisplayOptions& options);

}  // namespace anoman::display
