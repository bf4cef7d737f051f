#include "hall_voice.hpp"

#include <chrono>
#include <mutex>

#include <spdlog/spdlog.h>

#include "voice/sound_card.hpp"
#include "voice/wav_file.hpp"

namespace anoman::display {
namespace {

// espeak-ng renders its voices at 22,050 Hz.
constexpr int kVoiceSampleRate = 22050;

// Warns about a missing sound card at the first failure, then at most every
// ten minutes, so a hall without speakers does not flood the journal.
class SoundCardOutput {
public:
    void operator()(const Pcm& sound) {
        if (card_.play(sound)) {
            if (failing_) spdlog::info("voice: sound card works again");
            failing_ = false;
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (!failing_ || now - last_warning_ > std::chrono::minutes(10)) {
            spdlog::warn("voice: no sound device ({}); calls are shown but not heard", card_.error());
            last_warning_ = now;
        }
        failing_ = true;
    }

private:
    SoundCard card_;
    bool failing_ = false;
    std::chrono::steady_clock::time_point last_warning_{};
};

}  // namespace

std::unique_ptr<Announcer> make_hall_voice(bool no_audio, const std::string& audio_out) {
    if (no_audio) return nullptr;
    if (!audio_out.empty()) {
        auto file = std::make_shared<WavFile>(audio_out, kVoiceSampleRate);
        spdlog::info("voice: writing announcements to {}", audio_out);
        return std::make_unique<Announcer>(indonesian_voice(), [file, audio_out](const Pcm& sound) {
            if (!file->append(sound)) spdlog::warn("voice: could not write to {}", audio_out);
        });
    }
    spdlog::info("voice: sound card ({})", SoundCard::outputs());
    auto output = std::make_shared<SoundCardOutput>();
    return std::make_unique<Announcer>(indonesian_voice(), [output](const Pcm& sound) { (*output)(sound); });
}

}  // namespace anoman::display
