// The hall's voice: the chime, the WAV file, real espeak-ng speech, and the
// queue that keeps announcements in order and never overlapping.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "eventually.hpp"
#include "voice/announcer.hpp"
#include "voice/espeak_voice.hpp"
#include "voice/pcm.hpp"
#include "voice/wav_file.hpp"

using namespace anoman::display;
using namespace std::chrono_literals;

namespace {

double peak(const Pcm& pcm) {
    int top = 0;
    for (auto s : pcm.samples) top = std::max(top, std::abs(static_cast<int>(s)));
    return top / 32768.0;
}

std::vector<unsigned char> read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uint32_t u32_at(const std::vector<unsigned char>& bytes, std::size_t at) {
    return bytes[at] | bytes[at + 1] << 8 | bytes[at + 2] << 16 | static_cast<std::uint32_t>(bytes[at + 3]) << 24;
}

}  // namespace

TEST_CASE("the chime is a two-tone ding-dong, loud enough, without clipping") {
    Pcm chime = make_chime(22050);
    CHECK(chime.seconds() > 1.2);
    CHECK(chime.seconds() < 2.5);
    CHECK(peak(chime) > 0.3);
    CHECK(peak(chime) < 1.0);
    // The first stroke is higher than the second: count zero crossings in each.
    auto crossings = [&](std::size_t from, std::size_t to) {
        int count = 0;
        for (std::size_t i = from + 1; i < to; ++i)
            if ((chime.samples[i - 1] < 0) != (chime.samples[i] < 0)) ++count;
        return count;
    };
    const std::size_t tenth = 2205;
    CHECK(crossings(tenth, 3 * tenth) > crossings(7 * tenth, 9 * tenth));
}

TEST_CASE("a WAV file is valid after every append") {
    const auto path = std::filesystem::temp_directory_path() / ("anoman-voice-test-" + std::to_string(::getpid()) + ".wav");
    {
        WavFile wav(path.string(), 22050);
        auto bytes = read_bytes(path);
        REQUIRE(bytes.size() == 44);
        CHECK(std::string(bytes.begin(), bytes.begin() + 4) == "RIFF");
        CHECK(u32_at(bytes, 24) == 22050);
        CHECK(u32_at(bytes, 40) == 0);

        Pcm sound;
        sound.samples = {1, -1, 1000, -1000};
        REQUIRE(wav.append(sound));
        REQUIRE(wav.append(sound));
        bytes = read_bytes(path);
        CHECK(bytes.size() == 44 + 16);
        CHECK(u32_at(bytes, 40) == 16);
        CHECK(u32_at(bytes, 4) == 36 + 16);

        Pcm other_rate;
        other_rate.sample_rate = 16000;
        other_rate.samples = {1};
        CHECK_FALSE(wav.append(other_rate));
    }
    std::filesystem::remove(path);
    CHECK_THROWS(WavFile("/nonexistent-dir/x.wav", 22050));
}

TEST_CASE("espeak-ng speaks Indonesian: a second or more of sound with real amplitude") {
    EspeakVoice voice("id");
    CHECK(voice.sample_rate() == 22050);
    Pcm speech = voice.speak("Nomor antrian, A, dua belas, silakan menuju Loket tiga");
    CHECK(speech.seconds() > 2.0);
    CHECK(speech.seconds() < 10.0);
    CHECK(peak(speech) > 0.2);
    // Longer sentences take longer: it is really reading the text.
    Pcm shorter = voice.speak("Loket tiga");
    CHECK(shorter.seconds() < speech.seconds() / 2);
}

TEST_CASE("the Indonesian voice renders the chime before the speech") {
    auto render = indonesian_voice();
    Pcm sound = render("Nomor antrian, B, satu, silakan menuju Loket dua");
    Pcm chime = make_chime(sound.sample_rate);
    REQUIRE(sound.samples.size() > chime.samples.size());
    CHECK(std::equal(chime.samples.begin(), chime.samples.end(), sound.samples.begin()));
}

TEST_CASE("announcements play one at a time, in the order they came") {
    std::mutex mutex;
    std::vector<std::string> played;
    std::atomic<int> playing{0};
    std::atomic<int> most_at_once{0};
    Announcer announcer(
        [](const std::string& text) {
            Pcm pcm;
            pcm.samples.assign(text.size(), 1);
            return pcm;
        },
        [&](const Pcm& sound) {
            const int now_playing = ++playing;
            most_at_once = std::max(most_at_once.load(), now_playing);
            std::this_thread::sleep_for(20ms);  // a sound takes time to play
            {
                std::lock_guard lock(mutex);
                played.push_back(std::to_string(sound.samples.size()));
            }
            --playing;
        });
    // A burst, faster than they can be spoken.
    for (int i = 1; i <= 6; ++i) announcer.announce(std::string(static_cast<std::size_t>(i), 'x'));
    announcer.wait_idle();
    CHECK(announcer.pending() == 0);
    CHECK(most_at_once == 1);
    CHECK(played == std::vector<std::string>{"1", "2", "3", "4", "5", "6"});
}

TEST_CASE("a failing voice skips one announcement, not the queue") {
    std::vector<std::string> played;
    Announcer announcer(
        [](const std::string& text) {
            if (text == "bad") throw std::runtime_error("no voice");
            Pcm pcm;
            pcm.samples.assign(text.size(), 1);
            return pcm;
        },
        [&](const Pcm& sound) { played.push_back(std::to_string(sound.samples.size())); });
    announcer.announce("bad");
    announcer.announce("ok");
    announcer.wait_idle();
    CHECK(played == std::vector<std::string>{"2"});
}

TEST_CASE("a flood keeps the newest announcements") {
    std::atomic<bool> release{false};
    std::atomic<bool> playing{false};
    std::vector<std::size_t> played;
    Announcer announcer(
        [](const std::string& text) {
            Pcm pcm;
            pcm.samples.assign(text.size(), 1);
            return pcm;
        },
        [&](const Pcm& sound) {
            playing = true;
            while (!release) std::this_thread::sleep_for(1ms);
            played.push_back(sound.samples.size());
        });
    announcer.announce("x");  // being played, blocked
    REQUIRE(anoman::testing::eventually([&] { return playing.load(); }, 5s));
    for (std::size_t i = 2; i < 2 + Announcer::kMaxPending + 5; ++i) announcer.announce(std::string(i, 'x'));
    CHECK(announcer.pending() == Announcer::kMaxPending + 1);
    release = true;
    announcer.wait_idle();
    REQUIRE(played.size() == Announcer::kMaxPending + 1);
    CHECK(played[1] == 7);  // 2..6 were dropped, the oldest first
    CHECK(played.back() == 1 + Announcer::kMaxPending + 5);
}
