#include "test_announce.hpp"

#include <cstdio>
#include <exception>
#include <stdexcept>

#include "announcement_text.hpp"
#include "voice/announcer.hpp"
#include "voice/sound_card.hpp"
#include "voice/wav_file.hpp"

namespace anoman::display {

std::string test_announcement_text() { return "Uji suara. " + announcement_text("A001", "Loket 1"); }

int run_test_announce(const DisplayOptions& options) {
    if (options.no_audio) {
        std::fprintf(stderr, "display: --test-announce with --no-audio has nothing to play\n");
        return 2;
    }
    Pcm sound;
    try {
        sound = indonesian_voice()(test_announcement_text());
    } catch (const std::exception& error) {
        std::fprintf(stderr, "display: uji suara gagal / test announcement failed: the voice (espeak-ng): %s\n",
                     error.what());
        return 1;
    }
    if (!options.audio_out.empty()) {
        try {
            WavFile file(options.audio_out, sound.sample_rate);
            if (!file.append(sound)) throw std::runtime_error("cannot write " + options.audio_out);
        } catch (const std::exception& error) {
            std::fprintf(stderr, "display: uji suara gagal / test announcement failed: %s\n", error.what());
            return 1;
        }
        std::printf("uji suara ditulis ke / test announcement written to %s (%.1f s)\n", options.audio_out.c_str(),
                    sound.seconds());
        return 0;
    }
    SoundCard card;
    if (!card.play(sound)) {
        std::fprintf(stderr,
                     "display: uji suara gagal / test announcement failed: no sound device (%s; outputs: %s).\n"
                     "See install-guide.md, \"Sound on the hall PC\" (aplay -l, /etc/asound.conf).\n",
                     card.error().c_str(), SoundCard::outputs().c_str());
        return 1;
    }
    std::printf("uji suara diputar / test announcement played (%s, %.1f s)\n", SoundCard::outputs().c_str(),
                sound.seconds());
    return 0;
}

}  // namespace anoman::display
