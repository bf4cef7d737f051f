#include <cmath>
#include <numbers>

#include "pcm.hpp"

namespace anoman::display {
namespace {

// One bell stroke: a fundamental with two soft overtones, a 10 ms attack
// (no click) and an exponential decay.
void add_stroke(Pcm& pcm, double frequency, double duration_s, double amplitude) {
    const auto count = static_cast<std::size_t>(duration_s * pcm.sample_rate);
    const std::size_t attack = static_cast<std::size_t>(0.010 * pcm.sample_rate);
    for (std::size_t i = 0; i < count; ++i) {
        const double t = static_cast<double>(i) / pcm.sample_rate;
        const double envelope = (i < attack ? static_cast<double>(i) / static_cast<double>(attack) : 1.0) *
                                std::exp(-3.5 * t / duration_s);
        const double phase = 2.0 * std::numbers::pi * frequency * t;
        const double value = std::sin(phase) + 0.35 * std::sin(2.0 * phase) + 0.15 * std::sin(3.0 * phase);
        pcm.samples.push_back(static_cast<std::int16_t>(amplitude * envelope * value / 1.5 * 32767.0));
    }
}

}  // namespace

Pcm make_chime(int sample_rate) {
    Pcm pcm;
    pcm.sample_rate = sample_rate;
    add_stroke(pcm, 659.25, 0.55, 0.6);  // E5: "ding"
    add_stroke(pcm, 523.25, 0.80, 0.6);  // C5: "dong"
    pcm.append_silence(0.3);
    return pcm;
}

}  // namespace anoman::display
