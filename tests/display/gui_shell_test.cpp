// The shared GUI shell (anoman_gui) under xvfb-run: a window opens, the frame
// loop draws text in every font size, runs queued work, takes a screenshot
// after the frame is rendered, and returns when asked to close.
#include <doctest/doctest.h>

#include <filesystem>
#include <thread>

#include <imgui.h>

#include "anoman/gui/app_window.hpp"
#include "display_process.hpp"

using namespace anoman;
using namespace anoman::display::testing;
namespace fs = std::filesystem;

TEST_CASE("the shell opens a window, draws, runs queued work and saves screenshots") {
    gui::WindowOptions options;
    options.width = 800;
    options.height = 600;
    gui::AppWindow window(options);
    CHECK(window.scale() == doctest::Approx(600.0f / 1080.0f));
    for (auto size : {gui::FontSize::small, gui::FontSize::normal, gui::FontSize::large, gui::FontSize::huge,
                      gui::FontSize::giant}) {
        REQUIRE(window.font(size) != nullptr);
        REQUIRE(window.bold(size) != nullptr);
    }
    CHECK(window.font(gui::FontSize::giant)->FontSize > window.font(gui::FontSize::huge)->FontSize);

    const fs::path shot = fs::temp_directory_path() / ("anoman-gui-shell-" + std::to_string(::getpid()) + ".png");
    RunQueue queue;
    int frames = 0;
    bool posted_ran = false;
    // Work posted from another thread wakes the sleeping loop.
    std::thread poster([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        queue.post([&] { posted_ran = true; });
    });
    window.run(
        queue,
        [&] {
            ++frames;
            ImGui::SetNextWindowPos({0, 0});
            ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
            ImGui::Begin("test", nullptr, ImGuiWindowFlags_NoDecoration);
            ImGui::GetWindowDrawList()->AddRectFilled({0, 0}, {400, 300}, IM_COL32(255, 179, 0, 255));
            ImGui::PushFont(window.bold(gui::FontSize::giant));
            ImGui::TextUnformatted("A012");
            ImGui::PopFont();
            ImGui::End();
            if (posted_ran && frames > 1) {
                if (!fs::exists(shot)) window.request_screenshot(shot.string());
                else window.request_close();
            }
        },
        [] { return 30.0; });  // idle: only the queue or input wakes it
    poster.join();

    CHECK(posted_ran);
    REQUIRE(fs::exists(shot));
    Image image = read_png(shot);
    CHECK(image.width == 800);
    CHECK(image.height == 600);
    CHECK(colour_share(image, 0.0f, 0.0f, 0.5f, 0.5f, 0xFFB300, 10) > 0.5);  // the amber box, top-left, right way up
    CHECK(colour_share(image, 0.6f, 0.6f, 1.0f, 1.0f, 0xFFB300, 10) < 0.01);
    fs::remove(shot);
}
