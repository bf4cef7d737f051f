#include "display_options.hpp"

#include <CLI/CLI.hpp>

#include "anoman/gui/window_cli.hpp"

namespace anoman::display {

std::vector<std::string> split_counter_list(const std::string& text) {
    std::vector<std::string> ids;
    std::string current;
    auto flush = [&] {
        const auto first = current.find_first_not_of(" \t");
        const auto last = current.find_last_not_of(" \t");
        if (first != std::string::npos) ids.push_back(current.substr(first, last - first + 1));
        current.clear();
    };
    for (char ch : text) {
        if (ch == ',')
            flush();
        else
            current += ch;
    }
    flush();
    return ids;
}

ParsedOptions parse_display_options(int argc, const char* const* argv) {
    ParsedOptions parsed;
    DisplayOptions& options = parsed.options;
    options.window.fullscreen = true;  // a TV in the hall
    options.window.hide_cursor = true;
    options.window.width = 1920;
    options.window.height = 1080;

    CLI::App app{"Si Anoman hall display: shows and announces the calls of the waiting hall."};
    add_connect_options(app, options.connect);
    gui::add_window_options(app, options.window);
    std::string counters;
    app.add_option("--counters", counters, "show only these counters, in this order (e.g. L1,L2)");
    app.add_option("--audio-out", options.audio_out, "write the announcements to this WAV file instead of the sound card");
    app.add_flag("--no-audio", options.no_audio, "no chime and no voice");
    app.add_flag("--test-announce", options.test_announce,
                 "speak a test announcement through the sound card (or --audio-out) and exit; "
                 "on the running display the attendant key F9 does the same");
    std::string language = "id";
    app.add_option("--lang", language, "screen language: id or en (the voice is always Bahasa Indonesia)")
        ->check(CLI::IsMember({"id", "en"}))
        ->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // --help prints and exits 0; a usage error prints why and exits 2.
        parsed.exit_status = app.exit(error) == 0 ? 0 : 2;
        return parsed;
    }
    options.counters = split_counter_list(counters);
    options.language = language == "en" ? Language::en : Language::id;
    return parsed;
}

}  // namespace anoman::display
