// Plays sound on the machine's sound card: PulseAudio (or PipeWire's pulse
// server) through the simple API, else ALSA's default device. Each
// announcement opens the device, plays, drains and closes it, so an idle
// display holds no audio stream. No device is not fatal: play() returns false
// and the display goes on showing calls.
#pragma once

#include <string>

#include "pcm.hpp"

namespace anoman::display {

class SoundCard {
public:
    // Blocks until the sound has been played. On failure, error() says why.
    bool play(const Pcm& pcm);
    const std::string& error() const { return error_; }
    // Which outputs this build can use ("pulse alsa", "pulse", "alsa" or "none").
    static std::string outputs();

private:
    bool play_pulse(const Pcm& pcm);
    bool play_alsa(const Pcm& pcm);
    std::string error_;
};

}  // namespace anoman::display
