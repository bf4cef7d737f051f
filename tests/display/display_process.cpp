#include "display_process.hpp"

#include <signal.h>

#include <cstdlib>
#include <stdexcept>

#include <stb_image.h>

#include "test_support.hpp"

namespace anoman::display::testing {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> display_argv(const fs::path& shot_path, const std::vector<std::string>& args) {
    std::vector<std::string> argv{anoman::testing::program("display").string(), "--screenshot", shot_path.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

}  // namespace

DisplayProcess::DisplayProcess(const fs::path& dir, const std::vector<std::string>& args)
    : dir_(dir), shot_path_(dir / "screenshot.png"), child_(display_argv(shot_path_, args), dir / "display.log") {
    // SIGUSR1 before the window installs its handler would end the process.
    const bool open = anoman::testing::eventually(
        [&] { return log().find("window open") != std::string::npos || !running(); }, std::chrono::seconds(20));
    if (!open || log().find("window open") == std::string::npos)
        throw std::runtime_error("display did not open its window:\n" + log());
}

fs::path DisplayProcess::screenshot(std::chrono::milliseconds timeout) {
    std::error_code ignored;
    fs::remove(shot_path_, ignored);
    if (!running()) return {};
    child_.signal(SIGUSR1);
    // The display writes a temporary file and renames it: once it exists, it is whole.
    if (!anoman::testing::eventually([&] { return fs::exists(shot_path_); }, timeout, std::chrono::milliseconds(50)))
        return {};
    const fs::path kept = dir_ / ("shot-" + std::to_string(++shots_) + ".png");
    fs::rename(shot_path_, kept);
    return kept;
}

Image read_png(const fs::path& path) {
    Image image;
    int channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &image.width, &image.height, &channels, 3);
    if (!data) return image;
    image.rgb.assign(data, data + static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3);
    stbi_image_free(data);
    return image;
}

double colour_share(const Image& image, float x0, float y0, float x1, float y1, unsigned colour, int tolerance) {
    if (image.empty()) return 0.0;
    const int r = static_cast<int>((colour >> 16) & 0xff), g = static_cast<int>((colour >> 8) & 0xff),
              b = static_cast<int>(colour & 0xff);
    long matching = 0, total = 0;
    for (int y = static_cast<int>(y0 * static_cast<float>(image.height)); y < static_cast<int>(y1 * static_cast<float>(image.height)); ++y)
        for (int x = static_cast<int>(x0 * static_cast<float>(image.width)); x < static_cast<int>(x1 * static_cast<float>(image.width)); ++x) {
            const unsigned char* p = &image.rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) + static_cast<std::size_t>(x)) * 3];
            ++total;
            if (std::abs(p[0] - r) <= tolerance && std::abs(p[1] - g) <= tolerance && std::abs(p[2] - b) <= tolerance)
                ++matching;
        }
    return total ? static_cast<double>(matching) / static_cast<double>(total) : 0.0;
}

double difference(const Image& a, const Image& b) {
    if (a.empty() || a.width != b.width || a.height != b.height) return 1.0;
    long differing = 0;
    for (std::size_t i = 0; i < a.rgb.size(); i += 3)
        if (a.rgb[i] != b.rgb[i] || a.rgb[i + 1] != b.rgb[i + 1] || a.rgb[i + 2] != b.rgb[i + 2]) ++differing;
    return static_cast<double>(differing) / static_cast<double>(a.rgb.size() / 3);
}

// sox reports on stderr; run_program gives both streams.
WavStat sox_stat(const std::filesystem::path& wav) {
    const anoman::testing::RunResult result = anoman::testing::run_program({"sox", wav.string(), "-n", "stat"});
    WavStat stat;
    auto value_after = [&](const std::string& label) {
        const auto at = result.output.find(label);
        return at == std::string::npos ? 0.0 : std::atof(result.output.c_str() + at + label.size());
    };
    stat.seconds = value_after("Length (seconds):");
    stat.max_amplitude = value_after("Maximum amplitude:");
    stat.rms_amplitude = value_after("RMS     amplitude:");
    return stat;
}

}  // namespace anoman::display::testing
