// A real `display` process for integration tests (run them under xvfb-run):
// a ChildProcess of test_support, screenshots taken with SIGUSR1, screenshots read
// back with stb_image and judged by the colours of known regions.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace anoman::display::testing {

class DisplayProcess {
public:
    // Runs <bin>/display with args, in dir (log in dir/display.log, screenshots
    // in dir/shot-N.png), and waits for its window to open (throws if it does not).
    DisplayProcess(const std::filesystem::path& dir, const std::vector<std::string>& args);

    // Asks for a screenshot (SIGUSR1) and waits for the file; empty path on timeout.
    std::filesystem::path screenshot(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    bool running() { return child_.running(); }
    std::string log() const { return child_.output(); }
    int pid() const { return child_.pid(); }
    // A signal, then the exit status (-1 if it has not exited within timeout).
    int signal_and_wait(int number, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
        child_.signal(number);
        return child_.wait(timeout);
    }

private:
    std::filesystem::path dir_;
    std::filesystem::path shot_path_;
    anoman::testing::ChildProcess child_;  // stopped with the object
    int shots_ = 0;
};

// An RGB image read from a PNG.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgb;
    bool empty() const { return rgb.empty(); }
};
Image read_png(const std::filesystem::path& path);

// Share of pixels in the region (fractions of the image) within tolerance of the colour.
double colour_share(const Image& image, float x0, float y0, float x1, float y1, unsigned colour, int tolerance = 40);
// Share of pixels that differ between two images of the same size.
double difference(const Image& a, const Image& b);

// What `sox FILE -n stat` says of a WAV file (0 for what it cannot read).
struct WavStat {
    double seconds = 0;
    double max_amplitude = 0;
    double rms_amplitude = 0;
};
WavStat sox_stat(const std::filesystem::path& wav);

}  // namespace anoman::display::testing
