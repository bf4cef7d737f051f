#include "sound_card.hpp"

#ifdef ANOMAN_HAVE_PULSE
#include <pulse/error.h>
#include <pulse/simple.h>
#endif
#ifdef ANOMAN_HAVE_ALSA
#include <alsa/asoundlib.h>
#endif

namespace anoman::display {
namespace {

#ifdef ANOMAN_HAVE_ALSA
// alsa-lib prints its own errors to stderr on every failed open; we report
// one line ourselves (rate-limited by the caller), so keep it quiet.
extern "C" void quiet_alsa(const char*, int, const char*, int, const char*, ...) {}
#endif

}  // namespace

std::string SoundCard::outputs() {
    std::string names;
#ifdef ANOMAN_HAVE_PULSE
    names += "pulse";
#endif
#ifdef ANOMAN_HAVE_ALSA
    names += names.empty() ? "alsa" : " alsa";
#endif
    return names.empty() ? "none" : names;
}

bool SoundCard::play(const Pcm& pcm) {
    error_.clear();
    if (pcm.samples.empty()) return true;
    if (play_pulse(pcm)) return true;
    if (play_alsa(pcm)) return true;
    if (error_.empty()) error_ = "this build has no sound output";
    return false;
}

bool SoundCard::play_pulse([[maybe_unused]] const Pcm& pcm) {
#ifdef ANOMAN_HAVE_PULSE
    pa_sample_spec spec{};
    spec.format = PA_SAMPLE_S16LE;
    spec.rate = static_cast<std::uint32_t>(pcm.sample_rate);
    spec.channels = 1;
    int code = 0;
    pa_simple* stream = pa_simple_new(nullptr, "Si Anoman display", PA_STREAM_PLAYBACK, nullptr, "announcement",
                                      &spec, nullptr, nullptr, &code);
    if (!stream) {
        error_ = std::string("pulseaudio: ") + pa_strerror(code);
        return false;
    }
    const bool played = pa_simple_write(stream, pcm.samples.data(), pcm.samples.size() * 2, &code) == 0 &&
                        pa_simple_drain(stream, &code) == 0;
    if (!played) error_ = std::string("pulseaudio: ") + pa_strerror(code);
    pa_simple_free(stream);
    return played;
#else
    return false;
#endif
}

bool SoundCard::play_alsa([[maybe_unused]] const Pcm& pcm) {
#ifdef ANOMAN_HAVE_ALSA
    static const bool quieted = [] { return snd_lib_error_set_handler(quiet_alsa) == 0; }();
    (void)quieted;
    snd_pcm_t* device = nullptr;
    int code = snd_pcm_open(&device, "default", SND_PCM_STREAM_PLAYBACK, 0);
    if (code < 0) {
        error_ += (error_.empty() ? "" : "; ") + std::string("alsa: ") + snd_strerror(code);
        return false;
    }
    code = snd_pcm_set_params(device, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                              static_cast<unsigned>(pcm.sample_rate), 1, 500000);
    const std::int16_t* next = pcm.samples.data();
    snd_pcm_uframes_t left = pcm.samples.size();
    while (code >= 0 && left > 0) {
        snd_pcm_sframes_t written = snd_pcm_writei(device, next, left);
        if (written < 0) {
            // An underrun or a suspend: recover once and go on, else give up.
            code = snd_pcm_recover(device, static_cast<int>(written), 1);
            continue;
        }
        next += written;
        left -= static_cast<snd_pcm_uframes_t>(written);
    }
    if (code >= 0) snd_pcm_drain(device);
    snd_pcm_close(device);
    if (code < 0) {
        error_ += (error_.empty() ? "" : "; ") + std::string("alsa: ") + snd_strerror(code);
        return false;
    }
    error_.clear();
    return true;
#else
    return false;
#endif
}

}  // namespace anoman::display
