// Where the hall's voice goes: a WAV file (--audio-out), the sound card, or
// nowhere (--no-audio). A sound card that cannot be opened is a warning,
// never a stop: the screen matters more than the voice.
#pragma once

#include <memory>
#include <string>

#include "voice/announcer.hpp"

namespace anoman::display {

// Builds the announcer for the options: nullptr for --no-audio. Throws
// std::runtime_error if the WAV file cannot be created.
std::unique_ptr<Announcer> make_hall_voice(bool no_audio, const std::string& audio_out);

}  // namespace anoman::display
