// The display's command line: the shared connection and window options plus
//   --counters L1,L2   --audio-out FILE.wav   --no-audio   --lang id|en   --test-announce
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "anoman/connect_options.hpp"
#include "anoman/gui/app_window.hpp"
#include "anoman/i18n.hpp"

namespace anoman::display {

struct DisplayOptions {
    ConnectArgs connect;
    gui::WindowOptions window;
    std::vector<std::string> counters;  // empty: every counter
    std::string audio_out;              // WAV file instead of the sound card
    bool no_audio = false;
    bool test_announce = false;         // speak a test announcement and exit (test_announce.hpp)
    Language language = Language::id;
};

// Parses the command line. Returns the options, or an exit status when the
// program should stop (0 after --help, 2 after a usage error, printed to out/err).
struct ParsedOptions {
    DisplayOptions options;
    std::optional<int> exit_status;
};
ParsedOptions parse_display_options(int argc, const char* const* argv);

// "L1, L2,,L3" -> {"L1","L2","L3"}
std::vector<std::string> split_counter_list(const std::string& text);

}  // namespace anoman::display
