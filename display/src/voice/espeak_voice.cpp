#include "espeak_voice.hpp"

#include <stdexcept>
#include <vector>

#include <espeak-ng/speak_lib.h>

namespace anoman::display {
namespace {

// espeak-ng hands synthesized sound to this callback in chunks; the
// destination travels in each event's user_data (set by espeak_Synth).
int collect_samples(short* wav, int sample_count, espeak_EVENT* events) {
    if (wav && sample_count > 0 && events && events->user_data) {
        auto* samples = static_cast<std::vector<std::int16_t>*>(events->user_data);
        samples->insert(samples->end(), wav, wav + sample_count);
    }
    return 0;  // 0: go on
}

// espeak-ng is initialised once per process and never terminated:
// espeak_Terminate followed by a second espeak_Initialize leaves 1.51 hanging
// in its next espeak_Synth.
int initialise_espeak_once() {
    static const int sample_rate = [] {
        const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (rate > 0) espeak_SetSynthCallback(collect_samples);
        return rate;
    }();
    return sample_rate;
}

}  // namespace

EspeakVoice::EspeakVoice(const std::string& voice, int words_per_minute) {
    sample_rate_ = initialise_espeak_once();
    if (sample_rate_ <= 0) throw std::runtime_error("espeak-ng could not start (is espeak-ng-data installed?)");
    if (espeak_SetVoiceByName(voice.c_str()) != EE_OK)
        throw std::runtime_error("espeak-ng has no voice \"" + voice + "\"");
    // A little slower than the default 175 wpm: a hall echoes, and many
    // listeners are elderly.
    espeak_SetParameter(espeakRATE, words_per_minute, 0);
}

EspeakVoice::~EspeakVoice() = default;

Pcm EspeakVoice::speak(const std::string& text) {
    Pcm pcm;
    pcm.sample_rate = sample_rate_;
    const espeak_ERROR result = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                             espeakCHARS_UTF8, nullptr, &pcm.samples);
    // AUDIO_OUTPUT_SYNCHRONOUS: espeak_Synth returns when the whole text is rendered.
    if (result != EE_OK) throw std::runtime_error("espeak-ng could not speak (error " + std::to_string(result) + ")");
    return pcm;
}

}  // namespace anoman::display
