// Indonesian speech through espeak-ng's C API, rendered to memory
// (AUDIO_OUTPUT_SYNCHRONOUS): the caller decides where the sound goes.
//
// espeak-ng keeps global state: it is initialised once per process (on the
// first EspeakVoice) and kept until exit. Use voices from one thread at a
// time (the hall uses only the announcer's thread).
#pragma once

#include <string>

#include "pcm.hpp"

namespace anoman::display {

class EspeakVoice {
public:
    // Throws std::runtime_error if espeak-ng or the voice cannot be loaded.
    explicit EspeakVoice(const std::string& voice = "id", int words_per_minute = 140);
    ~EspeakVoice();
    EspeakVoice(const EspeakVoice&) = delete;
    EspeakVoice& operator=(const EspeakVoice&) = delete;

    int sample_rate() const { return sample_rate_; }
    // The whole utterance (UTF-8 text) as samples; throws std::runtime_error if synthesis fails.
    Pcm speak(const std::string& text);

private:
    int sample_rate_ = 0;
};

}  // namespace anoman::display
