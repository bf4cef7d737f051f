// Mono 16-bit sound in memory: what the voice renders and the outputs play.
#pragma once

#include <cstdint>
#include <vector>

namespace anoman::display {

struct Pcm {
    int sample_rate = 22050;
    std::vector<std::int16_t> samples;

    double seconds() const { return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0; }
    void append(const Pcm& other) { samples.insert(samples.end(), other.samples.begin(), other.samples.end()); }
    void append_silence(double duration_s) {
        samples.insert(samples.end(), static_cast<std::size_t>(duration_s * sample_rate), 0);
    }
};

// The hall's chime: a two-tone bell "ding-dong" (E5 then C5) with a soft decay,
// followed by a short pause before the voice.
Pcm make_chime(int sample_rate);

}  // namespace anoman::display
