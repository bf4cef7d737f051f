// The test announcement (INSTALL.md, "Sound on the hall PC"): `display
// --test-announce` renders the chime and a sample call in the hall's voice
// and plays it, here into a WAV file (--audio-out) that sox reads back: a
// real, audible sound of a few seconds, without a window or a server.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include "test_announce.hpp"
#include "test_support.hpp"

using anoman::testing::program;
using anoman::testing::run_program;
using anoman::testing::RunResult;
namespace fs = std::filesystem;

namespace {

// A number from `sox FILE -n stat` ("Length (seconds):      5.123"); -1 if absent.
double stat_value(const std::string& stat, const std::string& label) {
    std::smatch match;
    if (!std::regex_search(stat, match, std::regex(label + R"(:\s+(-?[0-9.]+))"))) return -1;
    return std::stod(match[1]);
}

}  // namespace

TEST_CASE("display --test-announce writes an audible test announcement, in Bahasa Indonesia") {
    CHECK(anoman::display::test_announcement_text().rfind("Uji suara. Nomor antrian", 0) == 0);
    const fs::path wav = anoman::testing::scratch_dir("test-announce") / "test.wav";
    const RunResult run = run_program({program("display").string(), "--test-announce", "--audio-out", wav.string()});
    INFO(run.output);
    REQUIRE(run.status == 0);
    CHECK(run.output.find("uji suara ditulis") != std::string::npos);

    REQUIRE(run_program({"sh", "-c", "command -v sox"}).status == 0);
    const RunResult stat = run_program({"sox", wav.string(), "-n", "stat"});
    INFO(stat.output);
    REQUIRE(stat.status == 0);
    CHECK(stat_value(stat.output, R"(Length \(seconds\))") > 2.0);  // chime and a sentence
    CHECK(stat_value(stat.output, R"(RMS\s+amplitude)") > 0.01);     // not silence
    const RunResult info = run_program({"soxi", "-r", wav.string()});
    CHECK(info.output.find("22050") != std::string::npos);
}

TEST_CASE("display --test-announce says why it cannot play") {
    const RunResult muted = run_program({program("display").string(), "--test-announce", "--no-audio"});
    CHECK(muted.status == 2);
    const RunResult unwritable =
        run_program({program("display").string(), "--test-announce", "--audio-out", "/nonexistent/dir/x.wav"});
    CHECK(unwritable.status == 1);
    CHECK(unwritable.output.find("uji suara gagal") != std::string::npos);
}
