// The test announcement (INSTALL.md, "Sound on the hall PC"): `display
// --test-announce` renders the chime and a sample call in the hall's voice
// and plays it, here into a WAV file (--audio-out) that sox reads back: a
// real, audible sound of a few seconds, without a window or a server.
#include <doctest/doctest.h>

#include <filesystem>

#include "display_process.hpp"
#include "test_announce.hpp"

using anoman::testing::program;
using anoman::testing::run_program;
using anoman::testing::RunResult;
namespace fs = std::filesystem;

TEST_CASE("display --test-announce writes an audible test announcement, in Bahasa Indonesia") {
    CHECK(anoman::display::test_announcement_text().rfind("Uji suara. Nomor antrian", 0) == 0);
    const fs::path wav = anoman::testing::scratch_dir("test-announce") / "test.wav";
    const RunResult run = run_program({program("display").string(), "--test-announce", "--audio-out", wav.string()});
    INFO(run.output);
    REQUIRE(run.status == 0);
    CHECK(run.output.find("uji suara ditulis") != std::string::npos);

    const anoman::display::testing::WavStat stat = anoman::display::testing::sox_stat(wav);
    CHECK(stat.seconds > 2.0);         // chime and a sentence
    CHECK(stat.rms_amplitude > 0.01);  // not silence
    CHECK(stat.max_amplitude > 0.3);
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
